"""The league in the workspace: a commune's villages or a province's communes, ranked for one
month and skill, as a table, a bar chart and downloads (CSV, .xlsx) for the commune report.

Who sees what is the core's rule (`authoring.community.visibility`): a team member their
village's commune, an officer their communes, an administrator everything."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Response, abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from lesson_toolkit.authoring.community.chart import bar_chart
from lesson_toolkit.authoring.community.export import export_csv, export_xlsx
from lesson_toolkit.authoring.community.league import LeagueRow, league, province_league
from lesson_toolkit.authoring.community.models import SKILLS, Commune, Province, Village
from lesson_toolkit.authoring.community.tallies import parse_month
from lesson_toolkit.authoring.community.visibility import may_see_commune, may_see_province, village_filter
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.authoring.workspace.web.access import allow, bp
from lesson_toolkit.extensions import db

ROLES = ("officer", "member")  # and admin
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Choice:
    """What the page was asked for: `place` is `c<id>` (a commune) or `p<id>` (a province)."""

    place: str
    month: str
    skill: str


@dataclass(frozen=True)
class League:
    name: str  # the commune's or the province's
    rows: list[LeagueRow]
    of_villages: bool


def last_month(today: date | None = None) -> date:
    return ((today or date.today()).replace(day=1) - timedelta(days=1)).replace(day=1)


def visible_communes() -> list[Commune]:
    query = select(Commune).join(Village, Village.commune_id == Commune.id).where(village_filter(current_user))
    return list(db.session.scalars(query.distinct().order_by(Commune.name)))


def visible_provinces(communes: list[Commune]) -> list[Province]:
    ids = {commune.province_id for commune in communes}
    return list(db.session.scalars(select(Province).where(Province.id.in_(ids)).order_by(Province.name)))


def read_choice(communes: list[Commune]) -> Choice:
    default_place = f"c{communes[0].id}" if communes else ""
    return Choice(
        place=request.args.get("place", default_place).strip(),
        month=request.args.get("month", last_month().strftime("%Y-%m")).strip(),
        skill=request.args.get("skill", next(iter(SKILLS))),
    )


def load_league(choice: Choice) -> League:
    """The league asked for, or 404 (no such place) / 403 (not one the account may see);
    a bad month or skill raises `ToolkitError`."""
    match = re.fullmatch(r"([cp])(\d{1,9})", choice.place)
    if match is None:
        abort(404)
    kind, number = match[1], int(match[2])
    month = parse_month(choice.month)
    if kind == "c":
        commune = db.session.get(Commune, number) or abort(404)
        if not may_see_commune(db.session, current_user, commune.id):
            abort(403)
        return League(commune.name, league(db.session, commune.id, month, choice.skill), True)
    province = db.session.get(Province, number) or abort(404)
    if not may_see_province(db.session, current_user, province.id):
        abort(403)
    return League(province.name, province_league(db.session, province.id, month, choice.skill), False)


def chart(result: League, skill: str, month: str) -> Markup:
    bars = [(row.village or row.commune, row.helped) for row in result.rows]  # no village: a commune
    title = _(
        "Households helped: %(skill)s, %(month)s, %(place)s", skill=_(SKILLS[skill]), month=month, place=result.name
    )
    return Markup(bar_chart(bars, title))  # noqa: S704 (bar_chart escapes every text it draws)


@bp.route("/community/league")
@allow(*ROLES)
def league_page():
    communes = visible_communes()
    choice = read_choice(communes)
    result, error = None, None
    if choice.place:
        try:
            result = load_league(choice)
        except ToolkitError as exc:
            error = exc.translated(_)
    return render_template(
        "trainer/league.html",
        communes=communes,
        provinces=visible_provinces(communes),
        skills=SKILLS,
        choice=choice,
        result=result,
        chart=chart(result, choice.skill, choice.month) if result else None,
        error=error,
    ), (400 if error else 200)


def filename(place: str, month: str, extension: str) -> str:
    """`bang-xep-hang-xa-tan-lap-2026-11.xlsx`: ASCII only, whatever the place is called."""
    plain = unicodedata.normalize("NFKD", place.replace("đ", "d").replace("Đ", "D"))
    slug = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode().lower()).strip("-")
    return f"bang-xep-hang-{slug or 'noi'}-{month}.{extension}"


def download(extension: str) -> Response:
    communes = visible_communes()
    choice = read_choice(communes)
    if not choice.place:
        abort(404)
    result = load_league(choice)  # a bad month: the app's error page (ToolkitError)
    month = parse_month(choice.month).strftime("%Y-%m")
    with force_locale("vi"):  # the report's columns are Vietnamese: so are its skills
        names = {key: _(label) for key, label in SKILLS.items()}
    data = export_csv(result.rows, names).encode("utf-8-sig") if extension == "csv" else export_xlsx(result.rows, names)
    name = filename(result.name, month, extension)
    mimetype = "text/csv; charset=utf-8" if extension == "csv" else XLSX
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/community/league.csv")
@allow(*ROLES)
def league_csv():
    return download("csv")


@bp.route("/community/league.xlsx")
@allow(*ROLES)
def league_xlsx():
    return download("xlsx")
