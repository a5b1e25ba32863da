"""Accounts in the browser: administrators manage accounts and one-time passwords, everyone
changes their own password, nobody locks the administrators out, and the audit log keeps no
password."""

from __future__ import annotations

import re

from sqlalchemy import select

from lesson_toolkit.authoring.workspace.accounts import may_approve
from lesson_toolkit.authoring.workspace.models import Account, AuditEntry
from lesson_toolkit.extensions import db
from tests.conftest import make_app
from tests.i18n.test_pseudo import unmarked
from tests.workspace.support import PASSWORD, SLUG, add_account, csrf_token, english, logged_in

ONE_TIME = "first time only 42"
CHOSEN = "my own rice field 7"


def account(app, username: str) -> Account:
    with app.app_context():
        found = db.session.scalar(select(Account).where(Account.username == username))
        assert found is not None, username
        db.session.expunge(found)
        return found


def log_in(app, username: str, password: str, next: str | None = None):
    """A new browser and the answer to its login."""
    client = app.test_client()
    url = "/trainer/login" + (f"?next={next}" if next else "")
    return client, client.post(url, data={"username": username, "password": password})


def settings(role: str = "translator", languages=(), reviewed=(), active: bool = True) -> dict:
    """What the account form posts (an unticked box is simply absent)."""
    data: dict = {"role": role, "languages": list(languages), "reviewed": list(reviewed)}
    if active:
        data["active"] = "y"
    return data


def create(admin, username: str, password: str = ONE_TIME, **fields):
    return admin.post("/trainer/accounts/new", data={"username": username, "password": password, **settings(**fields)})


def change_password(client, current: str, new: str, confirm: str | None = None, next: str | None = None):
    url = "/trainer/password" + (f"?next={next}" if next else "")
    return client.post(url, data={"current": current, "password": new, "confirm": new if confirm is None else confirm})


