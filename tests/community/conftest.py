"""Places, teams and accounts for the community tests: two communes of one province, and a
second province; a member of a team in Thôn Nà Mòn, an officer of Xã Tân Lập, an admin."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from lesson_toolkit.authoring.community.models import Commune, CommuneOfficer, Team, TeamMember, Village
from lesson_toolkit.authoring.community.places import import_places
from lesson_toolkit.authoring.workspace.accounts import create_account
from lesson_toolkit.authoring.workspace.models import Account
from lesson_toolkit.extensions import db

PLACES = """province,commune,village,households
Tuyên Quang,Xã Tân Lập,Thôn Nà Mòn,120
Tuyên Quang,Xã Tân Lập,Thôn Khuổi Phầy,80
Tuyên Quang,Xã Tân Lập,Thôn Bản Khiển,
Tuyên Quang,Xã Hồng Thái,Thôn Nặm Đăm,60
Tuyên Quang,Xã Hồng Thái,Thôn Bản Tát,40
Lào Cai,Xã Bản Hồ,Thôn Séo Mí Tỷ,90
"""
PASSWORD = "correct horse battery"


@dataclass
class Places:
    admin: Account
    member: Account
    officer: Account
    trainer: Account

    def village(self, name: str) -> Village:
        return db.session.scalars(select(Village).where(Village.name == name)).one()

    def commune(self, name: str) -> Commune:
        return db.session.scalars(select(Commune).where(Commune.name == name)).one()


def build_places() -> Places:
    import_places(db.session, PLACES)
    accounts = {
        role: create_account(db.session, role, PASSWORD, role) for role in ("admin", "member", "officer", "trainer")
    }
    places = Places(**accounts)
    team = Team(village_id=places.village("Thôn Nà Mòn").id, number=1)
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMember(team_id=team.id, account_id=places.member.id))
    db.session.add(CommuneOfficer(commune_id=places.commune("Xã Tân Lập").id, account_id=places.officer.id))
    db.session.commit()
    return places


@pytest.fixture
def places(app):
    with app.app_context():
        yield build_places()
        db.session.remove()


@pytest.fixture
def migrated_places(migrated_app):
    """The same, in a database built by the migrations: SQLite, then a real PostgreSQL."""
    return build_places()
