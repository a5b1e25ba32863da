"""Members join teams and officers communes, from `flask users join-team` and `flask users officer`."""

from __future__ import annotations

import pytest

from lesson_toolkit.authoring.community.teams import appoint_officer, find_commune, join_team
from lesson_toolkit.authoring.community.visibility import visible_villages
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.workspace.accounts import create_account
from lesson_toolkit.extensions import db
from tests.community.conftest import PASSWORD


def test_a_member_joins_a_team_and_then_sees_its_village(places):
    new = create_account(db.session, "lan", PASSWORD, "member")
    team = join_team(db.session, new, places.village("Thôn Bản Tát"), number=2)
    assert join_team(db.session, new, places.village("Thôn Bản Tát"), number=2).id == team.id  # once
    assert [v.name for v in visible_villages(db.session, new)] == ["Thôn Bản Tát"]


def test_only_the_right_roles_join_teams_or_look_after_communes(places):
    with pytest.raises(ToolkitError):
        join_team(db.session, places.officer, places.village("Thôn Bản Tát"))
    with pytest.raises(ToolkitError):
        appoint_officer(db.session, places.member, places.commune("Xã Hồng Thái"))


def test_communes_are_found_by_name_in_any_case_or_by_id(places):
    commune = places.commune("Xã Hồng Thái")
    assert find_commune(db.session, "  xã hồng   thái ") is commune
    assert find_commune(db.session, str(commune.id), province="Tuyên Quang") is commune
    with pytest.raises(ToolkitError, match="no such place"):
        find_commune(db.session, "Xã Hồng Thái", province="Lào Cai")


def test_the_users_commands_attach_accounts(app, places, runner):
    create_account(db.session, "lan", PASSWORD, "member")
    create_account(db.session, "minh", PASSWORD, "officer")
    db.session.commit()
    result = runner.invoke(args=["users", "join-team", "lan", "--commune", "Xã Hồng Thái", "--village", "Thôn Bản Tát"])
    assert result.exit_code == 0, result.output
    assert "lan: team 1 of Thôn Bản Tát" in result.output
    result = runner.invoke(args=["users", "officer", "minh", "--commune", "Xã Hồng Thái"])
    assert "minh: officer of Xã Hồng Thái" in result.output
    refused = runner.invoke(args=["users", "officer", "lan", "--commune", "Xã Hồng Thái"])
    assert refused.exit_code == 1 and "field 'role'" in refused.output
