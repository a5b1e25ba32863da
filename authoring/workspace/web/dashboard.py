"""The dashboard: every lesson × language, how much is translated, what learners said."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from authoring.core.feedback import Feedback
from authoring.i18n.catalogue import CatalogueError
from authoring.workspace.models import AuditEntry
from authoring.workspace.translation_store import coverage, refresh_catalogues
from authoring.workspace.web.access import EVERYONE, allow, bp
from authoring.workspace.web.forms import ActionForm
from extensions import db, toolkit


def feedback_counts() -> dict[str, dict[str, int]]:
    """Per lesson: how many learners found it helpful, and how many did not."""
    rows = db.session.execute(
        select(Feedback.lesson, Feedback.helpful, func.count()).group_by(Feedback.lesson, Feedback.helpful)
    )
    counts: dict[str, dict[str, int]] = {}
    for lesson, helpful, count in rows:
        counts.setdefault(lesson, {"yes": 0, "no": 0})["yes" if helpful else "no"] += count
    return counts


@bp.route("/")
@allow(*EVERYONE)
def dashboard():
    lib = toolkit.library
    registry = lib.registry
    lesson_set = lib.lesson_set()
    languages = registry.translated
    matrix, errors = coverage(lib.locales_dir, registry)
    recent = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(10)).all()
    return render_template(
        "trainer/dashboard.html",
        lessons=sorted(lesson_set.lessons.values(), key=lambda lesson: (lesson.level, lesson.title)),
        broken=lesson_set.errors,
        languages=languages,
        matrix=matrix,
        catalogue_errors=errors,
        feedback=feedback_counts(),
        recent=recent,
    )


@bp.route("/catalogues/refresh", methods=["POST"])
@allow("trainer")
def refresh():
    """Send the lessons' new and changed text to the translators (`flask i18n update`)."""
    if ActionForm().validate_on_submit():
        lib = toolkit.library
        try:
            refresh_catalogues(lib.lessons_dir, lib.locales_dir, lib.registry)
        except CatalogueError as exc:
            current_app.logger.error("%s", exc)
            flash(_("A translation file could not be read: %(error)s", error=str(exc)), "error")
        else:
            flash(_("The translation files now hold the text of every lesson."), "ok")
    return redirect(url_for("trainer.dashboard"))
