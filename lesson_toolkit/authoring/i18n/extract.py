"""The Babel extractor for lessons, named in `babel.cfg`:

    [lessons: **/lesson.md]       (in babel.cfg)

It calls the same segmenter the renderer uses. Catalogues carry no line numbers (they would
churn at every edit), so every message is reported at line 0.

The templates are made with Babel's public extraction API (`extract_from_dir`,
`check_and_call_extract_file`, `Catalog`, `write_po`), with the options of the `pybabel extract`
commands in `babel.cfg`, so that the toolkit and plain pybabel write the same template.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

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
    lessons_dir: Path, locales_dir: Path, domains=("messages", "lessons"), segments: SegmentsCache | None = None
) -> list[Path]:
    """Write `messages.pot` and/or `lessons.pot`, leaving a file untouched when only its date
    would change. `segments`: lessons' messages found before, by lesson version."""
    token = SEGMENTS.set(segments)
    try:
        return _extract_templates(lessons_dir, locales_dir, domains)
    finally:
        SEGMENTS.reset(token)


def _extract_templates(lessons_dir: Path, locales_dir: Path, domains) -> list[Path]:
    written = []
    jobs = [
        ("messages", PROJECT, [p for p in MESSAGE_SOURCES if (PROJECT / p).exists()], ["N_"]),
        ("lessons", lessons_dir.parent, [lessons_dir.name], []),
    ]
    for domain, cwd, inputs, keywords in jobs:
        if domain not in domains:
            continue
        target = pot_path(locales_dir, domain)
        new = extract_template(cwd, inputs, keywords)
        if not target.exists() or _without_date(target.read_bytes()) != _without_date(new):
            atomic_write(target, new)
            written.append(target)
    return written


def _without_date(pot: bytes) -> bytes:
    return b"\n".join(line for line in pot.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))
