"""The tally form (authoring/workspace/web/community.py): counts only, per skill; the JSON
endpoint the phone's queue uses counts an id once; roles; the paper sheet."""

from __future__ import annotations

import re
import uuid

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from lesson_toolkit.authoring.community.models import Tally
from lesson_toolkit.authoring.community.tallies import parse_month
from lesson_toolkit.authoring.workspace.web.community import last_month
from lesson_toolkit.extensions import db
from tests.community.conftest import build_places
from tests.conftest import make_app
from tests.workspace.support import PASSWORD, csrf_token, english

MONTH = "2026-11"


def setup_places(app):
    with app.app_context():
        places = build_places()
        ids = {name: places.village(name).id for name in ("Thôn Nà Mòn", "Thôn Nặm Đăm", "Thôn Khuổi Phầy")}
        db.session.remove()
    return ids


def login(app, username: str, client_class=None):
    client = client_class(app, app.response_class, use_cookies=True) if client_class else app.test_client()
    page = client.get("/trainer/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"username": username, "password": PASSWORD} | ({"csrf_token": token[1]} if token else {})
    response = client.post("/trainer/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def app(content, tmp_path):
    return english(make_app(content, tmp_path, WTF_CSRF_ENABLED=False))


@pytest.fixture
def villages(app):
    return setup_places(app)


def tallies(app) -> list[tuple[str, str, int, str]]:
    with app.app_context():
        rows = db.session.scalars(select(Tally).order_by(Tally.id))
        return [(t.skill, t.month.strftime("%Y-%m"), t.households, t.entered_by) for t in rows]


def form(village: int, **counts) -> dict[str, str]:
    data = {"client_id": str(uuid.uuid4()), "village": str(village), "month": MONTH}
    return data | {f"households-{skill}": str(n) for skill, n in counts.items()}


def test_the_page_preselects_the_team_village_and_last_month(app, villages):
    page = login(app, "member").get("/trainer/community/tally").get_data(as_text=True)
    assert f'<option value="{villages["Thôn Nà Mòn"]}" selected>' in page
    assert "Thôn Nặm Đăm" not in page  # another commune's village is not offered
    assert f'value="{last_month().strftime("%Y-%m")}"' in page
    assert re.search(r'name="client_id" value="[0-9a-f-]{36}"', page)
    assert 'type="number" id="households-vneid_installed"' in page


def test_a_form_without_javascript_records_one_tally_per_skill_with_a_count(app, villages):
    client = login(app, "member")
    data = form(villages["Thôn Nà Mòn"], vneid_installed=4, zalo_safety=2, health_book=0) | {"lessons": "install-vneid"}
    response = client.post("/trainer/community/tally", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sent: 2 entries" in page
    assert sorted(tallies(app)) == [("vneid_installed", MONTH, 4, "member"), ("zalo_safety", MONTH, 2, "member")]
    assert "Entries for this village and month" in page and ">correct<" in page
    # the same form sent twice (a double tap) is counted once
    client.post("/trainer/community/tally", data=data)
    assert len(tallies(app)) == 2


def test_a_correction_is_a_new_entry_prefilled_from_the_link(app, villages):
    client = login(app, "member")
    client.post("/trainer/community/tally", data=form(villages["Thôn Nà Mòn"], vneid_installed=4))
    with app.app_context():
        first = db.session.scalar(select(Tally.id))
    page = client.get(f"/trainer/community/tally?corrects={first}").get_data(as_text=True)
    assert f'name="corrects" value="{first}"' in page and 'value="4"' in page
    data = form(villages["Thôn Nà Mòn"], vneid_installed=0) | {"corrects": str(first)}
    response = client.post("/trainer/community/tally", data=data, follow_redirects=True)
    assert "Sent: 1 entry" in response.get_data(as_text=True)
    with app.app_context():
        latest = db.session.scalars(select(Tally).order_by(Tally.id.desc())).first()
        assert (latest.corrects_id, latest.households) == (first, 0)


def test_a_member_cannot_count_for_another_commune(app, villages):
    client = login(app, "member")
    response = client.post("/trainer/community/tally", data=form(villages["Thôn Nặm Đăm"], vneid_installed=3))
    assert response.status_code == 403
    response = client.post(
        "/trainer/community/tally.json",
        json={
            "client_id": "phone-000001",
            "village": villages["Thôn Nặm Đăm"],
            "month": MONTH,
            "skill": "vneid_installed",
            "households": 3,
        },
    )
    assert response.status_code == 403
    assert tallies(app) == []


def test_an_officer_counts_for_the_villages_of_the_commune(app, villages):
    client = login(app, "officer")
    response = client.post("/trainer/community/tally", data=form(villages["Thôn Khuổi Phầy"], selling_online=7))
    assert response.status_code == 302
    assert tallies(app) == [("selling_online", MONTH, 7, "officer")]


def test_the_json_endpoint_counts_the_same_id_once(app, villages):
    client = login(app, "member")
    entry = {
        "client_id": "a1b2c3d4-vneid_installed",
        "village": villages["Thôn Nà Mòn"],
        "month": MONTH,
        "skill": "vneid_installed",
        "households": 5,
        "lessons": ["install-vneid"],
    }
    first = client.post("/trainer/community/tally.json", json=entry)
    again = client.post("/trainer/community/tally.json", json=entry)
    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.json["created"], again.json["created"]) == (True, False)
    assert tallies(app) == [("vneid_installed", MONTH, 5, "member")]
    bad = client.post("/trainer/community/tally.json", json=entry | {"client_id": "x" * 10, "households": 900})
    assert bad.status_code == 400 and bad.json["field"] == "households"


def test_roles_a_translator_or_trainer_may_not_count(app, villages):
    from tests.workspace.support import add_account

    add_account(app, "translator1", "translator")
    client = login(app, "translator1")
    for path in ("/trainer/community/tally", "/trainer/community/sheet"):
        assert client.get(path).status_code == 403
    assert client.post("/trainer/community/tally.json", json={}).status_code == 403
    assert login(app, "trainer").get("/trainer/community/tally").status_code == 403
    assert app.test_client().get("/trainer/community/tally").status_code == 302  # to the login
    assert login(app, "admin").get("/trainer/community/tally").status_code == 200


def test_a_wrong_number_is_shown_beside_its_box_and_nothing_typed_is_lost(app, villages):
    client = login(app, "member")
    data = form(villages["Thôn Nà Mòn"], vneid_installed=4, zalo_safety="12a") | {"lessons": "use-zalo"}
    response = client.post("/trainer/community/tally", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="households-zalo_safety" name="households-zalo_safety" value="12a"[^>]*aria-invalid', page)
    assert 'id="error-households-zalo_safety">a whole number from 0 to 500<' in page
    assert 'name="households-vneid_installed" value="4"' in page
    assert 'value="use-zalo" checked' in page and f'value="{data["client_id"]}"' in page
    assert tallies(app) == []  # nothing half-recorded
    response = client.post(
        "/trainer/community/tally", data=form(villages["Thôn Nà Mòn"], vneid_installed=1) | {"month": "11/2026"}
    )
    assert response.status_code == 400 and 'id="error-month"' in response.get_data(as_text=True)


def test_the_errors_are_in_the_users_language(app, villages):
    client = login(app, "member", FlaskClient)  # no preference: the site's default, Vietnamese
    data = form(villages["Thôn Nà Mòn"], vneid_installed=999)
    page = client.post("/trainer/community/tally", data=data).get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "a whole number from 0 to 500" not in page  # beside the box, in Vietnamese


def test_the_privacy_note_says_what_is_kept_and_what_is_not(app, villages):
    client = login(app, "member")
    for path in ("/trainer/community/tally", "/trainer/community/sheet"):
        page = client.get(path).get_data(as_text=True)
        assert 'class="note privacy"' in page
        assert "no names, phone numbers, ID numbers, ethnicity, health or location of any person" in page
    page = client.get("/trainer/community/tally").get_data(as_text=True)
    fields = set(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', page))
    assert fields <= {"csrf_token", "client_id", "village", "month", "lessons", "corrects"} | {
        f"households-{skill}"
        for skill in (
            "vneid_installed",
            "vneid_level2",
            "bank_qr_payment",
            "bill_paid_by_qr",
            "zalo_safety",
            "health_book",
            "public_services",
            "selling_online",
        )
    }


def test_the_paper_sheet_has_bordered_boxes_when_printed(app, villages):
    page = login(app, "member").get("/trainer/community/sheet").get_data(as_text=True)
    media = page[page.index("@media print") :]
    assert re.search(r"\.sheet th,\.sheet td\{border:1px solid #000\}", media)
    assert ".no-print{display:none}" in media.replace(".bar,", "")
    assert 'class="no-print buttons"' in page and "data-print" in page
    assert page.count('<td class="box"></td>') == 8 * 4
    assert "Thôn Nà Mòn" in page


def test_csrf_is_enforced(content, tmp_path):
    app = english(make_app(content, tmp_path))
    ids = setup_places(app)
    client = login(app, "member")
    page = client.get("/trainer/community/tally").get_data(as_text=True)
    entry = {
        "client_id": "phone-00000001",
        "village": ids["Thôn Nà Mòn"],
        "month": MONTH,
        "skill": "vneid_installed",
        "households": 2,
    }
    assert client.post("/trainer/community/tally.json", json=entry).status_code == 400
    assert client.post("/trainer/community/tally", data=form(ids["Thôn Nà Mòn"], vneid_installed=2)).status_code == 400
    assert tallies(app) == []
    token = csrf_token(page)
    response = client.post("/trainer/community/tally.json", json=entry, headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.json["created"] is True
    data = form(ids["Thôn Nà Mòn"], vneid_installed=3) | {"csrf_token": token}
    assert client.post("/trainer/community/tally", data=data).status_code == 302
    assert len(tallies(app)) == 2


def test_last_month():
    from datetime import date

    assert last_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert parse_month("2026-11").month == 11


def test_a_member_lands_on_the_tally_after_logging_in(app, villages):
    client = app.test_client()
    response = client.post("/trainer/login", data={"username": "member", "password": PASSWORD})
    assert response.headers["Location"] == "/trainer/community/tally"
    page = client.get("/trainer/community/tally").get_data(as_text=True)
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert 'href="/trainer/"' not in nav and 'href="/trainer/community/tally"' in nav  # the dashboard is not theirs
