"""Glossaries in the workspace, and what the translation editor shows beside each message: the
glossary terms of its source (highlighted) and the translation memory's suggestions.

Everyone in the lesson workspace may read every glossary. A reviewer of a language (whoever may
publish translations into it, see `accounts.may_approve`) and an administrator may change it.
Every change is audited (action "glossary") and written to `locales/<lang>/glossary.csv` under
the folder's lock, checked first; a change made on a page that someone else's change has
overtaken is refused, not applied over theirs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.catalogue import read_catalogue
from lesson_toolkit.authoring.i18n.glossary import (
    Glossary,
    GlossaryError,
    Term,
    check_term,
    check_terms,
    glossary_path,
    read_glossary,
)
from lesson_toolkit.authoring.i18n.glossary import write_glossary as write_file
from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.i18n.memory import Memory, Suggestion, memory_for
from lesson_toolkit.authoring.storage import locked
from lesson_toolkit.authoring.workspace.accounts import Change, may_approve, record
from lesson_toolkit.authoring.workspace.models import Account
from lesson_toolkit.authoring.workspace.translation_store import Edit, Entry, catalogue_path, lesson_entries
from lesson_toolkit.authoring.workspace.web.access import EVERYONE, allow, bp
from lesson_toolkit.authoring.workspace.web.forms import ActionForm
from lesson_toolkit.extensions import db, toolkit


def may_edit(account: Account, language: Language) -> bool:
    return account.may("admin") or (account.may_translate(language.code) and may_approve(account, language))


def glossary_language(lang: str) -> Language:
    registry = toolkit.library.registry
    if lang not in registry or lang == registry.source or registry[lang].pseudo:
        abort(404)
    return registry[lang]


def version(term: Term) -> str:
    """Names a term as a page showed it (to refuse a change over someone else's)."""
    return hashlib.sha256(f"{term.term}\x00{term.translation}\x00{term.note}".encode()).hexdigest()[:12]


# ---- the translation editor's aids ----------------------------------------------------------


@dataclass
class EditorAids:
    """What the editor shows with each entry; built once per page."""

    glossary: Glossary
    memory: Memory
    error: GlossaryError | None = None
    _found: dict[str, list] = field(default_factory=dict)

    def _find(self, msgid: str) -> list:
        if msgid not in self._found:
            self._found[msgid] = self.glossary.find(msgid)
        return self._found[msgid]

    def marked(self, msgid: str) -> Markup:
        """The source with each glossary term in `<mark>` (escaped; no script needed)."""
        parts, at = [], 0
        for found in self._find(msgid):
            parts += [
                escape(msgid[at : found.start]),
                Markup('<mark class="term">%s</mark>') % msgid[found.start : found.end],
            ]
            at = found.end
        parts.append(escape(msgid[at:]))
        return Markup("").join(parts)

    def terms(self, entry: Entry) -> list[Term]:
        return list(dict.fromkeys(found.term for found in self._find(entry.msgid)))

    def borrowed(self, entry: Entry) -> bool:
        return self.memory.borrowed(entry.msgid, entry.fuzzy, entry.string, entry.previous, entry.context)

    def suggestions(self, entry: Entry) -> list[Suggestion]:
        found = self.memory.suggest(entry.msgid, entry.context)
        if self.borrowed(entry) and all(s.translation != entry.string for s in found):
            # the borrowed text itself, offered like any other (its source is the `#|` one)
            source = entry.previous or ""
            score = round(100 * _ratio(source, entry.msgid))
            found = sorted([*found, Suggestion(source, entry.string, min(score, 99), False)], key=_rank)[:3]
        return found


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    from lesson_toolkit.authoring.i18n.memory import normalise

    return fuzz.ratio(normalise(a), normalise(b)) / 100


def _rank(suggestion: Suggestion) -> tuple[bool, int]:
    return (not suggestion.exact, -suggestion.score)


def editor_aids(language: Language) -> EditorAids:
    locales_dir = toolkit.library.locales_dir
    memory = memory_for(catalogue_path(locales_dir, language), lambda path: read_catalogue(path, language))
    try:
        return EditorAids(read_glossary(locales_dir, language.code), memory)
    except GlossaryError as exc:
        return EditorAids(Glossary(language.code), memory, exc)


def without_borrowed(language: Language, slug: str, edits: list[Edit]) -> list[Edit]:
    """The editor's boxes less those of borrowed drafts sent back empty: the box was shown
    empty (the borrowed text is a suggestion), so an empty box is one nobody touched."""
    if not any(not edit.text.strip() for edit in edits):
        return edits
    aids = editor_aids(language)
    borrowed = {e.key for e in lesson_entries(toolkit.library.locales_dir, language, slug) if aids.borrowed(e)}
    return [edit for edit in edits if edit.text.strip() or edit.key not in borrowed]


# ---- the glossary pages ---------------------------------------------------------------------


@bp.route("/glossary")
@allow(*EVERYONE)
def glossaries():
    registry = toolkit.library.registry
    rows = []
    for language in registry.translated:
        if language.pseudo:
            continue
        try:
            glossary, error = read_glossary(toolkit.library.locales_dir, language.code), None
        except GlossaryError as exc:
            glossary, error = Glossary(language.code), exc
        agreed = sum(1 for term in glossary.terms if term.forms)
        rows.append((language, len(glossary.terms), agreed, error))
    return render_template("trainer/glossaries.html", rows=rows)


def _typed() -> Term:
    form = request.form
    return Term(form.get("term", ""), form.get("translation", ""), form.get("note", ""))


def _change(language: Language, action: str, old: Term | None, new: Term | None) -> Change:
    def text(term: Term | None) -> str | None:
        return f"{term.translation} · {term.note}" if term else None

    either = new or old
    return Change(
        "glossary",
        lang=language.code,
        msgid=either.term if either else None,
        old=text(old),
        new=text(new),
        detail=f"glossary: {action}" + (f" ({old.term} → {new.term})" if old and new and old.term != new.term else ""),
    )


def _apply(language: Language, action: str) -> Change | None:
    """One change to the glossary, as the form asks, under the file's lock. Raises GlossaryError."""
    locales_dir = toolkit.library.locales_dir
    with locked(glossary_path(locales_dir, language.code)):
        glossary = read_glossary(locales_dir, language.code)
        terms = [replace(term, line=None) for term in glossary.terms]
        new: Term | None
        old: Term | None
        if action == "add":
            new = _typed()
            terms.append(new)
            old = None
        else:
            original = glossary.get(request.form.get("original", ""))
            if original is None or version(original) != request.form.get("version"):
                raise GlossaryError(N_("someone changed or removed this term after you opened the page: reload it"))
            index = glossary.terms.index(original)
            old = terms[index]
            new = None if action == "delete" else _typed()
            if new is None:
                del terms[index]
            else:
                terms[index] = new
        if old is not None and new is not None:
            cleaned = check_term(new)
            if (cleaned.term, cleaned.translation, cleaned.note) == (old.term, old.translation, old.note):
                return None
        checked = check_terms(terms, language.code)
        write_file(locales_dir, checked)
    final = checked.get(new.term) if new else None
    return _change(language, {"add": "added", "delete": "removed"}.get(action, "changed"), old, final)


@bp.route("/glossary/<lang>", methods=["GET", "POST"])
@allow(*EVERYONE)
def glossary_page(lang: str):
    language = glossary_language(lang)
    editor = may_edit(current_user, language)
    error, typed, status = None, None, 200
    if request.method == "POST":
        action = request.form.get("action", "")
        if not editor:
            abort(403)
        if not ActionForm().validate_on_submit() or action not in ("add", "save", "delete"):
            abort(400)
        try:
            change = _apply(language, action)
        except GlossaryError as exc:
            error, typed, status = exc, (request.form.get("original") or "", _typed()), 422
        else:
            if change is not None:
                record(db.session, current_user, [change])
                db.session.commit()
            flash(_("The glossary is saved.") if change else _("Nothing to save: the term was already this."), "ok")
            return redirect(url_for("trainer.glossary_page", lang=lang))
    try:
        glossary, broken = read_glossary(toolkit.library.locales_dir, language.code), None
    except GlossaryError as exc:
        glossary, broken = Glossary(language.code), exc
        status = 500 if status == 200 else status
    return render_template(
        "trainer/glossary.html",
        target=language,
        glossary=glossary,
        editor=editor,
        error=error,
        broken=broken,
        typed=typed,
        version=version,
    ), status
