"""Fixtures: an app over a temporary copy of the content, its client and CLI runner.

Every test works on copies of `lessons/` and `locales/` under `tmp_path`, so tests may edit
content freely. `write_lesson` builds small lessons for a test.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from lesson_toolkit.app import create_app
from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.extensions import db

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["tests.postgres"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the bundled lessons and catalogues, with compiled `.mo` files."""
    root = tmp_path / "content"
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo", "qps"))
    compile_catalogues(root / "locales", load_registry(root / "locales" / "languages.toml"))
    return root


def make_app(content: Path, tmp_path: Path, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "LESSONS_DIR": str(content / "lessons"),
        "LOCALES_DIR": str(content / "locales"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "PUBLIC_BASE_URL": "https://lessons.example.org",
        "INSTANCE_PATH": str(tmp_path / "instance"),  # caches and generated files stay in the test's folder
    }
    settings.update(config)
    app = create_app(settings)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def app(content: Path, tmp_path: Path):
    yield make_app(content, tmp_path)


def empty_postgres(url: str) -> str:
    """Drop everything in the test server's database (one server serves the whole session)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_app(request, content, tmp_path):
    """An app whose database, SQLite or PostgreSQL, was built by the migrations alone."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    else:
        url = empty_postgres(request.getfixturevalue("postgres_url"))
    app = make_app(content, tmp_path, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def write_lesson(content: Path):
    """Write `lessons/<slug>/lesson.md` (front matter + body) and optional pictures."""

    def write(slug: str, body: str = "", pictures: tuple[str, ...] = (), **front) -> Path:
        meta = {"title": f"Lesson {slug}", "summary": "A test lesson.", "topic": "payments", "level": 1, "minutes": 5}
        meta.update(front)
        folder = content / "lessons" / slug
        (folder / "images").mkdir(parents=True, exist_ok=True)
        lines = ["---", *(f"{key}: {value}" for key, value in meta.items() if value is not None), "---", ""]
        path = folder / "lesson.md"
        path.write_text("\n".join(lines) + textwrap.dedent(body), encoding="utf-8")
        for name in pictures:
            shutil.copy(ROOT / "lessons/pay-electricity-qr/images/step-1.png", folder / name)
        return path

    return write


def pytest_configure(config):
    os.environ.setdefault("FLASK_DEBUG", "0")
