"""The content release as the delivery side sees it: lessons, catalogues and rendered pages.

Everything is cached and reloaded only when a file changed (by modification time), and only
what changed is read again. Looking for changed lesson files costs a stat per lesson, so the
library looks at most every `recheck` seconds (a busy server stats a 600-lesson folder once a
second, not on every picture request) and at once after `forget()`, which the workspace calls
when it writes: one edited lesson out of hundreds is the only one parsed again, and a
rendered lesson page costs no Markdown parsing until its lesson or a catalogue of its language
chain changes. Rendering is lazy: the index needs only each lesson's card (title, summary,
steps), which costs no Markdown rendering at all.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache

from lesson_toolkit.authoring.core.lesson import Lesson, LessonError, LessonSet, read_lesson
from lesson_toolkit.authoring.core.render import (
    RenderedLesson,
    RenderError,
    Text,
    Translations,
    coverage_of,
    load_translations,
    render_lesson,
    second_translator_for,
    translator_for,
)
from lesson_toolkit.authoring.core.segmenter import Picture, Segment, count_steps, front_matter_segments, segment
from lesson_toolkit.authoring.core.segments_cache import SegmentsCache
from lesson_toolkit.authoring.i18n.catalogue import po_path
from lesson_toolkit.authoring.i18n.languages import LESSONS_DOMAIN, Language, Registry, load_registry

log = logging.getLogger(__name__)

# Renderings kept (lesson × language × output): the most recently used ones; a site with more
# renders the others again when asked. A rendering is some 10–30 KB.
MAX_RENDERINGS = 2048
# and at most this many bytes of their pages' text (as Python holds it); with the page and
# picture caches, a worker of a 600-lesson library in five languages stays near 250 MB
RENDERING_BYTES = 32 * 1024 * 1024


def _rendering_bytes(entry: tuple) -> int:
    rendered = entry[1]
    return sys.getsizeof(rendered.html) if isinstance(rendered, RenderedLesson) else 1024


def _file_stamp(path: Path) -> tuple | None:
    """What tells a changed file: modification time, size and inode (an atomic save is a new file)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _stamp(paths) -> tuple:
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            stamps.append((str(path), None, None))
    return tuple(stamps)


@dataclass(frozen=True)
class Output:
    """How a rendered lesson refers to things that differ between the web and print."""

    name: str
    label: Callable[[str], str]
    # how a picture (lesson, src, lang) is shown: a responsive `Picture`, or only the `<img>`
    # attributes ({"src": …} for print)
    picture_url: Callable[[Lesson, str, str], Picture | Mapping[str, str]] | None = None
    # slow work the rendering needs done first (encoding a lesson's pictures), given the lesson
    # and language: it runs outside the render budget
    prepare: Callable[[Lesson, str], None] | None = None


@dataclass(frozen=True)
class Card:
    """What the index shows of a lesson in one language: its title, summary and number of
    steps, without rendering its Markdown. Same names as `RenderedLesson` where they overlap."""

    lesson: Lesson
    lang: str
    title: Text
    summary: Text
    steps: int
    fallbacks: frozenset[str] = frozenset()  # as the rendered page's: from the lesson's messages
    own: int = 0

    @property
    def coverage(self) -> str:
        return coverage_of(self.fallbacks, self.own)


