"""The composition root: configuration, app-wide cookie policy, error pages, shared state."""

from __future__ import annotations

import re

import pytest

from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.extensions import ToolkitState
from tests.conftest import make_app

LESSON = "/vi/lessons/pay-electricity-qr"


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[0]


@pytest.mark.parametrize("workspace", [True, False], ids=["authoring", "delivery"])
def test_every_instance_sends_its_session_cookie_secure_httponly_and_lax(content, tmp_path, workspace):
    """A delivery instance (no workspace) keeps the same cookie policy as the authoring one."""
    app = make_app(content, tmp_path, TESTING=False, TRAINER_WORKSPACE=workspace)
    response = app.test_client().get(LESSON)  # the feedback form puts a token in the session
    assert response.status_code == 200
    cookie = session_cookie(response)
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert ("/trainer/login" in {r.rule for r in app.url_map.iter_rules()}) is workspace


def test_plain_http_while_testing_or_when_configured(content, tmp_path, monkeypatch):
    testing = make_app(content, tmp_path).test_client().get(LESSON)
    assert "; Secure" not in session_cookie(testing) and "; HttpOnly" in session_cookie(testing)
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "false")
    configured = make_app(content, tmp_path, TESTING=False).test_client().get(LESSON)
    assert "; Secure" not in session_cookie(configured) and "; SameSite=Lax" in session_cookie(configured)


def test_one_shared_state_object(app):
    state = app.extensions["toolkit"]
    assert isinstance(state, ToolkitState)
    assert state.library.lessons_dir.name == "lessons"
    assert {"library", "viewer_pages", "viewer_registry", "ui_translations"}.isdisjoint(app.extensions)


def test_a_toolkit_error_while_serving_is_a_page_in_the_readers_language(app):
    @app.route("/broken")
    def broken():
        raise ToolkitError("no such field", path="lessons/x/lesson.md", line=3, field="topic")

    page = app.test_client().get("/broken", headers={"Accept-Language": "vi"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert '<html lang="vi"' in html and "Không làm được việc này:" in html
    assert "ô &#39;topic&#39;: no such field" in html  # the field named in the reader's language
    english = app.test_client().get("/broken", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(r'<html lang="en"', english)


def test_unknown_addresses_are_404_pages_in_the_best_language(client):
    page = client.get("/tyz/no/such/page")
    # a Tày page's interface is Vietnamese until Tày has interface text
    assert page.status_code == 404 and '<html lang="vi"' in page.get_data(as_text=True)
    assert client.get("/nope/lessons/x", headers={"Accept-Language": "en"}).status_code == 404
