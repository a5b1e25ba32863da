"""The community tally: a team member counts the households helped in their village, per skill
and month, and a printable sheet of the same fields for teams without phones.

The page works without JavaScript (one form, one tally per skill with a count); `tally.js`
keeps entries on the phone while there is no signal and sends them to `tally.json`, one tally
at a time, each with an id made on the phone, so that a retry is counted once. The page has its
own service worker (`tally-sw.js`, scope: this page only) so that it opens again with no
signal; the learners' worker never keeps workspace pages, and the login page deletes the copy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from lesson_toolkit.authoring.community.models import (
    MAX_TALLY_HOUSEHOLDS,
    SKILLS,
    Tally,
    Team,
    TeamMember,
    Village,
    utc_now,
)
from lesson_toolkit.authoring.community.tallies import parse_month, record_tally
from lesson_toolkit.authoring.community.visibility import visible_villages
from lesson_toolkit.authoring.errors import N_, ToolkitError
from lesson_toolkit.authoring.workspace.web.access import PUBLIC, allow, bp
from lesson_toolkit.extensions import db, toolkit

COUNTERS = ("member", "officer")  # and admin
RECENT = 50


def last_month(today: date | None = None) -> date:
    first = (today or utc_now().date()).replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def team_village_id(account_id: int) -> int | None:
    query = (
        select(Team.village_id)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.account_id == account_id)
        .order_by(Team.id)
        .limit(1)
    )
    return db.session.scalar(query)


def lesson_choices() -> list[tuple[str, str]]:
    lessons = toolkit.library.lessons.values()
    return sorted(((lesson.slug, lesson.title) for lesson in lessons), key=lambda choice: choice[1])


def plain(error: ToolkitError) -> ToolkitError:
    """The error without its field's name: it is shown beside the field."""
    return ToolkitError(error.template, params=error.params)


@dataclass
class TallyEntry:
    """The form as typed: kept as text, so that nothing is lost when something is wrong."""

    client_id: str
    village: str
    month: str
    counts: dict[str, str]
    lessons: list[str]
    corrects: str = ""
    errors: dict[str, ToolkitError] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form) -> TallyEntry:
        return cls(
            client_id=form.get("client_id", "")[:64],
            village=form.get("village", ""),
            month=form.get("month", "").strip(),
            counts={skill: form.get(f"households-{skill}", "").strip()[:10] for skill in SKILLS},
            lessons=form.getlist("lessons")[:40],
            corrects=form.get("corrects", "")[:12],
        )


def check_entry(entry: TallyEntry, villages: dict[int, Village], published: set[str]) -> dict[str, int]:
    """The counts to record, by skill; what is wrong goes into `entry.errors`, by field."""
    if not entry.village.isdigit():
        entry.errors["village"] = ToolkitError(N_("choose the village"))
    elif int(entry.village) not in villages:
        abort(403)
    try:
        parse_month(entry.month)
    except ToolkitError as error:
        entry.errors["month"] = plain(error)
    counts: dict[str, int] = {}
    for skill, typed in entry.counts.items():
        if not typed:
            continue
        if not typed.isdigit() or int(typed) > MAX_TALLY_HOUSEHOLDS:
            entry.errors[f"households-{skill}"] = ToolkitError(
                N_("a whole number from 0 to %(max)d"), params={"max": MAX_TALLY_HOUSEHOLDS}
            )
        elif int(typed) or skill == correcting_skill(entry):
            counts[skill] = int(typed)
    if any(slug not in published for slug in entry.lessons):
        entry.errors["lessons"] = ToolkitError(N_("choose among the lessons shown"))
    if not counts and not entry.errors:
        entry.errors["counts"] = ToolkitError(N_("write how many households you helped with at least one skill"))
    return counts


def correcting_skill(entry: TallyEntry) -> str | None:
    """The skill of the tally being corrected (its count may become 0)."""
    if not entry.corrects.isdigit():
        return None
    earlier = db.session.get(Tally, int(entry.corrects))
    return earlier.skill if earlier is not None else None


def new_entry(villages: list[Village]) -> TallyEntry:
    """An empty form for GET, preselecting the member's team village, last month, or what the
    "correct" link asks for."""
    args = request.args
    village = args.get("village", "")
    if not village.isdigit():
        village = str(team_village_id(current_user.id) or (villages[0].id if len(villages) == 1 else ""))
    entry = TallyEntry(
        client_id=str(uuid.uuid4()),
        village=village,
        month=args.get("month", "")[:7] or last_month().strftime("%Y-%m"),
        counts=dict.fromkeys(SKILLS, ""),
        lessons=[],
    )
    corrects = args.get("corrects", "")
    earlier = db.session.get(Tally, int(corrects)) if corrects.isdigit() else None
    if earlier is not None and earlier.village_id in {v.id for v in villages}:
        entry.corrects = str(earlier.id)
        entry.village = str(earlier.village_id)
        entry.month = earlier.month.strftime("%Y-%m")
        entry.counts[earlier.skill] = str(earlier.households)
        entry.lessons = list(earlier.lesson_slugs)
    return entry


