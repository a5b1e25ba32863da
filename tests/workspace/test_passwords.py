"""Password rules and the session stamp: logout and a new password end every open session."""

from __future__ import annotations

import pytest

from lesson_toolkit.authoring.workspace.accounts import (
    MAX_PASSWORD,
    ONLY_DIGITS,
    ONLY_SPACES,
    TOO_COMMON,
    TOO_LONG,
    TOO_SHORT,
    USERNAME_IN_PASSWORD,
    AccountError,
    check_password,
    create_account,
    set_password,
)
from lesson_toolkit.extensions import db
from tests.workspace.support import PASSWORD, csrf_token, logged_in

REFUSED = [
    ("aaaaaaaaaa", "mai", TOO_COMMON),
    (" " * 10, "mai", ONLY_SPACES),
    ("\t \u00a0 \u3000   ", "mai", ONLY_SPACES),
    ("short", "mai", TOO_SHORT),
    ("1234567890", "mai", ONLY_DIGITS),
    ("12345 67890", "mai", ONLY_DIGITS),
    ("password123", "mai", TOO_COMMON),
    ("qwertyuiop", "mai", TOO_COMMON),
    ("matkhau123", "mai", TOO_COMMON),
    ("1234567890a", "mai", TOO_COMMON),
    ("nguyenthimai", "nguyenthimai", USERNAME_IN_PASSWORD),
    ("Nguyen Thi Mai", "nguyenthimai", USERNAME_IN_PASSWORD),
    ("trainer-binh-2026", "binh", USERNAME_IN_PASSWORD),
    ("x" * (MAX_PASSWORD + 1), "mai", TOO_LONG),
]


@pytest.mark.parametrize(("password", "username", "rule"), REFUSED)
def test_weak_passwords_are_refused_with_the_rule_they_break(password, username, rule):
    with pytest.raises(AccountError) as refused:
        check_password(password, username)
    assert refused.value.message == rule and refused.value.field == "password"


@pytest.mark.parametrize("password", [PASSWORD, "one-time pass", "rau cải xanh mùa đông", "x7#Lq-2v!mZ"])
def test_good_passwords_pass(password):
    check_password(password, "mai")


def test_the_same_rules_hold_on_the_command_line_and_in_the_core(app, tmp_path):
    runner = app.test_cli_runner()
    weak = tmp_path / "weak"
    weak.write_text("binh12345678\n", encoding="utf-8")
    result = runner.invoke(args=["users", "create", "binh", "--role", "trainer", "--password-file", str(weak)])
    assert result.exit_code != 0 and USERNAME_IN_PASSWORD in result.output
    with app.app_context():
        with pytest.raises(AccountError):
            create_account(db.session, "lan", "aaaaaaaaaaaa", "member")
        db.session.rollback()
        create_account(db.session, "lan", PASSWORD, "member")
        with pytest.raises(AccountError):
            set_password(db.session, "lan", " " * 12)


def test_the_web_says_a_refused_password_in_the_reader_s_words(trainer_app):
    client = logged_in(trainer_app, "boss", "admin")
    response = client.post(
        "/trainer/password", data={"current": PASSWORD, "password": "qwertyuiop", "confirm": "qwertyuiop"}
    )
    assert response.status_code == 400
    assert "too common or too easy to guess" in response.get_data(as_text=True)


def test_a_session_cookie_copied_before_logout_no_longer_works(trainer_app):
    client = logged_in(trainer_app, "tran", "translator")
    assert client.get("/trainer/").status_code == 200
    copied = client.get_cookie("session").value
    thief = trainer_app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/trainer/").status_code == 200  # the copy works while the session lives
    client.post("/trainer/logout")
    assert client.get("/trainer/").status_code == 302
    assert thief.get("/trainer/").status_code == 302  # the logout ended the copy too


def test_a_password_change_ends_other_sessions_but_keeps_this_one(trainer_app):
    phone = logged_in(trainer_app, "tran", "translator")
    laptop = trainer_app.test_client()
    laptop.post("/trainer/login", data={"username": "tran", "password": PASSWORD})
    assert laptop.get("/trainer/").status_code == 200
    new = "ruộng bậc thang mùa lúa chín"
    response = phone.post("/trainer/password", data={"current": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert phone.get("/trainer/").status_code == 200
    assert laptop.get("/trainer/").status_code == 302


def test_logout_needs_its_token_when_csrf_is_on(content, tmp_path, lesson):
    from tests.conftest import make_app
    from tests.workspace.support import add_account, english

    app = english(make_app(content, tmp_path))
    add_account(app, "tran", "translator")
    client = app.test_client()
    page = client.get("/trainer/login").get_data(as_text=True)
    client.post("/trainer/login", data={"username": "tran", "password": PASSWORD, "csrf_token": csrf_token(page)})
    assert client.get("/trainer/").status_code == 200
    client.post("/trainer/logout")  # no token: nothing happens
    assert client.get("/trainer/").status_code == 200
