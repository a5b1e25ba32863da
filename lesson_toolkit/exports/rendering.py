"""Rendering the lesson for print: lessons through the print templates into HTML.

Everything comes from the `PrintContext` passed in: the library renders the lesson, the
registry names the languages, and the interface strings of the page language fill the
templates. No Flask request, no `g`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import segno
from markupsafe import Markup, escape

from lesson_toolkit.authoring.core.addresses import in_words
from lesson_toolkit.authoring.core.coverage import coverage_note
from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.library import Output
from lesson_toolkit.authoring.core.render import RenderedLesson, admonition_labels
from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.languages import Registry
from lesson_toolkit.authoring.pictures.names import localised_name
from lesson_toolkit.exports.context import PrintContext
from lesson_toolkit.exports.options import HandoutOptions


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


#: The QR code's alternative text, for a screen reader or a sheet read aloud.
QR_ALT = N_("QR code that opens this lesson on a phone: %(address)s")


@functools.lru_cache(maxsize=2048)
def qr_svg(url: str, title: str = "") -> Markup:
    """A vector QR code with its quiet zone; medium error correction survives a worn sheet.
    `title` is its alternative text (the tagged PDF's Figure /Alt)."""
    return Markup(segno.make(url, error="m").svg_inline(border=4, omitsize=True, dark="#000", title=title or None))


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


_LIST_TAG = re.compile(r"<(/?)(ol|ul|li)\b[^>]*>")
_PICTURE_PARAGRAPH = re.compile(r"\s*<p>\s*<img\b[^>]*>\s*</p>")


def pictures_first(html: str) -> str:
    """Each step's picture paragraph moved to the start of its step, so that print can float
    it right and let the step's words run beside it and then under it, across the whole width
    (the phone page keeps the picture after the words). Only the step's own pictures move,
    not those of a list inside it."""
    out, position, depth, step_start = [], 0, 0, None
    in_steps = False
    for match in _LIST_TAG.finditer(html):
        closing, tag = match[1] == "/", match[2]
        if tag in ("ol", "ul"):
            if not closing and depth == 0 and 'class="steps"' in match[0]:
                in_steps = True
            depth += -1 if closing else 1
            if closing and depth == 0:
                in_steps = False
            continue
        if not in_steps or depth != 1:
            continue
        if not closing:
            step_start = match.end()
        elif step_start is not None:
            body = html[step_start : match.start()]
            nested = [m.span() for m in re.finditer(r"<(ol|ul)\b.*?</\1>", body, re.S)]
            own = [m for m in _PICTURE_PARAGRAPH.finditer(body) if not any(a <= m.start() < b for a, b in nested)]
            if own:
                pictures = "".join(m[0].strip() for m in own)
                for m in reversed(own):
                    body = body[: m.start()] + body[m.end() :]
                out += [html[position:step_start], pictures, body]
                position = match.start()
            step_start = None
    out.append(html[position:])
    return "".join(out)


def print_lesson(context: PrintContext, lesson: Lesson, lang: str, options: HandoutOptions) -> PrintLesson:
    library, second_lang = context.library, options.with_lang
    page = library.render(lesson, lang, print_output(context, lang), with_lang=second_lang)
    page = replace(page, html=pictures_first(page.html))
    second = library.render(lesson, second_lang, print_output(context, second_lang)) if second_lang else None
    url = phone_url(context, lesson, lang)
    alt = context.gettext(lang)(QR_ALT) % {"address": in_words(url)}
    return PrintLesson(page=page, second=second, phone_url=url, qr=qr_svg(url, alt), local_only=context.qr_is_local)


SECOND = ""  # text in a bilingual sheet's second language: not counted


class _TextLanguages(HTMLParser):
    """Characters of text per language, each element in its nearest `lang` (or the page's)."""

    VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source", "col", "area"})

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", lang)]
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            found = dict(attrs)
            # a bilingual sheet's second language is the added one, never the main text
            lang = SECOND if "second-language" in (found.get("class") or "").split() else found.get("lang")
            self.stack.append((tag, self.stack[-1][1] if self.stack[-1][1] == SECOND else lang or self.stack[-1][1]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.stack[-1][1] != SECOND:
            self.counts[self.stack[-1][1]] += len(data.strip())


def main_language(pages: list[RenderedLesson], lang: str) -> str:
    """The language most of the lessons' text is in: a Tày handout whose text all falls back to
    Vietnamese is in `vi`. Ties go to the page language."""
    counts: Counter[str] = Counter()
    for page in pages:
        for text in (page.title, page.summary):
            counts[text.lang or lang] += len(text.text)
        parser = _TextLanguages(lang)
        parser.feed(page.html)
        parser.close()
        counts.update(parser.counts)
    return max(counts, key=lambda code: (counts[code], code == lang), default=lang)


def template_context(context: PrintContext, lang: str, options: HandoutOptions) -> dict:
    registry = context.registry
    ui, gettext = context.interface_language(lang), context.gettext(lang)
    return {
        "options": options,
        "language": registry[lang],
        "second_language": registry[options.with_lang] if options.with_lang else None,
        # the learners' honest note, in the words the phone page uses: `coverage_note(page)`
        "coverage_note": lambda page: coverage_note(page.coverage, registry, lang, ui, gettext),
        "ui_lang": ui,
    }


def print_html(context: PrintContext, template: str, lang: str, options: HandoutOptions, **values) -> str:
    """`templates/<template>`, its interface strings in `lang`."""
    values = {**template_context(context, lang, options), **values}
    return context.templates(lang).get_template(template).render(values)
