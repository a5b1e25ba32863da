"""Responsive pictures for phones: the smallest encoding first, a fallback every browser reads.

A picture URL names the lesson, the source file, the hash of its bytes, the width and the
format (`/pictures/<slug>/step-1.png/<hash>-328.webp`), so it never changes meaning and can
be cached for a year. Which formats a picture gets and how each is encoded follows from its
pixels (`authoring.pictures.choice`); Pillow makes each file once
(`authoring.pictures.variants.prepared`). The page lists, per width, the smallest file: a
`<source>` only where a modern format beats the PNG/JPEG fallback of the `<img>`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import PIL
from cachetools import LRUCache

from lesson_toolkit.authoring.pictures import choice, variants
from lesson_toolkit.authoring.pictures.choice import DRAWING, MIME, PHOTO, Kind, first_choices, kind_of
from lesson_toolkit.authoring.pictures.variants import PictureError, content_hash, open_picture, prepared
from lesson_toolkit.authoring.storage import atomic_write, code_version

log = logging.getLogger(__name__)

# A step picture sits in the steps list, under its step's words but out to the left edge of the
# column (over the step number's 3rem): the screen less the page's margins (1rem each side), at
# most 38rem (608 px) in a 40rem column. So a 360-px phone shows it 328 CSS px wide: 328 pixels
# on a 1× screen, 656 on a 2× one; 720 (the bundled drawings' own width) serves 3× phones and
# desktops.
LESSON_WIDTHS = (328, 656, 720)
LESSON_SIZES = "(max-width: 40rem) calc(100vw - 2rem), 38rem"
# The index's thumbnails are 5rem (80 CSS px) wide.
THUMB_WIDTHS = (80, 160)
THUMB_SIZES = "5rem"
WIDTHS = frozenset(LESSON_WIDTHS + THUMB_WIDTHS)
# widths that pages before the choice by size named: sent on to the nearest current width
FORMER_WIDTHS = {360: 328, 280: 328, 560: 656, 320: 160}
VARIANT_FILE = re.compile(r"^(?P<digest>[0-9a-f]{20})-(?P<width>\d{2,4})\.(?P<ext>avif|webp|jpg|png)$")


@dataclass(frozen=True)
class Source:
    """What the page needs to know about a source picture, without re-reading it."""

    digest: str
    width: int
    height: int
    kind: Kind

    @property
    def fallback(self) -> str:
        return self.kind.fallback


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int


@dataclass(frozen=True)
class ResponsivePicture:
    """A picture's files: `<source>` lists (type, candidates), most compact first, then the
    fallback's (also `src`, the smallest, for browsers without `srcset`)."""

    sources: tuple[tuple[str, tuple[Candidate, ...]], ...]
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
# (digest, width, format) → bytes: encodings are deterministic, so a size measured once holds
# for every instance folder in this process
_sizes: LRUCache[tuple[str, int, str], int] = LRUCache(maxsize=SOURCES_CACHED * 8)
# the same bytes under several names (a picture shared by lessons): described once
_by_digest: LRUCache[str, Source] = LRUCache(maxsize=SOURCES_CACHED)
_lock = threading.Lock()  # request threads share the caches


def describe(path: Path, cache_dir: Path | None = None) -> Source:
    """Hash, size and kind of a source picture, remembered while the file is unchanged, and
    by its bytes' hash (in memory, and on disk under `cache_dir`, see `SourcesOnDisk`)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _sources.get(key)
    if cached:
        return cached
    data = path.read_bytes()
    digest = content_hash(data)
    with _lock:
        source = _by_digest.get(digest)
    if source is None:
        on_disk = SourcesOnDisk(cache_dir) if cache_dir is not None else None
        source = on_disk.read(digest) if on_disk is not None else None
        if source is None:
            image = open_picture(data, str(path))
            source = Source(digest, image.width, image.height, kind_of(image))
            if on_disk is not None:
                on_disk.write(source)
    with _lock:
        _sources[key] = _by_digest[digest] = source
    return source


class SourcesOnDisk:
    """What the pixels said of each picture, by its bytes' hash, for the next process.

    Telling a drawing from a photo decodes the whole picture and counts its colours: some
    milliseconds for a step picture, far more for a phone photo, for every picture of every
    lesson that a search index or an export renders, in every new process (an export's workers,
    a restarted worker, the CLI). One small file per picture, under a folder named after the
    code that decides it, so that changed code never reads what older code found; a file that
    does not read as a description is ignored (the picture is decoded again).
    """

    # what decides a picture's size and kind: the code that opens and classifies it, and Pillow
    VERSION = code_version(PIL.__version__, choice, variants)

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / "sources" / self.VERSION

    def read(self, digest: str) -> Source | None:
        try:
            data = json.loads((self.folder / f"{digest}.json").read_bytes())
            width, height, kind, alpha = data["width"], data["height"], data["kind"], data["alpha"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
            return None
        if kind not in (DRAWING, PHOTO) or not isinstance(alpha, bool):
            return None
        return Source(digest, width, height, Kind(kind, alpha))

    def write(self, source: Source) -> None:
        data = {"width": source.width, "height": source.height, "kind": source.kind.kind, "alpha": source.kind.alpha}
        with suppress(OSError):  # a cache: without it, the next process decodes the picture again
            atomic_write(self.folder / f"{source.digest}.json", json.dumps(data).encode(), durable=False)


def file_size(path: Path, source: Source, ext: str, width: int, cache_dir: Path) -> int:
    """Bytes of the picture's file in `ext` at `width`, encoded (and kept) if not known yet."""
    key = (source.digest, width, ext)
    with _lock:
        known = _sizes.get(key)
    if known is None:
        known = prepared(path, source.kind.variant(ext, width), cache_dir, source.digest).stat().st_size
        with _lock:
            _sizes[key] = known
    return known


def responsive(
    source: Source, widths: tuple[int, ...], url: Callable[[str], str], size: Callable[[str, int], int]
) -> ResponsivePicture:
    """Files at each width the picture has (never upscaled). `url(file)` builds a URL,
    `size(ext, width)` tells a file's bytes."""
    actual: dict[int, int] = {}  # width shown → width asked for (the name of the file)
    for width in widths:
        actual.setdefault(min(width, source.width), width)
    sizes = {shown: {ext: size(ext, asked) for ext in source.kind.formats} for shown, asked in actual.items()}

    def candidates(ext_at: dict[int, str]) -> tuple[Candidate, ...]:
        shown = sorted(actual)
        return tuple(Candidate(url(f"{source.digest}-{actual[w]}.{ext_at[w]}"), w) for w in shown)

    sources = tuple((MIME[ext], candidates(ext_at)) for ext, ext_at in first_choices(sizes, source.kind))
    fallback = candidates({w: source.fallback for w in actual})
    largest = max(actual)
    height = round(source.height * largest / source.width)
    return ResponsivePicture(sources, fallback, largest, height)


def safe_describe(path: Path, cache_dir: Path | None = None) -> Source | None:
    """None (and a log line) for a missing or unreadable picture: the page still renders."""
    try:
        return describe(path, cache_dir)
    except (OSError, PictureError) as exc:
        log.warning("picture %s not usable: %s", path, exc)
        return None
