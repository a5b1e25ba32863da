"""Booklets: several lessons in one PDF, with a cover and contents, optionally imposed two-up.

With `2up`, the A5 pages are put two by two on A4 sheets in saddle-stitch order: print the
sheets double-sided (flip on the short edge), fold them in half together and staple the fold.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from authoring.core.lesson import Lesson
from exports.cache import content_key
from exports.handout import (
    IMPOSITIONS,
    Handout,
    HandoutOptions,
    OptionError,
    PrintDocument,
    in_language,
    print_lesson,
    publish,
    template_context,
)
from extensions import toolkit


def booklet_name(lang: str, options: HandoutOptions, imposition: str | None) -> str:
    """The file name, without the lessons: `booklet.vi.a5.bw.2up`."""
    return ".".join(["booklet", lang, options.label, *([imposition] if imposition else [])])


def check_imposition(options: HandoutOptions, imposition: str | None) -> None:
    if imposition is None:
        return
    if imposition not in IMPOSITIONS:
        raise OptionError("imposition", f"must be one of {', '.join(IMPOSITIONS)}, not {imposition!r}")
    if options.size != "a5":
        raise OptionError("imposition", "2up puts A5 pages on A4 sheets: the pages must be A5")


def booklet_document(
    lessons: list[Lesson], lang: str, options: HandoutOptions, imposition: str | None = None
) -> PrintDocument:
    """The print HTML of a booklet, its UI strings in `lang` too."""
    if not lessons:
        raise OptionError("lessons", "a booklet needs at least one lesson")
    options.check(toolkit.registry, lang)
    check_imposition(options, imposition)
    with in_language(lang):
        items = [print_lesson(lesson, lang, options) for lesson in lessons]
        title = _("Digital skills lessons")
        html = render_template("print/booklet.html", items=items, title=title, **template_context(lang, options))
    # the lessons are part of the cache name, so that booklets of other lessons are kept too
    lessons_part = content_key(*(lesson.slug for lesson in lessons))[:10]
    return PrintDocument(
        name=f"{booklet_name(lang, options, imposition)}.{lessons_part}",
        html=html,
        title=title,
        lang=lang,
        grayscale=options.bw,
        imposition=imposition,
    )


def render_booklet(lessons: list[Lesson], lang: str, options: HandoutOptions, imposition: str | None = None) -> Handout:
    return publish(booklet_document(lessons, lang, options, imposition))
