"""Finished PDFs on disk, named by the hash of everything that went into them.

A file is `<name>--<key>.pdf`: `name` says what it is (lesson, language, options) and `key` is
the content hash of its HTML, pictures and renderer. Storing a new version of a name removes
the older ones, so the cache holds one PDF per handout and an edited lesson replaces only its
own files.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lesson_toolkit.authoring.storage import atomic_write

NAME = re.compile(r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$")  # a language may be `pt_BR`
KEY = re.compile(r"^[0-9a-f]{16,64}$")


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, name: str, key: str) -> Path:
        if not NAME.match(name) or not KEY.match(key):
            raise ValueError(f"not a cache name and key: {name!r}, {key!r}")
        return self.folder / f"{name}--{key}.pdf"

    def get(self, name: str, key: str) -> Path | None:
        path = self.path(name, key)
        return path if path.is_file() else None

    def put(self, name: str, key: str, data: bytes) -> Path:
        """Store atomically (readers never see half a file), then drop older versions of `name`."""
        path = self.path(name, key)
        atomic_write(path, data)
        for old in self.folder.glob(f"{name}--*.pdf"):
            if old != path and KEY.match(old.name.removeprefix(f"{name}--").removesuffix(".pdf")):
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