def recent_entries(village: str, month: str) -> list[Tally]:
    """The village's entries for the month, newest first: what the team counted already."""
    try:
        first = parse_month(month)
    except ToolkitError:
        return []
    if not village.isdigit():
        return []
    query = (
        select(Tally)
        .where(Tally.village_id == int(village), Tally.month == first)
        .order_by(Tally.id.desc())
        .limit(RECENT)
    )
    return list(db.session.scalars(query))


def render_tally(entry: TallyEntry, villages: list[Village], status: int = 200):
    tallies = recent_entries(entry.village, entry.month)
    corrected = {tally.corrects_id for tally in tallies if tally.corrects_id}
    if tallies:
        corrected |= set(
            db.session.scalars(select(Tally.corrects_id).where(Tally.corrects_id.in_([t.id for t in tallies])))
        )
    page = render_template(
        "trainer/community_tally.html",
        entry=entry,
        villages=villages,
        skills=SKILLS,
        lessons=lesson_choices(),
        recent=tallies,
        corrected=corrected,
        max_households=MAX_TALLY_HOUSEHOLDS,
    )
    return page, status


@bp.route("/community/tally", methods=["GET", "POST"])
@allow(*COUNTERS)
def tally():
    villages = visible_villages(db.session, current_user)
    if request.method == "GET":
        return render_tally(new_entry(villages), villages)
    entry = TallyEntry.from_form(request.form)
    counts = check_entry(entry, {village.id: village for village in villages}, set(toolkit.library.lessons))
    if entry.errors:
        return render_tally(entry, villages, 400)
    skill_corrected = correcting_skill(entry)
    try:
        for skill, households in counts.items():
            record_tally(
                db.session,
                current_user,
                f"{entry.client_id}-{skill}",  # the id a phone makes for the same entry
                int(entry.village),
                entry.month,
                skill,
                households,
                lessons=entry.lessons,
                corrects=int(entry.corrects) if skill == skill_corrected else None,
            )
    except ToolkitError as error:
        db.session.rollback()
        entry.errors[error.field or "counts"] = plain(error)
        return render_tally(entry, villages, 400)
    db.session.commit()
    flash(ngettext("Sent: %(num)d entry", "Sent: %(num)d entries", len(counts)), "ok")
    return redirect(url_for("trainer.tally", village=entry.village, month=parse_month(entry.month).strftime("%Y-%m")))


@bp.route("/community/tally.json", methods=["POST"])
@allow(*COUNTERS)
def tally_json():
    """One tally sent by the phone: {client_id, village, month, skill, households, lessons,
    corrects}; answers {created} (false: it was counted already)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error=_("Send the entry as JSON.")), 400
    village, corrects, lessons = data.get("village"), data.get("corrects"), data.get("lessons") or []
    if not isinstance(village, int) or not (corrects is None or isinstance(corrects, int)):
        return jsonify(error=_("The village and the corrected entry are numbers.")), 400
    if not isinstance(lessons, list) or not all(isinstance(slug, str) for slug in lessons):
        return jsonify(error=_("The lessons are a list of names.")), 400
    try:
        tally, created = record_tally(
            db.session,
            current_user,
            str(data.get("client_id", "")),
            village,
            str(data.get("month", "")),
            str(data.get("skill", "")),
            data.get("households"),  # type: ignore[arg-type]  # record_tally checks it
            lessons=lessons,
            corrects=corrects,
        )
    except ToolkitError as error:
        db.session.rollback()
        status = 403 if error.field == "village" else 400
        return jsonify(error=error.translated(_), field=error.field), status
    db.session.commit()
    return jsonify(created=created, id=tally.id)


@bp.route("/community/tally-sw.js")
@allow(PUBLIC)  # the script holds nothing private; the page it keeps needs the login
def tally_worker():
    folder = f"{current_app.static_folder}/trainer"
    response = send_from_directory(folder, "tally-sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # a new version reaches the phones at once
    return response


@bp.route("/community/sheet")
@allow(*COUNTERS)
def sheet():
    """The tally on paper: the same fields as empty boxes, typed in later by anyone on the team."""
    villages = visible_villages(db.session, current_user)
    village_id = team_village_id(current_user.id)
    village = next((v for v in villages if v.id == village_id), None)
    return render_template("trainer/community_sheet.html", village=village, skills=SKILLS, lessons=lesson_choices())
