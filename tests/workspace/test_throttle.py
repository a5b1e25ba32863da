"""Login throttling (`authoring.workspace.throttle`): atomic counts on SQLite and PostgreSQL, the
address limit, unlocking and retention."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from lesson_toolkit.authoring.workspace import throttle
from lesson_toolkit.authoring.workspace.accounts import LoginThrottledError, authenticate, create_account
from lesson_toolkit.authoring.workspace.models import LoginThrottle, utc_now
from lesson_toolkit.extensions import db
from tests.workspace.support import PASSWORD, add_account


def test_parallel_guesses_get_exactly_the_free_checks_and_no_error(migrated_app):
    """30 guesses at once: the upsert counts every one, so only ACCOUNT_FREE passwords are
    checked (the read-modify-write race let 13 through, and two answered 500)."""
    create_account(db.session, "tran", PASSWORD, "translator")
    db.session.commit()

    def guess(number: int) -> str:
        with migrated_app.app_context():
            try:
                found = authenticate(db.session, "tran", f"wrong guess {number}", f"10.0.{number}.1")
                db.session.commit()
                return "checked" if found is None else "in"
            except LoginThrottledError:
                db.session.rollback()
                return "refused"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(guess, range(30)))
    assert results.count("checked") == throttle.ACCOUNT_FREE
    assert results.count("refused") == 30 - throttle.ACCOUNT_FREE
    row = db.session.scalar(select(LoginThrottle).where(LoginThrottle.scope == "account"))
    assert row.failures == throttle.ACCOUNT_FREE and row.next_try is not None


def test_one_address_guessing_many_names_is_delayed_but_a_few_typos_are_not(trainer_app):
    add_account(trainer_app, "tran", "translator")
    now = utc_now()
    with trainer_app.app_context():
        for number in range(throttle.ADDRESS_FREE - 1):  # behind one NAT address: many typos
            assert authenticate(db.session, f"name{number}", "bad password", "203.0.113.7", now=now) is None
        # a right password from there still gets in, and does not wipe the address's count
        assert authenticate(db.session, "tran", PASSWORD, "203.0.113.7", now=now) is not None
        assert authenticate(db.session, "other", "bad password", "203.0.113.7", now=now) is None
        with pytest.raises(LoginThrottledError) as refused:
            authenticate(db.session, "tran", PASSWORD, "203.0.113.7", now=now)
        assert refused.value.retry_after == throttle.FIRST_WAIT
        # elsewhere nothing waits; and a day later the address's failures are forgotten
        assert authenticate(db.session, "tran", PASSWORD, "198.51.100.1", now=now) is not None
        later = now + throttle.FORGET_AFTER + timedelta(seconds=1)
        assert authenticate(db.session, "tran", PASSWORD, "203.0.113.7", now=later) is not None


def test_users_unlock_forgets_an_account_or_an_address(trainer_app):
    add_account(trainer_app, "tran", "translator")
    with trainer_app.app_context():
        for _ in range(throttle.ACCOUNT_FREE):
            authenticate(db.session, "tran", "bad password", "192.0.2.5")
        db.session.commit()
        with pytest.raises(LoginThrottledError):
            authenticate(db.session, "tran", PASSWORD, "192.0.2.5")
        db.session.rollback()
    runner = trainer_app.test_cli_runner()
    result = runner.invoke(args=["users", "unlock", "tran"])
    assert result.exit_code == 0 and "forgot 1 throttle record(s)" in result.output
    with trainer_app.app_context():
        assert authenticate(db.session, "tran", PASSWORD, "192.0.2.5") is not None
        db.session.commit()
    result = runner.invoke(args=["users", "unlock", "--address", "192.0.2.5"])
    assert result.exit_code == 0 and "forgot 1 throttle record(s)" in result.output
    result = runner.invoke(args=["users", "unlock"])
    assert result.exit_code != 0 and "name an account or an address" in result.output


def test_old_failures_are_deleted_retention(trainer_app):
    with trainer_app.app_context():
        now = utc_now()
        authenticate(db.session, "gone", "bad password", "192.0.2.9", now=now - timedelta(days=8))
        authenticate(db.session, "recent", "bad password", "192.0.2.10", now=now)
        db.session.commit()
    result = trainer_app.test_cli_runner().invoke(args=["users", "prune-throttle"])
    assert result.exit_code == 0 and "deleted 2 throttle record(s)" in result.output
    with trainer_app.app_context():
        assert {row.key for row in db.session.scalars(select(LoginThrottle))} == {"recent", "192.0.2.10"}
