"""A league written as CSV and as .xlsx reads back with the Vietnamese headers."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from lesson_toolkit.authoring.community.export import HEADERS, export_csv, export_xlsx
from lesson_toolkit.authoring.community.league import LeagueRow

ROWS = [
    LeagueRow(1, "Xã Tân Lập", "Thôn Nà Mòn", "vneid_installed", date(2026, 11, 1), 42, 120, 0.35),
    LeagueRow(2, "Xã Tân Lập", "Thôn Bản Khiển", "vneid_installed", date(2026, 11, 1), 9, None, None),
]


def test_csv_reads_back():
    rows = list(csv.reader(io.StringIO(export_csv(ROWS))))
    assert rows[0] == ["Xã", "Thôn", "Kỹ năng", "Tháng", "Số hộ được giúp", "Số hộ", "Tỉ lệ"]
    assert rows[1:] == [
        ["Xã Tân Lập", "Thôn Nà Mòn", "vneid_installed", "2026-11", "42", "120", "0.35"],
        ["Xã Tân Lập", "Thôn Bản Khiển", "vneid_installed", "2026-11", "9", "", ""],
    ]


def test_xlsx_reads_back():
    sheet = load_workbook(io.BytesIO(export_xlsx(ROWS))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert rows[1:] == [
        ("Xã Tân Lập", "Thôn Nà Mòn", "vneid_installed", "2026-11", 42, 120, 0.35),
        ("Xã Tân Lập", "Thôn Bản Khiển", "vneid_installed", "2026-11", 9, None, None),
    ]
    assert sheet.cell(2, 7).number_format == "0.0%"
