"""Accounts, roles, logins with back-off, and the audit log. No Flask: functions take a session.

Roles: an **admin** may do everything; a **trainer** writes lessons; a **translator** translates,
optionally only into some languages. Any account may look at the dashboard.

An administrator may give a *one-time* password (`temporary=True`): its owner must choose their
own before anything else. Changes to accounts go into the audit log as action "account", with
the account's role, languages and state, never a password or its hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, scoped_session
from werkzeug.security import check_password_hash, generate_password_hash

from authoring.errors import ToolkitError
from authoring.i18n.languages import Language
from authoring.workspace.models import ROLES, Account, AuditEntry, LoginThrottle, utc_now

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
# After FREE_FAILURES wrong passwords in a row for one username from one address, each further
# failure doubles the wait, from FIRST_WAIT up to MAX_WAIT.
FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=30)
# Refusals that keep administrators from locking everyone out (the web says them in the reader's language).
SELF_DISABLE = "you cannot disable your own account"
LAST_ADMIN = "this is the last active administrator: make someone else one first"
WRONG_CURRENT = "the current password is wrong"
SAME_PASSWORD = "choose a password other than the current one"
# Checked when the username does not exist, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class AccountError(ToolkitError):
    """A request about an account that cannot be done; names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)

    @property
    def detail(self) -> str:
        return f"{self.field}: {self.message}"


class LoginThrottledError(Exception):
    """Too many failed logins: try again after `retry_after`."""

    def __init__(self, retry_after: timedelta):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; try again in {int(retry_after.total_seconds())} s")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", f"use at least {MIN_PASSWORD} characters")
    if password.isdigit():
        raise AccountError("password", "use letters too, not only digits")


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
    check_password(password)
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
    check_password(password)
    account.password_hash = generate_password_hash(password)
    account.must_change_password = temporary
    return account


def change_own_password(
    session: Session | scoped_session, account: Account, current: str, new: str, address: str
) -> Account:
    """Someone choosing their own password, which ends a one-time one.

    The current password is checked as a login is, throttled per address: whoever finds a
    phone left logged in cannot guess it at leisure.
    """
    check_password(new)
    found = authenticate(session, account.username, current, address)
    if found is None or found.id != account.id:
        raise AccountError("current", WRONG_CURRENT)
    if new == current:
        raise AccountError("password", SAME_PASSWORD)
    account.password_hash = generate_password_hash(new)
    account.must_change_password = False
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


def _wait(failures: int) -> timedelta | None:
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), MAX_WAIT)


def authenticate(
    session: Session | scoped_session, username: str, password: str, address: str, now: datetime | None = None
) -> Account | None:
    """The account, or None for a wrong name or password; raises LoginThrottledError while throttled.

    Failures are counted per username and address, so someone guessing one person's password
    cannot lock that person out from their own phone.
    """
    now = now or utc_now()
    username = username.strip().lower()[:80]
    address = (address or "unknown")[:64]
    throttle = session.scalar(
        select(LoginThrottle).where(LoginThrottle.username == username, LoginThrottle.address == address)
    )
    if throttle and throttle.locked_until and throttle.locked_until > now:
        raise LoginThrottledError(throttle.locked_until - now)
    account = find_account(session, username)
    valid = check_password_hash(account.password_hash if account else _DUMMY_HASH, password)
    if account and valid and account.active:
        if throttle:
            session.delete(throttle)
        return account
    if throttle is None:
        throttle = LoginThrottle(username=username, address=address, failures=0)
        session.add(throttle)
    throttle.failures += 1
    throttle.last_failure = now
    wait = _wait(throttle.failures)
    throttle.locked_until = now + wait if wait else None
    return None


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
