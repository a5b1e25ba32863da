"""A recording on disk: its sound files and the sidecar that says what it speaks.

`lessons/<slug>/audio/<lang>/<message>.json` describes one recording of one message (`step-2`)
in one language; beside it, `<message>.<hash>.webm` (Opus) and `<message>.<hash>.mp3`, named by the
hash of their bytes so that their URLs can be cached for a year. The sidecar keeps the exact
text the speaker was shown (`source`: the Vietnamese text; `text`: what they read, a
translation or that same source text), who recorded it, when, how long it is, and its review
state. Everything is content, in git; nothing of it is in the database.

A recording is *current* while its message still says what the sidecar says; when the lesson or
the translation changed it "needs re-check" and is not played to learners as current, until a
reviewer confirms that it still fits (or records it again).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cachetools import LRUCache

from lesson_toolkit.authoring.audio.messages import MESSAGE_KEY, SpokenMessage
from lesson_toolkit.authoring.errors import N_, ToolkitError

log = logging.getLogger(__name__)

AUDIO_DIR = "audio"
STATES = ("draft", "published")
SOUND_FILE = re.compile(r"^(?P<key>[a-z]+(?:-\d+)?)\.(?P<digest>[0-9a-f]{20})\.(?P<ext>webm|mp3)$")
# each recording's two encodings ("kinds") and their files' extensions and types
EXTENSIONS = {"opus": "webm", "mp3": "mp3"}
KINDS = {ext: kind for kind, ext in EXTENSIONS.items()}
MIME = {"webm": "audio/webm", "mp3": "audio/mpeg"}

CURRENT, RECHECK, MISSING = "current", "recheck", "missing"


class SidecarError(ToolkitError):
    """A sidecar that cannot be read; names the file and field."""


@dataclass(frozen=True)
class Recording:
    message: str
    lang: str
    source: str
    text: str
    recorded_by: str
    recorded_at: str  # ISO 8601, UTC
    duration: float
    state: str = "draft"  # published: learners may hear it (while current)
    approved_by: str = ""
    files: Mapping[str, str] = field(default_factory=dict)  # opus, mp3 → file name
    sizes: Mapping[str, int] = field(default_factory=dict)  # opus, mp3 → bytes
    folder: Path = field(default=Path(), compare=False)

    @property
    def reads_source(self) -> bool:
        """Spoken from the Vietnamese text (no written translation was there to read)."""
        return self.text == self.source

    def to_json(self) -> bytes:
        data = asdict(self)
        data.pop("folder")
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    def path(self, kind: str) -> Path:
        return self.folder / self.files[kind]


def sidecar_path(lesson_folder: Path, lang: str, message: str) -> Path:
    return lesson_folder / AUDIO_DIR / lang / f"{message}.json"


def read_sidecar(path: Path) -> Recording:
    """One sidecar, checked: its fields, and that its sound files are there."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SidecarError(N_("not a readable sidecar: %(error)s"), path=path, params={"error": str(exc)}) from exc
    if not isinstance(data, dict):
        raise SidecarError(N_("not a readable sidecar: %(error)s"), path=path, params={"error": "not an object"})
    try:
        recording = Recording(
            message=str(data["message"]),
            lang=str(data["lang"]),
            source=str(data["source"]),
            text=str(data["text"]),
            recorded_by=str(data["recorded_by"]),
            recorded_at=str(data["recorded_at"]),
            duration=float(data["duration"]),
            state=str(data.get("state", "draft")),
            approved_by=str(data.get("approved_by") or ""),
            files={str(k): str(v) for k, v in dict(data["files"]).items()},
            sizes={str(k): int(v) for k, v in dict(data.get("sizes", {})).items()},
            folder=path.parent,
        )
    except KeyError as exc:
        raise SidecarError(N_("missing"), path=path, field=str(exc.args[0])) from exc
    except (TypeError, ValueError) as exc:
        raise SidecarError(N_("not a readable sidecar: %(error)s"), path=path, params={"error": str(exc)}) from exc
    if recording.message != path.stem or not MESSAGE_KEY.match(recording.message):
        raise SidecarError(N_("does not match the file name"), path=path, field="message")
    if recording.lang != path.parent.name:
        raise SidecarError(N_("does not match the folder"), path=path, field="lang")
    if recording.state not in STATES:
        raise SidecarError(N_("must be draft or published"), path=path, field="state")
    for kind in ("opus", "mp3"):
        name = recording.files.get(kind, "")
        match = SOUND_FILE.match(name)
        if not match or match["ext"] != EXTENSIONS[kind] or match["key"] != recording.message:
            raise SidecarError(N_("not a sound file of this recording"), path=path, field=f"files.{kind}")
        if not (path.parent / name).is_file():
            raise SidecarError(N_("the sound file is missing"), path=path, field=f"files.{kind}")
    return recording


def _stamp(folder: Path) -> tuple:
    stamps = []
    for path in sorted(folder.glob("*/*.json")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        stamps.append((path.parent.name, path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@dataclass(frozen=True)
class LessonRecordings:
    """Every readable recording of a lesson: (lang, message) → Recording; and what is broken."""

    recordings: Mapping[tuple[str, str], Recording]
    errors: tuple[SidecarError, ...] = ()

    def get(self, lang: str, message: str) -> Recording | None:
        return self.recordings.get((lang, message))


_cache: LRUCache[str, tuple[tuple, LessonRecordings]] = LRUCache(maxsize=1024)
_lock = threading.Lock()


def load_recordings(lesson_folder: Path) -> LessonRecordings:
    """The lesson's recordings, read again only when a sidecar changed (the same object until then).
    A broken sidecar is logged and left out: the lesson's other recordings still play."""
    folder = Path(lesson_folder) / AUDIO_DIR
    stamp = _stamp(folder) if folder.is_dir() else ()
    with _lock:
        cached = _cache.get(str(folder))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found: dict[tuple[str, str], Recording] = {}
    errors: list[SidecarError] = []
    for lang, name, _mtime, _size in stamp:
        path = folder / lang / name
        try:
            recording = read_sidecar(path)
        except SidecarError as exc:
            log.warning("%s", exc)
            errors.append(exc)
            continue
        found[(recording.lang, recording.message)] = recording
    result = LessonRecordings(found, tuple(errors))
    with _lock:
        _cache[str(folder)] = (stamp, result)
    return result


def status(recording: Recording | None, message: SpokenMessage | None, translation: str | None) -> str:
    """`current`, `recheck` (the message changed since it was recorded) or `missing`.

    A recording read from a translation stays current while that translation does; one spoken
    from the Vietnamese text (a Tày voice with no written Tày) while the Vietnamese text does."""
    if recording is None:
        return MISSING
    if message is None or recording.source != message.source:
        return RECHECK
    if recording.reads_source or recording.text == translation:
        return CURRENT
    return RECHECK


def playable(recording: Recording | None, message: SpokenMessage | None, translation: str | None) -> bool:
    """What learners may hear: current, and published (made or approved by a reviewer of a
    language that needs one)."""
    return (
        recording is not None and recording.state == "published" and status(recording, message, translation) == CURRENT
    )
