"""Suggestions and review: what translators propose, and what reviewers decide. No Flask.

A translator's text for a language whose translations need review (Tày, Dao: see `may_approve`)
is a *suggestion*, a row in the database (`Suggestion`), never a line in `lessons.po`. Several
people's suggestions for one message stand side by side, each with its author and time; each
person has at most one pending suggestion per message (a new text replaces their own).

A reviewer of the language approves one (its text is published into `lessons.po`, not fuzzy),
edits and approves it, or rejects it. Approving one's own suggestion is allowed only where the
language has a single reviewer, and the audit log says so. Every step (suggest, approve, edit,
reject) goes into the audit log as a `Change`, which the caller records with its account.

The drafts that once waited beside published translations (`lessons.drafts.po`) are imported
as suggestions by `import_drafts` (`flask suggestions import-drafts`), which then removes the
file: suggestions are what people do, so they live in the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, scoped_session

from lesson_toolkit.authoring.core.markup import markup_problems, refused
from lesson_toolkit.authoring.core.segmenter import clean
from lesson_toolkit.authoring.errors import N_
from lesson_toolkit.authoring.i18n.catalogue import read_catalogue
from lesson_toolkit.authoring.i18n.languages import Language, Registry
from lesson_toolkit.authoring.storage import locked
from lesson_toolkit.authoring.workspace.accounts import Change, may_approve
from lesson_toolkit.authoring.workspace.models import Account, AuditEntry, Suggestion, utc_now
from lesson_toolkit.authoring.workspace.translation_store import (
    Conflict,
    Edit,
    Entry,
    Key,
    Saved,
    TranslationError,
    catalogue_path,
    drafts_path,
    lesson_slugs,
    save_entries,
)

AnySession = Session | scoped_session
DRAFTS_AUTHOR = "lessons.drafts.po"  # the author of imported drafts, whose writers are unknown


class ReviewError(TranslationError):
    """A decision that may not be made: not a reviewer, one's own suggestion, already decided."""


@dataclass(frozen=True)
class Suggested:
    """A box saved as a suggestion (or left as it was: `change` None); `entry` is the message as
    the catalogue holds it (unchanged), `suggestion` the person's pending one (None: withdrawn)."""

    entry: Entry
    suggestion: Suggestion | None
    change: Change | None


def _key_filter(query, key: Key):
    context, msgid = key
    return query.where(
        Suggestion.msgid == msgid, Suggestion.context.is_(None) if context is None else Suggestion.context == context
    )


def pending(session: AnySession, lang: str, keys: Iterable[Key] | None = None) -> dict[Key, list[Suggestion]]:
    """The pending suggestions of a language, oldest first, by message (only `keys` when given)."""
    wanted = set(keys) if keys is not None else None
    query = select(Suggestion).where(Suggestion.lang == lang, Suggestion.state == "pending")
    found: dict[Key, list[Suggestion]] = {}
    for suggestion in session.scalars(query.order_by(Suggestion.created, Suggestion.id)):
        key = (suggestion.context, suggestion.msgid)
        if wanted is None or key in wanted:
            found.setdefault(key, []).append(suggestion)
    return found


def own_pending(session: AnySession, account: Account, lang: str, key: Key) -> Suggestion | None:
    query = select(Suggestion).where(
        Suggestion.lang == lang, Suggestion.state == "pending", Suggestion.account_id == account.id
    )
    return session.scalar(_key_filter(query, key).order_by(Suggestion.id.desc()).limit(1))


def reviewers(session: AnySession, language: Language) -> list[Account]:
    """The active accounts that may approve translations into `language`: for a reviewed
    language (Vietnamese, English) every account that may translate it, as before suggestions
    existed; for Tày and Dao, those an administrator marked as its reviewers."""
    accounts = session.scalars(select(Account).where(Account.active.is_(True)).order_by(Account.id))
    return [a for a in accounts if a.may_translate(language.code) and may_approve(a, language)]


def publishes_own(session: AnySession, account: Account, language: Language) -> bool:
    """Whether `account`'s own texts for `language` are published as they are saved. For a
    reviewed language (Vietnamese, English) every approver's are; for Tày and Dao only a
    reviewer's who is the language's only one (the audit log says so). Where the language has
    another reviewer, a reviewer's own text is a suggestion like anyone's, for that reviewer."""
    if not may_approve(account, language):
        return False
    return language.reviewed or not [a for a in reviewers(session, language) if a.id != account.id]


def _change(action: str, suggestion: Suggestion, old: str | None, new: str | None, detail: str) -> Change:
    return Change(action, suggestion.lesson, suggestion.lang, suggestion.context, suggestion.msgid, old, new, detail)


def suggest(
    session: AnySession,
    account: Account,
    language: Language,
    slug: str,
    entry: Entry,
    text: str,
    *,
    source: str = "editor",
) -> Suggested:
    """`account` proposes `text` for `entry` (one message of lesson `slug`, as the catalogue holds
    it now). Their earlier pending suggestion is replaced; an empty text withdraws it. A text
    that breaks the markup raises TranslationError; one that changes a fact is kept (the reviewer
    sees the finding). Proposing the published text again, or one's own pending text, is nothing."""
    text = clean(text)
    if text and refused(markup_problems(entry.msgid, text)):
        problems = refused(markup_problems(entry.msgid, text))
        raise TranslationError(N_("the translation must keep the links and code of the source"), problems)
    mine = own_pending(session, account, language.code, entry.key)
    if mine is not None and mine.text == text:
        return Suggested(entry, mine, None)
    if mine is None and (not text or (text == entry.string and not entry.fuzzy)):
        return Suggested(entry, None, None)
    old = mine.text if mine is not None else None
    if mine is not None:
        mine.state, mine.decided_by, mine.decided_at = "withdrawn", account.username, utc_now()
    if not text:
        assert mine is not None
        return Suggested(entry, None, _change("suggest", mine, old, None, "suggestion withdrawn"))
    suggestion = Suggestion(
        lang=language.code,
        context=entry.context,
        msgid=entry.msgid,
        text=text,
        lesson=slug,
        account_id=account.id,
        username=account.username,
        source=source,
        created=utc_now(),
        state="pending",
    )
    session.add(suggestion)
    session.flush()
    detail = f"suggestion from the {source}" + (", replacing their earlier one" if mine is not None else "")
    return Suggested(entry, suggestion, _change("suggest", suggestion, old, text, detail))


