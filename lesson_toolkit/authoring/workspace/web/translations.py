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

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.markup import markup_problems
from lesson_toolkit.authoring.core.segmenter import clean, segment
from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.catalogue import CatalogueError
from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.workspace import suggestions
from lesson_toolkit.authoring.workspace.accounts import Change, last_change, may_approve, record
from lesson_toolkit.authoring.workspace.suggestions import ReviewError, Suggested
from lesson_toolkit.authoring.workspace.translation_store import (
    PICTURE_COMMENT,
    Conflict,
    Edit,
    Entry,
    Key,
    Saved,
    TranslationError,
    export_lesson,
    key_hash,
    lesson_entries,
    merge_upload,
    save_entries,
    step_pictures,
    untouched,
    word_diff,
)
from lesson_toolkit.authoring.workspace.web.access import allow, bp
from lesson_toolkit.authoring.workspace.web.forms import ActionForm, UploadForm
from lesson_toolkit.authoring.workspace.web.glossary import editor_aids, without_borrowed
from lesson_toolkit.extensions import db, toolkit

FILTERS = ("all", "untranslated", "fuzzy")
Outcome = Saved | Conflict | TranslationError | Suggested
DECISION = re.compile(r"(approve|reject)-([0-9]{1,12})")
MAX_PO_BYTES = 1024 * 1024
HASH = re.compile(r"[0-9a-f]{10}")  # a box's name: the key hash of its message
N_LESSON_CHANGED = N_("this message is no longer in the lesson (the lesson changed); reload the page")
N_PUBLISHED_MEANWHILE = N_("someone published a translation of this message meanwhile: look at it again")


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


def glossary_terms(language: Language, msgid: str) -> list[str]:
    """Hook for the glossary: the agreed terms found in a source message, as "term = translation"
    lines for the PO download's comments. None until a glossary exists."""
    return []


def po_notes(lesson: Lesson, language: Language):
    """The extracted comments of the PO download: each message's picture and glossary terms."""
    pictures = step_pictures(segment(lesson))

    def notes(key: Key) -> list[str]:
        picture = [f"{PICTURE_COMMENT}{pictures[key]}"] if key in pictures else []
        return picture + [f"glossary: {term}" for term in glossary_terms(language, key[1])]

    return notes


