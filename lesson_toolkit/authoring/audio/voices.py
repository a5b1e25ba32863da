"""What each face needs to know about a lesson's recordings in one language: per message, the
recording, its status and whether learners may hear it; and the counts for the dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lesson_toolkit.authoring.audio.messages import SpokenMessage, spoken_messages
from lesson_toolkit.authoring.audio.sidecar import (
    CURRENT,
    MISSING,
    RECHECK,
    Recording,
    load_recordings,
    playable,
    status,
)
from lesson_toolkit.authoring.core.lesson import Lesson

Table = Mapping[tuple[str | None, str], str]


@dataclass(frozen=True)
class Voice:
    message: SpokenMessage
    translation: str | None  # the current written translation, None: only the Vietnamese text
    recording: Recording | None
    status: str  # current, recheck, missing
    playable: bool  # learners hear it

    @property
    def draft(self) -> bool:
        return self.recording is not None and self.recording.state == "draft"

    @property
    def to_read(self) -> str:
        """What the speaker is shown: the translation, else the Vietnamese text."""
        return self.translation or self.message.source


def voices(lesson: Lesson, lang: str, source: str, table: Table) -> list[Voice]:
    """Every spoken message of `lesson` in `lang`; `table`: that language's current translations
    (empty for the source language)."""
    recordings = load_recordings(lesson.folder)
    found = []
    for message in spoken_messages(lesson):
        translation = None if lang == source else message.translated(table)
        recording = recordings.get(lang, message.key)
        found.append(
            Voice(
                message,
                translation,
                recording,
                status(recording, message, translation),
                playable(recording, message, translation),
            )
        )
    return found


@dataclass(frozen=True)
class Coverage:
    recorded: int  # current and heard by learners
    drafts: int  # current, waiting for a reviewer
    recheck: int
    missing: int

    @property
    def total(self) -> int:
        return self.recorded + self.drafts + self.recheck + self.missing


def coverage(found: list[Voice]) -> Coverage:
    return Coverage(
        recorded=sum(v.playable for v in found),
        drafts=sum(v.status == CURRENT and not v.playable for v in found),
        recheck=sum(v.status == RECHECK for v in found),
        missing=sum(v.status == MISSING for v in found),
    )
