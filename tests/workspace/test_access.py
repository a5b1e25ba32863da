"""Who may use the trainers' workspace: every /trainer/ route, logins, throttling, cookies."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lesson_toolkit.authoring.workspace.accounts import FREE_FAILURES, LoginThrottledError, authenticate, set_password
from lesson_toolkit.authoring.workspace.models import LoginThrottle, utc_now
from lesson_toolkit.authoring.workspace.web.access import EVERYONE, PUBLIC
from lesson_toolkit.extensions import db
from tests.conftest import make_app
from tests.workspace.support import PASSWORD, SLUG, add_account, add_test_revision, csrf_token, logged_in

SAMPLE_VALUES = {
    "slug": SLUG,
    "lang": "en",
    "name": "step-1.png",
    "id": "1",
    "rev": "1",
    "commune_id": "1",
    "key": "title",  # a recorded message
}  # account 1: the first logged in


def trainer_routes(app) -> list[tuple[str, str, frozenset[str]]]:
    """(method, URL, roles) for every rule under /trainer/, with sample values filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/trainer/"):
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: SAMPLE_VALUES[match[1]], rule.rule)  # <int:id> too
        roles = getattr(app.view_functions[rule.endpoint], "roles", frozenset())
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url, roles))
    return routes


def test_there_are_trainer_routes_and_each_declares_who_may_use_it(trainer_app):
    routes = trainer_routes(trainer_app)
    assert len({url for _, url, _ in routes}) >= 10
    for method, url, roles in routes:
        assert roles, f"{method} {url} declares no roles"
        assert roles <= {PUBLIC, "admin", "trainer", "translator", "member", "officer"}, (url, roles)


def test_anonymous_visitors_are_sent_to_the_login_page(trainer_app):
    client = trainer_app.test_client()
    for method, url, roles in trainer_routes(trainer_app):
        if PUBLIC in roles:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/trainer/login?next="), (method, url)


def test_a_wrong_role_gets_403_on_every_route(trainer_app):
    clients = {role: logged_in(trainer_app, f"a-{role}", role) for role in EVERYONE}
    checked = 0
    for method, url, roles in trainer_routes(trainer_app):
        for role, client in clients.items():
            if PUBLIC in roles or role in roles:
                continue
            response = client.open(url, method=method)
            assert response.status_code == 403, (role, method, url)
            assert "Not allowed" in response.get_data(as_text=True)
            checked += 1
    assert checked >= 10


def test_an_admin_may_open_every_page(trainer_app):
    client = logged_in(trainer_app, "boss", "admin")
    assert add_test_revision(trainer_app, "boss") == int(SAMPLE_VALUES["rev"])  # the history pages show it
    for method, url, _ in trainer_routes(trainer_app):
        if method == "GET" and url != "/trainer/login":
            with client.get(url) as response:  # closes the picture file it may stream
                # with no places yet, there is no league to download and no commune to open; with
                # no recordings, no sound file
                places = url.startswith(("/trainer/community/league.", "/trainer/community/places/"))
                missing = places or "/voice/en/files/" in url
                assert response.status_code == (404 if missing else 200), url


def test_a_translator_limited_to_tay_may_not_translate_english(trainer_app):
    client = logged_in(trainer_app, "tay-only", "translator", languages=["tyz"])
    assert client.get(f"/trainer/translate/{SLUG}/tyz").status_code == 200
    assert client.get(f"/trainer/translate/{SLUG}/en").status_code == 403
    assert client.get(f"/trainer/translate/{SLUG}/en/download.po").status_code == 403
    assert client.post(f"/trainer/translate/{SLUG}/en/upload").status_code == 403
    dashboard = client.get("/trainer/").get_data(as_text=True)
    assert f"/trainer/translate/{SLUG}/tyz" in dashboard and f"/trainer/translate/{SLUG}/en" not in dashboard


def test_unknown_lessons_and_languages_are_404(trainer_app):
    client = logged_in(trainer_app, "boss", "admin")
    for url in (
        "/trainer/translate/no-such-lesson/en",
        f"/trainer/translate/{SLUG}/xx",
        f"/trainer/translate/{SLUG}/vi",  # the source language is not translated
        "/trainer/translate/..%2F..%2Fetc/en",
        "/trainer/lessons/no-such-lesson/edit",
        "/trainer/lessons/Bad_Slug/edit",
        f"/trainer/lessons/{SLUG}/images/..%2Flesson.md",
    ):
        assert client.get(url).status_code == 404, url


