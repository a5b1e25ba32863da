"""The league pages: the workspace's (villages or communes ranked, chart, downloads, roles) and
the public one (a setting, off by default; communes' totals only)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from lesson_toolkit.authoring.community.tallies import record_tally
from lesson_toolkit.authoring.workspace.web.league import filename
from lesson_toolkit.extensions import db
from tests.community.conftest import PASSWORD, build_places
from tests.conftest import make_app
from tests.workspace.support import add_account, english

MONTH, SKILL = "2026-11", "vneid_installed"
VILLAGES = ("Thôn Nà Mòn", "Thôn Khuổi Phầy", "Thôn Bản Khiển")


def counted(app):
    """Households helped in November: Nà Mòn 42 of 120, Khuổi Phầy 40 of 80 (after a
    correction), Bản Khiển 9 (households unknown); Hồng Thái's Nặm Đăm 30 of 60."""
    with app.app_context():
        places = build_places()
        ids = {}
        for n, (village, households) in enumerate(
            [
                ("Thôn Nà Mòn", 30),
                ("Thôn Nà Mòn", 12),
                ("Thôn Khuổi Phầy", 70),
                ("Thôn Bản Khiển", 9),
                ("Thôn Nặm Đăm", 30),
                ("Thôn Nà Mòn", 99),
            ]  # fmt: skip
        ):
            skill = "zalo_safety" if n == 5 else SKILL
            tally, _ = record_tally(
                db.session, places.admin, f"entry-{n:04}", places.village(village), MONTH, skill, households
            )
            ids[n] = tally.id
        record_tally(db.session, places.admin, "entry-0099", places.village("Thôn Khuổi Phầy"), MONTH, SKILL, 40,
                     corrects=ids[2])  # fmt: skip
        db.session.commit()
        return {"tan_lap": places.commune("Xã Tân Lập").id, "hong_thai": places.commune("Xã Hồng Thái").id,
                "tuyen_quang": places.commune("Xã Tân Lập").province_id}  # fmt: skip


@pytest.fixture
def league_app(trainer_app):
    trainer_app.places = counted(trainer_app)
    return trainer_app


