"""Importing the list of places (a CSV the province sends): province, commune, village and,
when known, the village's households."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, scoped_session

from authoring.community.models import MAX_VILLAGE_HOUSEHOLDS, Commune, Province, Village
from authoring.errors import N_, ToolkitError

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
