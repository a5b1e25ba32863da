"""The migrations build the same schema on SQLite and on a real PostgreSQL server."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from extensions import db
from tests.conftest import make_app
from viewer.models import Feedback


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    engine = __import__("sqlalchemy").create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_migrations_create_the_schema_and_store_feedback(content, tmp_path, database_url):
    app = make_app(content, tmp_path, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        assert "feedback" in inspect(db.engine).get_table_names()
        db.session.add(Feedback(lesson="pay-electricity-qr", lang="tyz", helpful=True, voter="abc"))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 1
        db.session.remove()
        db.engine.dispose()
