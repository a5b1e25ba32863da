"""Members see their team's village, officers their communes, admins everything."""

from __future__ import annotations

from lesson_toolkit.authoring.community.visibility import may_see_commune, may_see_province, visible_villages
from lesson_toolkit.extensions import db


def names(villages) -> set[str]:
    return {village.name for village in villages}


def test_a_member_sees_only_the_team_s_village(places):
    assert names(visible_villages(db.session, places.member)) == {"Thôn Nà Mòn"}


def test_an_officer_sees_the_commune_and_not_another(places):
    assert names(visible_villages(db.session, places.officer)) == {"Thôn Nà Mòn", "Thôn Khuổi Phầy", "Thôn Bản Khiển"}
    assert not may_see_commune(db.session, places.officer, places.commune("Xã Hồng Thái").id)
    assert not may_see_commune(db.session, places.member, places.commune("Xã Bản Hồ").id)


def test_an_admin_sees_everything_and_a_trainer_nothing(places):
    assert len(visible_villages(db.session, places.admin)) == 6
    assert visible_villages(db.session, places.trainer) == []
    province_id = places.commune("Xã Bản Hồ").province_id
    assert may_see_province(db.session, places.admin, province_id)
    assert not may_see_province(db.session, places.officer, province_id)


def test_a_disabled_account_sees_nothing(places):
    places.officer.active = False
    assert visible_villages(db.session, places.officer) == []