def test_a_new_account_gets_a_one_time_password_and_must_choose_its_own(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    form = admin.get("/trainer/accounts/new").get_data(as_text=True)
    assert "Tiểng Tày (tyz)" in form and 'name="reviewed"' in form
    response = create(admin, " Mai ", languages=["tyz"], reviewed=["tyz"])
    assert response.status_code == 302 and response.headers["Location"] == "/trainer/accounts"
    assert account(trainer_app, "mai").must_change_password
    listing = admin.get("/trainer/accounts").get_data(as_text=True)
    assert ">mai</a>" in listing and "must choose a password" in listing

    mai, response = log_in(trainer_app, "mai", ONE_TIME, next=f"/trainer/translate/{SLUG}/tyz")
    assert response.headers["Location"] == f"/trainer/password?next=/trainer/translate/{SLUG}/tyz"
    # nothing but the password page until the person chose their own
    for url in ("/trainer/", f"/trainer/translate/{SLUG}/tyz", "/trainer/accounts"):
        response = mai.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/trainer/password"), url
    assert mai.get("/trainer/").headers["Location"] == "/trainer/password?next=/trainer/"
    page = mai.get("/trainer/password").get_data(as_text=True)
    assert "You logged in with a one-time password" in page

    response = change_password(mai, ONE_TIME, CHOSEN, next=f"/trainer/translate/{SLUG}/tyz")
    assert response.status_code == 302 and response.headers["Location"] == f"/trainer/translate/{SLUG}/tyz"
    assert mai.get(f"/trainer/translate/{SLUG}/tyz").status_code == 200  # still logged in
    assert not account(trainer_app, "mai").must_change_password
    assert log_in(trainer_app, "mai", ONE_TIME)[1].status_code == 401
    assert log_in(trainer_app, "mai", CHOSEN)[1].headers["Location"] == "/trainer/"


def test_a_taken_or_bad_username_and_a_short_password_are_refused(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    response = create(admin, "boss")
    assert response.status_code == 400 and "This username is taken already." in response.get_data(as_text=True)
    response = create(admin, "Nguyễn Văn A")
    assert response.status_code == 400 and "lower-case letters" in response.get_data(as_text=True)
    response = create(admin, "lan", password="short")
    assert response.status_code == 400 and "Use at least 10 characters." in response.get_data(as_text=True)
    response = create(admin, "lan", password="1234567890123")
    assert response.status_code == 400 and "not only digits" in response.get_data(as_text=True)
    with trainer_app.app_context():
        assert db.session.scalars(select(Account.username)).all() == ["boss"]


def test_disabling_ends_the_session_and_refuses_logins_until_enabled_again(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    tran = logged_in(trainer_app, "tran", "translator")
    number = account(trainer_app, "tran").id
    assert admin.post(f"/trainer/accounts/{number}", data=settings(active=False)).status_code == 302
    assert not account(trainer_app, "tran").active
    assert tran.get("/trainer/").headers["Location"].startswith("/trainer/login")
    assert log_in(trainer_app, "tran", PASSWORD)[1].status_code == 401
    assert "disabled" in admin.get("/trainer/accounts").get_data(as_text=True)
    assert admin.post(f"/trainer/accounts/{number}", data=settings(active=True)).status_code == 302
    assert log_in(trainer_app, "tran", PASSWORD)[1].status_code == 302


def test_roles_languages_and_reviewer_flags_take_effect(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    tran = logged_in(trainer_app, "tran", "translator")
    number = account(trainer_app, "tran").id
    response = admin.post(f"/trainer/accounts/{number}", data=settings(languages=["tyz", "ium"], reviewed=["tyz"]))
    assert response.status_code == 302
    saved = account(trainer_app, "tran")
    assert saved.may_translate("tyz") and saved.may_translate("ium") and not saved.may_translate("en")
    assert saved.reviewed_codes == {"tyz"}
    registry = trainer_app.extensions["toolkit"].library.registry
    assert may_approve(saved, registry["tyz"]) and not may_approve(saved, registry["ium"])
    assert tran.get(f"/trainer/translate/{SLUG}/tyz").status_code == 200
    assert tran.get(f"/trainer/translate/{SLUG}/en").status_code == 403
    # the form shows what is stored
    page = admin.get(f"/trainer/accounts/{number}").get_data(as_text=True)
    box = r'<input checked id="(languages|reviewed)-\d+" name="\1" type="checkbox" value="(\w+)"'
    ticked = set(re.findall(box, page))
    assert ticked == {("languages", "tyz"), ("languages", "ium"), ("reviewed", "tyz")}

    assert admin.post(f"/trainer/accounts/{number}", data=settings(role="trainer")).status_code == 302
    saved = account(trainer_app, "tran")
    assert saved.role == "trainer" and saved.languages == "" and saved.reviewed_languages == ""
    assert tran.get("/trainer/lessons").status_code == 200
    assert tran.get(f"/trainer/translate/{SLUG}/tyz").status_code == 403

    response = admin.post(f"/trainer/accounts/{number}", data=settings(role="owner"))
    assert response.status_code == 400 and account(trainer_app, "tran").role == "trainer"
    assert admin.get("/trainer/accounts/999").status_code == 404


def test_only_administrators_manage_accounts(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    assert 'href="/trainer/accounts"' in admin.get("/trainer/").get_data(as_text=True)
    number = account(trainer_app, "boss").id
    for role in ("trainer", "translator"):
        client = logged_in(trainer_app, f"a-{role}", role)
        page = client.get("/trainer/").get_data(as_text=True)
        assert 'href="/trainer/accounts"' not in page and 'href="/trainer/password"' in page
        for url in ("/trainer/accounts", "/trainer/accounts/new", f"/trainer/accounts/{number}"):
            assert client.get(url).status_code == 403, (role, url)
        own = account(trainer_app, f"a-{role}").id
        assert client.post(f"/trainer/accounts/{own}", data=settings(role="admin")).status_code == 403
        assert client.post(f"/trainer/accounts/{number}/password", data={"password": ONE_TIME}).status_code == 403
        assert create(client, "sneaky", role="admin").status_code == 403
        assert account(trainer_app, f"a-{role}").role == role
    with trainer_app.app_context():
        assert db.session.scalar(select(Account).where(Account.username == "sneaky")) is None


def test_account_forms_need_the_csrf_token(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path))
    add_account(app, "boss", "admin")
    client = app.test_client()
    token = csrf_token(client.get("/trainer/login").get_data(as_text=True))
    response = client.post("/trainer/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    data = {"username": "mai", "password": ONE_TIME, **settings()}
    assert client.post("/trainer/accounts/new", data=data).status_code == 400
    assert client.post("/trainer/accounts/1", data=settings(role="trainer")).status_code == 400
    assert change_password(client, PASSWORD, CHOSEN).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Account.username)).all() == ["boss"]
        assert db.session.scalar(select(Account.role)) == "admin"
    token = csrf_token(client.get("/trainer/accounts/new").get_data(as_text=True))
    assert client.post("/trainer/accounts/new", data={**data, "csrf_token": token}).status_code == 302


def test_changing_ones_own_password(trainer_app):
    tran = logged_in(trainer_app, "tran", "translator")
    assert "Current password" in tran.get("/trainer/password").get_data(as_text=True)
    response = change_password(tran, "not my password", CHOSEN)
    assert response.status_code == 400 and "The current password is wrong." in response.get_data(as_text=True)
    response = change_password(tran, PASSWORD, PASSWORD)
    assert response.status_code == 400 and "not the current one." in response.get_data(as_text=True)
    response = change_password(tran, PASSWORD, CHOSEN, confirm=CHOSEN + "!")
    assert response.status_code == 400 and "The two new passwords are not the same." in response.get_data(as_text=True)
    response = change_password(tran, PASSWORD, "short")
    assert response.status_code == 400 and "Use at least 10 characters." in response.get_data(as_text=True)
    assert log_in(trainer_app, "tran", PASSWORD)[1].status_code == 302  # nothing changed so far

    response = change_password(tran, PASSWORD, CHOSEN)
    assert response.status_code == 302 and response.headers["Location"] == "/trainer/"
    assert tran.get("/trainer/").status_code == 200
    assert log_in(trainer_app, "tran", PASSWORD)[1].status_code == 401
    assert log_in(trainer_app, "tran", CHOSEN)[1].status_code == 302


def test_guessing_the_current_password_is_throttled_like_a_login(trainer_app):
    tran = logged_in(trainer_app, "tran", "translator")
    for _ in range(5):
        assert change_password(tran, "a wrong guess", CHOSEN).status_code == 400
    response = change_password(tran, PASSWORD, CHOSEN)
    assert response.status_code == 429 and "Too many wrong passwords" in response.get_data(as_text=True)
    assert log_in(trainer_app, "tran", PASSWORD)[1].status_code == 429  # from the same address


def test_a_one_time_password_for_someone_who_forgot_theirs(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    tran = logged_in(trainer_app, "tran", "translator")
    number = account(trainer_app, "tran").id
    response = admin.post(f"/trainer/accounts/{number}/password", data={"password": "short"})
    assert response.status_code == 400 and "Use at least 10 characters." in response.get_data(as_text=True)
    response = admin.post(f"/trainer/accounts/{number}/password", data={"password": ONE_TIME})
    assert response.status_code == 302
    assert tran.get("/trainer/").headers["Location"].startswith("/trainer/login")  # their session ended
    assert log_in(trainer_app, "tran", PASSWORD)[1].status_code == 401
    assert log_in(trainer_app, "tran", ONE_TIME)[1].headers["Location"] == "/trainer/password"
    # an administrator changes their own password as everyone does
    own = account(trainer_app, "boss").id
    response = admin.post(f"/trainer/accounts/{own}/password", data={"password": ONE_TIME})
    assert response.headers["Location"] == "/trainer/password"
    assert log_in(trainer_app, "boss", PASSWORD)[1].status_code == 302


def test_administrators_cannot_lock_themselves_out(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    own = account(trainer_app, "boss").id
    response = admin.post(f"/trainer/accounts/{own}", data=settings(role="admin", active=False))
    assert response.status_code == 400 and "You cannot disable your own account." in response.get_data(as_text=True)
    response = admin.post(f"/trainer/accounts/{own}", data=settings(role="trainer"))
    assert response.status_code == 400 and "This is the last administrator" in response.get_data(as_text=True)
    saved = account(trainer_app, "boss")
    assert saved.role == "admin" and saved.active

    other = logged_in(trainer_app, "boss2", "admin")
    second = account(trainer_app, "boss2").id
    # with a second administrator, the first may step down (and then may not manage accounts)
    response = admin.post(f"/trainer/accounts/{own}", data=settings(role="trainer"))
    assert response.status_code == 302 and response.headers["Location"] == "/trainer/"
    assert admin.get("/trainer/accounts").status_code == 403
    # the last one may not be demoted, nor disabled, by anyone
    response = other.post(f"/trainer/accounts/{second}", data=settings(role="translator"))
    assert response.status_code == 400 and account(trainer_app, "boss2").role == "admin"


def test_the_audit_log_tells_who_changed_which_account_but_keeps_no_password(trainer_app):
    admin = logged_in(trainer_app, "boss", "admin")
    create(admin, "mai", languages=["tyz"])
    number = account(trainer_app, "mai").id
    admin.post(f"/trainer/accounts/{number}", data=settings(languages=["tyz"], reviewed=["tyz"]))
    admin.post(f"/trainer/accounts/{number}", data=settings(languages=["tyz"], reviewed=["tyz"]))  # no change
    admin.post(f"/trainer/accounts/{number}/password", data={"password": "second one-time 9"})
    mai, _ = log_in(trainer_app, "mai", "second one-time 9")
    assert change_password(mai, "second one-time 9", CHOSEN).status_code == 302
    with trainer_app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        hashes = [a.password_hash for a in db.session.scalars(select(Account))]
    assert [(e.username, e.action, e.detail) for e in entries] == [
        ("boss", "account", "mai: created"),
        ("boss", "account", "mai: changed"),
        ("boss", "account", "mai: one-time password"),
        ("mai", "account", "mai: own password"),
    ]
    assert "reviewer: none" in entries[1].old and "reviewer: tyz" in entries[1].new
    secrets = [ONE_TIME, "second one-time 9", CHOSEN, PASSWORD, *hashes, *(h[-12:] for h in hashes)]
    for entry in entries:
        text = " ".join(str(value) for value in (entry.old, entry.new, entry.detail, entry.msgid, entry.context))
        assert not [secret for secret in secrets if secret in text], entry.detail
        assert "scrypt" not in text
    # the dashboard shows the latest changes, accounts among them
    assert "mai: own password" in admin.get("/trainer/").get_data(as_text=True)


def test_users_commands_give_one_time_passwords(trainer_app, monkeypatch):
    runner = trainer_app.test_cli_runner()
    monkeypatch.setenv("TOOLKIT_PASSWORD", ONE_TIME)
    result = runner.invoke(args=["users", "create", "thu", "--role", "trainer", "--temporary"])
    assert result.exit_code == 0 and "(one-time password)" in result.output, result.output
    assert account(trainer_app, "thu").must_change_password
    thu, response = log_in(trainer_app, "thu", ONE_TIME)
    assert response.headers["Location"] == "/trainer/password"
    assert thu.post("/trainer/logout").headers["Location"] == "/trainer/login"  # logging out is allowed
    assert thu.get("/trainer/password").headers["Location"].startswith("/trainer/login")
    monkeypatch.setenv("TOOLKIT_PASSWORD", CHOSEN)
    result = runner.invoke(args=["users", "set-password", "thu"])
    assert result.exit_code == 0 and "new password for thu" in result.output
    assert not account(trainer_app, "thu").must_change_password
    result = runner.invoke(args=["users", "set-password", "thu", "--temporary"])
    assert result.exit_code == 0 and "new one-time password for thu" in result.output
    assert account(trainer_app, "thu").must_change_password


def test_the_account_pages_come_through_the_catalogues(content, tmp_path, lesson):
    app = make_app(content, tmp_path, WTF_CSRF_ENABLED=False)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["i18n", "extract"]).exit_code == 0  # from the sources as they are now
    assert runner.invoke(args=["i18n", "pseudo"]).exit_code == 0
    app = make_app(content, tmp_path, WTF_CSRF_ENABLED=False)
    admin = logged_in(app, "boss", "admin")
    add_account(app, "mai", "translator", languages=["tyz"], reviewed=["tyz"], password=ONE_TIME)
    admin.set_cookie("lang", "qps")
    pages = {url: admin.get(url) for url in ("/trainer/accounts", "/trainer/accounts/new", "/trainer/accounts/2")}
    pages["refused"] = admin.post("/trainer/accounts/1", data=settings(role="trainer", active=False))
    pages["bad form"] = create(admin, "Bad Name", password="1234")
    pages["wrong password"] = change_password(admin, "not it", CHOSEN, confirm="other")
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert '<html lang="qps"' in html, name
        left = [text for text in unmarked(html) if re.search(r"[A-Za-z]", re.sub(r"\b(boss|mai)\b", "", text))]
        assert left == [], name
