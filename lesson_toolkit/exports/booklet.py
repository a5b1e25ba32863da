"""Booklets: several lessons in one PDF, with a cover and contents, optionally imposed two-up.

With `2up`, the A5 pages are put two by two on A4 sheets in saddle-stitch order: print the
sheets double-sided (flip on the short edge), fold them in half together and staple the fold.
"""

from __future__ import annotations

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.exports.cache import content_key
from lesson_toolkit.exports.context import PrintContext
from lesson_toolkit.exports.options import IMPOSITIONS, HandoutOptions, OptionError
from lesson_toolkit.exports.publish import Handout, publish
from lesson_toolkit.exports.rendering import PrintDocument, main_language, print_html, print_lesson, print_picture


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
    context: PrintContext, lessons: list[Lesson], lang: str, options: HandoutOptions, imposition: str | None = None
) -> PrintDocument:
    """The print HTML of a booklet, its UI strings in `lang` too."""
    if not lessons:
        raise OptionError("lessons", "a booklet needs at least one lesson")
    options.check(context.registry, lang)
    check_imposition(options, imposition)
    items = [print_lesson(context, lesson, lang, options) for lesson in lessons]
    title = context.gettext(lang)("Digital skills lessons")
    # the cover's picture: the first lesson's cover that has one
    covers = [(lesson, lesson.cover) for lesson in lessons if lesson.cover]
    cover = print_picture(context.registry, covers[0][0], covers[0][1], lang)["src"] if covers else None
    html = print_html(context, "print/booklet.html", lang, options, items=items, title=title, cover=cover,
                      imposition=imposition)  # fmt: skip
    # the lessons are part of the cache name, so that booklets of other lessons are kept too
    lessons_part = content_key(*(lesson.slug for lesson in lessons))[:10]
    return PrintDocument(
        name=f"{booklet_name(lang, options, imposition)}.{lessons_part}",
        html=html,
        title=title,
        lang=main_language([item.page for item in items], lang),
        grayscale=options.bw,
        imposition=imposition,
    )


def render_booklet(
    context: PrintContext, lessons: list[Lesson], lang: str, options: HandoutOptions, imposition: str | None = None
) -> Handout:
    return publish(context, booklet_document(context, lessons, lang, options, imposition))
