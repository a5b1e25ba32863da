"""Finished PDFs on disk, named by the hash of everything that went into them.

A file is `<name>--<key>.pdf`: `name` says what it is (lesson, language, options) and `key` is
the content hash of its HTML, pictures and renderer. Storing a new version of a name removes
the older ones, so the cache holds one PDF per handout and an edited lesson replaces only its
own files.

Beside each PDF, `<name>--<key>.sha256` holds the hash of its bytes, written after it: a PDF
whose bytes do not match (cut short, damaged on disk, or without its hash because the process
stopped in between) is not served but made again. So the cache needs no fsync: whatever a
power cut leaves half-written is found out at the next read.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from lesson_toolkit.authoring.storage import atomic_write

log = logging.getLogger(__name__)

NAME = re.compile(r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$")  # a language may be `pt_BR`
KEY = re.compile(r"^[0-9a-f]{16,64}$")


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, name: str, key: str) -> Path:
        if not NAME.match(name) or not KEY.match(key):
            raise ValueError(f"not a cache name and key: {name!r}, {key!r}")
        return self.folder / f"{name}--{key}.pdf"

    def get(self, name: str, key: str) -> Path | None:
        """The stored PDF, if it is there whole: its bytes match the hash stored beside it."""
        path = self.path(name, key)
        try:
            data, expected = path.read_bytes(), path.with_suffix(".sha256").read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if bytes_hash(data) != expected:
            log.warning("%s: damaged or incomplete in the cache, made again", path)
            return None
        return path

    def put(self, name: str, key: str, data: bytes) -> Path:
        """Store atomically (readers never see half a file), then drop older versions of `name`."""
        path = self.path(name, key)
        atomic_write(path, data, durable=False)
        atomic_write(path.with_suffix(".sha256"), bytes_hash(data).encode("ascii"), durable=False)
        for old in self.folder.glob(f"{name}--*.pdf"):
            if old != path and KEY.match(old.name.removeprefix(f"{name}--").removesuffix(".pdf")):
                old.with_suffix(".sha256").unlink(missing_ok=True)
                old.unlink(missing_ok=True)
        return path


def content_key(*parts: str | bytes) -> str:
    """A hash of the parts, each length-prefixed so that no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:32]
