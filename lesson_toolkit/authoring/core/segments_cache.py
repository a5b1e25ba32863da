"""Each lesson version's messages, remembered in memory and (given a folder) on disk.

Finding a lesson's messages parses its Markdown (a few milliseconds); the index of a library of
hundreds of lessons needs every lesson's, to say how much of each is in the page language. On
disk, a new process (a restarted worker, a CLI export) reads them instead: one small JSON file
per lesson version, under a folder named after the segmenter's own code, so that a changed
segmenter never reads what an older one found.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import markdown
from cachetools import LRUCache

from lesson_toolkit.authoring.core import markup, segmenter
from lesson_toolkit.authoring.core.segmenter import Segment
from lesson_toolkit.authoring.storage import atomic_write, code_version

log = logging.getLogger(__name__)


# what decides the segments: the segmenter's and the markup rules' code, and Markdown's version
SEGMENTER_VERSION = code_version(markdown.__version__, segmenter, markup)


class SegmentsCache:
    def __init__(self, folder: Path | None, size: int) -> None:
        self.folder = folder / "segments" / SEGMENTER_VERSION if folder is not None else None
        self._memory: LRUCache[str, tuple[Segment, ...]] = LRUCache(size)
        self._lock = threading.Lock()

    def get(self, version: str, find: Callable[[], list[Segment]]) -> tuple[Segment, ...]:
        with self._lock:
            found = self._memory.get(version)
        if found is not None:
            return found
        found = self._read(version)
        if found is None:
            found = tuple(find())
            self._write(version, found)
        with self._lock:
            self._memory[version] = found
        return found

    def _path(self, version: str) -> Path | None:
        if self.folder is None or not version.isalnum():
            return None
        return self.folder / f"{version}.json"

    def _read(self, version: str) -> tuple[Segment, ...] | None:
        path = self._path(version)
        if path is None:
            return None
        try:
            rows = json.loads(path.read_bytes())
            return tuple(Segment(msgid, context, comment) for msgid, context, comment in rows)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:  # a damaged cache file: found again
            log.warning("%s: not usable (%s); the lesson's messages are found again", path, exc)
            return None

    def _write(self, version: str, found: tuple[Segment, ...]) -> None:
        path = self._path(version)
        if path is None:
            return
        rows = [[each.msgid, each.context, each.comment] for each in found]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(rows, ensure_ascii=False).encode("utf-8"), durable=False)
        except OSError as exc:  # a read-only instance folder: the memory copy serves this process
            log.warning("%s: cannot be written (%s)", path, exc)
