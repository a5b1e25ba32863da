"""Recordings on the learners' pages: which voice each message gets, the players in the page,
and the sound files themselves under `/audio/…`.

A message gets the first voice along the page language's chain that learners may hear (a Tày
page: the Tày voice, else the Vietnamese one). A Tày or Dao voice may stand where no written
translation exists: the page then shows the Vietnamese text with the Tày voice button, and says
so. Players never preload; without JavaScript the browser's own `<audio controls>` plays, and
`app.js` turns each into one large play/pause button with a slower speed.

Sound files are named by the hash of their content, so they are cached for a year; Werkzeug's
`send_file` answers range requests (206), which iOS Safari needs to play at all.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import LRUCache
from flask import abort, send_file, url_for

from lesson_toolkit.authoring.audio.sidecar import KINDS, MIME, SOUND_FILE, load_recordings
from lesson_toolkit.authoring.audio.voices import Voice, voices
from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.extensions import toolkit
from lesson_toolkit.viewer.blueprint import bp

YEAR = 365 * 24 * 3600
STEP = re.compile(r'<li\b[^>]*\bid="step-(\d+)"[^>]*>')
BOX = re.compile(r'<div class="admonition\b(?P<classes>[^"]*)">')
BOX_KINDS = ("tip", "note", "warning", "danger", "important", "hint", "caution", "attention")


@dataclass(frozen=True)
class Player:
    """One message's voice on the page."""

    key: str
    lang: str  # the voice's language
    opus: str
    mp3: str
    kilobytes: int  # of the Opus file (WebM), which nearly every phone plays
    spoken_only: bool  # a voice in a language whose text the page does not show


@dataclass(frozen=True)
class PageVoices:
    players: dict[str, Player]

    def __bool__(self) -> bool:
        return bool(self.players)

    @property
    def spoken_only(self) -> list[str]:
        """Languages heard on the page whose text is not there (the text is Vietnamese)."""
        return sorted({p.lang for p in self.players.values() if p.spoken_only})


_pages: LRUCache[tuple, PageVoices] = LRUCache(maxsize=2048)
_lock = threading.Lock()


def _chain_voices(lesson: Lesson, lang: str) -> list[tuple[str, list[Voice]]]:
    library, registry = toolkit.library, toolkit.registry
    found = []
    for code in registry[lang].chain:
        table = {} if code == registry.source else library.translations(registry[code]).table
        found.append((code, voices(lesson, code, registry.source, table)))
    return found


def page_voices(lesson: Lesson, lang: str) -> PageVoices:
    """The players of a lesson page; the same object while nothing it depends on changed (the
    page cache compares its sources by identity)."""
    registry, library = toolkit.registry, toolkit.library
    tables = tuple(
        id(library.translations(registry[code]).table) for code in registry[lang].chain if code != registry.source
    )
    recordings = load_recordings(lesson.folder)
    key = (lesson.slug, lang, lesson.version, id(recordings), tables)
    with _lock:
        cached = _pages.get(key)
    if cached is not None:
        return cached
    players: dict[str, Player] = {}
    # most lessons have no recordings: nothing to play, and no need to find the lesson's messages
    for code, found in _chain_voices(lesson, lang) if recordings.recordings else ():
        for voice in found:
            if voice.playable and voice.message.key not in players and voice.recording:
                recording = voice.recording
                players[voice.message.key] = Player(
                    key=voice.message.key,
                    lang=code,
                    opus=audio_url(lesson, code, recording.files["opus"]),
                    mp3=audio_url(lesson, code, recording.files["mp3"]),
                    kilobytes=max(1, round(recording.sizes.get("opus", 0) / 1000)),
                    spoken_only=code != registry.source and voice.translation is None,
                )
    result = PageVoices(players)
    with _lock:
        _pages[key] = result
    return result


def audio_url(lesson: Lesson, lang: str, name: str) -> str:
    return url_for("viewer.audio", slug=lesson.slug, voice=lang, name=name)


def with_players(html: str, voices: PageVoices, player: Callable[[Player], str]) -> str:
    """The rendered lesson with each step's and box's player at its start."""
    if not voices:
        return html

    def step(match: re.Match[str]) -> str:
        found = voices.players.get(f"step-{match[1]}")
        return match[0] + player(found) if found else match[0]

    counts: dict[str, int] = {}

    def box(match: re.Match[str]) -> str:
        kind = next((k for k in match["classes"].split() if k in BOX_KINDS), "note")
        counts[kind] = counts.get(kind, 0) + 1
        found = voices.players.get(f"{kind}-{counts[kind]}")
        return match[0] + player(found) if found else match[0]

    return BOX.sub(box, STEP.sub(step, html))


@bp.route("/audio/<slug>/<voice>/<name>")
def audio(slug: str, voice: str, name: str):
    """A published recording's sound file (drafts are heard in the workspace only)."""
    lesson = toolkit.lesson_or_404(slug)
    match = SOUND_FILE.match(name)
    if voice not in toolkit.registry or not match:
        abort(404)
    recording, kind = load_recordings(lesson.folder).get(voice, match["key"]), KINDS[match["ext"]]
    if recording is None or recording.state != "published" or recording.files.get(kind) != name:
        abort(404)
    response = send_file(recording.path(kind), mimetype=MIME[match["ext"]], max_age=YEAR, conditional=True, etag=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
