"""Accounts and the audit log through the migrations, on SQLite and on a real PostgreSQL server;
and the `flask users` commands."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from lesson_toolkit.authoring.workspace.accounts import (
    AccountError,
    Change,
    authenticate,
    change_own_password,
    create_account,
    describe,
    keep_an_admin,
    last_change,
    record,
    set_password,
    set_role,
    update_account,
)
from lesson_toolkit.authoring.workspace.models import Account, AuditEntry, utc_now
from lesson_toolkit.extensions import db
from tests.workspace.support import PASSWORD

TABLES = {"account", "login_throttle", "audit_entry"}
LANGUAGES = ["vi", "tyz", "ium"]


def test_the_migrations_build_the_tables_the_models_describe(migrated_app):
    assert set(inspect(db.engine).get_table_names()) >= TABLES
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert [d for d in differences if any(f"'{table}'" in repr(d) for table in TABLES)] == []


def test_accounts_logins_and_the_audit_log_are_stored(migrated_app):
    session = db.session
    create_account(session, "Mai", PASSWORD, "translator", languages=["tyz"], known_languages=LANGUAGES)
    session.commit()
    with pytest.raises(AccountError, match="already exists"):
        create_account(session, "mai", PASSWORD, "translator", known_languages=LANGUAGES)
    session.rollback()
    with pytest.raises(AccountError, match="unknown language xx"):
        set_role(session, "mai", "translator", languages=["xx"], known_languages=LANGUAGES)
    session.rollback()
    account = authenticate(session, "mai", PASSWORD, "127.0.0.1")
    assert account is not None and account.password_hash != PASSWORD and account.password_hash.startswith("scrypt:")
    assert account.may_translate("tyz") and not account.may_translate("vi") and not account.may("trainer")
    assert authenticate(session, "mai", "wrong password", "127.0.0.1") is None
    session.commit()
    record(
        session,
        account,
        [
            Change("translate", "pay", "tyz", None, "Steps", "", "Tày 1", "untranslated → fuzzy"),
            Change("translate", "pay", "tyz", None, "Steps", "Tày 1", "Tày 2", "fuzzy → fuzzy"),
            Change("translate", "pay", "tyz", "lesson title", "Steps", "", "title", "untranslated → fuzzy"),
        ],
    )
    session.commit()
    latest = last_change(session, "tyz", None, "Steps")
    assert (latest.username, latest.old, latest.new) == ("mai", "Tày 1", "Tày 2")
    assert latest.at <= utc_now() and latest.account_id == account.id
    assert last_change(session, "tyz", "lesson title", "Steps").new == "title"
    assert last_change(session, "vi", None, "Steps") is None
    # the log outlives the account
    session.delete(account)
    session.commit()
    entries = session.scalars(select(AuditEntry)).all()
    assert len(entries) == 3 and {e.username for e in entries} == {"mai"}
    if db.engine.dialect.name == "postgresql":  # SQLite enforces foreign keys only when asked
        assert {e.account_id for e in entries} == {None}


def test_the_migration_downgrades_and_upgrades_again(migrated_app):
    downgrade(revision="7c69caed26a1-1")  # to just before this migration
    assert not TABLES & set(inspect(db.engine).get_table_names())
    upgrade()
    assert set(inspect(db.engine).get_table_names()) >= TABLES


# --- flask users ------------------------------------------------------------------------------


def accounts(app) -> dict[str, Account]:
    with app.app_context():
        found = {a.username: a for a in db.session.scalars(select(Account))}
        db.session.expunge_all()
        return found


def test_users_create_reads_the_password_from_a_file_the_environment_or_a_prompt(trainer_app, tmp_path, monkeypatch):
    runner = trainer_app.test_cli_runner()
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n")
    result = runner.invoke(args=["users", "create", "thu", "--role", "trainer", "--password-file", str(secret)])
    assert result.exit_code == 0, result.output
    assert "created thu: trainer" in result.output
    monkeypatch.setenv("TOOLKIT_PASSWORD", "another good password")
    result = runner.invoke(args=["users", "create", "nong", "--role", "translator", "--reviewed", "tyz"])
    assert result.exit_code == 0 and "reviewed native speaker of tyz" in result.output
    monkeypatch.delenv("TOOLKIT_PASSWORD")
    result = runner.invoke(
        args=["users", "create", "admin", "--role", "admin"], input="a third password\na third password\n"
    )
    assert result.exit_code == 0, result.output
    found = accounts(trainer_app)
    assert {name: a.role for name, a in found.items()} == {"thu": "trainer", "nong": "translator", "admin": "admin"}
    assert found["nong"].reviewed_codes == {"tyz"}
    with trainer_app.app_context():
        assert authenticate(db.session, "thu", PASSWORD, "x") is not None
        assert authenticate(db.session, "admin", "a third password", "y") is not None


def test_users_commands_refuse_bad_input(trainer_app):
    runner = trainer_app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "thu", "--role", "trainer"], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    result = runner.invoke(args=["users", "create", "thu", "--role", "owner"], input="x\n")
    assert result.exit_code != 0 and "Invalid value for '--role'" in result.output
    result = runner.invoke(args=["users", "set-role", "nobody", "trainer"])
    assert result.exit_code != 0 and "no account 'nobody'" in result.output
    assert accounts(trainer_app) == {}


def test_users_set_role_changes_role_and_languages(trainer_app):
    runner = trainer_app.test_cli_runner()
    runner.invoke(args=["users", "create", "mai", "--role", "trainer"], input=f"{PASSWORD}\n{PASSWORD}\n")
    result = runner.invoke(args=["users", "set-role", "mai", "translator", "--languages", "tyz,ium"])
    assert result.exit_code == 0 and "updated mai: translator (ium tyz)" in result.output
    result = runner.invoke(args=["users", "set-role", "mai", "translator", "--languages", "xx"])
    assert result.exit_code != 0 and "unknown language xx" in result.output
    runner.invoke(args=["users", "disable", "mai"])
    assert "mai: translator (ium tyz) (disabled)" in runner.invoke(args=["users", "list"]).output
    with trainer_app.app_context():
        assert authenticate(db.session, "mai", PASSWORD, "x") is None


def test_accounts_made_before_one_time_passwords_keep_theirs(migrated_app):
    downgrade(revision="7c69caed26a1")  # before account.must_change_password
    assert "must_change_password" not in {c["name"] for c in inspect(db.engine).get_columns("account")}
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO account (username, password_hash, role, languages, reviewed_languages, active, created)"
                " VALUES ('old', 'x', 'trainer', '', '', :yes, :now)"
            ),
            {"yes": True, "now": utc_now()},
        )
    upgrade()
    assert db.session.scalar(select(Account.must_change_password).where(Account.username == "old")) is False


# --- one-time passwords, own passwords, administrators ------------------------------------------


def test_a_one_time_password_lasts_until_its_owner_chooses_their_own(trainer_app):
    with trainer_app.app_context():
        session = db.session
        mai = create_account(session, "mai", "one-time pass", "translator", temporary=True)
        assert mai.must_change_password and "one-time password" in describe(mai)
        with pytest.raises(AccountError, match="current password is wrong"):
            change_own_password(session, mai, "not it", PASSWORD, "1.2.3.4")
        with pytest.raises(AccountError, match="at least 10"):
            change_own_password(session, mai, "one-time pass", "short", "1.2.3.4")
        with pytest.raises(AccountError, match="other than the current one"):
            change_own_password(session, mai, "one-time pass", "one-time pass", "1.2.3.4")
        assert mai.must_change_password
        change_own_password(session, mai, "one-time pass", PASSWORD, "1.2.3.4")
        assert not mai.must_change_password
        assert authenticate(session, "mai", PASSWORD, "1.2.3.4") is mai
        assert set_password(session, "mai", "another one-time", temporary=True).must_change_password
        assert PASSWORD not in describe(mai) and "scrypt" not in describe(mai)


def test_administrators_are_kept(trainer_app):
    with trainer_app.app_context():
        session = db.session
        boss = create_account(session, "boss", PASSWORD, "admin")
        tran = create_account(session, "tran", PASSWORD, "translator")
        with pytest.raises(AccountError, match="disable your own"):
            keep_an_admin(session, boss, boss, "admin", False)
        with pytest.raises(AccountError, match="last active administrator"):
            keep_an_admin(session, boss, boss, "trainer", True)
        keep_an_admin(session, boss, tran, "translator", False)  # anyone else may be disabled
        tay_only = {"role": "translator", "languages": ["tyz"], "reviewed": [], "active": True}
        change = update_account(session, boss, tran, **tay_only, known_languages=LANGUAGES)
        assert change is not None and change.action == "account" and change.detail == "tran: changed"
        assert (change.old, change.new) == (
            "translator; languages: all; reviewer: none; active",
            "translator; languages: tyz; reviewer: none; active",
        )
        assert update_account(session, boss, tran, **tay_only, known_languages=LANGUAGES) is None  # no change
        update_account(session, boss, tran, role="admin", languages=[], reviewed=[], active=True)
        keep_an_admin(session, boss, boss, "trainer", True)  # now there is another administrator
