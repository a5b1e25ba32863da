"""Entering a tally: households helped in one village, month and skill.

Phones may send the same entry twice (a lost answer, a retry from the offline queue), and
several volunteers enter at once: the `client_id` the phone made is unique, so an entry is
counted once however often it arrives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, scoped_session

from lesson_toolkit.authoring.community.models import MAX_TALLY_HOUSEHOLDS, SKILLS, Login, Tally, Village, utc_now
from lesson_toolkit.authoring.community.visibility import may_see_village
from lesson_toolkit.authoring.core.lesson import SLUG
from lesson_toolkit.authoring.errors import N_, ToolkitError

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_MONTH = date(2020, 1, 1)
MAX_LESSONS = 20


def parse_month(value: date | str) -> date:
    """`2026-11` (or any date in it) → 2026-11-01; not before 2020 nor after this month."""
    if isinstance(value, str):
        match = MONTH.match(value.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ToolkitError(N_("a month is written like 2026-11"), field="month")
        value = date(int(match[1]), int(match[2]), 1)
    month = value.replace(day=1)
    today = utc_now().date()
    if not FIRST_MONTH <= month <= today.replace(day=1):
        raise ToolkitError(N_("the month must be between 2020-01 and this month"), field="month")
    return month


def check_skill(skill: str) -> str:
    if skill not in SKILLS:
        raise ToolkitError(N_("choose one of %(skills)s"), field="skill", params={"skills": ", ".join(SKILLS)})
    return skill


def _households(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TALLY_HOUSEHOLDS:
        raise ToolkitError(
            N_("a whole number from 0 to %(max)d"), field="households", params={"max": MAX_TALLY_HOUSEHOLDS}
        )
    return value


def _lessons(slugs: Iterable[str]) -> str:
    unique = list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))
    bad = next((slug for slug in unique if not SLUG.match(slug) or len(slug) > 80), None)
    if bad is not None:
        raise ToolkitError(N_("%(slug)s is not a lesson's name"), field="lessons", params={"slug": bad[:80]})
    if len(unique) > MAX_LESSONS:
        raise ToolkitError(N_("at most %(max)d lessons"), field="lessons", params={"max": MAX_LESSONS})
    return " ".join(unique)


def record_tally(
    session: Session | scoped_session,
    account: Login,
    client_id: str,
    village: Village | int,
    month: date | str,
    skill: str,
    households: int,
    lessons: Iterable[str] = (),
    corrects: Tally | int | None = None,
) -> tuple[Tally, bool]:
    """The tally, and whether it is new. The same `client_id` with the same values again gives
    the tally already stored; with other values it is refused. A correction (`corrects`) is a
    new tally; the one it corrects stays as it was, and only the latest of a chain counts."""
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise ToolkitError(N_("8 to 64 letters, digits, - or _"), field="client_id")
    village_id = village.id if isinstance(village, Village) else village
    corrects_id = corrects.id if isinstance(corrects, Tally) else corrects
    values = {
        "village_id": village_id,
        "month": parse_month(month),
        "skill": check_skill(skill),
        "households": _households(households),
        "lessons": _lessons(lessons),
        "corrects_id": corrects_id,
        "entered_by_id": account.id,
    }
    existing = session.scalar(select(Tally).where(Tally.client_id == client_id))
    if existing is not None:
        return _same_entry(existing, values), False
    if not may_see_village(session, account, village_id):
        raise ToolkitError(N_("you do not count for this village"), field="village")
    if corrects_id is not None:
        _check_correctable(session, account, corrects_id)
    tally = Tally(client_id=client_id, entered_by=account.username, entered_at=utc_now(), **values)
    try:
        with session.begin_nested():
            session.add(tally)
    except IntegrityError:
        # another request stored this client_id (or corrected the same tally) a moment ago
        existing = session.scalar(select(Tally).where(Tally.client_id == client_id))
        if existing is None:
            raise ToolkitError(
                N_("this entry was corrected already: correct the latest one"), field="corrects"
            ) from None
        return _same_entry(existing, values), False
    return tally, True


def _same_entry(existing: Tally, values: dict[str, object]) -> Tally:
    differs = next((key for key, value in values.items() if getattr(existing, key) != value), None)
    if differs is not None:
        raise ToolkitError(N_("this entry was already sent with other values"), field="client_id")
    return existing


def _check_correctable(session: Session | scoped_session, account: Login, corrects_id: int) -> None:
    earlier = session.get(Tally, corrects_id)
    if earlier is None or not may_see_village(session, account, earlier.village_id):
        raise ToolkitError(N_("there is no such entry"), field="corrects")
    if session.scalar(select(Tally.id).where(Tally.corrects_id == corrects_id)) is not None:
        raise ToolkitError(N_("this entry was corrected already: correct the latest one"), field="corrects")


def history(session: Session | scoped_session, tally: Tally) -> list[Tally]:
    """The chain a tally belongs to, oldest first: what was entered and every correction."""
    chain = [tally]
    while chain[0].corrects_id is not None:
        earlier = session.get(Tally, chain[0].corrects_id)
        if earlier is None:
            break
        chain.insert(0, earlier)
    while (later := session.scalar(select(Tally).where(Tally.corrects_id == chain[-1].id))) is not None:
        chain.append(later)
    return chain
