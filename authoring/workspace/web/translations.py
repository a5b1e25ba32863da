"""The translation editor: one lesson in one language, online or through a PO file or worksheet."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from authoring.core.lesson import Lesson
from authoring.core.segmenter import segment
from authoring.i18n.catalogue import CatalogueError
from authoring.i18n.languages import Language
from authoring.workspace.accounts import last_change, may_approve, record
from authoring.workspace.translation_store import (
    Conflict,
    Entry,
    TranslationError,
    export_lesson,
    key_hash,
    lesson_entries,
    merge_upload,
    save_entry,
    word_diff,
)
from authoring.workspace.web.access import allow, bp
from authoring.workspace.web.forms import EntryForm, UploadForm
from extensions import db, toolkit

FILTERS = ("all", "untranslated", "fuzzy")
MAX_PO_BYTES = 1024 * 1024


def target_language(lang: str) -> Language:
    """A language this account may translate into: 404 when unknown, 403 when not theirs."""
    registry = toolkit.library.registry
    if lang not in registry or lang == registry.source or registry[lang].pseudo:
        abort(404)
    if not current_user.may_translate(lang):
        abort(403)
    return registry[lang]


def helper_texts(language: Language, slug: str) -> list[tuple[Language, dict]]:
    """Current translations in the languages this one falls back to (Vietnamese for Tày and
    Dao): most Tày and Dao translators read Vietnamese more easily than English."""
    registry = toolkit.library.registry
    helpers = []
    for code in language.fallback:
        if code != registry.source:
            entries = lesson_entries(toolkit.library.locales_dir, registry[code], slug)
            helpers.append((registry[code], {e.key: e.string for e in entries if e.status == "translated"}))
    return helpers


def reading_order(lesson: Lesson) -> list:
    return [seg.key for seg in segment(lesson)]


def _render(lesson: Lesson, language: Language, show: str, notes: dict, status: int = 200):
    try:
        entries = lesson_entries(toolkit.library.locales_dir, language, lesson.slug, reading_order(lesson))
    except CatalogueError as exc:
        current_app.logger.error("%s", exc)
        return render_template("trainer/catalogue_error.html", error=exc), 500
    counts = {name: sum(1 for e in entries if name in ("all", e.status)) for name in FILTERS}
    shown = [e for e in entries if show in ("all", e.status) or e.key in notes]
    return render_template(
        "trainer/translate.html",
        lesson=lesson,
        target=language,
        entries=shown,
        counts=counts,
        show=show,
        notes=notes,
        helpers=helper_texts(language, lesson.slug),
        approver=may_approve(current_user, language),
        key_hash=key_hash,
        word_diff=word_diff,
    ), status


@bp.route("/translate/<slug>/<lang>", methods=["GET", "POST"])
@allow("translator")
def translate(slug: str, lang: str):
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), target_language(lang)
    show = request.values.get("show", "all")
    show = show if show in FILTERS else "all"
    if request.method == "GET":
        return _render(lesson, language, show, {})
    form = EntryForm()
    if not form.validate_on_submit():
        abort(400)
    key = (form.context.data or None, form.msgid.data)
    try:
        result = save_entry(
            toolkit.library.locales_dir,
            language,
            slug,
            key,
            form.text.data or "",
            form.base.data,
            may_approve=may_approve(current_user, language),
            draft=form.draft.data,
        )
    except TranslationError as exc:
        return _render(lesson, language, show, {key: {"error": exc, "text": form.text.data}}, 422)
    if isinstance(result, Conflict):
        who = last_change(db.session, language.code, key[0], key[1])
        return _render(lesson, language, show, {key: {"conflict": result, "who": who}}, 409)
    if result.change:
        record(db.session, current_user, [result.change])
        db.session.commit()
        if result.entry.fuzzy and not form.draft.data:
            flash(
                _("Saved as a draft: a reviewer who speaks %(language)s will check it.", language=language.name), "ok"
            )
        else:
            flash(_("Saved."), "ok")
    else:
        flash(_("Nothing to save: the translation was already this."), "ok")
    return redirect(url_for("trainer.translate", slug=slug, lang=lang, show=show) + f"#e-{key_hash(key)}")


@bp.route("/translate/<slug>/<lang>/download.po")
@allow("translator")
def download(slug: str, lang: str):
    """The lesson's messages alone as a PO file (saved as `<slug>.<lang>.po`), for Poedit."""
    toolkit.lesson_or_404(slug, drafts=True)
    language = target_language(lang)
    data = export_lesson(toolkit.library.locales_dir, language, slug)
    return Response(
        data,
        mimetype="text/x-gettext-translation",
        headers={"Content-Disposition": f'attachment; filename="{slug}.{lang}.po"'},
    )


@bp.route("/translate/<slug>/<lang>/worksheet")
@allow("translator")
def worksheet(slug: str, lang: str):
    """A printable sheet: each source text with room to write the translation by hand."""
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), target_language(lang)
    entries: list[Entry] = lesson_entries(toolkit.library.locales_dir, language, slug, reading_order(lesson))
    return render_template(
        "trainer/worksheet.html", lesson=lesson, target=language, entries=entries, helpers=helper_texts(language, slug)
    )


@bp.route("/translate/<slug>/<lang>/upload", methods=["GET", "POST"])
@allow("translator")
def upload(slug: str, lang: str):
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), target_language(lang)
    form = UploadForm()
    report, error, status = None, None, 200
    if form.validate_on_submit():
        data = form.po_file.data.read(MAX_PO_BYTES + 1)
        filename = form.po_file.data.filename or f"{slug}.{lang}.po"
        try:
            if len(data) > MAX_PO_BYTES:
                raise TranslationError(_("the file is too big for one lesson (at most 1 MB)"))
            report = merge_upload(
                toolkit.library.locales_dir,
                language,
                slug,
                data,
                filename,
                may_approve=may_approve(current_user, language),
            )
        except (CatalogueError, TranslationError) as exc:
            error, status = exc, 400
        else:
            record(db.session, current_user, report.changes)
            db.session.commit()
    elif request.method == "POST":
        status = 400
    return render_template(
        "trainer/upload.html", lesson=lesson, target=language, form=form, report=report, error=error
    ), status
