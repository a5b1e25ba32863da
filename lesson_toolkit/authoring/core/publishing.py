"""The life cycle of a lesson: draft → published → unpublished (and back).

The state is the `status` field of the lesson's front matter, so that it travels with the lesson
in git like everything else a trainer writes. Only a published lesson exists for learners
(`Library.lessons`). Publishing is refused while lint reports an error: a learner must never get
a broken picture or a link that leads nowhere; warnings are allowed.
"""

from __future__ import annotations

from pathlib import Path

from lesson_toolkit.authoring.core.lesson import (
    FRONT_MATTER_FENCE,
    PUBLISHED,
    STATUSES,
    Lesson,
    LessonError,
    parse_lesson,
    read_lesson,
)
from lesson_toolkit.authoring.core.lint import Finding, lint_lesson
from lesson_toolkit.authoring.errors import N_, ToolkitError
from lesson_toolkit.authoring.i18n.languages import Registry
from lesson_toolkit.authoring.storage import atomic_write, locked


class PublishError(ToolkitError):
    """A lesson that cannot be published yet; `findings` are the lint errors to fix first."""

    def __init__(self, path: Path, findings: list[Finding]):
        super().__init__(
            N_("cannot be published while it has %(count)d error(s); the first, line %(line)s: %(first)s"),
            path=path,
            params={"count": len(findings), "line": findings[0].line or "-", "first": findings[0].message},
        )
        self.findings = findings


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that keep a lesson from being published: errors, not warnings."""
    return [finding for finding in findings if finding.severity == "error"]


def check_publishable(lesson: Lesson, registry: Registry) -> list[Finding]:
    """Every lint finding of the lesson; raises PublishError when one of them is an error."""
    findings = lint_lesson(lesson, registry)
    errors = blocking(findings)
    if errors:
        raise PublishError(lesson.path, errors)
    return findings


def with_status(text: str, status: str, path: Path) -> str:
    """The lesson text with its `status` field set (added at the end of the front matter)."""
    if status not in STATUSES:
        raise LessonError(
            path,
            N_("expected draft, published or unpublished, got %(value)s"),
            field="status",
            params={"value": status},
        )
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise LessonError(path, N_("the file must start with a '---' line, then the front matter"), line=1)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER_FENCE:
            front = [each for each in lines[1:index] if not each.startswith("status:")]
            return "\n".join([lines[0], *front, f"status: {status}", *lines[index:]])
    raise LessonError(path, N_("the front matter is not closed by a '---' line"), line=1)


def set_status(path: Path, status: str, registry: Registry) -> tuple[Lesson, str]:
    """Publish, unpublish or return a lesson to draft (`flask lessons publish|unpublish`).

    Returns the lesson as saved and the text it replaced; a refused change writes nothing."""
    with locked(path):
        old = path.read_text("utf-8")
        new = with_status(old, status, path)
        lesson = parse_lesson(new, path)
        if status == PUBLISHED:
            check_publishable(lesson, registry)
        if new != old:
            atomic_write(path, new.encode("utf-8"))
    return read_lesson(path), old
