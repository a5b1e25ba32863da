""" "Was this helpful?": anonymous votes per lesson and language, one per browser, CSRF-protected."""

from __future__ import annotations

import re

from lesson_toolkit.authoring.core.feedback import Feedback
from lesson_toolkit.extensions import db


def token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def votes(app) -> list[tuple[str, str, bool, str]]:
    with app.app_context():
        rows = db.session.execute(db.select(Feedback).order_by(Feedback.id)).scalars()
        return [(row.lesson, row.lang, row.helpful, row.voter) for row in rows]


def test_a_vote_is_stored_anonymously_per_lesson_and_language(app, client, write_lesson):
    write_lesson("vote-me")
    response = client.post(
        "/tyz/lessons/vote-me/feedback", data={"helpful": "yes", "csrf_token": token(client, "/tyz/lessons/vote-me")}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/tyz/lessons/vote-me/thanks"
    [(lesson, lang, helpful, voter)] = votes(app)
    assert (lesson, lang, helpful) == ("vote-me", "tyz", True)
    cookie = client.get_cookie("voter")
    assert cookie.value == voter and cookie.http_only and len(voter) >= 16
    thanks = client.get(response.headers["Location"])
    # in Vietnamese words (Tày has no interface text yet), at the Tày address
    assert thanks.status_code == 200 and '<html lang="vi"' in thanks.get_data(as_text=True)
    assert 'href="/tyz/lessons/vote-me"' in thanks.get_data(as_text=True)


def test_one_vote_per_browser_per_lesson_the_last_answer_counts(app, client, write_lesson):
    write_lesson("once")
    write_lesson("other")
    csrf = token(client, "/vi/lessons/once")
    client.post("/vi/lessons/once/feedback", data={"helpful": "yes", "csrf_token": csrf})
    client.post("/en/lessons/once/feedback", data={"helpful": "no", "csrf_token": csrf})
    client.post("/vi/lessons/other/feedback", data={"helpful": "yes", "csrf_token": csrf})
    rows = votes(app)
    assert [(lesson, lang, helpful) for lesson, lang, helpful, _ in rows] == [
        ("once", "en", False),
        ("other", "vi", True),
    ]
    assert rows[0][3] == rows[1][3]  # the same browser


def test_two_browsers_are_two_votes(app, write_lesson):
    write_lesson("twice")
    for _ in range(2):
        browser = app.test_client()
        browser.post(
            "/vi/lessons/twice/feedback", data={"helpful": "yes", "csrf_token": token(browser, "/vi/lessons/twice")}
        )
    rows = votes(app)
    assert len(rows) == 2 and rows[0][3] != rows[1][3]


def test_without_a_valid_token_nothing_is_stored_and_the_form_is_offered_again(app, client, write_lesson):
    write_lesson("guarded")
    response = client.post("/vi/lessons/guarded/feedback", data={"helpful": "yes", "csrf_token": "forged"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="vi"' in html and 'action="/vi/lessons/guarded/feedback"' in html
    assert re.search(r'name="csrf_token" value="[^"\x00]{20,}"', html)
    assert votes(app) == []


def test_only_yes_or_no(app, client, write_lesson):
    write_lesson("strict")
    csrf = token(client, "/vi/lessons/strict")
    assert client.post("/vi/lessons/strict/feedback", data={"helpful": "maybe", "csrf_token": csrf}).status_code == 400
    assert client.post("/vi/lessons/nope/feedback", data={"helpful": "yes", "csrf_token": csrf}).status_code == 404
    assert votes(app) == []


def test_the_form_works_without_javascript(client, write_lesson):
    write_lesson("plain")
    html = client.get("/en/lessons/plain").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/en/lessons/plain/feedback">.*?</form>', html, re.S)[0]
    assert 'name="helpful" value="yes"' in form and 'name="helpful" value="no"' in form
    assert "Was this helpful?" in html
