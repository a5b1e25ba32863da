"""Importing places: creates what is missing, updates households, and a bad line changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lesson_toolkit.authoring.community.models import Commune, Province, Village
from lesson_toolkit.authoring.community.places import import_places
from lesson_toolkit.authoring.errors import ToolkitError
from lesson_toolkit.extensions import db
from tests.community.conftest import PLACES


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Province, Commune, Village))  # type: ignore[return-value]


def test_import_creates_provinces_communes_and_villages(app):
    with app.app_context():
        report = import_places(db.session, PLACES)
        db.session.commit()
        assert (report.provinces_created, report.communes_created, report.villages_created) == (2, 3, 6)
        assert counts() == (2, 3, 6)
        village = db.session.scalars(select(Village).where(Village.name == "Thôn Bản Khiển")).one()
        assert village.households is None


def test_importing_again_updates_households_and_creates_only_what_is_missing(app):
    with app.app_context():
        import_places(db.session, PLACES)
        again = PLACES.replace("Thôn Nà Mòn,120", "Thôn Nà Mòn,125") + "Lào Cai,Xã Bản Hồ,Thôn Hầu Thào,\n"
        report = import_places(db.session, again)
        db.session.commit()
        assert (report.villages_created, report.villages_updated, report.villages_unchanged) == (1, 1, 5)
        assert counts() == (2, 3, 7)
        assert db.session.scalar(select(Village.households).where(Village.name == "Thôn Nà Mòn")) == 125


def test_an_empty_households_cell_keeps_the_known_count(app):
    with app.app_context():
        import_places(db.session, PLACES)
        import_places(db.session, PLACES.replace("Thôn Nà Mòn,120", "Thôn Nà Mòn,"))
        assert db.session.scalar(select(Village.households).where(Village.name == "Thôn Nà Mòn")) == 120


def test_names_are_normalised_to_nfc_and_spaces_collapsed(app):
    with app.app_context():
        decomposed = "province,commune,village\nTuye\u0302n Quang,  Xã  Tân Lập ,Thôn Nà Mòn\n"
        import_places(db.session, decomposed)
        import_places(db.session, PLACES)
        assert counts() == (2, 3, 6)


@pytest.mark.parametrize(
    ("row", "field", "line"),
    [
        ("Tuyên Quang,,Thôn Mới,10", "commune", 8),
        ("Tuyên Quang,Xã Tân Lập,Thôn Mới,-3", "households", 8),
        ("Tuyên Quang,Xã Tân Lập,Thôn Mới,mười", "households", 8),
        ("Tuyên Quang,Xã Tân Lập,Thôn Nà Mòn,99", "households", 8),  # the same village, other households
    ],
)
def test_a_bad_line_is_named_and_nothing_is_imported(app, row, field, line):
    with app.app_context():
        with pytest.raises(ToolkitError) as raised:
            import_places(db.session, PLACES + row + "\n")
        assert (raised.value.line, raised.value.field) == (line, field)
        assert f"field '{field}'" in str(raised.value)
        assert counts() == (0, 0, 0)


def test_a_missing_column_is_named(app):
    with app.app_context(), pytest.raises(ToolkitError, match="village"):
        import_places(db.session, "province,commune\nTuyên Quang,Xã Tân Lập\n")
