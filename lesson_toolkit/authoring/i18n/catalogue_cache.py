"""Catalogues kept in memory between a write and the next read of the same, unchanged file.

A province's lessons catalogue holds some 17,000 messages, and parsing it costs about a second:
saving one translation used to parse it, write it, then parse it twice more (to compile it and
to show it). Here a catalogue written is kept with the file's stamp (modification time, size,
inode), so that:

- the next `read_catalogue` of that file, while it is unchanged, gets the written catalogue
  itself instead of parsing it: the writer handed it over (`write_catalogue(..., keep=True)`)
  and the reader owns it from then on (it is taken out of the cache);
- `compile_catalogue` right after the write compiles the polib file the write was made from,
  instead of parsing the text it just wrote;
- a reader that only looks (`shared_catalogue`) uses the kept catalogue without taking it, under
  a lock that a taker waits for, so that nobody changes it while it is looked at.

Any change to the file by anyone else (an editor, git, another process) changes its stamp, and
the kept objects are then ignored and dropped: the file is parsed as before.

What is kept is bounded by messages, not files: a province's catalogue in memory is some
30–60 MB, and a worker that only serves learners would otherwise keep every language's
catalogue it once read for its translations. The least recently used go first.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cachetools import LRUCache

from lesson_toolkit.authoring.storage import atomic_write

# messages kept, over all files: the catalogue being edited of a province's library (600
# lessons: some 17,000 messages) with the interface's, or many small ones; a larger file is
# not kept (a worker of that library stays near 250 MB with its page caches)
MAX_KEPT_MESSAGES = 30_000


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


@dataclass
class Kept:
    stamp: tuple[int, int, int] | None
    lang: str | None  # the language the catalogue was read for (its Plural-Forms)
    catalog: Any | None  # the Babel catalogue written, when its writer handed it over
    pofile: Any | None  # the polib file the bytes were made from (for compiling)

    def messages(self) -> int:
        return max(len(self.catalog or ()), len(self.pofile or ()), 1)


class CatalogueCache:
    def __init__(self, max_messages: int = MAX_KEPT_MESSAGES) -> None:
        self._kept: LRUCache[Path, Kept] = LRUCache(max_messages, getsizeof=Kept.messages)
        self._lock = threading.RLock()

    def written(self, path: Path, lang: str | None, catalog: Any | None, pofile: Any | None, stamp=None) -> None:
        """Keep what `path` now holds (`stamp`: the file's when it was read; else its stamp now)."""
        item = Kept(stamp or file_stamp(path), lang, catalog, pofile)
        with self._lock:
            self._keep(Path(path), item)

    def compiled(self, path: Path, pofile: Any, stamp) -> None:
        """What the unchanged file compiles to, beside the catalogue kept for it (if any)."""
        with self._lock:
            current = self._kept.get(Path(path))
            if current is not None and current.stamp == stamp:
                current.pofile = pofile
            else:
                current = Kept(stamp, None, None, pofile)
            self._keep(Path(path), current)

    def _keep(self, path: Path, item: Kept) -> None:
        """Keep `item` (again: its size counted anew), unless it is larger than all may be."""
        if item.messages() > self._kept.maxsize:
            self._kept.pop(path, None)  # too large to keep: the next reader parses it
        else:
            self._kept[path] = item

    def _current(self, path: Path) -> Kept | None:
        kept = self._kept.get(Path(path))
        if kept is not None and kept.stamp != file_stamp(path):
            del self._kept[Path(path)]  # the file changed since: what was kept is stale
            return None
        return kept

    def take(self, path: Path, lang: str | None) -> Any | None:
        """The kept catalogue of the unchanged file, now the caller's (None: parse it)."""
        with self._lock:
            kept = self._current(path)
            if kept is None or kept.catalog is None or kept.lang != lang:
                return None
            catalog, kept.catalog = kept.catalog, None
            return catalog

    def take_pofile(self, path: Path) -> Any | None:
        with self._lock:
            kept = self._current(path)
            if kept is None or kept.pofile is None:
                return None
            pofile, kept.pofile = kept.pofile, None
            return pofile

    @contextmanager
    def shared(self, path: Path, lang: str | None) -> Iterator[Any | None]:
        """The kept catalogue, only to look at, while the block runs (None: parse it)."""
        with self._lock:
            kept = self._current(path)
            yield kept.catalog if kept is not None and kept.lang == lang else None

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


kept = CatalogueCache()


class CanonicalFiles:
    """Which catalogue files hold exactly what the toolkit writes (`po_bytes`), by content digest.

    An update keeps the text of the messages that did not change as the file has it, which is
    the text the toolkit would write only if the toolkit wrote the file: a file saved by Poedit or
    by hand is parsed and merged whole, once. Each write records the digest of the bytes written,
    in memory and (given a folder, e.g. the instance's cache) in one small file per catalogue,
    for the next process. A digest names the content, so a stale or foreign record can only fail
    to match: the file is then merged whole, as before.
    """

    def __init__(self, max_kept: int = 64) -> None:
        self._digests: LRUCache[str, str] = LRUCache(max_kept)
        self._lock = threading.Lock()
        self.folder: Path | None = None

    @staticmethod
    def _name(path: Path) -> str:
        return hashlib.sha256(str(Path(path).absolute()).encode()).hexdigest()[:32]

    def written(self, path: Path, data: bytes) -> None:
        digest, name = hashlib.sha256(data).hexdigest(), self._name(path)
        with self._lock:
            self._digests[name] = digest
            folder = self.folder
        if folder is not None:
            with suppress(OSError):  # a cache: without it, the next process merges the file whole
                atomic_write(folder / name, digest.encode(), durable=False)

    def holds(self, path: Path, data: bytes) -> bool:
        """Whether `data` (the file's bytes as read) is what the toolkit last wrote there."""
        name = self._name(path)
        with self._lock:
            known, folder = self._digests.get(name), self.folder
        if known is None and folder is not None:
            try:
                known = (folder / name).read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                return False
        return known == hashlib.sha256(data).hexdigest()


canonical = CanonicalFiles()
