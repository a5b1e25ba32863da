"""Fixtures and helpers shared by the trainers' workspace tests (no tests here).

Test modules import the fixtures they use by name. Every test works on the `content` copy and a
lesson of its own (`trainer-test`), never on the bundled lessons, which change independently.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from flask.testing import FlaskClient
from markupsafe import escape
from PIL import Image

from lesson_toolkit.authoring.core.lesson import read_lesson
from lesson_toolkit.authoring.core.segmenter import segment
from lesson_toolkit.authoring.i18n.catalogue import compile_catalogue, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.authoring.workspace.accounts import create_account, find_account
from lesson_toolkit.authoring.workspace.history import add_revision
from lesson_toolkit.extensions import db

SLUG = "trainer-test"
PASSWORD = "correct horse battery"
BODY = """
## Things the trainer test needs

- A phone with your [bank app](https://example.org/bank)

## Trainer test steps

1. Open the app and tap `Scan QR`.

    ![A phone showing the scan button](images/step-1.png)

2. Check the amount on the screen.
"""
FIRST_STEP = "Open the app and tap `Scan QR`."
NEED = "Things the trainer test needs"
STEPS = "Trainer test steps"


def registry(content: Path):
    return load_registry(content / "locales" / "languages.toml")


def add_to_catalogues(content: Path, slug: str) -> None:
    """Put a lesson's messages into every language's lessons.po, as `flask i18n update` would
    (without running the whole extraction for each test)."""
    lesson = read_lesson(content / "lessons" / slug / "lesson.md")
    location = (f"lessons/{slug}/lesson.md", 0)
    for language in registry(content).translated:
        path = po_path(content / "locales", language.code, "lessons")
        catalog: Catalog = read_catalogue(path, language)
        for seg in segment(lesson):
            message = catalog.get(seg.msgid, context=seg.context)
            if message is None:
                comments = [seg.comment] if seg.comment else []
                catalog.add(seg.msgid, locations=[location], context=seg.context, auto_comments=comments)
            elif location not in message.locations:
                message.locations.append(location)
        write_catalogue(path, catalog)
        compile_catalogue(path, language)


def write_test_lesson(content, write_lesson) -> str:
    """A one-step lesson with a picture, in every lessons catalogue."""
    path = write_lesson(SLUG, body=BODY, title="Scan to pay", summary="Pay by QR code.")
    Image.new("RGB", (320, 240), "white").save(path.parent / "images" / "step-1.png")
    add_to_catalogues(content, SLUG)
    return SLUG


class EnglishClient(FlaskClient):
    """A browser that asks for English: these tests read the workspace's English wording
    (without a preference the workspace speaks Vietnamese, the site's default)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def english(app):
    app.test_client_class = EnglishClient
    return app


def add_account(app, username: str, role: str, languages=(), reviewed=(), password: str = PASSWORD) -> None:
    with app.app_context():
        known = [language.code for language in app.extensions["toolkit"].library.registry.translated]
        create_account(
            db.session, username, password, role, languages=languages, reviewed=reviewed, known_languages=known
        )
        db.session.commit()


def add_test_revision(app, username: str, message: str = "edit") -> int:
    """A revision of the test lesson holding the file's text, by `username`; returns its id."""
    with app.app_context():
        path = app.extensions["toolkit"].library.lessons_dir / SLUG / "lesson.md"
        account = find_account(db.session, username)
        assert account is not None
        revision = add_revision(db.session, account, SLUG, None, path.read_text("utf-8"), message)
        db.session.commit()
        return revision.id


def logged_in(app, username: str, role: str, **account):
    """A test client logged in through the login form, with a new account."""
    add_account(app, username, role, **account)
    client = app.test_client()
    response = client.post("/trainer/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match[1] or match[2]


def box(page: str, msgid: str) -> str:
    """The name (key hash) of the editor's box for one message."""
    match = re.search(rf'name="msgid-([0-9a-f]{{10}})" value="{re.escape(str(escape(msgid)))}"', page)
    assert match, f"no box for {msgid!r} in the page"
    return match[1]


def entry_form(page: str, msgid: str) -> dict[str, str]:
    """What a browser sends for one box of the editor's form (its hidden fields, and its draft
    tick as shown), with the page's CSRF token; the text is `text-<box>`."""
    name = box(page, msgid)
    start = page.index(f'<li id="e-{name}"')
    item = page[start : page.index("</li>", start)]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', item))
    fields = {key: html.unescape(value) for key, value in fields.items()}
    if re.search(rf'name="draft-{name}" value="y" checked', item):
        fields[f"draft-{name}"] = "y"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return fields | ({"csrf_token": token[1]} if token else {})
