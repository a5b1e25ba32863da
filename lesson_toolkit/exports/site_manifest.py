"""What a static pack was made from, so that the next export into it redoes only what changed.

The manifest (`.export-manifest.json` in the pack) records, besides every file and the site
path it was fetched at:

- `inputs`: a digest of everything every page depends on (the toolkit's code, templates and
  assets, the catalogues and the language registry, the installed libraries, the app's settings
  and the export's options), and a digest per lesson of its folder (`lesson.md`, pictures,
  recordings and their sidecar: each file's name, size and modification time), under a name
  keyed by the app's secret: the pack goes to every phone, and must not name the lessons it
  does not hold (drafts, lessons taken down);
- per file its size and the site paths it leads to, so that files kept are followed without
  being fetched again.

The next export compares: when the common digest differs, everything is fetched again (pictures
and recordings, named by their content, are still copied from the pack rather than encoded).
When only some lessons' digests differ (edited, added, removed), it fetches again those lessons'
pages and every page that is not one lesson's (the indexes, topics, search and its offline index,
which list every lesson), and keeps the other lessons' pages as they are: a lesson page is made
from its own lesson and the common inputs only. A file missing from the pack or of another size
is fetched again too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from flask import Flask

FORMAT = 2
PACKAGE = Path(__file__).resolve().parent.parent  # lesson_toolkit/: code, templates, assets
# a page made from one lesson (and the common inputs): its page, handout and pictures' pages
OF_LESSON = re.compile(r"/[a-z]{2,3}(?:_[A-Z]{2})?/lessons/(?P<slug>[a-z0-9-]+)(?:\.pdf|/.*)?")
SETTINGS = (str, int, float, bool, type(None))
SECRET = re.compile(r"SECRET|PASSWORD|TOKEN")  # no page shows them; a key made at start must not void the pack


@dataclass
class Manifest:
    inputs: dict = field(default_factory=dict)
    # site path → {"file", "size", "links"}
    pages: dict[str, dict] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # what the previous export wrote (to remove)


def read_manifest(path: Path) -> Manifest | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_bytes())
    except ValueError:
        return None
    if isinstance(data, list):  # an older pack's: only the file names
        return Manifest(files=set(data))
    if data.get("format") != FORMAT:
        return Manifest(files=set(data.get("files", [])))
    return Manifest(data["inputs"], data["pages"], set(data["files"]))


def manifest_bytes(inputs: dict, pages: dict[str, dict], files: list[str]) -> bytes:
    data = {"format": FORMAT, "inputs": inputs, "files": sorted(files), "pages": pages}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _stamps(folder: Path, skip: tuple[str, ...] = ()) -> list[tuple[str, int, int]]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if any(part in skip for part in path.parts) or not path.is_file():
            continue
        stat = path.stat()
        found.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return found


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=repr).encode()).hexdigest()[:32]


def lesson_key(app: Flask) -> Callable[[str], str]:
    """A lesson folder's name in the manifest (without a secret key, a new one per export: the
    lessons' pages are then all fetched again, never named)."""
    secret = str(app.config.get("SECRET_KEY") or "").encode() or secrets.token_bytes(32)
    return lambda slug: hmac.new(secret, slug.encode(), "sha256").hexdigest()[:32]


def inputs_of(app: Flask, langs: list[str], with_pdfs: bool) -> dict:
    """The common digest and one per lesson folder (see the module's docstring)."""
    lessons_dir = Path(app.config["LESSONS_DIR"])
    settings = sorted(
        (key, value) for key, value in app.config.items() if isinstance(value, SETTINGS) and not SECRET.search(key)
    )
    libraries = sorted((dist.metadata["Name"] or "", dist.version) for dist in metadata.distributions())
    top = sorted(path.name for path in lessons_dir.iterdir() if not path.is_dir()) if lessons_dir.is_dir() else []
    common = {
        "options": [list(langs), with_pdfs],
        "settings": settings,
        "python": sys.version,
        "libraries": libraries,
        "code": _stamps(PACKAGE, skip=("__pycache__",)),
        "locales": _stamps(Path(app.config["LOCALES_DIR"])),
        "lessons_dir": [(name, *_stamp_of(lessons_dir / name)) for name in top],
    }
    key = lesson_key(app)
    lessons = {
        key(path.name): _digest(_stamps(path))
        for path in sorted(lessons_dir.iterdir() if lessons_dir.is_dir() else [])
        if path.is_dir()
    }
    return {"common": _digest(common), "lessons": lessons}


def _stamp_of(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def reusable(
    previous: Manifest | None, inputs: dict, out: Path, key: Callable[[str], str]
) -> dict[str, tuple[str, ...]]:
    """The previous pack's files that are still right, by site path, with their links (`key`:
    `lesson_key`, as `inputs` were made)."""
    if previous is None or previous.inputs.get("common") != inputs["common"]:
        return {}
    before, now = previous.inputs.get("lessons", {}), inputs["lessons"]
    changed = {slug for slug in before.keys() | now.keys() if before.get(slug) != now.get(slug)}
    kept = {}
    for url, record in previous.pages.items():
        match = OF_LESSON.fullmatch(url.partition("?")[0])
        if changed and (match is None or key(match["slug"]) in changed) and not immutable(url):
            continue  # a page that lists lessons, or one of a changed lesson
        path = out / record["file"]
        try:
            if path.stat().st_size != record["size"]:
                continue
        except FileNotFoundError:
            continue
        kept[url] = tuple(record["links"])
    return kept


def immutable(url: str) -> bool:
    from lesson_toolkit.exports.site import IMMUTABLE

    return IMMUTABLE.fullmatch(url) is not None
