"""Who counts where: a member joins a team of a village, an officer looks after a commune."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session, scoped_session

from lesson_toolkit.authoring.community.models import (
    Commune,
    CommuneOfficer,
    Login,
    Province,
    Team,
    TeamMember,
    Village,
)
from lesson_toolkit.authoring.errors import N_, ToolkitError


def find_place(session: Session | scoped_session, model, name: str, **where):
    """A province, commune or village by id or name; `where` narrows (`province_id=…`)."""
    field = model.__tablename__
    query = select(model).filter_by(**where)
    if name.strip().isdigit():
        query = query.where(model.id == int(name))
    else:
        query = query.where(func.lower(model.name) == " ".join(unicodedata.normalize("NFC", name).split()).lower())
    found = list(session.scalars(query.limit(2)))
    if not found:
        raise ToolkitError(N_("there is no such place: %(name)s"), field=field, params={"name": name})
    if len(found) > 1:
        raise ToolkitError(
            N_("several places are called %(name)s: give --province"), field=field, params={"name": name}
        )
    return found[0]


def find_commune(session: Session | scoped_session, commune: str, province: str | None = None) -> Commune:
    where = {"province_id": find_place(session, Province, province).id} if province else {}
    return find_place(session, Commune, commune, **where)


def join_team(session: Session | scoped_session, account: Login, village: Village, number: int = 1) -> Team:
    """Put a member in team `number` of the village (made when it is the first member)."""
    if account.role != "member":
        raise ToolkitError(N_("only a team member's account can join a team"), field="role")
    team = session.scalar(select(Team).where(Team.village_id == village.id, Team.number == number))
    if team is None:
        team = Team(village_id=village.id, number=number)
        session.add(team)
        session.flush()
    if session.get(TeamMember, (team.id, account.id)) is None:
        session.add(TeamMember(team_id=team.id, account_id=account.id))
        session.flush()
    return team


def appoint_officer(session: Session | scoped_session, account: Login, commune: Commune) -> None:
    if account.role != "officer":
        raise ToolkitError(N_("only a commune officer's account can look after a commune"), field="role")
    if session.get(CommuneOfficer, (commune.id, account.id)) is None:
        session.add(CommuneOfficer(commune_id=commune.id, account_id=account.id))
        session.flush()


def leave_team(session: Session | scoped_session, account_id: int, team_id: int) -> bool:
    """Take a member out of a team; a team left with nobody is removed (its village's tallies
    stay: they belong to the village). False: they were not in it."""
    membership = session.get(TeamMember, (team_id, account_id))
    if membership is None:
        return False
    session.delete(membership)
    session.flush()
    if session.scalar(select(func.count()).where(TeamMember.team_id == team_id)) == 0:
        team = session.get(Team, team_id)
        if team is not None:
            session.delete(team)
            session.flush()
    return True


def release_officer(session: Session | scoped_session, account_id: int, commune_id: int) -> bool:
    """An officer no longer looks after a commune. False: they did not."""
    post = session.get(CommuneOfficer, (commune_id, account_id))
    if post is None:
        return False
    session.delete(post)
    session.flush()
    return True
