"""The Babel extractor for lessons, named in `babel.cfg`:

    [lessons: **/lesson.md]       (in babel.cfg)

It calls the same segmenter the renderer uses. Catalogues carry no line numbers (they would
churn at every edit), so every message is reported at line 0.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from authoring.lesson import LessonError, read_lesson
from authoring.segmenter import segment

log = logging.getLogger(__name__)


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
