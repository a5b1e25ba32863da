"""The messages of a lesson that can be spoken, each with a short name: `title`, `summary`,
`step-1`, `step-2`, …, and each tip or warning box (`tip-1`, `warning-1`, … numbered per kind in
reading order).

A spoken message is the text of a whole step or box (every segment in it but picture
descriptions), so one recording speaks one step. The segmenter decides the segments, exactly as
for extraction and rendering, so a recording's text can be compared with the catalogue's.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's name for it)
from collections.abc import Mapping
from dataclasses import dataclass

import markdown
from cachetools import LRUCache

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.segmenter import (
    ADMONITION_KINDS,
    ALT_CONTEXT,
    MARKDOWN_EXTENSIONS,
    LessonExtension,
    Segment,
    SegmentProcessor,
    front_matter_segments,
    source_text,
)

MESSAGE_KEY = re.compile(r"^(?:title|summary|(?:step|" + "|".join(ADMONITION_KINDS) + r")-[1-9][0-9]{0,2})$")


@dataclass(frozen=True)
class SpokenMessage:
    key: str
    segments: tuple[Segment, ...]

    @property
    def source(self) -> str:
        """The text in the lessons' language (Vietnamese)."""
        return " ".join(segment.msgid for segment in self.segments)

    def translated(self, table: Mapping[tuple[str | None, str], str]) -> str | None:
        """The whole message's current translation, or None while any part of it has none."""
        parts = [table.get(segment.key) for segment in self.segments]
        if not parts or any(not part for part in parts):
            return None
        return " ".join(part for part in parts if part)


class SpokenProcessor(SegmentProcessor):
    """The segmenter, noting which step or box each segment belongs to."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md, source_text, str.capitalize, None)
        self.current: str | None = None
        self.spoken: dict[str, list[Segment]] = {}
        self.boxes: dict[str, int] = {}

    def _walk(self, element: etree.Element) -> None:
        outer = self.current
        if element.tag == "li" and re.fullmatch(r"step-\d+", element.get("id", "")):
            self.current = element.get("id")
        elif element.tag == "div" and "admonition" in element.get("class", "").split():
            classes = element.get("class", "").split()
            kind = next((k for k in classes if k in ADMONITION_KINDS), "note")
            self.boxes[kind] = self.boxes.get(kind, 0) + 1
            self.current = f"{kind}-{self.boxes[kind]}"
        super()._walk(element)
        self.current = outer

    def _lookup(self, segment: Segment) -> tuple[str, str | None]:
        if self.current and segment.context != ALT_CONTEXT:
            self.spoken.setdefault(self.current, []).append(segment)
        return super()._lookup(segment)


_cache: LRUCache[tuple[str, str], tuple[SpokenMessage, ...]] = LRUCache(maxsize=1024)
_lock = threading.Lock()


def spoken_messages(lesson: Lesson) -> tuple[SpokenMessage, ...]:
    """Title, summary, then every step and box in reading order (remembered per lesson version)."""
    key = (lesson.slug, lesson.version)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, LessonExtension(source_text, str.capitalize)])
    processor = SpokenProcessor(md)
    md.treeprocessors.register(processor, "segments", 25)
    md.convert(lesson.body)
    title, summary = front_matter_segments(lesson)
    messages = (
        SpokenMessage("title", (title,)),
        SpokenMessage("summary", (summary,)),
        *(SpokenMessage(key, tuple(segments)) for key, segments in processor.spoken.items()),
    )
    with _lock:
        _cache[key] = messages
    return messages
