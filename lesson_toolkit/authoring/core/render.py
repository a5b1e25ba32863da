"""The lesson pipeline: read → normalise → segment → translate → render → sanitise.

Reading and normalising live in `lesson.py`, segmenting in `segmenter.py`; this module looks
messages up along a language's fallback chain, renders the HTML and sanitises it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from babel.messages.catalog import Catalog

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.markup import markup_problems, refused
from lesson_toolkit.authoring.core.segmenter import (
    PictureUrl,
    Second,
    Segment,
    Translate,
    clean,
    convert,
    front_matter_segments,
)
from lesson_toolkit.authoring.core.topics import N_
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.i18n.catalogue import CatalogueError, is_current, po_path, shared_catalogue, unsafe
from lesson_toolkit.authoring.i18n.languages import LESSONS_DOMAIN, Language, Registry

log = logging.getLogger(__name__)

TEXT_ELEMENTS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "a",
    "img", "table", "thead", "tbody", "tr", "th", "td", "div", "br", "hr", "blockquote", "dl", "dt",
    "dd", "span",
}  # fmt: skip
# `<picture>` and `<source>` come only from the renderer (raw HTML loses them before this, see
# `segmenter.RawPictureFilter`), and carry no attributes but the responsive picture's own.
PICTURE_ELEMENTS = {"picture": set(), "source": {"type", "srcset", "sizes", "media"}}
GLOBAL_ATTRIBUTES = {"lang", "class", "id", "translate"}
ALLOWED_TAGS = TEXT_ELEMENTS | PICTURE_ELEMENTS.keys()
ALLOWED_ATTRIBUTES = {
    "*": set(),  # none on every tag (without it the sanitiser allows `lang` and `title` everywhere)
    **{tag: set(GLOBAL_ATTRIBUTES) for tag in TEXT_ELEMENTS},
    "a": GLOBAL_ATTRIBUTES | {"href", "title"},
    "img": GLOBAL_ATTRIBUTES | {"src", "alt", "title", "width", "height", "loading", "srcset", "sizes", "decoding"},
    **PICTURE_ELEMENTS,
}


# The label of a tip or warning box that has no title of its own: an interface string.
ADMONITIONS = {"tip": N_("Tip"), "warning": N_("Warning"), "danger": N_("Danger"), "note": N_("Note")}


def admonition_labels(gettext: Callable[[str], str]) -> Callable[[str], str]:
    """The label of each kind of box, translated by `gettext` (unknown kinds are notes)."""
    return lambda kind: gettext(ADMONITIONS.get(kind, ADMONITIONS["note"]))


@dataclass(frozen=True)
class Problem:
    """A translation that is not shown: where it is and what is wrong."""

    path: Path
    lang: str
    msgid: str
    message: str
    draft: bool = False  # a draft (fuzzy) with the problem: not shown in any case
    line: int | None = None  # of the entry in the catalogue

    def __str__(self) -> str:
        return f"{self.path}: [{self.lang}] msgid {self.msgid!r}: {self.message}"


@dataclass
class Translations:
    """The current, markup-safe translations of one language's lessons catalogue."""

    lang: str
    table: dict[tuple[str | None, str], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    error: CatalogueError | None = None


def load_translations(locales_dir: Path, language: Language) -> Translations:
    """Read `<lang>/LC_MESSAGES/lessons.po`, keeping what may be shown to learners.

    A malformed catalogue yields no translations (learners get the fallback) and its error.
    """
    result = Translations(language.code)
    path = po_path(locales_dir, language.code, "lessons")
    if not path.exists():
        return result
    try:
        with shared_catalogue(path, language) as catalog:
            _keep_translations(catalog, language, path, result)
    except CatalogueError as exc:
        log.error("%s", exc)
        result.error = exc
    return result


def _keep_translations(catalog: Catalog, language: Language, path: Path, result: Translations) -> None:
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue  # lessons have no plural messages
        if not message.string:
            continue
        draft = not is_current(message)
        # most entries are safe, and `unsafe` remembers them across reloads
        problems = markup_problems(message.id, message.string) if unsafe(message.id, message.string) else []
        if language.pseudo:
            problems = refused(problems)  # pseudo text spells domains in other letters on purpose
        if problems:
            # a draft's problems are reported too: a reviewer would otherwise publish them
            result.problems += [Problem(path, language.code, message.id, p, draft, message.lineno) for p in problems]
            continue
        if draft:
            continue
        result.table[(message.context, message.id)] = clean(message.string)


def chain_translate(lang: str, chain: list[Translations], source: str) -> Translate:
    """Look a segment up in each catalogue of the chain; report the language it came from
    when that is not the page language (None: same as the page)."""

    def translate(segment: Segment) -> tuple[str, str | None]:
        for translations in chain:
            text = translations.table.get(segment.key)
            if text:
                return text, (None if translations.lang == lang else translations.lang)
        return segment.msgid, (None if lang == source else source)

    return translate


def sanitise(html: str) -> str:
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"}
    )


