"""Places and teams in the workspace: an administrator loads the province's list of places
(the same CSV as `flask community import-places`), adds villages, puts team members in their
village's team and names the commune officers; a commune officer keeps their villages' names
and numbers of households (the share in the league needs them).

Every change goes to the audit log (action "places" or "team"). Nothing here is about a
villager: places, households as a number, and the volunteers' own accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lesson_toolkit.authoring.community.models import Commune, CommuneOfficer, Province, Team, TeamMember, Village
from lesson_toolkit.authoring.community.places import (
    add_village,
    check_households,
    check_name,
    import_places,
    update_village,
)
from lesson_toolkit.authoring.community.teams import appoint_officer, join_team, leave_team, release_officer
from lesson_toolkit.authoring.errors import N_, ToolkitError
from lesson_toolkit.authoring.workspace.accounts import Change, find_account, record
from lesson_toolkit.authoring.workspace.models import Account
from lesson_toolkit.authoring.workspace.web.access import allow, bp
from lesson_toolkit.authoring.workspace.web.forms import ActionForm, PlacesForm
from lesson_toolkit.extensions import db

MAX_PLACES_BYTES = 2 * 1024 * 1024  # a province's list is a few hundred KB


@dataclass(frozen=True)
class CommuneLine:
    commune: Commune
    villages: int
    teams: int
    members: int


@dataclass(frozen=True)
class TeamLine:
    id: int
    number: int
    members: list[str]  # usernames


@dataclass
class VillageLine:
    village: Village
    teams: list[TeamLine]
    typed_name: str
    typed_households: str
    error: str | None = None


def managed_communes() -> list[Commune]:
    """The communes the account keeps: all for an administrator, their own for an officer."""
    query = select(Commune).order_by(Commune.name)
    if not current_user.may("admin"):
        mine = select(CommuneOfficer.commune_id).where(CommuneOfficer.account_id == current_user.id)
        query = query.where(Commune.id.in_(mine))
    return list(db.session.scalars(query))


def commune_or_404(commune_id: int) -> Commune:
    commune = db.session.get(Commune, commune_id) or abort(404)
    if not current_user.may("admin"):
        post = db.session.get(CommuneOfficer, (commune.id, current_user.id))
        if post is None:
            abort(403)
    return commune


def where(commune: Commune, village: str | None = None) -> str:
    province = db.session.get(Province, commune.province_id)
    names = [province.name if province else "", commune.name] + ([village] if village else [])
    return " / ".join(names)


def audit(action: str, commune: Commune, detail: str, village: str | None = None) -> None:
    record(db.session, current_user, [Change(action=action, context=where(commune, village), detail=detail[:200])])


def changed(commune: Commune, action: str, detail: str, said: str, village: str | None = None):
    """Audit one change to the commune, commit it, say so, and go back to the commune's page."""
    audit(action, commune, detail, village)
    db.session.commit()
    flash(said, "ok")
    return redirect(url_for("trainer.commune_page", commune_id=commune.id))


def error_text(error: ToolkitError) -> str:
    text = error.translated(_)
    return _("Line %(line)d: %(message)s", line=error.line, message=text) if error.line else text


@bp.route("/community/places", methods=["GET", "POST"])
@allow("officer")  # and admin
def places():
    form = PlacesForm()
    report, error, status = None, None, 200
    if request.method == "POST":
        if not current_user.may("admin"):
            abort(403)
        if form.validate_on_submit():
            name = form.places_file.data.filename or "places.csv"
            data = form.places_file.data.read(MAX_PLACES_BYTES + 1)
            try:
                if len(data) > MAX_PLACES_BYTES:
                    raise ToolkitError(N_("the file is too big (at most 2 MB)"))
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise ToolkitError(N_("the file is not UTF-8 text: save it as “CSV UTF-8”")) from exc
                report = import_places(db.session, text)
            except ToolkitError as exc:
                db.session.rollback()
                error, status = f"{name}: {error_text(exc)}", 400
            else:
                detail = (
                    f"{name}: {report.provinces_created} provinces, {report.communes_created} communes, "
                    f"{report.villages_created} villages created, {report.villages_updated} updated"
                )
                record(db.session, current_user, [Change(action="places", detail=detail[:200])])
                db.session.commit()
        else:
            error, status = _("Choose the CSV file first."), 400
    communes = managed_communes()
    ids = [commune.id for commune in communes]
    villages = dict(
        db.session.execute(
            select(Village.commune_id, func.count()).where(Village.commune_id.in_(ids)).group_by(Village.commune_id)
        ).all()
    )
    in_commune = select(Village.commune_id, func.count(func.distinct(Team.id)), func.count(TeamMember.account_id))
    in_commune = in_commune.join(Team, Team.village_id == Village.id).outerjoin(
        TeamMember, TeamMember.team_id == Team.id
    )
    teams = {
        row[0]: row[1:]
        for row in db.session.execute(in_commune.where(Village.commune_id.in_(ids)).group_by(Village.commune_id))
    }
    provinces = {province.id: province for province in db.session.scalars(select(Province).order_by(Province.name))}
    lines: dict[int, list[CommuneLine]] = {}
    for commune in communes:
        team_count, member_count = teams.get(commune.id, (0, 0))
        lines.setdefault(commune.province_id, []).append(
            CommuneLine(commune, villages.get(commune.id, 0), team_count, member_count)
        )
    by_province = [(provinces[pid], lines[pid]) for pid in provinces if pid in lines]
    return render_template(
        "trainer/places.html", by_province=by_province, form=form, report=report, error=error
    ), status


