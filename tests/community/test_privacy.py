"""No community table may hold anything about a villager (DESIGN.md, "Community teams"): the
columns are walked through the metadata, and a hostile table shows the check can fail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text

import lesson_toolkit.authoring.community.models as models
from lesson_toolkit.authoring.database import Base

# anywhere in a column's name, or (short words, which other words contain: "village") as the
# start of one of its parts ("gps_lat", "age")
ANYWHERE = re.compile(r"name|phone|mobile|id_?number|cccd|cmnd|ethnic|health|gps|address|birth|gender|comment|email")
PART = re.compile(r"^(lat|lon|lng|age|sex|note|remark|descr|text|free)")
PLACES = {"province", "commune", "village"}  # a place's name is allowed, nobody's else
COMMUNITY = sorted(
    (
        table
        for table in Base.metadata.tables.values()
        if any(getattr(model, "__table__", None) is table for model in vars(models).values())
    ),
    key=lambda table: table.name,
)


def personal_columns(table: Table) -> list[str]:
    found = []
    for column in table.columns:
        if table.name in PLACES and column.name == "name":
            continue
        parts = column.name.lower().split("_")
        if ANYWHERE.search(column.name.lower()) or any(PART.match(p) for p in parts) or isinstance(column.type, Text):
            found.append(f"{table.name}.{column.name}")
    return found


def test_every_community_table_is_walked():
    assert {t.name for t in COMMUNITY} == {
        "province", "commune", "village", "team", "team_member", "commune_officer", "tally",
    }  # fmt: skip


@pytest.mark.parametrize("table", COMMUNITY, ids=lambda t: t.name)
def test_no_column_looks_personal(table):
    assert personal_columns(table) == []


@pytest.mark.parametrize(
    "column",
    [
        Column("head_of_household_name", String(80)),
        Column("phone", String(20)),
        Column("cccd", String(12)),
        Column("ethnicity", String(20)),
        Column("health_condition", String(20)),
        Column("gps_lat", Integer),
        Column("home_address", String(200)),
        Column("birth_year", Integer),
        Column("age", Integer),
        Column("longitude", Integer),
        Column("gender", String(1)),
        Column("note", String(200)),
        Column("remarks", Text),
        Column("anything", Text),  # free text, whatever it is called
    ],
    ids=lambda c: c.name,
)
def test_a_hostile_table_is_caught(column):
    hostile = Table("tally_with_people", MetaData(), Column("id", Integer, primary_key=True), column)
    assert personal_columns(hostile) == [f"tally_with_people.{column.name}"]


def test_a_person_s_name_is_caught_even_on_a_place_table():
    village = Table("village", MetaData(), Column("name", String(80)), Column("leader_name", String(80)))
    assert personal_columns(village) == ["village.leader_name"]
