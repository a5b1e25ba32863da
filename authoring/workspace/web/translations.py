"""The translation editor: one lesson in one language, online or through a PO file or worksheet."""

from __future__ import annotations

import re

from flask import (
    Response,
    abort,
    current_app,
    flash,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from authoring.core.lesson import Lesson
from authoring.core.segmenter import clean, segment
from authoring.i18n.catalogue import CatalogueError
from authoring.i18n.languages import Language
from authoring.workspace.accounts import last_change, may_approve, record
from authoring.workspace.translation_store import (
    Conflict,
    Edit,
    Entry,
    Outcome,
    Saved,
    TranslationError,
    export_lesson,
    key_hash,
    lesson_entries,
    merge_upload,
    save_entries,
    untouched,
    word_diff,
)
from authoring.workspace.web.access import allow, bp
from authoring.workspace.web.forms import ActionForm, UploadForm
from authoring.workspace.web.glossary import editor_aids, without_borrowed
from extensions import db, toolkit

FILTERS = ("all", "untranslated", "fuzzy")
MAX_PO_BYTES = 1024 * 1024
HASH = re.compile(r"[0-9a-f]{10}")  # a box's name: the key hash of its message


def target_language(lang: str) -> Language:
    """A language this account may translate into: 404 when unknown, 403 when not theirs."""
    registry = toolkit.library.registry
    if lang not in registry or lang == registry.source or registry[lang].pseudo:
        abort(404)
    if not current_user.may_translate(lang):
        abort(403)
    return registry[lang]


def helper_texts(language: Language, slug: str) -> list[tuple[Language, dict]]:
    """Current translations in the languages this one falls back to, beside the source text.
    The source language is left out: its text is the source itself (Vietnamese, which most Tày
    and Dao translators read more easily than any translation)."""
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
        aids=editor_aids(language),  # glossary terms and translation memory (web/glossary.py)
    ), status


def posted_edits(form) -> list[Edit]:
    """The boxes of the editor's one form: `entry` names each box by its key hash, and
    `context-<hash>`, `msgid-<hash>`, `base-<hash>`, `text-<hash>`, `draft-<hash>` hold it."""
    edits = []
    for name in form.getlist("entry"):
        msgid, base = form.get(f"msgid-{name}"), form.get(f"base-{name}")
        if not HASH.fullmatch(name) or not msgid or not base:
            abort(400)
        key = (form.get(f"context-{name}") or None, msgid)
        edits.append(Edit(key, form.get(f"text-{name}", ""), base, bool(form.get(f"draft-{name}"))))
    return edits


def _note(language: Language, edit: Edit, outcome: Outcome, approver: bool) -> dict:
    """What the editor says under one box after a save (the typed text stays in the box)."""
    if isinstance(outcome, Conflict):
        who = last_change(db.session, language.code, edit.key[0], edit.key[1])
        diff = word_diff(outcome.theirs.string, outcome.yours)
        return {"conflict": outcome, "who": who, "draft": edit.draft, "diff": diff}
    if isinstance(outcome, TranslationError):
        return {"error": outcome, "text": edit.text, "draft": edit.draft}
    if outcome.change is None:
        return {"saved": _("Nothing to save: the translation was already this.")}
    if outcome.entry.pending is not None and outcome.entry.pending == clean(edit.text):
        return {
            "saved": _(
                "Saved as a draft beside the reviewed translation: learners keep reading the reviewed one"
                " until a reviewer approves the draft."
            )
        }
    if outcome.entry.problems:
        return {"saved": _("Saved as a draft, not shown to learners: its numbers or addresses differ from the source.")}
    if outcome.entry.fuzzy and not approver:
        return {
            "saved": _(
                "Saved as a draft: a reviewer who speaks %(language)s will check it.",
                language=toolkit.language_name(language),
            )
        }
    return {"saved": _("Saved as a draft.") if outcome.entry.fuzzy else _("Saved.")}


def _record(outcomes: dict) -> int:
    changes = [o.change for o in outcomes.values() if isinstance(o, Saved) and o.change]
    if changes:
        record(db.session, current_user, changes)
        db.session.commit()
    return len(changes)


@bp.route("/translate/<slug>/<lang>", methods=["GET", "POST"])
@allow("translator")
def translate(slug: str, lang: str):
    """The editor: one form holding every box; one submit saves every box that was changed."""
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), target_language(lang)
    show = request.values.get("show", "all")
    show = show if show in FILTERS else "all"
    if request.method == "GET":
        return _render(lesson, language, show, {})
    if not ActionForm().validate_on_submit():
        abort(400)
    approver = may_approve(current_user, language)
    # a box left as loaded is not sent on: someone else's save meanwhile is no conflict of ours
    edits = [e for e in posted_edits(request.form) if not untouched(e.text, e.base, e.draft if approver else None)]
    edits = without_borrowed(language, slug, edits)  # a borrowed draft's box is shown empty
    outcomes = save_entries(toolkit.library.locales_dir, language, slug, edits, may_approve=approver) if edits else {}
    saved = _record(outcomes)
    if saved:
        flash(ngettext("%(num)d translation saved.", "%(num)d translations saved.", saved), "ok")
    notes = {edit.key: _note(language, edit, outcomes[edit.key], approver) for edit in edits}
    failed = [outcome for outcome in outcomes.values() if not isinstance(outcome, Saved)]
    if failed:
        status = 409 if any(isinstance(outcome, Conflict) for outcome in failed) else 422
        return _render(lesson, language, show, notes, status)
    if not edits:
        flash(_("Nothing to save: no translation was changed."), "ok")
    elif any(isinstance(o, Saved) and (o.entry.fuzzy or o.entry.pending) for o in outcomes.values()) and not approver:
        flash(
            _(
                "Saved as a draft: a reviewer who speaks %(language)s will check it.",
                language=toolkit.language_name(language),
            ),
            "ok",
        )
    target = request.form.get("save", "")
    anchor = f"#e-{target}" if HASH.fullmatch(target) else ""
    return redirect(url_for("trainer.translate", slug=slug, lang=lang, show=show) + anchor)


@bp.route("/translate/<slug>/<lang>/entry", methods=["POST"])
@allow("translator")
def save_box(slug: str, lang: str):
    """One box saved in place by the editor's script (translate.js): the same fields as the
    form, answered in JSON with the entry's new state token and what to say under the box."""
    toolkit.lesson_or_404(slug, drafts=True)
    language = target_language(lang)
    edits = posted_edits(request.form)
    if len(edits) != 1:
        abort(400)
    [edit] = edits
    approver = may_approve(current_user, language)
    outcome = save_entries(toolkit.library.locales_dir, language, slug, edits, may_approve=approver)[edit.key]
    _record({edit.key: outcome})
    note = _note(language, edit, outcome, approver)
    macros = get_template_attribute("trainer/_translate_entry.html", "note")
    html = str(macros(note, language, slug, key_hash(edit.key)))
    if isinstance(outcome, Saved):
        entry = outcome.entry
        label = str(get_template_attribute("trainer/_translate_entry.html", "status")(entry))
        waiting = entry.pending is not None and entry.pending == clean(edit.text)  # the box keeps the draft
        text = entry.pending if waiting else entry.string
        body = {"ok": True, "base": entry.token, "text": text, "draft": entry.fuzzy or waiting, "state": entry.status}
        return jsonify(body | {"label": label, "message": note["saved"], "html": html})
    if isinstance(outcome, Conflict):
        return jsonify({"ok": False, "base": outcome.theirs.token, "theirs": outcome.theirs.string, "html": html}), 409
    return jsonify({"ok": False, "html": html}), 422


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
