"""Entering tallies: validation, a retried entry counted once, corrections kept as a chain."""

from __future__ import annotations

import threading
from datetime import date
from types import SimpleNamespace

import pytest
from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from lesson_toolkit.authoring.community.league import league
from lesson_toolkit.authoring.community.models import Tally, Village
from lesson_toolkit.authoring.community.tallies import history, record_tally
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.extensions import db

MONTH = "2026-11"


def enter(places, client_id="phone-0001", households=4, account=None, **more):
    values = {"village": places.village("Thôn Nà Mòn"), "month": MONTH, "skill": "vneid_installed"}
    values.update(more)
    return record_tally(db.session, account or places.member, client_id, households=households, **values)


def helped(places, village="Thôn Nà Mòn", skill="vneid_installed") -> int:
    rows = league(db.session, places.commune("Xã Tân Lập").id, MONTH, skill)
    return next(row.helped for row in rows if row.village == village)


def test_a_tally_is_stored_with_who_entered_it(places):
    tally, created = enter(places, lessons=["install-vneid", "use-zalo", "install-vneid"])
    db.session.commit()
    assert created
    assert (tally.month, tally.households, tally.entered_by) == (date(2026, 11, 1), 4, "member")
    assert tally.lesson_slugs == ("install-vneid", "use-zalo")


def test_the_same_client_id_twice_is_counted_once(places):
    first, created = enter(places)
    again, created_again = enter(places)
    db.session.commit()
    assert (created, created_again) == (True, False) and again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Tally)) == 1
    assert helped(places) == 4


def test_the_same_client_id_with_other_values_is_refused(places):
    enter(places)
    with pytest.raises(ToolkitError) as raised:
        enter(places, households=5)
    assert raised.value.field == "client_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"households": -1}, "households"),
        ({"households": 501}, "households"),
        ({"households": True}, "households"),
        ({"skill": "karaoke"}, "skill"),
        ({"month": "2026-13"}, "month"),
        ({"month": "2019-12"}, "month"),
        ({"month": "2999-01"}, "month"),
        ({"client_id": "short"}, "client_id"),
        ({"client_id": "has spaces in it"}, "client_id"),
        ({"lessons": ["Nguyễn Văn A"]}, "lessons"),
    ],
)
def test_bad_values_are_refused_naming_the_field(places, change, field):
    with pytest.raises(ToolkitError) as raised:
        enter(places, **change)
    assert raised.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Tally)) == 0


def test_a_member_cannot_count_for_another_village(places):
    with pytest.raises(ToolkitError) as raised:
        enter(places, village=places.village("Thôn Nặm Đăm"))
    assert raised.value.field == "village"
    with pytest.raises(ToolkitError):
        enter(places, account=places.trainer)


def test_a_correction_is_a_new_entry_and_only_the_latest_counts(places):
    first, _ = enter(places, "phone-0001", 4)
    enter(places, "phone-0002", 3)  # another volunteer's households, counted beside it
    second, _ = enter(places, "phone-0003", 6, corrects=first)
    third, _ = enter(places, "phone-0004", 5, account=places.officer, corrects=second)
    db.session.commit()
    assert helped(places) == 5 + 3
    assert [(t.households, t.entered_by) for t in history(db.session, second)] == [
        (4, "member"),
        (6, "member"),
        (5, "officer"),
    ]
    assert db.session.get(Tally, first.id).households == 4  # nothing overwritten


def test_an_entry_is_corrected_once_then_its_correction_is(places):
    first, _ = enter(places, "phone-0001", 4)
    enter(places, "phone-0002", 6, corrects=first)
    with pytest.raises(ToolkitError) as raised:
        enter(places, "phone-0003", 7, corrects=first)
    assert raised.value.field == "corrects"


def test_a_correction_can_move_an_entry_to_the_right_skill(places):
    wrong, _ = enter(places, "phone-0001", 4, skill="zalo_safety")
    enter(places, "phone-0002", 4, skill="vneid_installed", corrects=wrong)
    assert helped(places, skill="zalo_safety") == 0
    assert helped(places, skill="vneid_installed") == 4


def test_fifty_phones_entering_at_once_are_counted_exactly(migrated_places):
    """Each phone sends its own entry twice and one shared entry once: 51 entries count."""
    app = current_app._get_current_object()
    village_id, member = migrated_places.village("Thôn Nà Mòn").id, migrated_places.member
    account = SimpleNamespace(id=member.id, username=member.username, role=member.role, active=True)
    db.session.remove()
    start, failures = threading.Barrier(50, timeout=60), []

    def phone(number: int) -> None:
        with app.app_context():
            try:
                start.wait()  # before touching the pool: its connections are fewer than the phones
                for client_id, households in (
                    (f"phone-{number:04}", 2),
                    (f"phone-{number:04}", 2),
                    ("shared-entry", 1),
                ):
                    record_tally(db.session, account, client_id, village_id, MONTH, "vneid_installed", households)
                    db.session.commit()
            except Exception as error:  # reported below, with the phone's number
                failures.append((number, repr(error)))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert db.session.scalar(select(func.count()).select_from(Tally)) == 51
    assert helped(migrated_places) == 50 * 2 + 1


def test_counts_are_not_deleted_with_their_village(migrated_places):
    enter(migrated_places)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # SQLite here does not enforce foreign keys
        with pytest.raises(IntegrityError):
            db.session.execute(delete(Village).where(Village.name == "Thôn Nà Mòn"))
            db.session.commit()
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Tally)) == 1