def village_lines(commune: Commune) -> list[VillageLine]:
    villages = list(db.session.scalars(select(Village).where(Village.commune_id == commune.id).order_by(Village.name)))
    rows = db.session.execute(
        select(Team.village_id, Team.id, Team.number, Account.username)
        .join(Village, Village.id == Team.village_id)
        .outerjoin(TeamMember, TeamMember.team_id == Team.id)
        .outerjoin(Account, Account.id == TeamMember.account_id)
        .where(Village.commune_id == commune.id)
        .order_by(Team.number, Account.username)
    )
    teams: dict[int, dict[int, TeamLine]] = {}
    for village_id, team_id, number, username in rows:
        team = teams.setdefault(village_id, {}).setdefault(team_id, TeamLine(team_id, number, []))
        if username:
            team.members.append(username)
    return [
        VillageLine(v, list(teams.get(v.id, {}).values()), v.name, "" if v.households is None else str(v.households))
        for v in villages
    ]


def officers(commune: Commune) -> list[Account]:
    query = select(Account).join(CommuneOfficer, CommuneOfficer.account_id == Account.id)
    return list(db.session.scalars(query.where(CommuneOfficer.commune_id == commune.id).order_by(Account.username)))


def render_commune(commune: Commune, lines: list[VillageLine] | None = None, status: int = 200, **errors):
    return render_template(
        "trainer/commune.html",
        commune=commune,
        province=db.session.get(Province, commune.province_id),
        lines=village_lines(commune) if lines is None else lines,
        officers=officers(commune),
        errors=errors,
        typed=request.form if request.method == "POST" else {},
    ), status


@bp.route("/community/places/<int:commune_id>")
@allow("officer")
def commune_page(commune_id: int):
    return render_commune(commune_or_404(commune_id))


def checked_action(commune: Commune):
    """CSRF and the commune's rights for every change below."""
    if not ActionForm().validate_on_submit():
        abort(400)
    return commune


@bp.route("/community/places/<int:commune_id>/villages", methods=["POST"])
@allow("officer")
def save_villages(commune_id: int):
    """Every village's name and households, as typed in the one table; nothing is saved while a
    line is wrong, and what was typed stays in the boxes."""
    commune = checked_action(commune_or_404(commune_id))
    lines = village_lines(commune)
    changed, wrong = [], False
    for line in lines:
        line.typed_name = request.form.get(f"name-{line.village.id}", line.village.name)[:200]
        line.typed_households = request.form.get(f"households-{line.village.id}", line.typed_households).strip()[:10]
        try:
            name = check_name(line.typed_name, "name")
            households = check_households(line.typed_households, "households")
            before = line.village.name
            for change in update_village(db.session, line.village, name, households):
                changed.append((before, change))
        except ToolkitError as error:
            line.error, wrong = ToolkitError(error.template, params=error.params).translated(_), True
    if wrong:
        db.session.rollback()
        for line in lines:  # the page shows the villages as stored, with the boxes as typed
            db.session.refresh(line.village)
        return render_commune(commune, lines, 400)
    for village, change in changed:
        audit("places", commune, change, village)
    db.session.commit()
    flash(_("Saved: %(num)d change(s).", num=len(changed)) if changed else _("Nothing had changed."), "ok")
    return redirect(url_for("trainer.commune_page", commune_id=commune.id))


