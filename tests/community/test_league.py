"""The league of a commune's villages and of a province's communes, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from lesson_toolkit.authoring.community.league import league, province_league
from lesson_toolkit.authoring.community.tallies import record_tally
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.extensions import db

MONTH, SKILL = "2026-11", "vneid_installed"


def count(places, village: str, households: int, client_id: str, skill: str = SKILL, month: str = MONTH, corrects=None):
    tally, _ = record_tally(
        db.session, places.admin, client_id, places.village(village), month, skill, households, corrects=corrects
    )
    return tally


@pytest.fixture
def counted(migrated_places):
    places = migrated_places
    count(places, "Thôn Nà Mòn", 30, "entry-0001")
    count(places, "Thôn Nà Mòn", 12, "entry-0002")
    wrong = count(places, "Thôn Khuổi Phầy", 70, "entry-0003")
    count(places, "Thôn Khuổi Phầy", 40, "entry-0004", corrects=wrong)
    count(places, "Thôn Bản Khiển", 9, "entry-0005")
    count(places, "Thôn Nặm Đăm", 30, "entry-0006")
    count(places, "Thôn Nà Mòn", 99, "entry-0007", skill="zalo_safety")  # another skill
    count(places, "Thôn Nà Mòn", 99, "entry-0008", month="2026-10")  # another month
    count(places, "Thôn Séo Mí Tỷ", 50, "entry-0009")  # another province
    db.session.commit()
    return places


def test_villages_are_ranked_by_households_helped_with_their_share(counted):
    rows = league(db.session, counted.commune("Xã Tân Lập").id, MONTH, SKILL)
    assert [(r.rank, r.village, r.helped, r.households) for r in rows] == [
        (1, "Thôn Nà Mòn", 42, 120),
        (2, "Thôn Khuổi Phầy", 40, 80),  # the correction counts, not the 70 it corrected
        (3, "Thôn Bản Khiển", 9, None),
    ]
    assert [r.share for r in rows] == [pytest.approx(0.35), pytest.approx(0.5), None]


def test_a_village_nobody_helped_yet_is_in_the_league_at_zero(counted):
    rows = league(db.session, counted.commune("Xã Hồng Thái").id, MONTH, SKILL)
    assert [(r.rank, r.village, r.helped, r.share) for r in rows] == [
        (1, "Thôn Nặm Đăm", 30, pytest.approx(0.5)),
        (2, "Thôn Bản Tát", 0, 0.0),
    ]


def test_equal_counts_share_a_rank(counted):
    count(counted, "Thôn Bản Tát", 30, "entry-0010")
    rows = league(db.session, counted.commune("Xã Hồng Thái").id, MONTH, SKILL)
    assert [(r.rank, r.village) for r in rows] == [(1, "Thôn Bản Tát"), (1, "Thôn Nặm Đăm")]


def test_communes_are_ranked_in_their_province(counted):
    province_id = counted.commune("Xã Tân Lập").province_id
    rows = province_league(db.session, province_id, MONTH, SKILL)
    assert [(r.rank, r.commune, r.village, r.helped, r.households) for r in rows] == [
        (1, "Xã Tân Lập", None, 91, 200),
        (2, "Xã Hồng Thái", None, 30, 100),
    ]
    # the share counts only villages whose households are known: (42 + 40) / 200
    assert [r.share for r in rows] == [pytest.approx(0.41), pytest.approx(0.3)]


def test_the_league_is_shown_only_to_those_who_see_the_commune(counted):
    tan_lap, hong_thai = counted.commune("Xã Tân Lập"), counted.commune("Xã Hồng Thái")
    assert league(db.session, tan_lap.id, MONTH, SKILL, account=counted.member)[0].helped == 42
    for account in (counted.member, counted.officer, counted.trainer):
        with pytest.raises(ToolkitError):
            league(db.session, hong_thai.id, MONTH, SKILL, account=account)
    with pytest.raises(ToolkitError):
        province_league(db.session, counted.commune("Xã Bản Hồ").province_id, MONTH, SKILL, account=counted.officer)


def test_a_bad_skill_or_month_is_named(counted):
    commune_id = counted.commune("Xã Tân Lập").id
    with pytest.raises(ToolkitError) as raised:
        league(db.session, commune_id, MONTH, "karaoke")
    assert raised.value.field == "skill"
    with pytest.raises(ToolkitError) as raised:
        province_league(db.session, commune_id, "November", SKILL)
    assert raised.value.field == "month"
