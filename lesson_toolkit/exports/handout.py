"""Handouts: a lesson rendered through the print templates into a PDF, cached by content.

The pipeline: options (`exports.options`) → lesson rendered in the page language (and a
second one, for bilingual sheets) → print HTML (`exports.rendering`, `templates/print/`) →
content key → the cached PDF, or WeasyPrint, whose pictures come pre-shrunk from Pillow
(`exports.publish`).

The key is the hash of the finished HTML (lesson, translations, UI strings, template and
options are all in it), of every picture it shows and of the renderer. So a repeated request
is a file read, and editing one lesson re-renders only that lesson's handouts.

All of it runs from a `PrintContext` (`exports.context`): the library, registry and interface
strings passed in, never Flask's request, `g` or `current_app`.
"""

from __future__ import annotations

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.exports.context import PrintContext, print_context
from lesson_toolkit.exports.options import IMPOSITIONS, SIZES, HandoutOptions, OptionError
from lesson_toolkit.exports.publish import Handout, publish
from lesson_toolkit.exports.rendering import PrintDocument, main_language, print_html, print_lesson

__all__ = [
    "IMPOSITIONS",
    "SIZES",
    "Handout",
    "HandoutOptions",
    "OptionError",
    "PrintContext",
    "PrintDocument",
    "handout_document",
    "print_context",
    "render_handout",
]


def handout_document(context: PrintContext, lesson: Lesson, lang: str, options: HandoutOptions) -> PrintDocument:
    """The print HTML of one lesson, its UI strings in `lang` too."""
    item = print_lesson(context, lesson, lang, options)
    return PrintDocument(
        name=f"{lesson.slug}.{lang}.{options.label}",
        html=print_html(context, "print/handout.html", lang, options, item=item),
        title=item.page.title.text,
        lang=main_language([item.page], lang),
        grayscale=options.bw,
    )


def render_handout(
    context: PrintContext, lesson: Lesson, lang: str, options: HandoutOptions = HandoutOptions()
) -> Handout:
    """The handout of one lesson in one language, from the cache when it has it."""
    return publish(context, handout_document(context, lesson, lang, options.check(context.registry, lang)))
