"""A lesson's history: every save is a revision (who, when, why, the whole text), and an old
revision can be restored, which is itself a new revision. No Flask: functions take a session.

The history lives in the database, not in git: the developers' own repository holds `lessons/`
while they work, and the workspace must not write commits into it. A lesson that existed before
the workspace kept history gets a baseline revision of its old text on its first save, so that
the first edit can be undone too.

Functions add to the session and flush; the caller commits (with the audit entry, in one go).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, scoped_session

from lesson_toolkit.authoring.core.lesson import PUBLISHED, SLUG, Lesson, LessonError, parse_lesson
from lesson_toolkit.authoring.core.publishing import PublishError, check_publishable, with_status
from lesson_toolkit.authoring.database import Base
from lesson_toolkit.authoring.errors import N_, ToolkitError
from lesson_toolkit.authoring.i18n.languages import Registry
from lesson_toolkit.authoring.workspace import lesson_editor
from lesson_toolkit.authoring.workspace.accounts import Change, record
from lesson_toolkit.authoring.workspace.models import Account, utc_now

BEFORE_HISTORY = "(before history)"  # the author of a baseline revision: nobody knows who wrote it
BASELINE_MESSAGE = "before the first save in the workspace"
MESSAGE_LENGTH = 200
_RESTORE = re.compile(r"^restore of revision (\d+)$")

AnySession = Session | scoped_session


class Revision(Base):
    """One saved state of `lessons/<slug>/lesson.md`.

    `message`: "new", "edit", "publish", "unpublish", "restore of revision N", the baseline's
    message, or a trainer's own note.
    """

    __tablename__ = "lesson_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80))  # kept when the account is gone
    message: Mapped[str] = mapped_column(String(MESSAGE_LENGTH))
    text: Mapped[str] = mapped_column(Text)

    @property
    def is_baseline(self) -> bool:
        return self.account_id is None and self.username == BEFORE_HISTORY

    @property
    def restored_from(self) -> int | None:
        """The revision this one restored, when it is a restore."""
        match = _RESTORE.match(self.message)
        return int(match[1]) if match else None


class RestoreError(ToolkitError):
    """A revision that cannot be restored: unknown, or no longer a valid lesson."""


@dataclass(frozen=True)
class Restored:
    lesson: Lesson
    revision: Revision  # the new revision the restore made
    old_text: str  # the text it replaced


def restore_message(revision_id: int) -> str:
    return f"restore of revision {revision_id}"


def latest_revision(session: AnySession, slug: str) -> Revision | None:
    return session.scalar(select(Revision).where(Revision.slug == slug).order_by(Revision.id.desc()).limit(1))


def add_revision(
    session: AnySession, account: Account, slug: str, old_text: str | None, new_text: str, message: str
) -> Revision:
    """Record that `account` saved `new_text` as the lesson `slug`, replacing `old_text` (None
    or empty for a new lesson).

    The first revision of a lesson that existed before (`old_text` given) is preceded by a
    baseline revision of `old_text`. A save that repeats the latest revision's text *and*
    message (a double click) adds nothing and returns the latest revision; the same text with
    another message (a publish that changed nothing else, a restore) is still recorded, since
    the message is the point of it.
    """
    message = message.strip()[:MESSAGE_LENGTH] or "edit"
    latest = latest_revision(session, slug)
    if latest is None and old_text:
        session.add(
            Revision(
                slug=slug,
                at=utc_now(),
                account_id=None,
                username=BEFORE_HISTORY,
                message=BASELINE_MESSAGE,
                text=old_text,
            )
        )
    elif latest is not None and latest.text == new_text and latest.message == message:
        return latest
    revision = Revision(
        slug=slug,
        at=utc_now(),
        account_id=account.id,
        username=account.username,
        message=message,
        text=new_text,
    )
    session.add(revision)
    session.flush()
    return revision


def revisions(session: AnySession, slug: str) -> list[Revision]:
    """The lesson's revisions, newest first."""
    return list(session.scalars(select(Revision).where(Revision.slug == slug).order_by(Revision.id.desc())))


def get_revision(session: AnySession, slug: str, revision_id: int) -> Revision | None:
    """Revision `revision_id` of this lesson (None when it is unknown or another lesson's)."""
    revision = session.get(Revision, revision_id)
    return revision if revision is not None and revision.slug == slug else None


def previous_revision(session: AnySession, revision: Revision) -> Revision | None:
    """The revision of the same lesson just before `revision` (None for the first)."""
    query = select(Revision).where(Revision.slug == revision.slug, Revision.id < revision.id)
    return session.scalar(query.order_by(Revision.id.desc()).limit(1))


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed between two texts, line by line: ("same" | "removed" | "added", line),
    in reading order, removed lines before the lines that replace them."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            lines.extend(("same", line) for line in a[i1:i2])
            continue
        lines.extend(("removed", line) for line in a[i1:i2])
        lines.extend(("added", line) for line in b[j1:j2])
    return lines


def restore(
    session: AnySession,
    account: Account,
    lessons_dir: Path,
    slug: str,
    revision_id: int,
    base_version: str,
    registry: Registry,
) -> Restored:
    """Write revision `revision_id`'s text back to `lessons/<slug>/lesson.md`, as a save would.

    The lesson keeps its current state: restoring an old text never publishes (or unpublishes)
    a lesson, and a published lesson gets the old text only if lint finds no error in it.
    Raises `RestoreError` for an unknown revision or one whose text is no longer a valid lesson
    or may not be published (the file keeps its text), and `lesson_editor.LessonConflictError`
    when the file changed since `base_version`. Records a new revision ("restore of revision N")
    and an audit entry.
    """
    revision = get_revision(session, slug, revision_id) if SLUG.match(slug) else None
    if revision is None:
        raise RestoreError(
            N_("lesson %(slug)s has no revision %(number)d"),
            field="revision",
            params={"slug": repr(slug), "number": revision_id},
        )
    path = Path(lessons_dir) / slug / "lesson.md"
    current = lesson_editor.status_of(path.read_text("utf-8", errors="replace"), path)
    try:
        same = lesson_editor.status_of(revision.text, path) == current
        text = revision.text if same else with_status(revision.text, current, path)
        if current == PUBLISHED:
            check_publishable(parse_lesson(text, path), registry)
        lesson, old = lesson_editor.save_text(path, text, base_version)
    except PublishError as error:
        raise RestoreError(
            N_("revision %(number)d cannot go back on the site: %(reason)s"),
            path=path,
            line=error.findings[0].line,
            params={"number": revision_id, "reason": error.findings[0].message},
        ) from error
    except LessonError as error:
        raise RestoreError(
            N_("revision %(number)d is no longer a valid lesson: %(reason)s"),
            path=path,
            line=error.line,
            params={"number": revision_id, "reason": error.detail},
        ) from error
    restored = add_revision(session, account, slug, old, text, restore_message(revision_id))
    record(session, account, [Change("lesson", slug, old=old, new=text, detail="restore")])
    return Restored(lesson, restored, old)
