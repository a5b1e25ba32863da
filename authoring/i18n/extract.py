"""The Babel extractor for lessons, named in `babel.cfg`:

    [lessons: **/lesson.md]       (in babel.cfg)

It calls the same segmenter the renderer uses. Catalogues carry no line numbers (they would
churn at every edit), so every message is reported at line 0.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from authoring.core.lesson import LessonError, read_lesson
from authoring.core.segmenter import segment
from authoring.i18n.catalogue import pot_path
from authoring.storage import atomic_write

log = logging.getLogger(__name__)

# The code whose interface strings make the `messages` domain, and its babel.cfg.
PROJECT = Path(__file__).resolve().parents[2]
MESSAGE_SOURCES = ["app.py", "extensions.py", "authoring", "exports", "viewer", "templates"]


def extract_lessons(
    fileobj, keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    try:
        lesson = read_lesson(Path(fileobj.name))
    except LessonError as exc:
        # one broken lesson must not stop the extraction of the others
        log.error("%s (skipped)", exc)
        return
    for seg in segment(lesson):
        comments = [seg.comment] if seg.comment else []
        if seg.context:
            yield 0, "pgettext", (seg.context, seg.msgid), comments
        else:
            yield 0, None, seg.msgid, comments


def run_pybabel_extract(cwd: Path, output: Path, inputs: list[str], keywords: list[str] = ()) -> None:
    """Run `pybabel extract` itself, so that the toolkit and plain pybabel agree to the byte."""
    from babel.messages.frontend import CommandLineInterface

    args = [
        "pybabel",
        "-q",
        "extract",
        "-F",
        str(PROJECT / "babel.cfg"),
        "--no-wrap",
        "--add-location",
        "file",
        "--sort-by-file",
        "--project",
        "lesson-toolkit",
        "--version",
        "1",
        *[f"-k{k}" for k in keywords],
        "-o",
        str(output),
        *inputs,
    ]
    with contextlib.chdir(cwd):
        CommandLineInterface().run(args)


def extract_templates(lessons_dir: Path, locales_dir: Path, domains=("messages", "lessons")) -> list[Path]:
    """Write `messages.pot` and/or `lessons.pot`, leaving a file untouched when only its date would change."""
    written = []
    jobs = [
        ("messages", PROJECT, [p for p in MESSAGE_SOURCES if (PROJECT / p).exists()], ["N_"]),
        ("lessons", lessons_dir.parent, [lessons_dir.name], []),
    ]
    for domain, cwd, inputs, keywords in jobs:
        if domain not in domains:
            continue
        target = pot_path(locales_dir, domain)
        fresh = target.with_name(f".{target.name}.new")
        run_pybabel_extract(cwd, fresh, inputs, keywords)
        new = fresh.read_bytes()
        fresh.unlink()
        if not target.exists() or _without_date(target.read_bytes()) != _without_date(new):
            atomic_write(target, new)
            written.append(target)
    return written


def _without_date(pot: bytes) -> bytes:
    return b"\n".join(line for line in pot.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))
