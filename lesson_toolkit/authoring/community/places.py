"""Importing the list of places (a CSV the province sends): province, commune, village and,
when known, the village's households."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, scoped_session

from lesson_toolkit.authoring.community.models import MAX_VILLAGE_HOUSEHOLDS, Commune, Province, Village
from lesson_toolkit.authoring.errors import N_, ToolkitError

COLUMNS = ("province", "commune", "village")


@dataclass
class PlacesReport:
    provinces_created: int = 0
    communes_created: int = 0
    villages_created: int = 0
    villages_updated: int = 0
    villages_unchanged: int = 0


@dataclass(frozen=True)
class PlaceRow:
    line: int
    province: str
    commune: str
    village: str
    households: int | None


def _name(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def read_places(csv_text: str) -> list[PlaceRow]:
    """Every row, checked; the first bad one raises a `ToolkitError` naming its line and field."""
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or ()]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ToolkitError(N_("the header lacks the column %(column)s"), line=1, params={"column": missing[0]})
    reader.fieldnames = header
    rows: list[PlaceRow] = []
    seen: dict[tuple[str, ...], tuple[int | None, int]] = {}
    for record in reader:
        line = reader.line_num
        names = [_name(record.get(column)) for column in COLUMNS]
        for column, value in zip(COLUMNS, names, strict=True):
            if not value:
                raise ToolkitError(N_("this must not be empty"), line=line, field=column)
            if len(value) > 120:
                raise ToolkitError(N_("at most %(max)d characters"), line=line, field=column, params={"max": 120})
        households = _households(record.get("households"), line)
        key = tuple(name.casefold() for name in names)
        if key in seen and seen[key] != households:
            raise ToolkitError(
                N_("this village is already on line %(line)d with other households"),
                line=line,
                field="households",
                params={"line": seen[key][1]},
            )
        seen.setdefault(key, (households, line))
        province, commune, village = names
        rows.append(PlaceRow(line, province, commune, village, households))
    return rows


def _households(value: str | None, line: int) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > MAX_VILLAGE_HOUSEHOLDS:
        raise ToolkitError(
            N_("a whole number from 0 to %(max)d"),
            line=line,
            field="households",
            params={"max": MAX_VILLAGE_HOUSEHOLDS},
        )
    return int(value)


def import_places(session: Session | scoped_session, csv_text: str) -> PlacesReport:
    """Create the places that are missing and update the households of those that exist.

    Every row is checked before anything is written, so a bad line changes nothing. Importing
    the same file again changes nothing; an empty households cell keeps the known count.
    """
    rows = read_places(csv_text)
    report = PlacesReport()
    provinces = {p.name: p for p in session.scalars(select(Province))}
    communes = {(c.province_id, c.name): c for c in session.scalars(select(Commune))}
    villages = {(v.commune_id, v.name): v for v in session.scalars(select(Village))}
    for row in rows:
        province = provinces.get(row.province)
        if province is None:
            province = provinces[row.province] = Province(name=row.province)
            session.add(province)
            session.flush()
            report.provinces_created += 1
        commune = communes.get((province.id, row.commune))
        if commune is None:
            commune = communes[(province.id, row.commune)] = Commune(province_id=province.id, name=row.commune)
            session.add(commune)
            session.flush()
            report.communes_created += 1
        village = villages.get((commune.id, row.village))
        if village is None:
            village = Village(commune_id=commune.id, name=row.village, households=row.households)
            villages[(commune.id, row.village)] = village
            session.add(village)
            report.villages_created += 1
        elif row.households is not None and village.households != row.households:
            village.households = row.households
            report.villages_updated += 1
        else:
            report.villages_unchanged += 1
    session.flush()
    return report


# Editing places one at a time (the workspace): the same checks as the import.


def check_name(value: str | None, field: str) -> str:
    """A place's name as stored (NFC, single spaces), or a `ToolkitError` naming `field`."""
    name = _name(value)
    if not name:
        raise ToolkitError(N_("this must not be empty"), field=field)
    if len(name) > 120:
        raise ToolkitError(N_("at most %(max)d characters"), field=field, params={"max": 120})
    return name


def check_households(value: str | None, field: str) -> int | None:
    """A typed number of households: empty is "not known"."""
    try:
        return _households(value, 0)
    except ToolkitError as error:
        error.line, error.field = None, field
        raise


def add_village(session: Session | scoped_session, commune: Commune, name: str, households: int | None) -> Village:
    """A new village of `commune`; its name must be new in the commune (any case)."""
    taken = select(Village.id).where(Village.commune_id == commune.id)
    if session.scalar(taken.where(func.lower(Village.name) == name.lower())) is not None:
        raise ToolkitError(N_("the commune already has a village called %(name)s"), field="name", params={"name": name})
    village = Village(commune_id=commune.id, name=name, households=households)
    session.add(village)
    session.flush()
    return village


def update_village(session: Session | scoped_session, village: Village, name: str, households: int | None) -> list[str]:
    """Rename the village or change its households; returns what changed, as "old → new"
    lines for the audit log (nothing: nothing changed)."""
    changes = []
    if name != village.name:
        others = select(Village.id).where(Village.commune_id == village.commune_id, Village.id != village.id)
        if session.scalar(others.where(func.lower(Village.name) == name.lower())) is not None:
            raise ToolkitError(
                N_("the commune already has a village called %(name)s"), field="name", params={"name": name}
            )
        changes.append(f"name: {village.name} → {name}")
        village.name = name
    if households != village.households:
        changes.append(f"households: {_shown(village.households)} → {_shown(households)}")
        village.households = households
    session.flush()
    return changes


def _shown(households: int | None) -> str:
    return "–" if households is None else str(households)
