"""The learners' face's own per-app state: one object in `app.extensions["viewer"]`.

Every cache here is bounded: a site with many lessons, languages and browsers keeps the most
recently used entries, never all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cachetools import LRUCache, TTLCache
from flask import current_app

from lesson_toolkit.viewer.pages import TOKEN_PERIOD, PageCache

# Bytes of picture files kept in memory (each a few KB to some 100 KB): every picture of a
# few hundred lessons at the widths phones ask for most.
PICTURE_BYTES = 24 * 1024 * 1024


@dataclass(frozen=True)
class ServedFile:
    """A picture file as it was last found allowed, and when: sent again from memory, without
    looking at the lesson, the source or the disk, until `recheck` seconds have passed."""

    path: Path
    data: bytes
    mimetype: str
    etag: str
    checked: float


@dataclass
class ViewerState:
    pages: PageCache
    # search result pages, apart from `pages` so that many different queries never push the
    # lessons out; the words asked are held in memory only, like the pages, never written
    results: PageCache
    # the offline search index's scripts (its entry and parts, per language), apart too
    offline: PageCache
    # signed form tokens per browser session, each reused within its period
    form_tokens: TTLCache = field(default_factory=lambda: TTLCache(maxsize=10_000, ttl=TOKEN_PERIOD))
    # asset name → (modification time, content hash)
    assets: dict[str, tuple[int, str]] = field(default_factory=dict)
    # (slug, lang) → search document folded from a rendered lesson
    search: LRUCache = field(default_factory=lambda: LRUCache(maxsize=8_192))
    # picture URL → the file it serves (bounded by bytes)
    pictures: LRUCache = field(
        default_factory=lambda: LRUCache(maxsize=PICTURE_BYTES, getsizeof=lambda served: len(served.data))
    )
    recheck: float = 1.0  # how long a picture file is sent without looking again
    # (lang, link suffix) → (its sources, the offline index built from them)
    offline_built: LRUCache = field(default_factory=lambda: LRUCache(maxsize=16))


def viewer_state() -> ViewerState:
    return current_app.extensions["viewer"]