@dataclass(frozen=True)
class Text:
    """A piece of text and its language when it differs from the page (a fallback)."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class RenderedLesson:
    lesson: Lesson
    lang: str
    title: Text
    summary: Text
    html: str
    fallbacks: frozenset[str]
    steps: int = 0  # numbered steps (`ol.steps > li`), counted while rendering
    messages: int = 0  # the lesson's messages (title and summary included)
    own: int = 0  # of them, those shown in the page language

    @property
    def used_fallback(self) -> bool:
        return bool(self.fallbacks)

    @property
    def coverage(self) -> str:
        """How much of the lesson is in the page language: "all", "part" or "none" (every
        message in another language: nothing of it is published in this one)."""
        return coverage_of(self.fallbacks, self.own)


def coverage_of(fallbacks: frozenset[str], own: int) -> str:
    """A lesson's coverage, from the languages its messages fell back to and how many of its
    messages are in the page language."""
    if not fallbacks:
        return ALL
    return NONE if own == 0 else PART


# A rendered lesson's coverage (`RenderedLesson.coverage`).
ALL, PART, NONE = "all", "part", "none"


# A rendering in a language that takes longer than this is replaced by the source's (logged):
# inputs are bounded (lesson size and nesting, translation length and markup) so that this is rare.
# Counted in the rendering thread's own CPU time, so that a busy machine (other workers, a
# print job) does not turn a sound translation into a fallback; only its own work counts.
RENDER_BUDGET = 2.0  # CPU seconds


class RenderError(ToolkitError):
    """A lesson that cannot be rendered even in its source language."""


def render_lesson(
    lesson: Lesson,
    lang: str,
    translate: Translate,
    label: Callable[[str], str] = str.capitalize,
    picture_url: PictureUrl | None = None,
    second: Second | None = None,
    source: str | None = None,
) -> RenderedLesson:
    """The lesson in `lang`. A rendering with translations that fails or exceeds the render
    budget falls back to the source language (`source`), as a translation with bad markup does;
    a lesson that cannot be rendered at all raises RenderError, naming its file."""
    if source == lang:
        source = None  # the page is in the source language: nothing to fall back to
    started = time.thread_time()
    try:
        rendered = _render(lesson, lang, translate, label, picture_url, second)
    except Exception as exc:  # noqa: BLE001 (any failure of a rendering falls back, logged)
        if source is None:
            raise RenderError(
                N_("this lesson cannot be shown (%(reason)s)"), path=lesson.path, params={"reason": type(exc).__name__}
            ) from exc
        log.error("%s: [%s] cannot be rendered (%r); the source language is shown", lesson.path, lang, exc)
    else:
        elapsed = time.thread_time() - started
        if source is None or elapsed <= RENDER_BUDGET:
            return rendered
        log.error("%s: [%s] took %.1f s of CPU to render; the source language is shown", lesson.path, lang, elapsed)

    def in_source(segment: Segment) -> tuple[str, str | None]:
        return segment.msgid, (None if lang == source else source)

    return render_lesson(lesson, lang, in_source, label, picture_url)


def _render(
    lesson: Lesson,
    lang: str,
    translate: Translate,
    label: Callable[[str], str],
    picture_url: PictureUrl | None,
    second: Second | None,
) -> RenderedLesson:
    title_segment, summary_segment = front_matter_segments(lesson)
    title, summary = (Text(*translate(s)) for s in (title_segment, summary_segment))
    converted = convert(lesson.body, translate, label, picture_url, second)
    fallbacks = set(converted.fallbacks) | {t.lang for t in (title, summary) if t.lang}
    own = converted.own + sum(1 for t in (title, summary) if not t.lang)
    return RenderedLesson(
        lesson=lesson,
        lang=lang,
        title=title,
        summary=summary,
        html=sanitise(converted.html),
        fallbacks=frozenset(fallbacks),
        steps=converted.steps,
        messages=len(converted.segments) + 2,
        own=own,
    )


def translator_for(registry: Registry, lang: str, load: Callable[[Language], Translations]) -> Translate:
    chain = [load(registry[code]) for code in registry.lookup_chain(lang, LESSONS_DOMAIN)]
    return chain_translate(lang, chain, registry.source)


def second_translator_for(registry: Registry, lang: str, load: Callable[[Language], Translations]) -> Second:
    """Like `translator_for`, but always says which language the text is in."""
    translate = translator_for(registry, lang, load)

    def second(segment: Segment) -> tuple[str, str]:
        text, fallback = translate(segment)
        return text, fallback or lang

    return second
