"""Login throttling: a delay per account and per address, counted atomically. No Flask.

Every password check first *claims* a try with one upsert per scope (`INSERT … ON CONFLICT DO
UPDATE … WHERE the delay is over … RETURNING`): the row counts the try as a failure and sets
the next allowed time in the same statement, so parallel guesses cannot all slip through
between a read and a write (PostgreSQL locks the row, SQLite the database). A right password
then forgets the account's failures.

Scopes:
- `account` (the typed username, known or not): after ACCOUNT_FREE failures, each try waits
  a delay that doubles up to ACCOUNT_MAX_WAIT. A delay, never a block: an attacker guessing one
  person's password slows them down for a minute at most, and a browser where that person
  logged in before carries a *device* key (`device`) that is throttled on its own instead.
- `address`: after ADDRESS_FREE failures from one address, whatever the names, the same
  doubling delay. The threshold is high so that a commune office behind one NAT address is not
  slowed down by one person's typos.

Failures older than FORGET_AFTER no longer count; `prune` deletes such rows (retention).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, or_, select, update
from sqlalchemy.orm import Session, scoped_session

from lesson_toolkit.authoring.workspace.models import LoginThrottle, utc_now

ACCOUNT_FREE = 5
ADDRESS_FREE = 50
FIRST_WAIT = timedelta(seconds=15)
ACCOUNT_MAX_WAIT = timedelta(minutes=1)
ADDRESS_MAX_WAIT = timedelta(minutes=5)
FORGET_AFTER = timedelta(days=1)
KEEP_ROWS = timedelta(days=7)  # retention of the table: user names and addresses go after this


@dataclass(frozen=True)
class Limit:
    free: int
    max_wait: timedelta

    def wait(self, failures: int) -> timedelta | None:
        """The delay after `failures` failures in a row (None: no delay yet)."""
        if failures < self.free:
            return None
        return self.delay(failures - self.free)

    def delay(self, past_free: int) -> timedelta:
        return min(FIRST_WAIT * 2 ** min(past_free, 20), self.max_wait)

    def steps(self) -> int:
        """How many failures past `free` until the delay reaches its maximum."""
        n = 0
        while FIRST_WAIT * 2**n < self.max_wait:
            n += 1
        return n


LIMITS = {
    "account": Limit(ACCOUNT_FREE, ACCOUNT_MAX_WAIT),
    "device": Limit(ACCOUNT_FREE, ACCOUNT_MAX_WAIT),
    "address": Limit(ADDRESS_FREE, ADDRESS_MAX_WAIT),
}


class ThrottledError(Exception):
    """This try is refused: wait `retry_after`."""

    def __init__(self, retry_after: timedelta):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; try again in {int(retry_after.total_seconds())} s")


def _insert(session: Session | scoped_session):
    # imported here: `sqlalchemy.dialects.postgresql` loads every PostgreSQL driver's dialect
    # (asyncpg, pg8000, …), a tenth of a second that every app start on SQLite would pay
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(LoginThrottle)
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(LoginThrottle)
    raise NotImplementedError(f"login throttling needs PostgreSQL or SQLite, not {name}")


def claim(session: Session | scoped_session, scope: str, key: str, now: datetime | None = None) -> None:
    """Count one try for (`scope`, `key`) as a failure, or raise ThrottledError while its delay runs."""
    now = now or utc_now()
    limit, key = LIMITS[scope], key[:120]
    table = LoginThrottle.__table__
    stale = table.c.last_failure < now - FORGET_AFTER
    failures = case((stale, 1), else_=table.c.failures + 1)
    # the next allowed try for the new count, as a ladder of bound times (no date maths in SQL)
    ladder = [(failures == limit.free + n, literal(now + limit.delay(n))) for n in range(limit.steps())]
    next_try = case(
        (failures < limit.free, literal(None, type_=table.c.next_try.type)),
        *ladder,
        else_=literal(now + limit.max_wait),
    )
    first = limit.wait(1)
    statement = _insert(session).values(
        scope=scope, key=key, failures=1, last_failure=now, next_try=now + first if first else None
    )
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "key"],
        set_={"failures": failures, "last_failure": now, "next_try": next_try},
        where=or_(table.c.next_try.is_(None), table.c.next_try <= now, stale),
    ).returning(table.c.failures)
    if session.execute(statement).first() is None:
        until = session.scalar(
            select(LoginThrottle.next_try).where(LoginThrottle.scope == scope, LoginThrottle.key == key)
        )
        raise ThrottledError(max((until or now) - now, timedelta(seconds=1)))


def forget(session: Session | scoped_session, scope: str, key: str) -> int:
    """Forget the failures of one account, device or address (a right password, or `users unlock`)."""
    result = session.execute(delete(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key[:120]))
    return result.rowcount or 0  # type: ignore[attr-defined]


def prune(session: Session | scoped_session, now: datetime | None = None, keep: timedelta = KEEP_ROWS) -> int:
    """Delete rows whose last failure is older than `keep`; returns how many."""
    cutoff = (now or utc_now()) - keep
    result = session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure < cutoff))
    return result.rowcount or 0  # type: ignore[attr-defined]


def succeeded(session: Session | scoped_session, scope: str, key: str) -> None:
    """Take back the failure a right password's claim counted (for addresses, which a success
    does not forget: an attacker's own account must not wipe the count of its guesses)."""
    limit = LIMITS[scope]
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.scope == scope, LoginThrottle.key == key[:120], LoginThrottle.failures > 0)
        .values(
            failures=LoginThrottle.failures - 1,
            next_try=case((LoginThrottle.failures - 1 < limit.free, None), else_=LoginThrottle.next_try),
        )
        .execution_options(synchronize_session=False)
    )
