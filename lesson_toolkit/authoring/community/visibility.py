"""Who sees what: a team member their team's village, an officer their communes, an
administrator everything, anyone else nothing. Applied as filters inside the queries."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select, true
from sqlalchemy.orm import Session, scoped_session

from lesson_toolkit.authoring.community.models import Commune, CommuneOfficer, Login, Team, TeamMember, Village


def village_filter(account: Login) -> ColumnElement[bool]:
    """A condition on `Village` that holds for the villages `account` may see."""
    if not account.active:
        return false()
    if account.role == "admin":
        return true()
    if account.role == "officer":
        communes = select(CommuneOfficer.commune_id).where(CommuneOfficer.account_id == account.id)
        return Village.commune_id.in_(communes)
    if account.role == "member":
        villages = select(Team.village_id).join(TeamMember, TeamMember.team_id == Team.id)
        return Village.id.in_(villages.where(TeamMember.account_id == account.id))
    return false()


def visible_villages(session: Session | scoped_session, account: Login) -> list[Village]:
    query: Select = select(Village).where(village_filter(account)).order_by(Village.commune_id, Village.name)
    return list(session.scalars(query))


def may_see_village(session: Session | scoped_session, account: Login, village_id: int) -> bool:
    query = select(Village.id).where(Village.id == village_id, village_filter(account))
    return session.scalar(query) is not None


def may_see_commune(session: Session | scoped_session, account: Login, commune_id: int) -> bool:
    """Whether `account` sees at least one village of the commune (and so its league)."""
    query = select(Village.id).where(Village.commune_id == commune_id, village_filter(account)).limit(1)
    return session.scalar(query) is not None


def may_see_province(session: Session | scoped_session, account: Login, province_id: int) -> bool:
    query = (
        select(Village.id)
        .join(Commune, Commune.id == Village.commune_id)
        .where(Commune.province_id == province_id, village_filter(account))
        .limit(1)
    )
    return session.scalar(query) is not None
