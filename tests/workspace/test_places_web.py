"""Places and teams in the workspace (authoring/workspace/web/places.py): the administrator loads
the list of places and puts people in teams; an officer keeps their villages' households."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from lesson_toolkit.authoring.community.models import CommuneOfficer, Team, TeamMember, Village
from lesson_toolkit.authoring.workspace.models import AuditEntry
from lesson_toolkit.extensions import db
from tests.community.conftest import PASSWORD, build_places
from tests.workspace.support import add_account, english

NEW_PLACES = """province,commune,village,households
Tuyên Quang,Xã Tân Lập,Thôn Nà Mòn,125
Tuyên Quang,Xã Tân Lập,Thôn Pác Cáp,55
Hà Giang,Xã Lũng Cú,Thôn Lô Lô Chải,110
"""


@pytest.fixture
def app(trainer_app):
    with trainer_app.app_context():
        places = build_places()
        trainer_app.ids = {
            "tan_lap": places.commune("Xã Tân Lập").id,
            "hong_thai": places.commune("Xã Hồng Thái").id,
            "na_mon": places.village("Thôn Nà Mòn").id,
            "khuoi_phay": places.village("Thôn Khuổi Phầy").id,
        }
        db.session.remove()
    return trainer_app


def login(app, username: str):
    client = app.test_client()
    assert client.post("/trainer/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def upload(client, text: bytes, name: str = "places.csv"):
    return client.post("/trainer/community/places", data={"places_file": (io.BytesIO(text), name)},
                       content_type="multipart/form-data")  # fmt: skip


def village(app, name: str) -> Village | None:
    with app.app_context():
        found = db.session.scalars(select(Village).where(Village.name == name)).one_or_none()
        if found is not None:
            db.session.expunge(found)
        return found


def audit(app, action: str) -> list[str]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        return [f"{entry.username} | {entry.context} | {entry.detail}" for entry in entries]


def test_the_admin_loads_places_from_a_csv_file(app):
    client = login(app, "admin")
    response = upload(client, NEW_PLACES.encode("utf-8-sig"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "1 province(s), 1 commune(s) and 2 village(s) added; 1 village(s) updated" in html
    assert village(app, "Thôn Nà Mòn").households == 125
    assert village(app, "Thôn Lô Lô Chải").households == 110
    assert "Hà Giang" in html and "Xã Lũng Cú" in html  # the list now shows them
    assert audit(app, "places") == ["admin | None | places.csv: 1 provinces, 1 communes, 2 villages created, 1 updated"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"province,commune,village,households\nA,B,C,12\nA,B,D,many\n", "places.csv: Line 3: field "),
        (b"province,commune\nA,B\n", "places.csv: Line 1: the header lacks the column village"),
        ("province,commune,village\nLạng Sơn,Xã Đồng Đăng,Thôn Nà Lầu\n".encode("utf-16"), "not UTF-8 text"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_where(app, data, said):
    response = upload(login(app, "admin"), data)
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400
    assert said in html
    assert village(app, "C") is None and village(app, "Thôn Nà Lầu") is None


def test_an_officer_sees_only_their_commune_and_may_not_load_places(app):
    client = login(app, "officer")  # looks after Xã Tân Lập
    html = client.get("/trainer/community/places").get_data(as_text=True)
    assert "Xã Tân Lập" in html and "Xã Hồng Thái" not in html
    assert 'type="file"' not in html
    assert upload(client, NEW_PLACES.encode()).status_code == 403
    assert client.get(f"/trainer/community/places/{app.ids['hong_thai']}").status_code == 403
    assert client.get(f"/trainer/community/places/{app.ids['tan_lap']}").status_code == 200


@pytest.mark.parametrize("role", ["member", "trainer", "translator"])
def test_other_roles_may_not_manage_places(app, role):
    if role == "translator":
        add_account(app, "translator", "translator", password=PASSWORD)
    client = login(app, role)
    assert client.get("/trainer/community/places").status_code == 403
    assert client.get(f"/trainer/community/places/{app.ids['tan_lap']}").status_code == 403


def test_an_officer_enters_the_households_of_the_villages(app):
    client = login(app, "officer")
    commune = app.ids["tan_lap"]
    page = client.get(f"/trainer/community/places/{commune}").get_data(as_text=True)
    assert f'name="households-{app.ids["na_mon"]}" value="120"' in page
    response = client.post(
        f"/trainer/community/places/{commune}/villages",
        data={f"households-{app.ids['na_mon']}": "131", f"name-{app.ids['na_mon']}": "Thôn Nà Mòn",
              f"households-{app.ids['khuoi_phay']}": "80", f"name-{app.ids['khuoi_phay']}": "Thôn  Khuổi   Phầy"},
    )  # fmt: skip
    assert response.status_code == 302
    assert village(app, "Thôn Nà Mòn").households == 131
    assert village(app, "Thôn Khuổi Phầy").households == 80  # the spaces typed are tidied: no change
    assert audit(app, "places") == ["officer | Tuyên Quang / Xã Tân Lập / Thôn Nà Mòn | households: 120 → 131"]


def test_a_wrong_number_keeps_what_was_typed_and_saves_nothing(app):
    client = login(app, "officer")
    commune = app.ids["tan_lap"]
    response = client.post(
        f"/trainer/community/places/{commune}/villages",
        data={f"households-{app.ids['na_mon']}": "131", f"households-{app.ids['khuoi_phay']}": "eighty"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'name="households-{app.ids["khuoi_phay"]}" value="eighty"' in html  # as typed
    assert f'name="households-{app.ids["na_mon"]}" value="131"' in html
    assert "a whole number from 0 to 20000" in html
    assert village(app, "Thôn Nà Mòn").households == 120  # one wrong line: nothing saved
    assert audit(app, "places") == []


def test_a_village_is_added_once(app):
    client = login(app, "officer")
    url = f"/trainer/community/places/{app.ids['tan_lap']}/village"
    assert client.post(url, data={"name": "Thôn Pác Cáp", "households": ""}).status_code == 302
    assert village(app, "Thôn Pác Cáp").households is None
    again = client.post(url, data={"name": "thôn pác cáp", "households": "3"})
    assert again.status_code == 400
    assert "the commune already has a village called thôn pác cáp" in again.get_data(as_text=True)


def test_the_admin_puts_a_member_in_a_team_and_takes_them_out(app):
    add_account(app, "lan", "member", password=PASSWORD)
    client = login(app, "admin")
    commune = app.ids["tan_lap"]
    url = f"/trainer/community/places/{commune}/team"
    assert (
        client.post(url, data={"username": "lan", "village": app.ids["khuoi_phay"], "number": "2"}).status_code == 302
    )
    with app.app_context():
        team = db.session.scalars(select(Team).where(Team.village_id == app.ids["khuoi_phay"])).one()
        assert team.number == 2
        team_id = team.id
    html = client.get(f"/trainer/community/places/{commune}").get_data(as_text=True)
    assert re.search(r"Team 2:.*?<span translate=\"no\">lan</span>", html, re.S)
    # the new member now counts for Khuổi Phầy
    tally = login(app, "lan").get("/trainer/community/tally").get_data(as_text=True)
    assert f'<option value="{app.ids["khuoi_phay"]}" selected' in tally
    assert client.post(f"{url}/leave", data={"username": "lan", "team": team_id}).status_code == 302
    with app.app_context():
        assert db.session.get(Team, team_id) is None  # nobody left in it
    assert [line.split(" | ")[2] for line in audit(app, "team")] == ["lan joins team 2", "lan leaves team 2"]


@pytest.mark.parametrize(
    ("username", "said"),
    [("nobody", "there is no account called “nobody”"), ("officer", "officer is not a team member&#39;s account")],
)
def test_only_a_members_account_joins_a_team(app, username, said):
    response = login(app, "admin").post(
        f"/trainer/community/places/{app.ids['tan_lap']}/team",
        data={"username": username, "village": app.ids["na_mon"]},
    )
    assert response.status_code == 400
    assert said in response.get_data(as_text=True)


def test_a_village_of_another_commune_is_refused(app):
    with app.app_context():
        other = db.session.scalars(select(Village).where(Village.name == "Thôn Nặm Đăm")).one().id
    response = login(app, "admin").post(
        f"/trainer/community/places/{app.ids['tan_lap']}/team", data={"username": "member", "village": other}
    )
    assert response.status_code == 400
    with app.app_context():
        assert len(db.session.scalars(select(TeamMember)).all()) == 1  # the member's one team, as before
        assert db.session.scalars(select(Team).where(Team.village_id == other)).all() == []


def test_the_admin_names_and_removes_commune_officers(app):
    add_account(app, "binh", "officer", password=PASSWORD)
    client = login(app, "admin")
    url = f"/trainer/community/places/{app.ids['hong_thai']}/officer"
    assert client.post(url, data={"username": "binh"}).status_code == 302
    assert login(app, "binh").get(f"/trainer/community/places/{app.ids['hong_thai']}").status_code == 200
    assert client.post(f"{url}/leave", data={"username": "binh"}).status_code == 302
    with app.app_context():
        assert db.session.get(CommuneOfficer, (app.ids["hong_thai"], 1)) is None
    assert login(app, "binh").get(f"/trainer/community/places/{app.ids['hong_thai']}").status_code == 403


def test_an_officer_may_not_change_teams(app):
    client = login(app, "officer")
    url = f"/trainer/community/places/{app.ids['tan_lap']}"
    assert client.post(f"{url}/team", data={"username": "member", "village": app.ids["na_mon"]}).status_code == 403
    assert client.post(f"{url}/officer", data={"username": "officer"}).status_code == 403


@pytest.mark.parametrize(("username", "home"), [("member", "/trainer/community/tally"),
                                                ("officer", "/trainer/community/league"),
                                                ("trainer", "/trainer/")])  # fmt: skip
def test_each_account_starts_on_its_own_page(app, username, home):
    client = login(app, username)
    start = client.get("/trainer/")
    if home == "/trainer/":
        assert start.status_code == 200
    else:
        assert start.status_code == 302 and start.headers["Location"] == home
    page = client.get("/trainer/password")  # every account changes its own password, and logs out
    assert page.status_code == 200
    assert f'<a class="brand" href="{home}">' in page.get_data(as_text=True)
    assert client.post("/trainer/logout").status_code == 302
    assert client.get("/trainer/password").status_code == 302  # to the login page


def test_the_places_pages_count_alike_on_sqlite_and_postgresql(migrated_app):
    """The same pages on a database built by the migrations (the counting queries too)."""
    app = english(migrated_app)
    app.config["WTF_CSRF_ENABLED"] = False
    places = build_places()
    tan_lap, na_mon = places.commune("Xã Tân Lập").id, places.village("Thôn Nà Mòn").id
    db.session.remove()
    client = login(app, "admin")
    html = client.get("/trainer/community/places").get_data(as_text=True)
    row = re.search(r"Xã Tân Lập</a></th>(.*?)</tr>", html, re.S)[1]
    assert re.findall(r">(\d+)</td>", row) == ["3", "1", "1"]  # villages, teams, members
    response = client.post(f"/trainer/community/places/{tan_lap}/villages", data={f"households-{na_mon}": "121"})
    assert response.status_code == 302
    assert db.session.get(Village, na_mon).households == 121