def withdraw_own(session: AnySession, account: Account, lang: str, key: Key) -> None:
    """A reviewer published their own text for `key`: their pending suggestion of it is settled."""
    mine = own_pending(session, account, lang, key)
    if mine is not None:
        mine.state, mine.decided_by, mine.decided_at = "withdrawn", account.username, utc_now()


def _check_reviewer(reviewer: Account, language: Language, suggestion: Suggestion) -> None:
    if suggestion.lang != language.code:
        raise ReviewError(N_("this suggestion is for another language"))
    if suggestion.state != "pending":
        raise ReviewError(N_("this suggestion was already decided; reload the page"))
    if not (reviewer.may_translate(language.code) and may_approve(reviewer, language)):
        raise ReviewError(N_("only a reviewer of this language may decide on suggestions"))


def check_may_decide(session: AnySession, reviewer: Account, language: Language, suggestion: Suggestion) -> str:
    """Raises ReviewError when `reviewer` may not decide on `suggestion`; else returns what the
    audit log adds about the decision ("" or the self-approval note)."""
    _check_reviewer(reviewer, language, suggestion)
    if suggestion.account_id != reviewer.id:
        return ""
    others = [a for a in reviewers(session, language) if a.id != reviewer.id]
    if others:
        raise ReviewError(N_("you cannot approve your own suggestion: this language has another reviewer, who must"))
    return f"; own suggestion, approved as the only reviewer of {language.code}"


def decide(
    session: AnySession,
    locales_dir: Path,
    language: Language,
    slug: str,
    reviewer: Account,
    suggestion: Suggestion,
    action: str,
    *,
    base: str,
    text: str | None = None,
) -> tuple[Change | None, Saved | Conflict | None]:
    """A reviewer's decision: "approve" (publish its text, or `text` when the reviewer changed
    it: then it counts as "edit"), or "reject". `base` is the entry's state token as the
    reviewer's page showed it: when someone published meanwhile, nothing is decided and the
    Conflict comes back. Returns the Change to record and the save's outcome."""
    if action not in ("approve", "reject"):
        raise ReviewError(N_("unknown decision"))
    if action == "reject":
        _check_reviewer(reviewer, language, suggestion)  # rejecting one's own is allowed: it is withdrawing
        suggestion.state, suggestion.decided_by, suggestion.decided_at = "rejected", reviewer.username, utc_now()
        detail = f"rejected the suggestion by {suggestion.username}"
        return _change("reject", suggestion, suggestion.text, None, detail), None
    note = check_may_decide(session, reviewer, language, suggestion)
    final = clean(text) if text is not None else suggestion.text
    if not final:
        raise ReviewError(N_("an empty text cannot be approved; reject the suggestion instead"))
    edited = final != suggestion.text
    problems = markup_problems(suggestion.msgid, final)
    if problems:
        raise TranslationError(N_("its numbers, amounts or addresses differ from the source: edit it first"), problems)
    key = (suggestion.context, suggestion.msgid)
    outcome = save_entries(locales_dir, language, slug, [Edit(key, final, base)], may_approve=True)[key]
    if isinstance(outcome, TranslationError):
        raise outcome
    if isinstance(outcome, Conflict):
        return None, outcome
    suggestion.state = "edited" if edited else "approved"
    suggestion.decided_by, suggestion.decided_at = reviewer.username, utc_now()
    old = outcome.change.old if outcome.change else final
    detail = f"{'edited and approved' if edited else 'approved'} the suggestion by {suggestion.username}{note}"
    return _change("edit" if edited else "approve", suggestion, old, final, detail), outcome


def find(session: AnySession, suggestion_id: int) -> Suggestion | None:
    return session.get(Suggestion, suggestion_id)


def import_drafts(session: AnySession, locales_dir: Path, registry: Registry) -> dict[Path, int]:
    """Turn every language's `lessons.drafts.po` into pending suggestions (author unknown: the
    file's name) and log each as a "suggest" in the audit log. Returns the number imported per
    file; the caller commits, then removes the files (so a failed commit loses nothing)."""
    imported: dict[Path, int] = {}
    for language in registry.translated:
        path = drafts_path(locales_dir, language)
        if not path.exists():
            continue
        with locked(catalogue_path(locales_dir, language)):
            drafts = read_catalogue(path, language)
            count = 0
            for message in drafts:
                if not message.id or not isinstance(message.id, str) or not message.string:
                    continue
                slugs = lesson_slugs(message)
                suggestion = Suggestion(
                    lang=language.code,
                    context=message.context,
                    msgid=message.id,
                    text=clean(str(message.string)),
                    lesson=slugs[0] if slugs else None,
                    account_id=None,
                    username=DRAFTS_AUTHOR,
                    source="drafts-file",
                    created=utc_now(),
                    state="pending",
                )
                session.add(suggestion)
                change = _change("suggest", suggestion, None, suggestion.text, f"imported from {path.name}")
                session.add(AuditEntry(account_id=None, username=DRAFTS_AUTHOR, at=utc_now(), **change.__dict__))
                count += 1
            session.flush()
        imported[path] = count
    return imported
