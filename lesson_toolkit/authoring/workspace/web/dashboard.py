"""The dashboard: every lesson × language, how much is translated, what learners said."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lesson_toolkit.authoring.audio.voices import Coverage, coverage, voices
from lesson_toolkit.authoring.community.models import COMMUNITY_ROLES
from lesson_toolkit.authoring.core.feedback import Feedback
from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.segmenter import segment
from lesson_toolkit.authoring.i18n.catalogue import CatalogueError
from lesson_toolkit.authoring.workspace import suggestions
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.authoring.workspace.recording_store import may_record
from lesson_toolkit.authoring.workspace.translation_store import Key, refresh_catalogues, survey
from lesson_toolkit.authoring.workspace.web.access import EVERYONE, allow, bp, home
from lesson_toolkit.authoring.workspace.web.forms import ActionForm
from lesson_toolkit.authoring.workspace.web.lessons import status_label
from lesson_toolkit.extensions import db, toolkit


def feedback_counts() -> dict[str, dict[str, int]]:
    """Per lesson: how many learners found it helpful, and how many did not."""
    rows = db.session.execute(
        select(Feedback.lesson, Feedback.helpful, func.count()).group_by(Feedback.lesson, Feedback.helpful)
    )
    counts: dict[str, dict[str, int]] = {}
    for lesson, helpful, count in rows:
        counts.setdefault(lesson, {"yes": 0, "no": 0})["yes" if helpful else "no"] += count
    return counts


_messages: dict[str, tuple[str, list[Key]]] = {}  # slug → (version, its messages): segmenting is not free


def lesson_messages(lesson: Lesson) -> list[Key]:
    """The lesson's messages as it reads now (the catalogues may not hold them all yet)."""
    cached = _messages.get(lesson.slug)
    if cached is None or cached[0] != lesson.version:
        cached = (lesson.version, [seg.key for seg in segment(lesson)])
        _messages[lesson.slug] = cached
    return cached[1]


def voice_counts(lessons: list[Lesson], codes: list[str]) -> dict[tuple[str, str], Coverage]:
    """Per lesson and language: recordings learners hear, drafts, to re-check, missing."""
    lib = toolkit.library
    registry = lib.registry
    counts = {}
    for code in codes:
        table = {} if code == registry.source else lib.translations(registry[code]).table
        for lesson in lessons:
            counts[(lesson.slug, code)] = coverage(voices(lesson, code, registry.source, table))
    return counts


@bp.route("/")
@allow(*EVERYONE, *COMMUNITY_ROLES)
def dashboard():
    if not current_user.may(*EVERYONE):
        return redirect(home())  # /trainer/ for a team member or an officer: their own start
    lib = toolkit.library
    registry = lib.registry
    lesson_set = lib.lesson_set()
    languages = registry.translated
    lessons = sorted(lesson_set.lessons.values(), key=lambda lesson: (lesson.level, lesson.title))
    waiting = {lang.code: set(suggestions.pending(db.session, lang.code)) for lang in languages}
    figures = survey(lib.locales_dir, languages, {lesson.slug: lesson_messages(lesson) for lesson in lessons}, waiting)
    # a translator's home: what waits in each language they may translate
    mine = [lang for lang in languages if current_user.may_translate(lang.code) and lang.code in figures.work]
    recent = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(10)).all()
    return render_template(
        "trainer/dashboard.html",
        lessons=lessons,
        titles={lesson.slug: lesson.title for lesson in lessons},
        broken=lesson_set.errors,
        languages=languages,
        source=registry[registry.source],  # no column (nothing to translate), but learners read it
        matrix=figures.matrix,
        catalogue_errors=figures.errors,
        work=[(lang, figures.work[lang.code]) for lang in mine] if current_user.may("translator") else [],
        feedback=feedback_counts(),
        recent=recent,
        status_label=status_label,
        voice=voice_counts(lessons, [registry.source, *(language.code for language in languages)]),
        may_record=lambda language: may_record(current_user, language, registry.source),
    )


@bp.route("/catalogues/refresh", methods=["POST"])
@allow("trainer")
def refresh():
    """Send the lessons' new and changed text to the translators (`flask i18n update`)."""
    if ActionForm().validate_on_submit():
        lib = toolkit.library
        try:
            refresh_catalogues(lib.lessons_dir, lib.locales_dir, lib.registry, lib.segments_cache)
        except CatalogueError as exc:
            current_app.logger.error("%s", exc)
            flash(_("A translation file could not be read: %(error)s", error=exc.translated(_)), "error")
        else:
            flash(_("The translation files now hold the text of every lesson."), "ok")
    return redirect(url_for("trainer.dashboard"))
