"""The public league: a province's communes ranked, for anyone, with no login. Only totals per
commune are shown: no village, no account, nothing about who entered what.

It belongs to the learners' face (public, no login, served by delivery instances that have no
workspace) and reads the league from the core (`authoring.community`), never from the
workspace. `viewer.init_app` registers it only when `COMMUNITY_PUBLIC_LEAGUE` is on; otherwise
the address does not exist (404)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Blueprint, abort, g, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from lesson_toolkit.authoring.community.chart import bar_chart
from lesson_toolkit.authoring.community.league import province_league
from lesson_toolkit.authoring.community.models import SKILLS, Province
from lesson_toolkit.authoring.community.tallies import parse_month
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.extensions import db, toolkit

bp = Blueprint("public_league", __name__)


@bp.before_request
def page_language() -> None:
    g.lang = toolkit.negotiate()


def last_month() -> str:
    return ((date.today().replace(day=1) - timedelta(days=1)).replace(day=1)).strftime("%Y-%m")


@bp.route("/community/league")
def province_page():
    provinces = list(db.session.scalars(select(Province).order_by(Province.name)))
    wanted = request.args.get("province", str(provinces[0].id) if provinces else "").strip()
    month = request.args.get("month", last_month()).strip()
    skill = request.args.get("skill", next(iter(SKILLS)))
    result, chart, error = None, None, None
    if wanted:
        if not re.fullmatch(r"\d{1,9}", wanted):
            abort(404)
        province = db.session.get(Province, int(wanted)) or abort(404)
        try:
            rows = province_league(db.session, province.id, parse_month(month), skill)
        except ToolkitError as exc:
            error = exc.translated(_)
        else:
            result = {"name": province.name, "rows": rows, "of_villages": False}
            title = _("Households helped: %(skill)s, %(month)s, %(place)s", skill=_(SKILLS[skill]), month=month,
                      place=province.name)  # fmt: skip
            chart = Markup(bar_chart([(row.commune, row.helped) for row in rows], title))  # noqa: S704 (escaped)
    page = render_template(
        "viewer/league.html",
        provinces=provinces,
        skills=SKILLS,
        choice={"province": wanted, "month": month, "skill": skill},
        result=result,
        chart=chart,
        error=error,
    )
    return page, (400 if error else 200)
