"""Recording a lesson: saving a recording of one message, confirming one that needs re-check,
and importing a folder of files from a phone's voice-recorder app.

Who may record a language: its translators and reviewers (an account that may translate it),
trainers for the lessons' own language, and administrators. Honest translations hold for
voices too: a Tày or Dao recording is published only when a reviewer of that language made or
approved it; anyone else's is a draft, which learners do not hear.

A save writes the new sound files first, then the sidecar that points at them, then removes
the files of the recording it replaces: a reader (or a power cut) sees the old recording or
the new one, never a sidecar without its sound.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from lesson_toolkit.authoring.audio.messages import MESSAGE_KEY, SpokenMessage, spoken_messages
from lesson_toolkit.authoring.audio.sidecar import (
    EXTENSIONS,
    Recording,
    SidecarError,
    read_sidecar,
    sidecar_path,
    status,
)
from lesson_toolkit.authoring.audio.transcode import AudioError, Transcoded, transcode
from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.pictures.variants import content_hash
from lesson_toolkit.authoring.storage import atomic_write, locked
from lesson_toolkit.authoring.workspace.accounts import may_approve
from lesson_toolkit.authoring.workspace.models import Account

IMPORT_EXTENSIONS = (".webm", ".weba", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".3gp", ".mp3", ".wav", ".amr")
MAX_IMPORT_FILES = 200


def may_record(account: Account, language: Language, source: str) -> bool:
    """Translators of the language (reviewers included), trainers for the source language, admins."""
    if language.code == source:
        return account.may("trainer", "translator")
    return account.may_translate(language.code)


def publishes(account: Account, language: Language) -> bool:
    """Whether this account's recordings in `language` are published rather than drafts."""
    return account.active and may_approve(account, language)


def find_message(lesson: Lesson, key: str) -> SpokenMessage:
    for message in spoken_messages(lesson):
        if message.key == key:
            return message
    raise AudioError(N_("%(name)s: the lesson has no such part"), params={"name": key}, path=lesson.path)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def existing(lesson: Lesson, lang: str, key: str) -> Recording | None:
    path = sidecar_path(lesson.folder, lang, key)
    if not path.exists():
        return None
    try:
        return read_sidecar(path)
    except SidecarError:
        return None  # replaced by the new one; its sound files stay (nothing is lost)


def store(
    lesson: Lesson,
    language: Language,
    message: SpokenMessage,
    translation: str | None,
    sound: Transcoded,
    recorded_by: str,
    published: bool,
    approved_by: str = "",
) -> Recording:
    """Write a transcoded recording of `message` and its sidecar; returns the sidecar."""
    path = sidecar_path(lesson.folder, language.code, message.key)
    # one hash for both files: a page names it once for its two sources (it compresses away)
    digest = content_hash(sound.opus + sound.mp3)
    files = {kind: f"{message.key}.{digest}.{ext}" for kind, ext in EXTENSIONS.items()}
    recording = Recording(
        message=message.key,
        lang=language.code,
        source=message.source,
        text=translation or message.source,
        recorded_by=recorded_by,
        recorded_at=_now(),
        duration=sound.duration,
        state="published" if published else "draft",
        approved_by=approved_by if published else "",
        files=files,
        sizes={"opus": len(sound.opus), "mp3": len(sound.mp3)},
        folder=path.parent,
    )
    with locked(path):
        old = existing(lesson, language.code, message.key)
        atomic_write(path.parent / files["opus"], sound.opus)
        atomic_write(path.parent / files["mp3"], sound.mp3)
        atomic_write(path, recording.to_json())
        if old is not None:
            for name in set(old.files.values()) - set(files.values()):
                (path.parent / name).unlink(missing_ok=True)
    return recording


def save_recording(
    lesson: Lesson,
    language: Language,
    key: str,
    translation: str | None,
    data: bytes,
    filename: str,
    account: Account,
) -> Recording:
    """A recording made or uploaded in the workspace by `account` (who may record it)."""
    message = find_message(lesson, key)
    sound = transcode(data, filename)
    published = publishes(account, language)
    return store(lesson, language, message, translation, sound, account.username, published, account.username)


def confirm_recording(
    lesson: Lesson, language: Language, key: str, translation: str | None, account: Account
) -> Recording:
    """A reviewer's word that a recording still fits its changed message (or approves a draft)."""
    message = find_message(lesson, key)
    path = sidecar_path(lesson.folder, language.code, key)
    with locked(path):
        old = existing(lesson, language.code, key)
        if old is None:
            raise AudioError(N_("%(name)s: there is no recording to confirm"), params={"name": key}, path=path)
        text = old.text if status(old, message, translation) == "current" else (translation or message.source)
        confirmed = replace(old, source=message.source, text=text, state="published", approved_by=account.username)
        atomic_write(path, confirmed.to_json())
    return confirmed


def import_folder(
    lesson: Lesson,
    language: Language,
    folder: Path,
    translations: dict[str, str | None],
    recorded_by: str,
    published: bool,
) -> list[Recording]:
    """Every file of `folder` named after a message (`step-2.m4a`); all of them, or none.

    `translations`: each message's current written translation (None: read from Vietnamese)."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))
    if len(files) > MAX_IMPORT_FILES:
        raise AudioError(N_("too many files (at most %(max)d)"), path=folder, params={"max": MAX_IMPORT_FILES})
    messages = {message.key: message for message in spoken_messages(lesson)}
    problems: list[str] = []
    ready: list[tuple[SpokenMessage, Transcoded]] = []
    seen: set[str] = set()
    for path in files:
        key = path.stem.lower()
        if path.suffix.lower() not in IMPORT_EXTENSIONS:
            problems.append(f"{path.name}: not a sound file this accepts ({', '.join(IMPORT_EXTENSIONS)})")
            continue
        if not MESSAGE_KEY.match(key) or key not in messages:
            problems.append(
                f"{path.name}: the lesson has no part called {key!r} (title, summary, {', '.join(list(messages)[2:5])}, …)"
            )
            continue
        if key in seen:
            problems.append(f"{path.name}: a second file for {key!r}")
            continue
        seen.add(key)
        try:
            ready.append((messages[key], transcode(path.read_bytes(), path.name)))
        except AudioError as exc:
            problems.append(str(exc))
    if problems:
        raise AudioError(
            N_("nothing was imported: %(problems)s"), path=folder, params={"problems": "; ".join(problems)}
        )
    approved_by = recorded_by if published else ""
    return [
        store(lesson, language, message, translations.get(message.key), sound, recorded_by, published, approved_by)
        for message, sound in ready
    ]
