"""An expired CSRF token (or session) re-shows the form with the typed text, and it can be sent
again: after a logout and login elsewhere, and after the session itself ended."""

from __future__ import annotations

import html
import re

import pytest
from markupsafe import escape

from lesson_toolkit.authoring.core.lesson import read_lesson
from tests.conftest import make_app
from tests.workspace.support import PASSWORD, SLUG, add_account, csrf_token, english

TYPED = "## Steps\n\n1. A long afternoon's careful text, typed once & kept: «đừng mất».\n"


@pytest.fixture
def csrf_app(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path))  # CSRF checks on
    add_account(app, "thu", "trainer")
    return app


def log_in(client) -> None:
    token = csrf_token(client.get("/trainer/login").get_data(as_text=True))
    response = client.post("/trainer/login", data={"username": "thu", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def editor_form(client) -> dict[str, str]:
    page = client.get(f"/trainer/lessons/{SLUG}/edit").get_data(as_text=True)
    start = page.index('value="', page.index('id="version"')) + 7
    return {
        "csrf_token": csrf_token(page),
        "title": "Scan to pay",
        "summary": "Pay by QR code.",
        "topic": "payments",
        "level": "1",
        "minutes": "5",
        "cover": "",
        "body": TYPED,
        "action": "save",
        "version": html.unescape(page[start : page.index('"', start)]),
    }


def resent(page: str) -> dict[str, str]:
    """What the browser sends from the page's form (hidden fields and text boxes)."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields["csrf_token"] = csrf_token(page)
    fields |= dict(re.findall(r'<textarea name="([^"]+)" rows="8">(.*?)</textarea>', page, re.S))
    return {name: html.unescape(value) for name, value in fields.items()}


def test_a_stale_token_shows_the_text_and_sending_again_saves_it(csrf_app, content):
    client = csrf_app.test_client()
    log_in(client)
    form = editor_form(client)
    client.post("/trainer/logout", data={"csrf_token": form["csrf_token"]})  # in another tab
    log_in(client)  # a new session: the editor's token is stale
    response = client.post(f"/trainer/lessons/{SLUG}/edit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing is lost" in page and str(escape(TYPED)) in page
    fields = resent(page)
    assert fields["body"] == TYPED and fields["csrf_token"] != form["csrf_token"] and fields["action"] == "save"
    assert client.post(f"/trainer/lessons/{SLUG}/edit", data=fields).status_code == 302
    assert "đừng mất" in read_lesson(content / "lessons" / SLUG / "lesson.md").body


def test_after_the_session_ended_logging_in_on_the_same_page_keeps_the_text(csrf_app, content):
    client = csrf_app.test_client()
    log_in(client)
    form = editor_form(client)
    client.delete_cookie("session")  # the session's life is over
    response = client.post(f"/trainer/lessons/{SLUG}/edit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'name="password"' in page and PASSWORD not in page
    fields = resent(page)
    assert fields["keep:body"] == TYPED
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)" class="resend">', page)[1])
    assert action.startswith("/trainer/login?next=")
    wrong = client.post(action, data=fields | {"username": "thu", "password": "not the password"})
    assert wrong.status_code == 401 and str(escape(TYPED)) in wrong.get_data(as_text=True)
    fields = resent(wrong.get_data(as_text=True))
    response = client.post(action, data=fields | {"username": "thu", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Send again" in page and PASSWORD not in page
    again = client.post(f"/trainer/lessons/{SLUG}/edit", data=resent(page))
    assert again.status_code == 302, (resent(page), again.get_data(as_text=True)[-3000:])
    assert "đừng mất" in read_lesson(content / "lessons" / SLUG / "lesson.md").body


def test_a_stale_login_page_asks_again_without_a_bare_400(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/trainer/login", data={"username": "thu", "password": PASSWORD, "csrf_token": "old"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "This page was open too long" in page and 'value="thu"' in page


def test_the_workspace_session_lasts_hours_not_a_month(csrf_app):
    assert csrf_app.permanent_session_lifetime.total_seconds() == 12 * 3600