class Library:
    def __init__(
        self,
        lessons_dir: Path,
        locales_dir: Path,
        max_renderings: int = MAX_RENDERINGS,
        recheck: float = 0.0,
        cache_dir: Path | None = None,
        rendering_bytes: int = RENDERING_BYTES,
    ):
        self.lessons_dir, self.locales_dir = Path(lessons_dir), Path(locales_dir)
        # each lesson version's messages, kept on disk (when given a folder) for the next process
        self.segments_cache = SegmentsCache(cache_dir, 4 * max_renderings)
        self.recheck = recheck
        self._scanned = -float("inf")  # when the lesson files were last looked at (monotonic)
        self._lock = threading.Lock()
        self._registry: tuple[tuple, Registry] | None = None
        # lesson.md path → (its stamp, the lesson or why it does not read)
        self._files: dict[Path, tuple[tuple | None, Lesson | LessonError]] = {}
        self._lessons: LessonSet | None = None
        self._published: tuple[LessonSet, dict[str, Lesson]] | None = None
        self._translations: dict[str, tuple[tuple, Translations]] = {}
        # (slug, lang, with_lang, output) → (the files' stamps it was made from, the rendering),
        # the most recently used ones up to `rendering_bytes`
        self._rendered: LRUCache[tuple, tuple[tuple, RenderedLesson | RenderError]] = LRUCache(
            rendering_bytes, getsizeof=_rendering_bytes
        )
        # (slug, lang) → (lesson version and catalogue stamps, card); lesson version → steps
        self._cards: LRUCache[tuple, tuple[tuple, Card]] = LRUCache(8 * max_renderings)
        self._steps: LRUCache[str, int] = LRUCache(4 * max_renderings)

    @property
    def registry(self) -> Registry:
        path = self.locales_dir / "languages.toml"
        stamp = _stamp([path])
        if self._registry is None or self._registry[0] != stamp:
            self._registry = (stamp, load_registry(path))
        return self._registry[1]

    def lesson_set(self) -> LessonSet:
        """Every lesson that reads and the errors of the others; the same object until a
        lesson file is added, changed or removed, and then only that file is read again.
        Files are looked at no more often than every `recheck` seconds, unless `forget()`."""
        now = time.monotonic()
        if self._lessons is not None and now - self._scanned < self.recheck:
            return self._lessons
        paths = sorted(self.lessons_dir.glob("*/lesson.md"))
        with self._lock:
            self._scanned = now
            files, changed = {}, self._lessons is None or len(paths) != len(self._files)
            for path in paths:
                stamp = _file_stamp(path)
                known = self._files.get(path)
                if known is None or known[0] != stamp:
                    changed = True
                    try:
                        known = (stamp, read_lesson(path))
                    except LessonError as exc:
                        log.warning("%s", exc)
                        known = (stamp, exc)
                files[path] = known
            if changed or self._lessons is None:
                self._files = files
                lessons = {found.slug: found for _, found in files.values() if isinstance(found, Lesson)}
                errors = [found for _, found in files.values() if isinstance(found, LessonError)]
                self._lessons = LessonSet(lessons, errors)
            return self._lessons

    def forget(self) -> None:
        """A lesson file may have changed: the next lookup looks at the files again."""
        self._scanned = -float("inf")

    @property
    def lessons(self) -> dict[str, Lesson]:
        """The published lessons: the content release as learners see it."""
        lesson_set = self.lesson_set()
        with self._lock:
            if self._published is None or self._published[0] is not lesson_set:
                published = {slug: lesson for slug, lesson in lesson_set.lessons.items() if lesson.published}
                self._published = (lesson_set, published)
            return self._published[1]

    @property
    def all_lessons(self) -> dict[str, Lesson]:
        """Every lesson that reads, drafts and unpublished ones too: what the workspace edits."""
        return self.lesson_set().lessons

    def translations(self, language: Language) -> Translations:
        stamp = _stamp([po_path(self.locales_dir, language.code, "lessons")])
        cached = self._translations.get(language.code)
        if cached is None or cached[0] != stamp:
            cached = (stamp, load_translations(self.locales_dir, language))
            self._translations[language.code] = cached
        return cached[1]

    def render(self, lesson: Lesson, lang: str, output: Output, with_lang: str | None = None) -> RenderedLesson:
        """The lesson in `lang` (and `with_lang` after each passage, for bilingual handouts).

        A lesson that cannot be rendered raises RenderError, and keeps raising it at once until
        one of its files changes (a failure is cached like a page)."""
        registry = self.registry
        langs = {code for code in (lang, with_lang) if code}
        chain = {code for each in langs for code in registry.lookup_chain(each, LESSONS_DOMAIN)}
        catalogues = _stamp(po_path(self.locales_dir, code, "lessons") for code in sorted(chain))
        # a picture variant added or removed changes the folder's mtime, and which file is shown
        files = (*catalogues, *_stamp([lesson.images_dir]))
        key, made_from = (lesson.slug, lang, with_lang, output.name), (lesson.version, files)
        with self._lock:
            cached = self._rendered.get(key)
        rendered = cached[1] if cached is not None and cached[0] == made_from else None
        if rendered is None:
            translate = translator_for(registry, lang, self.translations)
            second = second_translator_for(registry, with_lang, self.translations) if with_lang else None
            picture_url = None
            if output.prepare:
                output.prepare(lesson, lang)
            if output.picture_url:
                picture_url = lambda src: output.picture_url(lesson, src, lang)  # noqa: E731
            try:
                rendered = render_lesson(lesson, lang, translate, output.label, picture_url, second, registry.source)
            except RenderError as exc:
                rendered = exc
            entry = (made_from, rendered)
            with self._lock:  # one rendering per lesson, languages and output: the stale one goes
                if _rendering_bytes(entry) <= self._rendered.maxsize:
                    self._rendered[key] = entry
                else:  # a rendering larger than the whole budget is used, not kept
                    self._rendered.pop(key, None)
        if isinstance(rendered, RenderError):
            raise rendered
        return rendered

    def renderable(
        self, lang: str, output: Output, keep: Callable[[Lesson], bool] | None = None
    ) -> list[RenderedLesson]:
        """Every published lesson in `lang` (that `keep` keeps) that can be rendered: one that
        cannot is left out (it was logged), so that the index and search keep serving the others."""
        pages = []
        for lesson in self.lessons.values():
            if keep is not None and not keep(lesson):
                continue
            try:
                pages.append(self.render(lesson, lang, output))
            except RenderError:
                continue
        return pages

    def cards(self, lang: str) -> list[Card]:
        """Every published lesson's card in `lang`, each the same object until its lesson or a
        catalogue of the language's chain changes. No Markdown is rendered: the title and
        summary are looked up, and the steps counted once per lesson version."""
        registry = self.registry
        chain = registry.lookup_chain(lang, LESSONS_DOMAIN)
        made_from = (registry, _stamp(po_path(self.locales_dir, code, "lessons") for code in chain))
        translate = None
        cards = []
        for lesson in self.lessons.values():
            key = (lesson.slug, lang)
            with self._lock:
                cached = self._cards.get(key)
            if cached is not None and cached[0] == (lesson.version, made_from):
                cards.append(cached[1])
                continue
            if translate is None:
                translate = translator_for(registry, lang, self.translations)
            title, summary = (Text(*translate(each)) for each in front_matter_segments(lesson))
            found = [translate(each)[1] for each in self.segments(lesson)]
            fallbacks = frozenset(code for code in found if code)
            card = Card(lesson, lang, title, summary, self.steps(lesson), fallbacks, found.count(None))
            with self._lock:
                self._cards[key] = ((lesson.version, made_from), card)
            cards.append(card)
        return cards

    def segments(self, lesson: Lesson) -> tuple[Segment, ...]:
        """Every message of the lesson in reading order, title and summary first (as extraction
        and rendering find them), found once per lesson version."""
        return self.segments_cache.get(lesson.version, lambda: segment(lesson))

    def steps(self, lesson: Lesson) -> int:
        """The lesson's number of steps, as its rendered page counts them."""
        steps = self._steps.get(lesson.version)
        if steps is None:
            steps = self._steps[lesson.version] = count_steps(lesson.body)
        return steps
