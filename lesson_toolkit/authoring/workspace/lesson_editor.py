"""Editing a lesson as a form: front-matter fields and a Markdown body, saved atomically.

A save is checked exactly as reading checks a lesson (`authoring.core.lesson`), so a save that would
make the lesson unreadable is refused and the file keeps its last good text. Two trainers editing
the same lesson cannot overwrite each other: a save names the version it started from.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from lesson_toolkit.authoring.core.lesson import (
    DRAFT,
    FIELDS,
    STATUSES,
    Lesson,
    LessonError,
    normalise,
    parse_lesson,
    read_lesson,
    split_front_matter,
)
from lesson_toolkit.authoring.core.segmenter import segment
from lesson_toolkit.authoring.storage import atomic_write, locked


@dataclass
class LessonDraft:
    """What the editor form holds; values are as typed (validated only when checked)."""

    title: str = ""
    summary: str = ""
    topic: str = ""
    level: int | str = 1
    minutes: int | str = 10
    cover: str = ""
    body: str = ""
    status: str = ""  # empty: keep the lesson's status (the form never sets it; publishing does)

    @classmethod
    def from_lesson(cls, lesson: Lesson) -> LessonDraft:
        return cls(
            lesson.title,
            lesson.summary,
            lesson.topic,
            lesson.level,
            lesson.minutes,
            lesson.cover or "",
            lesson.body.strip("\n"),
            lesson.status,
        )


class LessonConflictError(Exception):
    """The lesson was saved by someone else since this editor opened it."""

    def __init__(self, current_text: str, current_version: str):
        self.current_text, self.current_version = current_text, current_version
        super().__init__("the lesson was changed since you opened it")


def _version(data: bytes | None) -> str:
    return "" if data is None else hashlib.sha256(data).hexdigest()[:16]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def file_version(path: Path) -> str:
    """The version `read_lesson` gives a lesson: a hash of the file's bytes ('' when missing)."""
    return _version(_read(path))


def load_draft(path: Path) -> tuple[LessonDraft, LessonError | None]:
    """The form for a lesson file; a lesson that does not read still opens, with its error."""
    try:
        return LessonDraft.from_lesson(read_lesson(path)), None
    except LessonError as error:
        text = normalise(path.read_bytes().decode("utf-8", "replace"))
        try:
            front, body, _ = split_front_matter(text, path)
            data = yaml.safe_load(front)
        except (LessonError, yaml.YAMLError):
            return LessonDraft(body=text), error
        values = {k: str(v) for k, v in data.items() if k in FIELDS} if isinstance(data, dict) else {}
        return LessonDraft(body=body, **values), error


def compose(draft: LessonDraft) -> str:
    """The text of `lesson.md` for a draft: YAML front matter (quoted only where needed), body."""
    meta: dict[str, object] = {
        "title": draft.title.strip(),
        "summary": draft.summary.strip(),
        "topic": draft.topic.strip(),
        "level": _number(draft.level),
        "minutes": _number(draft.minutes),
    }
    if draft.cover.strip():
        meta["cover"] = draft.cover.strip()
    if draft.status.strip():
        meta["status"] = draft.status.strip()
    lines = [yaml.safe_dump({k: v}, allow_unicode=True, width=10**6, sort_keys=False).strip() for k, v in meta.items()]
    body = normalise(draft.body).strip("\n")
    return normalise("\n".join(["---", *lines, "---", "", body, ""]))


def _number(value: int | str) -> int | str:
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def check(text: str, path: Path) -> Lesson:
    """The lesson `text` would be at `path`; raises LessonError like reading the file would."""
    return parse_lesson(text, path)


def status_of(text: str, path: Path) -> str:
    """The status a lesson's text declares. A text that does not read is invisible to learners,
    so it keeps its `status:` line if it has a valid one, and is a draft otherwise: fixing it in
    the editor never publishes it."""
    try:
        return parse_lesson(text, path).status
    except LessonError:
        found = re.search(r"^status:\s*['\"]?([a-z]+)", text, flags=re.MULTILINE)
        return found[1] if found and found[1] in STATUSES else DRAFT


def save(path: Path, draft: LessonDraft, base_version: str) -> tuple[Lesson, str]:
    """Write `lesson.md` atomically if it checks and nobody saved it since `base_version`.
    A draft without a status keeps the lesson's.

    Returns the saved lesson and the text it replaced."""
    with locked(path):
        data = _read(path)
        old = (data or b"").decode("utf-8", "replace")
        if _version(data) != base_version:
            raise LessonConflictError(old, _version(data))
        if not draft.status:
            draft = replace(draft, status=status_of(old, path))
        text = compose(draft)
        check(text, path)
        atomic_write(path, text.encode("utf-8"))
    return read_lesson(path), old


def save_text(path: Path, text: str, base_version: str) -> tuple[Lesson, str]:
    """Write a whole `lesson.md` text (a restored revision) under the same checks as `save`."""
    text = normalise(text)
    check(text, path)
    with locked(path):
        data = _read(path)
        old = (data or b"").decode("utf-8", "replace")
        if _version(data) != base_version:
            raise LessonConflictError(old, _version(data))
        atomic_write(path, text.encode("utf-8"))
    return read_lesson(path), old


def messages_of(text: str, path: Path) -> list[tuple[str | None, str]] | None:
    """The messages a lesson text gives translators, in order (None: the text does not read)."""
    try:
        return [seg.key for seg in segment(parse_lesson(text, path))]
    except LessonError:
        return None


def messages_changed(old: str, new: str, path: Path) -> bool:
    """Whether a save changes what translators translate (not only the level, minutes or status)."""
    before = messages_of(old, path)
    return before is None or before != messages_of(new, path)