def _render(lesson: Lesson, language: Language, show: str, notes: dict, status: int = 200):
    try:
        entries = lesson_entries(toolkit.library.locales_dir, language, lesson.slug, reading_order(lesson))
    except CatalogueError as exc:
        current_app.logger.error("%s", exc)
        return render_template("trainer/catalogue_error.html", error=exc), 500
    waiting = suggestions.pending(db.session, language.code, [e.key for e in entries])
    mine = {key: s.text for key, found in waiting.items() for s in found if s.account_id == current_user.id}

    def shown_in(name: str, entry: Entry) -> bool:  # "Drafts and changed" holds suggestions too
        return name in ("all", entry.status) or (name == "fuzzy" and entry.key in waiting)

    counts = {name: sum(1 for e in entries if shown_in(name, e)) for name in FILTERS}
    shown = [e for e in entries if shown_in(show, e) or e.key in notes]
    approver = may_approve(current_user, language)
    return render_template(
        "trainer/translate.html",
        lesson=lesson,
        target=language,
        entries=shown,
        counts=counts,
        show=show,
        notes=notes,
        helpers=helper_texts(language, lesson.slug),
        approver=approver,
        publishes=suggestions.publishes_own(db.session, current_user, language),
        suggestions=waiting,
        mine=mine,
        pictures=step_pictures(segment(lesson)),
        sole_reviewer=approver and len(suggestions.reviewers(db.session, language)) <= 1,
        markup_problems=markup_problems,
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
    if isinstance(outcome, Suggested):
        if outcome.suggestion is None:
            return {"saved": _("Your suggestion was withdrawn.")}
        if markup_problems(edit.key[1], outcome.suggestion.text):
            return {
                "saved": _("Saved as a draft, not shown to learners: its numbers or addresses differ from the source.")
            }
        if approver:
            return {"saved": _("Saved as a draft.")}
        return {
            "saved": _(
                "Saved as a draft: a reviewer who speaks %(language)s will check it.",
                language=toolkit.language_name(language),
            )
        }
    return {"saved": _("Saved.")}


def store_edits(
    language: Language, slug: str, edits: list[Edit], approver: bool, source: str = "editor"
) -> dict[Key, Outcome]:
    """Save the boxes a person changed: the plain texts of someone whose own texts are published
    (`approver`, from `suggestions.publishes_own`) go to `lessons.po`; everything else (a
    translator's text, a reviewer's "keep as a draft", a text that changes a fact of the source,
    a Tày or Dao reviewer's own text where the language has a second reviewer) becomes that
    person's suggestion. Changes are not recorded yet."""

    def publishes(edit: Edit) -> bool:
        return (
            approver and not edit.draft and not (edit.text.strip() and markup_problems(edit.key[1], clean(edit.text)))
        )

    published = [edit for edit in edits if publishes(edit)]
    locales_dir = toolkit.library.locales_dir
    outcomes: dict[Key, Outcome] = {}
    if published:
        outcomes |= save_entries(locales_dir, language, slug, published, may_approve=True)
        for edit in published:
            if isinstance(outcomes[edit.key], Saved):
                suggestions.withdraw_own(db.session, current_user, language.code, edit.key)
    proposed = [edit for edit in edits if not publishes(edit)]
    current = {entry.key: entry for entry in lesson_entries(locales_dir, language, slug)} if proposed else {}
    for edit in proposed:
        entry = current.get(edit.key)
        try:
            if entry is None:
                raise TranslationError(N_LESSON_CHANGED)
            outcomes[edit.key] = suggestions.suggest(
                db.session, current_user, language, slug, entry, edit.text, source=source
            )
        except TranslationError as exc:
            outcomes[edit.key] = exc
    return {edit.key: outcomes[edit.key] for edit in edits}


def _record(outcomes: dict, extra: list[Change] | None = None) -> int:
    changes = [o.change for o in outcomes.values() if isinstance(o, Saved | Suggested) and o.change]
    changes += extra or []
    if changes:
        record(db.session, current_user, changes)
    db.session.commit()
    return len(changes)


def _decide(language: Language, slug: str, form) -> tuple[Key | None, Change | None, dict, int]:
    """A reviewer's button on one suggestion: (its message, the Change, the note, HTTP status)."""
    match = DECISION.fullmatch(form.get("decide", ""))
    if not match:
        abort(400)
    action, number = match[1], int(match[2])
    suggestion = suggestions.find(db.session, number)
    if suggestion is None or suggestion.lang != language.code:
        abort(404)
    key: Key = (suggestion.context, suggestion.msgid)
    base = form.get(f"base-{key_hash(key)}", "")
    typed = form.get(f"suggestion-{number}")
    try:
        change, outcome = suggestions.decide(
            db.session, toolkit.library.locales_dir, language, slug, current_user, suggestion, action,
            base=base, text=typed,
        )  # fmt: skip
    except ReviewError as exc:
        return key, None, {"refused": exc}, 403
    except TranslationError as exc:
        return key, None, {"refused": exc}, 422
    if isinstance(outcome, Conflict):
        return key, None, {"refused": TranslationError(N_PUBLISHED_MEANWHILE)}, 409
    assert change is not None
    said = {"approve": _("Suggestion approved: learners read it now."), "edit": _("Suggestion edited and approved.")}
    return key, change, {"decided": said.get(change.action, _("Suggestion rejected."))}, 200


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
    approver = suggestions.publishes_own(db.session, current_user, language)
    mine = {key: s.text for key, found in suggestions.pending(db.session, language.code).items() for s in found
            if s.account_id == current_user.id}  # fmt: skip
    # a box left as loaded (or holding one's own pending suggestion) is not sent on: someone
    # else's save meanwhile is no conflict of ours
    edits = [
        e
        for e in posted_edits(request.form)
        if not untouched(e.text, e.base, e.draft if approver else None) and clean(e.text) != mine.get(e.key)
    ]
    edits = without_borrowed(language, slug, edits)  # a borrowed draft's box is shown empty
    outcomes = store_edits(language, slug, edits, approver) if edits else {}
    notes = {edit.key: _note(language, edit, outcomes[edit.key], approver) for edit in edits}
    decided, status = [], 200
    if request.form.get("decide"):
        key, change, note, status = _decide(language, slug, request.form)
        decided = [change] if change else []
        if key is not None:
            notes[key] = notes.get(key, {}) | note
    saved = _record(outcomes, decided)
    if saved - len(decided) > 0:
        count = saved - len(decided)
        flash(ngettext("%(num)d translation saved.", "%(num)d translations saved.", count), "ok")
    failed = [outcome for outcome in outcomes.values() if isinstance(outcome, Conflict | TranslationError)]
    if failed or status != 200:
        if failed:
            status = 409 if any(isinstance(outcome, Conflict) for outcome in failed) else 422
        return _render(lesson, language, show, notes, status)
    for note in notes.values():
        if "decided" in note:
            flash(note["decided"], "ok")
    if not edits and not decided:
        flash(_("Nothing to save: no translation was changed."), "ok")
    elif any(isinstance(o, Suggested) and o.change and o.suggestion for o in outcomes.values()) and not approver:
        flash(
            _(
                "Saved as a draft: a reviewer who speaks %(language)s will check it.",
                language=toolkit.language_name(language),
            ),
            "ok",
        )
    target = request.form.get("save", "")
    anchor = f"#e-{target}" if HASH.fullmatch(target) else ""
    if decided and decided[0].msgid is not None:
        anchor = f"#e-{key_hash((decided[0].context, decided[0].msgid))}"
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
    approver = suggestions.publishes_own(db.session, current_user, language)
    outcome = store_edits(language, slug, edits, approver)[edit.key]
    _record({edit.key: outcome})
    note = _note(language, edit, outcome, approver)
    macros = get_template_attribute("trainer/_translate_entry.html", "note")
    html = str(macros(note, language, slug, key_hash(edit.key)))
    label_of = get_template_attribute("trainer/_translate_entry.html", "status")
    if isinstance(outcome, Saved | Suggested):
        entry = outcome.entry
        mine = outcome.suggestion.text if isinstance(outcome, Suggested) and outcome.suggestion else None
        text = mine if mine is not None else entry.string  # the box keeps one's own suggestion
        body = {"ok": True, "base": entry.token, "text": text, "draft": entry.fuzzy or mine is not None}
        body["suggested"] = mine is not None  # the box's own suggestion waits for a reviewer
        return jsonify(
            body
            | {
                "state": entry.status,
                "label": str(label_of(entry, mine is not None)),
                "message": note["saved"],
                "html": html,
            }
        )
    if isinstance(outcome, Conflict):
        return jsonify({"ok": False, "base": outcome.theirs.token, "theirs": outcome.theirs.string, "html": html}), 409
    return jsonify({"ok": False, "html": html}), 422


@bp.route("/translate/<slug>/<lang>/download.po")
@allow("translator")
def download(slug: str, lang: str):
    """The lesson's messages alone as a PO file (saved as `<slug>.<lang>.po`), for Poedit: the
    Vietnamese source as msgid, the step's picture and glossary terms as `#.` comments."""
    lesson = toolkit.lesson_or_404(slug, drafts=True)
    language = target_language(lang)
    data = export_lesson(toolkit.library.locales_dir, language, slug, po_notes(lesson, language))
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


@bp.route("/translate/<slug>/<lang>/worksheet/type", methods=["GET", "POST"])
@allow("translator")
def worksheet_typed(slug: str, lang: str):
    """A filled-in worksheet typed back: each source with an empty box. A reviewer's texts are
    published (approved); anyone else's become their suggestions. Empty boxes change nothing."""
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), target_language(lang)
    notes: dict = {}
    status = 200
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        edits = [edit for edit in posted_edits(request.form) if edit.text.strip()]
        approver = suggestions.publishes_own(db.session, current_user, language)
        outcomes = store_edits(language, slug, edits, approver, source="worksheet") if edits else {}
        notes = {edit.key: _note(language, edit, outcomes[edit.key], approver) for edit in edits}
        saved = _record(outcomes)
        failed = [o for o in outcomes.values() if isinstance(o, Conflict | TranslationError)]
        if not failed:
            if saved:
                flash(ngettext("%(num)d translation saved.", "%(num)d translations saved.", saved), "ok")
            else:
                flash(_("Nothing to save: no translation was changed."), "ok")
            return redirect(url_for("trainer.translate", slug=slug, lang=lang))
        status = 409 if any(isinstance(o, Conflict) for o in failed) else 422
    entries = lesson_entries(toolkit.library.locales_dir, language, slug, reading_order(lesson))
    return render_template(
        "trainer/worksheet_type.html",
        lesson=lesson,
        target=language,
        entries=entries,
        notes=notes,
        approver=suggestions.publishes_own(db.session, current_user, language),
        pictures=step_pictures(segment(lesson)),
        key_hash=key_hash,
    ), status


