"""The migrations build the same schema on SQLite and on a real PostgreSQL server."""

from sqlalchemy import inspect

from authoring.core.feedback import Feedback
from extensions import db


def test_migrations_create_the_schema_and_store_feedback(migrated_app):
    assert "feedback" in inspect(db.engine).get_table_names()
    db.session.add(Feedback(lesson="pay-electricity-qr", lang="tyz", helpful=True, voter="abc"))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 1
