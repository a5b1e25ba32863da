"""The migrations build the same schema on SQLite and on a real PostgreSQL server."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lesson_toolkit.authoring.core.feedback import Feedback
from lesson_toolkit.authoring.workspace.accounts import create_account
from lesson_toolkit.authoring.workspace.history import BEFORE_HISTORY, add_revision, revisions
from lesson_toolkit.authoring.workspace.models import Account
from lesson_toolkit.extensions import db


def test_migrations_create_the_schema_and_store_feedback(migrated_app):
    assert "feedback" in inspect(db.engine).get_table_names()
    db.session.add(Feedback(lesson="pay-electricity-qr", lang="tyz", helpful=True, voter="abc"))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 1


def test_the_migrations_build_the_schema_the_models_describe(migrated_app):
    """A model changed without its migration (or a migration that differs) shows up here."""
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []


def test_lesson_revisions_keep_the_author_s_name_when_the_account_is_gone(migrated_app):
    account = create_account(db.session, "thu", "correct horse battery", "trainer")
    text = "---\ntitle: Trả tiền điện bằng mã QR\n---\n\n" + "Bước một.\n" * 5000  # long: a Text column
    revision = add_revision(db.session, account, "pay-electricity-qr", "old text", text, "edit")
    db.session.commit()
    (foreign_key,) = inspect(db.engine).get_foreign_keys("lesson_revision")
    assert foreign_key["referred_table"] == "account" and foreign_key["options"]["ondelete"] == "SET NULL"
    if db.engine.dialect.name == "postgresql":  # SQLite here does not enforce foreign keys
        db.session.execute(db.delete(Account).where(Account.id == account.id))
        db.session.commit()
        db.session.expire_all()
        assert revision.account_id is None
    assert [(r.username, r.text) for r in revisions(db.session, "pay-electricity-qr")] == [
        ("thu", text),
        (BEFORE_HISTORY, "old text"),
    ]
