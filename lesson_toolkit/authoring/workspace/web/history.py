"""A lesson's history: its revisions with what each changed, restoring one, and the changes to
its translations (from the audit log)."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField

from lesson_toolkit.authoring.workspace import history
from lesson_toolkit.authoring.workspace.history import Revision
from lesson_toolkit.authoring.workspace.lesson_editor import LessonConflictError, file_version
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.authoring.workspace.web.access import allow, bp
from lesson_toolkit.authoring.workspace.web.lessons import lesson_path, refresh_translations
from lesson_toolkit.extensions import db, toolkit

TRANSLATION_ACTIONS = ("translate", "upload")
SHOWN_TRANSLATION_CHANGES = 200


class RestoreForm(FlaskForm):
    """Restore a revision: the version of `lesson.md` the page showed (to refuse overwriting a
    save made since)."""

    version = HiddenField()


def message_label(revision: Revision) -> str:
    """The revision's message in the trainer's language (a trainer's own note stays as written)."""
    labels = {
        "new": _("New lesson"),
        "edit": _("Edited"),
        "publish": _("Published"),
        "unpublish": _("Taken off the site"),
        history.BASELINE_MESSAGE: _("The lesson as it was before the first save in the workspace"),
    }
    if revision.restored_from is not None:
        return _("Restored version %(number)d", number=revision.restored_from)
    action, _sep, note = revision.message.partition(": ")  # "edit: the trainer's own note"
    if action in labels and note:
        return f"{labels[action]}: {note}"
    return labels.get(revision.message, revision.message)


def author_label(revision: Revision) -> str:
    return _("(before history)") if revision.is_baseline else revision.username


def revision_or_404(slug: str, revision_id: int) -> Revision:
    revision = history.get_revision(db.session, slug, revision_id)
    if revision is None:
        abort(404)
    return revision


def translation_changes(slug: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.lesson == slug, AuditEntry.action.in_(TRANSLATION_ACTIONS))
    return list(db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(SHOWN_TRANSLATION_CHANGES)))


@bp.route("/lessons/<slug>/history")
@allow("trainer")
def lesson_history(slug: str):
    path = lesson_path(slug)
    current = path.read_text("utf-8", "replace")
    revisions = history.revisions(db.session, slug)
    return render_template(
        "trainer/history.html",
        slug=slug,
        revisions=revisions,
        current_id=next((r.id for r in revisions if r.text == current), None),  # the newest with the file's text
        translations=translation_changes(slug),
        languages={language.code: language.native for language in toolkit.library.registry},
        message_label=message_label,
        author_label=author_label,
    )


def _diff_page(path: Path, revision: Revision, form: RestoreForm, status: int = 200, **extra):
    """A revision against the one before it (what that save changed), or against the file now
    (what restoring it would change)."""
    against = request.args.get("against", "previous")
    current = path.read_text("utf-8", "replace")
    if against == "current":
        old, new = current, revision.text
    else:
        against = "previous"
        previous = history.previous_revision(db.session, revision)
        old, new = (previous.text if previous else ""), revision.text
    lines = history.line_diff(old, new)
    return render_template(
        "trainer/history_diff.html",
        slug=revision.slug,
        revision=revision,
        against=against,
        lines=lines,
        added=sum(1 for kind, _line in lines if kind == "added"),
        removed=sum(1 for kind, _line in lines if kind == "removed"),
        is_current=revision.text == current,
        source_lang=toolkit.library.registry.source,
        form=form,
        message_label=message_label,
        author_label=author_label,
        **extra,
    ), status


@bp.route("/lessons/<slug>/history/<int:rev>")
@allow("trainer")
def lesson_revision(slug: str, rev: int):
    path = lesson_path(slug)
    revision = revision_or_404(slug, rev)
    form = RestoreForm(formdata=None, version=file_version(path))
    return _diff_page(path, revision, form)


@bp.route("/lessons/<slug>/history/<int:rev>/restore", methods=["POST"])
@allow("trainer")
def restore_revision(slug: str, rev: int):
    path = lesson_path(slug)
    revision = revision_or_404(slug, rev)
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    lib = toolkit.library
    try:
        history.restore(db.session, current_user, lib.lessons_dir, slug, rev, form.version.data or "", lib.registry)
    except LessonConflictError as conflict:
        db.session.rollback()
        form.version.data = conflict.current_version  # restoring again replaces their save
        return _diff_page(path, revision, form, 409, their_text=conflict.current_text)
    except history.RestoreError as error:
        db.session.rollback()
        return _diff_page(path, revision, form, 422, error=error)
    db.session.commit()
    flash(_("Version %(number)d is back. It is saved as a new version in the history.", number=rev), "ok")
    refresh_translations()
    return redirect(url_for("trainer.edit", slug=slug))
