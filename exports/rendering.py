"""Rendering the lesson for print: lessons through the print templates into HTML.

Everything comes from the `PrintContext` passed in: the library renders the lesson, the
registry names the languages, and the interface strings of the page language fill the
templates. No Flask request, no `g`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import segno
from markupsafe import Markup, escape

from authoring.core.addresses import in_words
from authoring.core.lesson import Lesson
from authoring.core.library import Output
from authoring.core.render import RenderedLesson, admonition_labels
from authoring.i18n.languages import Registry
from authoring.pictures.names import localised_name
from exports.context import PrintContext
from exports.options import HandoutOptions


@dataclass(frozen=True)
class PrintDocument:
    """Finished print HTML, and what WeasyPrint needs besides."""

    name: str  # the cache name: what this is, e.g. `pay-bill.tyz.a5.bw`
    html: str
    title: str
    lang: str
    grayscale: bool
    imposition: str | None = None


def print_picture(registry: Registry, lesson: Lesson, src: str, lang: str) -> dict[str, str]:
    """Pictures are named from the lessons folder (the PDF's base URL), so a booklet of many
    lessons can hold them all; the fetcher swaps in the prepared variant."""
    return {"src": f"{lesson.slug}/{localised_name(src, registry[lang].chain, lesson.images_dir)}"}


def print_output(context: PrintContext, lang: str) -> Output:
    """How a lesson in `lang` is rendered for print; its boxes' labels are in `lang` too, as
    the library keeps one rendering per output name."""
    return Output(
        name=f"print:{lang}",
        label=admonition_labels(context.gettext(lang)),
        picture_url=functools.partial(print_picture, context.registry),
    )


def phone_url(context: PrintContext, lesson: Lesson, lang: str) -> str:
    return f"{context.public_base_url.rstrip('/')}/{lang}/lessons/{lesson.slug}"


@functools.lru_cache(maxsize=2048)
def qr_svg(url: str) -> Markup:
    """A vector QR code with its quiet zone; medium error correction survives a worn sheet."""
    return Markup(segno.make(url, error="m").svg_inline(border=4, omitsize=True, dark="#000"))


@dataclass(frozen=True)
class PrintLesson:
    """One lesson as the print templates show it."""

    page: RenderedLesson
    second: RenderedLesson | None  # the same lesson in the `with` language
    phone_url: str
    qr: Markup
    local_only: bool = False  # the QR code opens on this computer only (a loopback address)

    @property
    def address(self) -> Markup:
        """The phone page's address in words, printed under the QR code (for a phone without
        a scanner); it may break after each `/` in the narrow column."""
        return Markup("/<wbr>").join(escape(part) for part in in_words(self.phone_url).split("/"))

    @property
    def anchor(self) -> str:
        return f"lesson-{self.page.lesson.slug}"


def print_lesson(context: PrintContext, lesson: Lesson, lang: str, options: HandoutOptions) -> PrintLesson:
    library, second_lang = context.library, options.with_lang
    page = library.render(lesson, lang, print_output(context, lang), with_lang=second_lang)
    second = library.render(lesson, second_lang, print_output(context, second_lang)) if second_lang else None
    url = phone_url(context, lesson, lang)
    return PrintLesson(page=page, second=second, phone_url=url, qr=qr_svg(url), local_only=context.qr_is_local)


def template_context(context: PrintContext, lang: str, options: HandoutOptions) -> dict:
    registry = context.registry
    return {
        "options": options,
        "language": registry[lang],
        "second_language": registry[options.with_lang] if options.with_lang else None,
    }


def print_html(context: PrintContext, template: str, lang: str, options: HandoutOptions, **values) -> str:
    """`templates/<template>`, its interface strings in `lang`."""
    values = {**template_context(context, lang, options), **values}
    return context.templates(lang).get_template(template).render(values)