@bp.route("/community/places/<int:commune_id>/village", methods=["POST"])
@allow("officer")
def new_village(commune_id: int):
    commune = checked_action(commune_or_404(commune_id))
    try:
        name = check_name(request.form.get("name"), "name")
        households = check_households(request.form.get("households"), "households")
        add_village(db.session, commune, name, households)
    except ToolkitError as error:
        db.session.rollback()
        return render_commune(
            commune, status=400, village=ToolkitError(error.template, params=error.params).translated(_)
        )
    detail = f"new village, households: {households if households is not None else '–'}"
    return changed(commune, "places", detail, _("Village added: %(name)s", name=name), name)


def account_named(field: str, role: str) -> Account:
    username = request.form.get(field, "").strip()
    account = find_account(db.session, username) if username else None
    if account is None:
        raise ToolkitError(N_("there is no account called “%(name)s”"), params={"name": username[:40]})
    if account.role != role:
        wrong = (
            N_("%(name)s is not a team member's account: change its role first")
            if role == "member"
            else N_("%(name)s is not a commune officer's account: change its role first")
        )
        raise ToolkitError(wrong, params={"name": account.username})
    return account


@bp.route("/community/places/<int:commune_id>/team", methods=["POST"])
@allow("admin")  # accounts are the administrator's
def add_member(commune_id: int):
    commune = checked_action(commune_or_404(commune_id))
    village_id, number = request.form.get("village", ""), request.form.get("number", "1").strip() or "1"
    village = db.session.get(Village, int(village_id)) if village_id.isdigit() else None
    try:
        if village is None or village.commune_id != commune.id:
            raise ToolkitError(N_("choose the village"))
        if not number.isdigit() or not 1 <= int(number) <= 99:
            raise ToolkitError(N_("the team's number is a whole number from 1 to 99"))
        account = account_named("username", "member")
        join_team(db.session, account, village, int(number))
    except ToolkitError as error:
        db.session.rollback()
        return render_commune(commune, status=400, team=error.translated(_))
    said = _("%(name)s is now in team %(number)s of %(village)s.", name=account.username, number=number,
             village=village.name)  # fmt: skip
    return changed(commune, "team", f"{account.username} joins team {number}", said, village.name)


@bp.route("/community/places/<int:commune_id>/team/leave", methods=["POST"])
@allow("admin")
def remove_member(commune_id: int):
    commune = checked_action(commune_or_404(commune_id))
    team = db.session.get(Team, request.form.get("team", type=int) or 0)
    account = find_account(db.session, request.form.get("username", ""))
    village = db.session.get(Village, team.village_id) if team else None
    if team is None or account is None or village is None or village.commune_id != commune.id:
        abort(404)
    number = team.number
    if leave_team(db.session, account.id, team.id):
        said = _("%(name)s is no longer in team %(number)s of %(village)s.", name=account.username, number=number,
                 village=village.name)  # fmt: skip
        return changed(commune, "team", f"{account.username} leaves team {number}", said, village.name)
    return redirect(url_for("trainer.commune_page", commune_id=commune.id))


@bp.route("/community/places/<int:commune_id>/officer", methods=["POST"])
@allow("admin")
def add_officer(commune_id: int):
    commune = checked_action(commune_or_404(commune_id))
    try:
        account = account_named("username", "officer")
        appoint_officer(db.session, account, commune)
    except ToolkitError as error:
        db.session.rollback()
        return render_commune(commune, status=400, officer=error.translated(_))
    said = _("%(name)s now looks after %(commune)s.", name=account.username, commune=commune.name)
    return changed(commune, "team", f"{account.username} looks after the commune", said)


@bp.route("/community/places/<int:commune_id>/officer/leave", methods=["POST"])
@allow("admin")
def remove_officer(commune_id: int):
    commune = checked_action(commune_or_404(commune_id))
    account = find_account(db.session, request.form.get("username", "")) or abort(404)
    if release_officer(db.session, account.id, commune.id):
        said = _("%(name)s no longer looks after %(commune)s.", name=account.username, commune=commune.name)
        return changed(commune, "team", f"{account.username} no longer looks after the commune", said)
    return redirect(url_for("trainer.commune_page", commune_id=commune.id))