def test_every_post_without_a_csrf_token_is_refused(content, tmp_path, lesson):
    app = make_app(content, tmp_path, WTF_CSRF_ENABLED=True)
    add_account(app, "boss", "admin")
    client = app.test_client()
    # logging in needs the token too
    assert client.post("/trainer/login", data={"username": "boss", "password": PASSWORD}).status_code == 400
    token = csrf_token(client.get("/trainer/login").get_data(as_text=True))
    response = client.post("/trainer/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    posts = [url for method, url, _ in trainer_routes(app) if method == "POST"]
    assert len(posts) >= 7
    for url in posts:
        assert client.post(url, data={}).status_code == 400, url
    # with the token, the same session gets through (here: the lesson preview)
    page = client.get(f"/trainer/lessons/{SLUG}/edit").get_data(as_text=True)
    response = client.post(
        f"/trainer/lessons/{SLUG}/preview", data={"csrf_token": csrf_token(page), "title": "T", "body": "Hello"}
    )
    assert response.status_code == 200


def test_login_logout_and_safe_next(trainer_app):
    add_account(trainer_app, "tran", "translator")
    client = trainer_app.test_client()
    response = client.post(
        "/trainer/login?next=https://evil.example/x", data={"username": "Tran ", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/trainer/"
    assert client.get("/trainer/").status_code == 200
    client.post("/trainer/logout")
    assert client.get("/trainer/").status_code == 302
    response = client.post(
        f"/trainer/login?next=/trainer/translate/{SLUG}/en", data={"username": "tran", "password": PASSWORD}
    )
    assert response.headers["Location"] == f"/trainer/translate/{SLUG}/en"


def test_wrong_passwords_are_refused_then_delayed_but_not_on_the_owner_s_phone(trainer_app):
    add_account(trainer_app, "tran", "translator")
    own_phone = trainer_app.test_client()
    assert own_phone.post("/trainer/login", data={"username": "tran", "password": PASSWORD}).status_code == 302
    own_phone.post("/trainer/logout")
    attacker = trainer_app.test_client()
    for _ in range(FREE_FAILURES):
        response = attacker.post("/trainer/login", data={"username": "tran", "password": "wrong password!"})
        assert response.status_code == 401
        assert "Wrong username or password." in response.get_data(as_text=True)
    # now even the right password waits, from any address: a delay per account
    response = attacker.post("/trainer/login", data={"username": "tran", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.get_data(as_text=True)
    stranger = trainer_app.test_client()
    response = stranger.post(
        "/trainer/login", data={"username": "tran", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert response.status_code == 429
    # an unknown name gets the same answer as a wrong password
    response = attacker.post("/trainer/login", data={"username": "nobody", "password": PASSWORD})
    assert response.status_code == 401
    # the owner's phone, where they logged in before, is not locked out by the attacker's guesses
    response = own_phone.post("/trainer/login", data={"username": "tran", "password": PASSWORD})
    assert response.status_code == 302
    # and that success forgets the account's failures
    assert stranger.post("/trainer/login", data={"username": "tran", "password": PASSWORD}).status_code == 302


def test_the_delay_doubles_up_to_a_minute_and_ends(trainer_app):
    add_account(trainer_app, "tran", "translator")
    now = utc_now()
    with trainer_app.app_context():
        for _ in range(FREE_FAILURES):
            assert authenticate(db.session, "tran", "bad", "1.2.3.4", now=now) is None
        waits = []
        for _ in range(5):
            with pytest.raises(LoginThrottledError) as refused:
                authenticate(db.session, "tran", PASSWORD, "1.2.3.4", now=now)
            waits.append(refused.value.retry_after)
            now += refused.value.retry_after
            assert authenticate(db.session, "tran", "bad", "1.2.3.4", now=now) is None
        assert waits[1] == 2 * waits[0] and waits[2] == 2 * waits[1]
        assert max(waits) == timedelta(minutes=1)  # a delay, never a block
        now += timedelta(minutes=1)
        assert authenticate(db.session, "tran", PASSWORD, "1.2.3.4", now=now).username == "tran"
        rows = db.session.scalars(select(LoginThrottle)).all()
        assert [(row.scope, row.failures) for row in rows] == [("address", 10)]  # 10 wrong: the account's are forgotten


def test_a_new_password_or_a_disabled_account_ends_open_sessions(trainer_app):
    client = logged_in(trainer_app, "tran", "translator")
    assert client.get("/trainer/").status_code == 200
    with trainer_app.app_context():
        set_password(db.session, "tran", "another long password")
        db.session.commit()
    assert client.get("/trainer/").status_code == 302


def test_session_cookie_is_httponly_lax_and_secure_outside_development(content, tmp_path, lesson):
    app = make_app(content, tmp_path, TESTING=False, WTF_CSRF_ENABLED=False)
    add_account(app, "tran", "translator")
    response = app.test_client().post("/trainer/login", data={"username": "tran", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_the_workspace_speaks_vietnamese_by_default(app):
    page = app.test_client().get("/trainer/login").get_data(as_text=True)
    assert '<html lang="vi"' in page or 'lang="vi"' in page
    assert "Đăng nhập" in page
