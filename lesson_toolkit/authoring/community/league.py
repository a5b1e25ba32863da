"""The league: villages of a commune, or communes of a province, ranked by the households
helped with one skill in one month. Each is one aggregate SQL query.

Only the latest tally of each correction chain counts: a tally that another one corrects is
left out. A share (helped ÷ households) is given where the households are known; for a commune,
it counts only its villages whose households are known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Float, Select, case, cast, exists, func, select
from sqlalchemy.orm import Session, aliased, scoped_session

from lesson_toolkit.authoring.community.models import Commune, Login, Tally, Village
from lesson_toolkit.authoring.community.tallies import check_skill, parse_month
from lesson_toolkit.authoring.community.visibility import may_see_commune, may_see_province
from lesson_toolkit.authoring.errors import N_, ToolkitError


@dataclass(frozen=True)
class LeagueRow:
    rank: int
    commune: str
    village: str | None  # None in a province's league of communes
    skill: str
    month: date
    helped: int
    households: int | None
    share: float | None


def latest_tallies(month: date, skill: str, villages: Select):
    """The tallies that count for one month and skill in `villages` (a query of their ids), as
    a subquery: helped per village. Naming the villages keeps the work to the place asked for."""
    later = aliased(Tally)
    return (
        select(Tally.village_id, func.sum(Tally.households).label("helped"))
        .where(Tally.month == month, Tally.skill == skill, Tally.village_id.in_(villages))
        .where(~exists().where(later.corrects_id == Tally.id))
        .group_by(Tally.village_id)
        .subquery("helped")
    )


def league(
    session: Session | scoped_session, commune_id: int, month: date | str, skill: str, account: Login | None = None
) -> list[LeagueRow]:
    """Every village of the commune, best first (villages nobody helped yet come last, at 0)."""
    month, skill = parse_month(month), check_skill(skill)
    if account is not None and not may_see_commune(session, account, commune_id):
        raise ToolkitError(N_("there is no such commune"), field="commune")
    tallies = latest_tallies(month, skill, select(Village.id).where(Village.commune_id == commune_id))
    helped = func.coalesce(tallies.c.helped, 0)
    share = case((Village.households > 0, cast(helped, Float) / Village.households))
    query = (
        select(func.rank().over(order_by=helped.desc()), Commune.name, Village.name, helped, Village.households, share)
        .join(Commune, Commune.id == Village.commune_id)
        .outerjoin(tallies, tallies.c.village_id == Village.id)
        .where(Village.commune_id == commune_id)
        .order_by(helped.desc(), Village.name)
    )
    return [LeagueRow(rank, c, v, skill, month, h, n, s) for rank, c, v, h, n, s in session.execute(query)]


def province_league(
    session: Session | scoped_session, province_id: int, month: date | str, skill: str, account: Login | None = None
) -> list[LeagueRow]:
    """Every commune of the province, best first."""
    month, skill = parse_month(month), check_skill(skill)
    if account is not None and not may_see_province(session, account, province_id):
        raise ToolkitError(N_("there is no such province"), field="province")
    in_province = select(Village.id).join(Commune, Commune.id == Village.commune_id)
    tallies = latest_tallies(month, skill, in_province.where(Commune.province_id == province_id))
    village_helped = func.coalesce(tallies.c.helped, 0)
    helped = func.sum(village_helped)
    known = Village.households.is_not(None)
    households = func.sum(Village.households)
    helped_where_known = func.sum(case((known, village_helped), else_=0))
    share = case((households > 0, cast(helped_where_known, Float) / households))
    query = (
        select(func.rank().over(order_by=helped.desc()), Commune.name, helped, households, share)
        .join(Village, Village.commune_id == Commune.id)
        .outerjoin(tallies, tallies.c.village_id == Village.id)
        .where(Commune.province_id == province_id)
        .group_by(Commune.id, Commune.name)
        .order_by(helped.desc(), Commune.name)
    )
    return [LeagueRow(rank, c, None, skill, month, int(h), n, s) for rank, c, h, n, s in session.execute(query)]
