"""Accounts, roles, logins with back-off, and the audit log. No Flask: functions take a session.

Roles: an **admin** may do everything; a **trainer** writes lessons; a **translator** translates,
optionally only into some languages. Any account may look at the dashboard.

An administrator may give a *one-time* password (`temporary=True`): its owner must choose their
own before anything else. Changes to accounts go into the audit log as action "account", with
the account's role, languages and state, never a password or its hash.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, scoped_session
from werkzeug.security import check_password_hash, generate_password_hash

from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.workspace import throttle
from lesson_toolkit.authoring.workspace.models import ROLES, Account, AuditEntry, LoginThrottle, utc_now

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 128  # everywhere a password is typed: the forms, the core and the command line
# Words of this site and the commonest Vietnamese passwords, on top of zxcvbn's own lists.
LOCAL_WORDS = ("matkhau", "matkhau123", "anhyeuem", "emyeuanh", "vietnam", "baihoc", "taphuan", "congnghe", "toolkit")
FREE_FAILURES = throttle.ACCOUNT_FREE
# Refusals that keep administrators from locking everyone out (the web says them in the reader's language).
SELF_DISABLE = "you cannot disable your own account"
LAST_ADMIN = "this is the last active administrator: make someone else one first"
WRONG_CURRENT = "the current password is wrong"
SAME_PASSWORD = "choose a password other than the current one"
# Password rules (the web says them in the reader's language).
TOO_SHORT = "use at least 10 characters"
TOO_LONG = "use at most 128 characters"
ONLY_SPACES = "use letters or digits, not only spaces"
ONLY_DIGITS = "use letters too, not only digits"
USERNAME_IN_PASSWORD = "do not use your username in the password"
TOO_COMMON = "this password is too common or too easy to guess: use a few words that belong together only for you"


@functools.cache
def _dummy_hash() -> str:
    """Checked when the username does not exist, so that a wrong name costs as long as a wrong
    password. Made at the first login, not at import: scrypt costs every process a tenth of a
    second, and most (the CLI, the learners' pages) never check a password."""
    return generate_password_hash("not a password of anyone")


class AccountError(ToolkitError):
    """A request about an account that cannot be done; names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)

    @property
    def detail(self) -> str:
        return f"{self.field}: {self.message}"


LoginThrottledError = throttle.ThrottledError  # too many failed logins: try again after `retry_after`


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that is short, too long, only spaces or digits, made of the username,
    or easy to guess (zxcvbn: common passwords, words, keyboard runs, repeats, dates)."""
    if len(password) > MAX_PASSWORD:
        raise AccountError("password", TOO_LONG)
    if not password.strip():
        raise AccountError("password", ONLY_SPACES)
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", TOO_SHORT)
    if password.replace(" ", "").isdigit():
        raise AccountError("password", ONLY_DIGITS)
    name = username.strip().lower()
    folded = "".join(password.lower().split())
    if name and (name in folded or folded in name):
        raise AccountError("password", USERNAME_IN_PASSWORD)
    words = [name, *LOCAL_WORDS] if name else list(LOCAL_WORDS)
    # zxcvbn's word lists take a tenth of a second to load: every `flask` command and app start
    # would pay for them, and only a new password needs them
    from zxcvbn import zxcvbn

    if zxcvbn(password[:72], user_inputs=words)["score"] < 2:
        raise AccountError("password", TOO_COMMON)


def _codes(codes: Iterable[str], allowed: Iterable[str], field: str) -> str:
    codes = sorted({c.strip() for c in codes if c.strip()})
    unknown = [c for c in codes if c not in set(allowed)]
    if unknown:
        raise AccountError(field, f"unknown language {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
    return " ".join(codes)


def find_account(session: Session | scoped_session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == username.strip().lower()))


def create_account(
    session: Session | scoped_session,
    username: str,
    password: str,
    role: str,
    *,
    languages: Iterable[str] = (),
    reviewed: Iterable[str] = (),
    known_languages: Iterable[str] = (),
    temporary: bool = False,
) -> Account:
    """A new active account; with `temporary`, its password is a one-time one."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("username", "use 2–40 lower-case letters, digits, '.', '_' or '-'")
    if find_account(session, username):
        raise AccountError("username", f"{username!r} already exists")
    if role not in ROLES:
        raise AccountError("role", f"choose one of {', '.join(ROLES)}")
    check_password(password, username)
    known = list(known_languages)
    account = Account(
        username=username,
        password_hash=generate_password_hash(password),
        role=role,
        languages=_codes(languages, known, "languages"),
        reviewed_languages=_codes(reviewed, known, "reviewed"),
        active=True,
        must_change_password=temporary,
    )
    session.add(account)
    session.flush()
    return account


def set_role(
    session: Session | scoped_session,
    username: str,
    role: str,
    *,
    languages: Iterable[str] | None = None,
    reviewed: Iterable[str] | None = None,
    known_languages: Iterable[str] = (),
) -> Account:
    """Change the role; `languages` and `reviewed` are replaced only when given."""
    account = find_account(session, username)
    if account is None:
        raise AccountError("username", f"no account {username!r}")
    if role not in ROLES:
        raise AccountError("role", f"choose one of {', '.join(ROLES)}")
    known = list(known_languages)
    account.role = role
    if languages is not None:
        account.languages = _codes(languages, known, "languages")
    if reviewed is not None:
        account.reviewed_languages = _codes(reviewed, known, "reviewed")
    return account


def set_password(
    session: Session | scoped_session, username: str, password: str, *, temporary: bool = False
) -> Account:
    """A new password (every open session of the account ends); `temporary`: a one-time one."""
    account = find_account(session, username)
    if account is None:
        raise AccountError("username", f"no account {username!r}")
    check_password(password, account.username)
    account.password_hash = generate_password_hash(password)
    account.must_change_password = temporary
    account.end_sessions()
    return account


def change_own_password(
    session: Session | scoped_session, account: Account, current: str, new: str, address: str
) -> Account:
    """Someone choosing their own password, which ends a one-time one.

    The current password is checked as a login is, throttled: whoever finds a phone left logged
    in cannot guess it at leisure. Every other session of the account ends (the caller logs
    this one in again).
    """
    check_password(new, account.username)
    found = authenticate(session, account.username, current, address)
    if found is None or found.id != account.id:
        raise AccountError("current", WRONG_CURRENT)
    if new == current:
        raise AccountError("password", SAME_PASSWORD)
    account.password_hash = generate_password_hash(new)
    account.must_change_password = False
    account.end_sessions()
    return account


def set_active(session: Session | scoped_session, username: str, active: bool) -> Account:
    account = find_account(session, username)
    if account is None:
        raise AccountError("username", f"no account {username!r}")
    account.active = active
    return account


def describe(account: Account) -> str:
    """Role, languages, reviewer flags and state, as the audit log keeps them (no password)."""
    state = "active" if account.active else "disabled"
    if account.must_change_password:
        state += ", one-time password"
    languages = account.languages or "all"
    reviewed = account.reviewed_languages or "none"
    return f"{account.role}; languages: {languages}; reviewer: {reviewed}; {state}"


def keep_an_admin(session: Session | scoped_session, actor: Account, account: Account, role: str, active: bool) -> None:
    """Refuse a change that would lock administrators out: disabling oneself, or leaving no
    active administrator. (The command line is the way back in, and does not ask.)"""
    if account.id == actor.id and not active:
        raise AccountError("active", SELF_DISABLE)
    if account.role == "admin" and account.active and not (role == "admin" and active):
        others = session.scalar(
            select(func.count())
            .select_from(Account)
            .where(Account.role == "admin", Account.active.is_(True), Account.id != account.id)
        )
        if not others:
            raise AccountError("role", LAST_ADMIN)


def update_account(
    session: Session | scoped_session,
    actor: Account,
    account: Account,
    *,
    role: str,
    languages: Iterable[str],
    reviewed: Iterable[str],
    active: bool,
    known_languages: Iterable[str] = (),
) -> Change | None:
    """An administrator's change of role, languages, reviewer flags and state, as one Change
    for the audit log (None when nothing changed)."""
    keep_an_admin(session, actor, account, role, active)
    before = describe(account)
    set_role(session, account.username, role, languages=languages, reviewed=reviewed, known_languages=known_languages)
    account.active = active
    after = describe(account)
    if after == before:
        return None
    return Change("account", old=before, new=after, detail=f"{account.username}: changed")


def may_approve(account: Account, language: Language) -> bool:
    """Whether this account's translations into `language` may be published, not kept as drafts.

    Languages that no native speaker reviewed in the registry (Tày, Dao) need an account marked
    as a reviewed native speaker of that language; others (Vietnamese) need only a translator.
    """
    return language.reviewed or language.code in account.reviewed_codes


def authenticate(
    session: Session | scoped_session,
    username: str,
    password: str,
    address: str,
    now: datetime | None = None,
    *,
    device: str | None = None,
) -> Account | None:
    """The account, or None for a wrong name or password; raises LoginThrottledError while a
    delay runs (`authoring.workspace.throttle`).

    Each try is claimed, atomically, for the address and for the account, or, when the browser
    shows a `device` key that this account's earlier login gave it, for that device instead:
    someone guessing a person's password slows down strangers' tries at that name, not the
    person's own phone.
    """
    username = username.strip().lower()[:80]
    address = (address or "unknown")[:64]
    account_scope, account_key = ("device", f"{username}:{device}") if device else ("account", username)
    throttle.claim(session, "address", address, now)
    try:
        throttle.claim(session, account_scope, account_key, now)
    except throttle.ThrottledError:
        throttle.succeeded(session, "address", address)  # a refused try is no guess
        raise
    account = find_account(session, username)
    too_long = len(password) > MAX_PASSWORD  # checked like any wrong password, never hashed
    valid = check_password_hash(account.password_hash if account else _dummy_hash(), "" if too_long else password)
    if account and valid and account.active and not too_long:
        throttle.forget(session, account_scope, account_key)
        throttle.forget(session, "account", username)
        throttle.succeeded(session, "address", address)
        throttle.prune(session, now)  # retention: old names and addresses go
        return account
    return None


def unlock(session: Session | scoped_session, username: str | None = None, address: str | None = None) -> int:
    """Forget the failed logins of an account (all its devices too) or of an address."""
    conditions = []
    if username:
        name = username.strip().lower()
        conditions += [
            (LoginThrottle.scope == "account") & (LoginThrottle.key == name),
            (LoginThrottle.scope == "device") & LoginThrottle.key.startswith(f"{name}:", autoescape=True),
        ]
    if address:
        conditions.append((LoginThrottle.scope == "address") & (LoginThrottle.key == address.strip()))
    if not conditions:
        raise AccountError("username", "name an account or an address to unlock")
    return session.execute(delete(LoginThrottle).where(or_(*conditions))).rowcount or 0  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Change:
    """One change to content, as the audit log records it."""

    action: str
    lesson: str | None = None
    lang: str | None = None
    context: str | None = None
    msgid: str | None = None
    old: str | None = None
    new: str | None = None
    detail: str = ""


def record(session: Session | scoped_session, account: Account, changes: Iterable[Change]) -> list[AuditEntry]:
    entries = [
        AuditEntry(account_id=account.id, username=account.username, at=utc_now(), **change.__dict__)
        for change in changes
    ]
    session.add_all(entries)
    return entries


def last_change(session: Session | scoped_session, lang: str, context: str | None, msgid: str) -> AuditEntry | None:
    """The latest logged change to one message, in any lesson (to say who saved it in a conflict)."""
    query = select(AuditEntry).where(
        AuditEntry.lang == lang,
        AuditEntry.msgid == msgid,
        AuditEntry.context.is_(None) if context is None else AuditEntry.context == context,
    )
    return session.scalar(query.order_by(AuditEntry.id.desc()).limit(1))
