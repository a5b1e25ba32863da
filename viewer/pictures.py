"""Responsive pictures for phones: WebP variants with a JPEG/PNG fallback, by content hash.

A picture URL names the lesson, the source file, the hash of its bytes, the width and the
format (`/pictures/<slug>/step-1.png/<hash>-360.webp`), so it never changes meaning and can
be cached for a year. Pillow makes each variant once (`authoring.pictures.variants.prepared`).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache

from authoring.pictures.variants import PictureError, Variant, content_hash, open_picture

log = logging.getLogger(__name__)

LESSON_WIDTHS = (360, 720)
THUMB_WIDTHS = (160, 320)
WIDTHS = frozenset(LESSON_WIDTHS + THUMB_WIDTHS)
# A step picture fills the column: the whole screen on a phone, at most 40rem (640 px) wide.
LESSON_SIZES = "(max-width: 42rem) 100vw, 40rem"
THUMB_SIZES = "5rem"
VARIANT_FILE = re.compile(r"^(?P<digest>[0-9a-f]{20})-(?P<width>\d{2,4})\.(?P<ext>webp|jpg|png)$")
EXTENSIONS = {"webp": "webp", "jpg": "jpeg", "png": "png"}


@dataclass(frozen=True)
class Source:
    """What the page needs to know about a source picture, without re-reading it."""

    digest: str
    width: int
    height: int
    fallback: str  # "jpg" for photos without transparency, else "png"


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int


@dataclass(frozen=True)
class ResponsivePicture:
    """A picture's variants: WebP first, then the fallback format (also `src`)."""

    webp: tuple[Candidate, ...]
    fallback: tuple[Candidate, ...]
    width: int
    height: int

    @property
    def src(self) -> str:
        return self.fallback[0].url

    @staticmethod
    def srcset(candidates: tuple[Candidate, ...]) -> str:
        return ", ".join(f"{c.url} {c.width}w" for c in candidates)


# Keyed by path and modification: an edited picture is a new entry, so the cache is bounded
# (a few hundred pictures in the library; each entry is a few dozen bytes).
SOURCES_CACHED = 4096
_sources: LRUCache[tuple, Source] = LRUCache(maxsize=SOURCES_CACHED)
_lock = threading.Lock()  # request threads share the cache


def describe(path: Path) -> Source:
    """Hash and size of a source picture, remembered while the file is unchanged."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _sources.get(key)
    if cached:
        return cached
    data = path.read_bytes()
    image = open_picture(data, str(path))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    fallback = "jpg" if path.suffix.lower() in (".jpg", ".jpeg") and not has_alpha else "png"
    source = Source(content_hash(data), image.width, image.height, fallback)
    with _lock:
        _sources[key] = source
    return source


def variant_for(ext: str, width: int) -> Variant:
    return Variant(width=width, format=EXTENSIONS[ext])


def responsive(source: Source, widths: tuple[int, ...], url) -> ResponsivePicture:
    """Candidates at each width the picture has (never upscaled). `url(file)` builds a URL."""
    actual: dict[int, int] = {}
    for width in widths:
        actual.setdefault(min(width, source.width), width)
    candidates = {
        ext: tuple(Candidate(url(f"{source.digest}-{asked}.{ext}"), shown) for shown, asked in sorted(actual.items()))
        for ext in ("webp", source.fallback)
    }
    largest = max(actual)
    height = round(source.height * largest / source.width)
    return ResponsivePicture(candidates["webp"], candidates[source.fallback], largest, height)


def safe_describe(path: Path) -> Source | None:
    """None (and a log line) for a missing or unreadable picture: the page still renders."""
    try:
        return describe(path)
    except (OSError, PictureError) as exc:
        log.warning("picture %s not usable: %s", path, exc)
        return None
