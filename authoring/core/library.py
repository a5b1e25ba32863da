"""The content release as the delivery side sees it: lessons, catalogues and rendered pages.

Everything is cached and reloaded only when a file changed (by modification time), so a
rendered lesson page costs no Markdown parsing until its lesson or a catalogue of its
language chain changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from authoring.core.lesson import Lesson, LessonSet, load_lessons
from authoring.core.render import (
    RenderedLesson,
    RenderError,
    Translations,
    load_translations,
    render_lesson,
    second_translator_for,
    translator_for,
)
from authoring.core.segmenter import Picture
from authoring.i18n.catalogue import po_path
from authoring.i18n.languages import LESSONS_DOMAIN, Language, Registry, load_registry


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


class Library:
    def __init__(self, lessons_dir: Path, locales_dir: Path):
        self.lessons_dir, self.locales_dir = Path(lessons_dir), Path(locales_dir)
        self._lock = threading.Lock()
        self._registry: tuple[tuple, Registry] | None = None
        self._lessons: tuple[tuple, LessonSet] | None = None
        self._published: tuple[LessonSet, dict[str, Lesson]] | None = None
        self._translations: dict[str, tuple[tuple, Translations]] = {}
        self._rendered: dict[tuple, RenderedLesson | RenderError] = {}

    @property
    def registry(self) -> Registry:
        path = self.locales_dir / "languages.toml"
        stamp = _stamp([path])
        if self._registry is None or self._registry[0] != stamp:
            self._registry = (stamp, load_registry(path))
        return self._registry[1]

    def lesson_set(self) -> LessonSet:
        paths = sorted(self.lessons_dir.glob("*/lesson.md"))
        stamp = _stamp(paths)
        with self._lock:
            if self._lessons is None or self._lessons[0] != stamp:
                self._lessons = (stamp, load_lessons(self.lessons_dir))
            return self._lessons[1]

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
        key = (lesson.slug, lesson.version, lang, with_lang, output.name, files)
        rendered = self._rendered.get(key)
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
            with self._lock:
                # keep one rendering per lesson, languages and output: drop stale versions
                self._rendered = {k: v for k, v in self._rendered.items() if (k[0], *k[2:5]) != (key[0], *key[2:5])}
                self._rendered[key] = rendered
        if isinstance(rendered, RenderError):
            raise rendered
        return rendered

    def renderable(self, lang: str, output: Output) -> list[RenderedLesson]:
        """Every published lesson in `lang` that can be rendered: one that cannot is left out
        (it was logged), so that the index and search keep serving the others."""
        pages = []
        for lesson in self.lessons.values():
            try:
                pages.append(self.render(lesson, lang, output))
            except RenderError:
                continue
        return pages