def login(app, username: str):
    client = app.test_client()
    response = client.post("/trainer/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def page(client, place: str, month: str = MONTH, skill: str = SKILL, path: str = "/trainer/community/league"):
    return client.get(path, query_string={"place": place, "month": month, "skill": skill})


def table_rows(html: str) -> list[tuple[str, ...]]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_villages_ranked_with_their_share_and_one_bar_each(league_app):
    client = login(league_app, "officer")
    response = page(client, f"c{league_app.places['tan_lap']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert table_rows(html) == [
        ("1", "Thôn Nà Mòn", "42", "120", "35.0%"),
        ("2", "Thôn Khuổi Phầy", "40", "80", "50.0%"),
        ("3", "Thôn Bản Khiển", "9", "–", "–"),
    ]
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    assert svg.count('<rect class="bar"') == 3
    assert [svg.index(name) for name in VILLAGES] == sorted(svg.index(name) for name in VILLAGES)
    widths = [float(w) for w in re.findall(r'class="bar" x="0" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] > widths[1] > widths[2] > 0


def test_the_officers_commune_and_last_month_are_chosen_at_first(league_app):
    html = login(league_app, "officer").get("/trainer/community/league").get_data(as_text=True)
    assert f'<option value="c{league_app.places["tan_lap"]}" selected>' in html
    assert 'type="month" id="month" name="month" value="20' in html
    assert "Xã Hồng Thái" not in html  # not the officer's commune
    assert "VNeID installed" in html  # the skills by their labels


def test_the_province_ranks_its_communes(league_app):
    html = page(login(league_app, "admin"), f"p{league_app.places['tuyen_quang']}").get_data(as_text=True)
    assert table_rows(html) == [
        ("1", "Xã Tân Lập", "91", "200", "41.0%"),  # Bản Khiển's 9 has no households: not in the share
        ("2", "Xã Hồng Thái", "30", "100", "30.0%"),
    ]
    assert html.count('<rect class="bar"') == 2


@pytest.mark.parametrize("path", ["/trainer/community/league", "/trainer/community/league.csv",
                                  "/trainer/community/league.xlsx"])  # fmt: skip
def test_a_member_of_another_commune_is_refused(league_app, path):
    client = login(league_app, "member")  # a team in Thôn Nà Mòn, Xã Tân Lập
    assert page(client, f"c{league_app.places['tan_lap']}", path=path).status_code == 200
    assert page(client, f"c{league_app.places['hong_thai']}", path=path).status_code == 403


@pytest.mark.parametrize("path", ["/trainer/community/league", "/trainer/community/league.csv",
                                  "/trainer/community/league.xlsx"])  # fmt: skip
@pytest.mark.parametrize("role", ["translator", "trainer"])
def test_other_roles_are_refused(league_app, path, role):
    add_account(league_app, f"a-{role}", role)
    client = login(league_app, f"a-{role}")
    assert page(client, f"c{league_app.places['tan_lap']}", path=path).status_code == 403


def test_nobody_logged_in_is_sent_to_log_in(league_app):
    response = page(league_app.test_client(), f"c{league_app.places['tan_lap']}", path="/trainer/community/league.csv")
    assert response.status_code == 302 and "/trainer/login" in response.headers["Location"]


@pytest.mark.parametrize("month", ["November", "2026-13", "2019-12"])
def test_a_bad_month_is_explained(league_app, month):
    response = page(login(league_app, "officer"), f"c{league_app.places['tan_lap']}", month=month)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "field &#39;month&#39;" in html or "field 'month'" in html
    assert "<tbody>" not in html


def test_csv_and_xlsx_hold_what_the_page_shows(league_app):
    client = login(league_app, "officer")
    place = f"c{league_app.places['tan_lap']}"
    html = page(client, place).get_data(as_text=True)
    shown = table_rows(html)
    assert f"/trainer/community/league.xlsx?place={place}&amp;month={MONTH}&amp;skill={SKILL}" in html
    response = page(client, place, path="/trainer/community/league.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="bang-xep-hang-xa-tan-lap-2026-11.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:2] == ["Xã", "Thôn"]
    assert [(r[1], r[4], r[5]) for r in rows[1:]] == [(s[1], s[2], s[3].replace("–", "")) for s in shown]
    response = page(client, place, path="/trainer/community/league.xlsx")
    assert response.headers["Content-Disposition"].endswith('filename="bang-xep-hang-xa-tan-lap-2026-11.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = list(sheet.iter_rows(values_only=True))[1:]
    assert [(c[1], c[4], c[6]) for c in cells] == [("Thôn Nà Mòn", 42, 0.35), ("Thôn Khuổi Phầy", 40, 0.5),
                                                   ("Thôn Bản Khiển", 9, None)]  # fmt: skip
    assert [c[1] for c in cells] == [s[1] for s in shown]


def test_a_download_with_a_bad_month_is_refused(league_app):
    response = page(
        login(league_app, "officer"), f"c{league_app.places['tan_lap']}", "2026-1", path="/trainer/community/league.csv"
    )
    assert response.status_code == 400


def test_file_names_are_ascii():
    assert filename("Xã Đồng Tâm", "2026-11", "xlsx") == "bang-xep-hang-xa-dong-tam-2026-11.xlsx"
    assert filename("学校", "2026-11", "csv") == "bang-xep-hang-noi-2026-11.csv"


def test_the_public_league_is_off_by_default(league_app):
    assert league_app.test_client().get("/community/league").status_code == 404


def test_the_public_league_shows_communes_totals_only(content, tmp_path, lesson):
    app = english(make_app(content, tmp_path, COMMUNITY_PUBLIC_LEAGUE=True))
    places = counted(app)
    response = app.test_client().get(
        "/community/league", query_string={"province": places["tuyen_quang"], "month": MONTH, "skill": SKILL}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert table_rows(html) == [
        ("1", "Xã Tân Lập", "91", "200", "41.0%"),
        ("2", "Xã Hồng Thái", "30", "100", "30.0%"),
    ]
    assert html.count('<rect class="bar"') == 2
    for private in (*VILLAGES, "Thôn Nặm Đăm", "admin", "entry-"):
        assert private not in html
    assert "Lào Cai" in html  # another province, to choose
    bad = app.test_client().get("/community/league", query_string={"province": places["tuyen_quang"], "month": "x"})
    assert bad.status_code == 400


def test_the_pages_rank_alike_on_sqlite_and_postgresql(migrated_app):
    """The same pages on a database built by the migrations (the visible-communes query too)."""
    app = english(migrated_app)
    app.config["WTF_CSRF_ENABLED"] = False
    places = counted(app)
    client = login(app, "officer")
    villages = table_rows(page(client, f"c{places['tan_lap']}").get_data(as_text=True))
    assert [row[:3] for row in villages] == [("1", "Thôn Nà Mòn", "42"), ("2", "Thôn Khuổi Phầy", "40"),
                                             ("3", "Thôn Bản Khiển", "9")]  # fmt: skip
    communes = table_rows(page(client, f"p{places['tuyen_quang']}").get_data(as_text=True))
    assert communes == [("1", "Xã Tân Lập", "91", "200", "41.0%"), ("2", "Xã Hồng Thái", "30", "100", "30.0%")]


def test_a_vietnamese_page_and_report_read_as_vietnamese(league_app):
    """Vietnamese writes 35,0% with a decimal comma; the report names the skill in Vietnamese."""
    client = FlaskClient(league_app, league_app.response_class, use_cookies=True)
    client.post("/trainer/login", data={"username": "officer", "password": PASSWORD})
    place = f"c{league_app.places['tan_lap']}"
    headers = {"Accept-Language": "vi"}
    html = client.get("/trainer/community/league", query_string={"place": place, "month": MONTH, "skill": SKILL},
                      headers=headers).get_data(as_text=True)  # fmt: skip
    assert [row[4] for row in table_rows(html)] == ["35,0%", "50,0%", "–"]
    report = client.get("/trainer/community/league.csv", query_string={"place": place, "month": MONTH, "skill": SKILL})
    rows = list(csv.reader(io.StringIO(report.get_data().decode("utf-8-sig"))))
    assert rows[1][2] == "Đã cài VNeID" != SKILL
