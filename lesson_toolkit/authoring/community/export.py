"""A league as a spreadsheet for the commune and province offices, with Vietnamese headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from lesson_toolkit.authoring.community.league import LeagueRow

HEADERS = ("Xã", "Thôn", "Kỹ năng", "Tháng", "Số hộ được giúp", "Số hộ", "Tỉ lệ")


def _cells(row: LeagueRow, skill_names: Mapping[str, str]) -> tuple[object, ...]:
    share = round(row.share, 4) if row.share is not None else None
    skill = skill_names.get(row.skill, row.skill)
    return (row.commune, row.village, skill, row.month.strftime("%Y-%m"), row.helped, row.households, share)


def export_csv(rows: Iterable[LeagueRow], skill_names: Mapping[str, str] | None = None) -> str:
    """CSV text (UTF-8 with a BOM when written, so that spreadsheet programs read the accents).
    `skill_names`: the skills as the report names them (the key where one is missing). The
    share is a plain decimal (0.35) for programs; the .xlsx shows it as a percentage."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in _cells(row, skill_names or {})])
    return out.getvalue()


def export_xlsx(rows: Iterable[LeagueRow], skill_names: Mapping[str, str] | None = None) -> bytes:
    """An .xlsx workbook of one sheet; the share is formatted as a percentage."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bảng xếp hạng"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(_cells(row, skill_names or {})))
        sheet.cell(sheet.max_row, len(HEADERS)).number_format = "0.0%"
    for column, width in zip("ABCDEFG", (22, 22, 18, 10, 16, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
