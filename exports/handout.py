"""Handouts: a lesson rendered through the print templates into a PDF."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import current_app, render_template

from authoring.lesson import Lesson
from authoring.library import Output
from authoring.pictures import localised_name
from exports.pdf import html_to_pdf
from viewer.i18n import library, registry
from viewer.views import admonition_label

SIZES = ("a4", "a5")


@dataclass(frozen=True)
class HandoutOptions:
    size: str = "a4"

    def __post_init__(self):
        if self.size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {self.size!r}")


def print_picture(lesson: Lesson, src: str, lang: str) -> dict[str, str]:
    """Pictures stay relative to the lesson folder, which is the PDF's base URL."""
    return {"src": localised_name(src, registry()[lang].chain, lesson.images_dir)}


def phone_url(lesson: Lesson, lang: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/{lang}/lessons/{lesson.slug}"


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_handout(lesson: Lesson, lang: str, options: HandoutOptions = HandoutOptions()) -> bytes:
    """The PDF for one lesson in one language; call inside a request or app context with g.lang set."""
    output = Output(name=f"print:{lang}", label=admonition_label, picture_url=print_picture)
    page = library().render(lesson, lang, output)
    url = phone_url(lesson, lang)
    html = render_template("print/handout.html", page=page, options=options, phone_url=url, qr=qr_svg_data_uri(url))
    return html_to_pdf(html, base_url=lesson.folder.resolve().as_uri() + "/", lang=lang, title=page.title.text)


def handout_filename(lesson: Lesson, lang: str, options: HandoutOptions) -> str:
    return f"{lesson.slug}.{lang}.{options.size}.pdf"