@bp.route("/translate/<slug>/<lang>/upload", methods=["GET", "POST"])
@allow("translator")
def upload(slug: str, lang: str):
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), target_language(lang)
    form = UploadForm()
    report, error, status, suggested = None, None, 200, 0
    if form.validate_on_submit():
        data = form.po_file.data.read(MAX_PO_BYTES + 1)
        filename = form.po_file.data.filename or f"{slug}.{lang}.po"
        approver = suggestions.publishes_own(db.session, current_user, language)
        try:
            if len(data) > MAX_PO_BYTES:
                raise TranslationError(_("the file is too big for one lesson (at most 1 MB)"))
            report = merge_upload(toolkit.library.locales_dir, language, slug, data, filename, may_approve=approver)
        except (CatalogueError, TranslationError) as exc:
            error, status = exc, 400
        else:
            changes = list(report.changes)
            for change in report.changes:
                suggestions.withdraw_own(db.session, current_user, language.code, (change.context, change.msgid or ""))
            for entry, text in report.proposed:
                outcome = suggestions.suggest(db.session, current_user, language, slug, entry, text, source="upload")
                if outcome.change:
                    changes.append(outcome.change)
                    suggested += 1
            record(db.session, current_user, changes)
            db.session.commit()
    elif request.method == "POST":
        status = 400
    return render_template(
        "trainer/upload.html", lesson=lesson, target=language, form=form, report=report, error=error,
        suggested=suggested,
    ), status  # fmt: skip
