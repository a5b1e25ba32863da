"""What trainers do, stored in the database: accounts, failed logins, and the audit log of edits.

Times are naive UTC (`utc_now()`), the same on SQLite and PostgreSQL, so comparisons never mix
aware and naive values.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from lesson_toolkit.authoring.community.models import COMMUNITY_ROLES
from lesson_toolkit.authoring.database import Base

# members of community teams and commune officers count households helped (authoring.community)
ROLES = ("admin", "trainer", "translator", *COMMUNITY_ROLES)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_stamp() -> str:
    return secrets.token_hex(16)


def _codes(value: str) -> frozenset[str]:
    return frozenset(value.split())


class Account(UserMixin, Base):
    """A trainer's, translator's, administrator's, team member's or commune officer's login.

    `languages`: the languages a translator may translate (space-separated; empty: all).
    `reviewed_languages`: the languages in which this person is a reviewed native speaker,
    whose Tày or Dao translations may be published without staying drafts.
    `must_change_password`: the password is a one-time one an administrator gave; the person
    chooses their own before doing anything else in the workspace.
    """

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    languages: Mapped[str] = mapped_column(String(200), default="")
    reviewed_languages: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created: Mapped[datetime] = mapped_column(default=utc_now)
    # part of every session's id: a new stamp (logout, a new password) ends every session
    session_stamp: Mapped[str] = mapped_column(String(32), default=new_stamp)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        # checked by the user loader on every request: a session copied before a logout or a
        # password change no longer loads
        return f"{self.id}:{self.session_stamp}"

    def end_sessions(self) -> None:
        """End every open session of this account (each browser must log in again)."""
        self.session_stamp = new_stamp()

    @property
    def language_codes(self) -> frozenset[str]:
        return _codes(self.languages)

    @property
    def reviewed_codes(self) -> frozenset[str]:
        return _codes(self.reviewed_languages)

    def may(self, *roles: str) -> bool:
        """Whether this account has one of `roles`; an administrator may do everything."""
        return self.active and (self.role == "admin" or self.role in roles)

    def may_translate(self, lang: str) -> bool:
        if self.role == "admin":
            return self.active
        return self.may("translator") and (not self.languages or lang in self.language_codes)


class LoginThrottle(Base):
    """Failed logins in a row for one account, device or address, and when the next try may
    come (`authoring.workspace.throttle`)."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # account, device, address
    key: Mapped[str] = mapped_column(String(120))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    next_try: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("scope", "key", name="one_throttle_per_scope_and_key"),)


class AuditEntry(Base):
    """One change to content: who, when, what (lesson, language, message) and old → new."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80))  # kept when the account is gone
    action: Mapped[str] = mapped_column(String(20))  # translate, upload, lesson, picture
    lesson: Mapped[str | None] = mapped_column(String(80), index=True)
    lang: Mapped[str | None] = mapped_column(String(12))
    context: Mapped[str | None] = mapped_column(Text)
    msgid: Mapped[str | None] = mapped_column(Text)
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(String(200), default="")


class Suggestion(Base):
    """One person's proposed translation of one message into one language, waiting for a
    reviewer of that language (`authoring.workspace.suggestions`). Only an approved text reaches
    the language's `lessons.po`; the row stays as the record of who proposed what.

    `state`: pending, approved, edited (approved after the reviewer changed it), rejected, or
    withdrawn (its author replaced or cleared it, or published their own text)."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(12), index=True)
    context: Mapped[str | None] = mapped_column(Text)
    msgid: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    lesson: Mapped[str | None] = mapped_column(String(80))  # where it was proposed
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80))  # kept when the account is gone
    source: Mapped[str] = mapped_column(String(20), default="editor")  # editor, upload, worksheet, drafts-file
    created: Mapped[datetime] = mapped_column(default=utc_now)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None]
