"""The Babel extractor for lessons, named in `babel.cfg`:

    [lessons: **/lesson.md]       (in babel.cfg)

It calls the same segmenter the renderer uses. Catalogues carry no line numbers (they would
churn at every edit), so every message is reported at line 0.

The templates are made with Babel's public extraction API (`extract_from_dir`,
`check_and_call_extract_file`, `Catalog`, `write_po`), with the options of the `pybabel extract`
commands in `babel.cfg`, so that the toolkit and plain pybabel write the same template.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import babel
from babel.messages.catalog import DEFAULT_HEADER, Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, check_and_call_extract_file, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import write_po

from lesson_toolkit import PACKAGE_DIR
from lesson_toolkit.authoring.core.lesson import LessonError, read_lesson
from lesson_toolkit.authoring.core.segmenter import segment
from lesson_toolkit.authoring.core.segments_cache import SegmentsCache
from lesson_toolkit.authoring.i18n.catalogue import pot_path
from lesson_toolkit.authoring.storage import atomic_write

log = logging.getLogger(__name__)

# The code whose interface strings make the `messages` domain (the package, named from the
# folder that holds it, so that locations read `lesson_toolkit/…` in a checkout and installed
# alike), and its babel.cfg, which travels with the package.
PACKAGE = PACKAGE_DIR
PROJECT = PACKAGE.parent
MESSAGE_SOURCES = [PACKAGE.name]
# Where the extractor finds the messages of a lesson version it has seen before (the library's
# cache, in memory and on disk): an update after one edit segments only the edited lesson.
SEGMENTS: ContextVar[SegmentsCache | None] = ContextVar("SEGMENTS", default=None)
# how old the newest input must be for an extraction's record to stand for it (see inputs_stamp)
SETTLED_NS = 2_000_000_000


def extract_lessons(
    fileobj, keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    try:
        lesson = read_lesson(Path(fileobj.name))
    except LessonError as exc:
        # one broken lesson must not stop the extraction of the others
        log.error("%s (skipped)", exc)
        return
    cache = SEGMENTS.get()
    found = cache.get(lesson.version, lambda: segment(lesson)) if cache is not None else segment(lesson)
    for seg in found:
        comments = [seg.comment] if seg.comment else []
        if seg.context:
            yield 0, "pgettext", (seg.context, seg.msgid), comments
        else:
            yield 0, None, seg.msgid, comments


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict]]:
    with (PACKAGE / "babel.cfg").open(encoding="utf-8") as handle:
        return parse_mapping_cfg(handle, filename=str(PACKAGE / "babel.cfg"))


def extract_template(cwd: Path, inputs: list[str], keywords: Sequence[str] = ()) -> bytes:
    """What `pybabel extract -F babel.cfg --no-wrap --add-location file --sort-by-file` run in
    `cwd` writes, made with Babel's public extraction API (no CLI, no change of directory)."""
    method_map, options_map = _mapping()
    all_keywords = {**DEFAULT_KEYWORDS, **parse_keywords(list(keywords))}
    catalog = Catalog(project="lesson-toolkit", version="1", header_comment=DEFAULT_HEADER, charset="utf-8")
    for name in inputs:
        path = cwd / name
        extracted: Iterable[tuple]
        if path.is_file():
            extracted = check_and_call_extract_file(
                path, method_map, options_map, None, all_keywords, (), False, dirpath=cwd
            )
        else:
            extracted = (
                (os.path.normpath(os.path.join(name, filename)), *rest)
                for filename, *rest in extract_from_dir(
                    path, method_map, options_map, keywords=all_keywords, comment_tags=(), strip_comment_tags=False
                )
            )
        for filepath, lineno, message, comments, context in extracted:
            catalog.add(message, None, [(filepath, lineno)], auto_comments=comments, context=context)
    buffer = io.BytesIO()
    # width=None: no wrapping, as `--no-wrap` asks (Babel's stubs say int, its code takes None)
    write_po(buffer, catalog, width=None, include_lineno=False, sort_by_file=True)  # type: ignore[arg-type]
    return buffer.getvalue()


def extract_templates(
    lessons_dir: Path,
    locales_dir: Path,
    domains=("messages", "lessons"),
    segments: SegmentsCache | None = None,
    records: Path | None = None,
) -> list[Path]:
    """Write `messages.pot` and/or `lessons.pot`, leaving a file untouched when only its date
    would change. `segments`: lessons' messages found before, by lesson version. `records`: a
    folder where each extraction notes what it read (see `inputs_stamp`), so that a domain
    whose inputs and template are as the last extraction left them is not extracted again."""
    token = SEGMENTS.set(segments)
    try:
        return _extract_templates(lessons_dir, locales_dir, domains, records)
    finally:
        SEGMENTS.reset(token)


def _extract_templates(lessons_dir: Path, locales_dir: Path, domains, records: Path | None) -> list[Path]:
    written = []
    jobs = [
        ("messages", PROJECT, [p for p in MESSAGE_SOURCES if (PROJECT / p).exists()], ["N_"]),
        ("lessons", lessons_dir.parent, [lessons_dir.name], []),
    ]
    for domain, cwd, inputs, keywords in jobs:
        if domain not in domains:
            continue
        target = pot_path(locales_dir, domain)
        stamp = inputs_stamp(cwd, inputs, keywords) if records is not None else None
        record = records / f"{domain}.pot.stamp" if records is not None else None
        if record is not None and stamp is not None and _recorded(record) == (stamp, _digest(target)):
            continue  # nothing it reads changed since it wrote this template
        new = extract_template(cwd, inputs, keywords)
        if not target.exists() or _without_date(target.read_bytes()) != _without_date(new):
            atomic_write(target, new)
            written.append(target)
        if record is not None:
            with suppress(OSError):  # a cache: without it, the next update extracts again
                if stamp is None:
                    record.unlink(missing_ok=True)
                else:
                    atomic_write(record, f"{stamp} {_digest(target)}".encode(), durable=False)
    return written


def inputs_stamp(cwd: Path, inputs: list[str], keywords: Sequence[str]) -> str | None:
    """A digest of what an extraction reads: every file under the inputs (name, size and
    modification time) and the toolkit's own code (its extractor, segmenter and babel.cfg, as
    files under the package), with Babel's version and the keywords. None while a file was
    modified in the last seconds: a change within the clock's step would keep its stamp (as
    git treats a file as changed when it is as new as its index)."""
    digest = hashlib.sha256(f"{babel.__version__} {sorted(keywords)} {sorted(inputs)}".encode())
    settled = time.time_ns() - SETTLED_NS
    newest = 0
    for root in sorted({PACKAGE, *(cwd / name for name in inputs)}):
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__" and not name.startswith("."))
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    digest.update(f"{path}\0-\n".encode())  # a broken link: the extraction reports it
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
                newest = max(newest, stat.st_mtime_ns, stat.st_ctime_ns)
    return digest.hexdigest() if newest < settled else None


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _recorded(record: Path) -> tuple[str, str] | None:
    try:
        stamp, _, pot = record.read_text(encoding="ascii").strip().partition(" ")
    except (OSError, UnicodeDecodeError):
        return None
    return stamp, pot


def _without_date(pot: bytes) -> bytes:
    return b"\n".join(line for line in pot.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))
