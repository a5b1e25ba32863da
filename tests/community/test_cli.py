"""`flask community import-places` and `flask community league`."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from lesson_toolkit.authoring.community.tallies import record_tally
from lesson_toolkit.extensions import db
from tests.community.conftest import PLACES


def test_import_places_reports_what_it_did(app, runner, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(PLACES, encoding="utf-8")
    result = runner.invoke(args=["community", "import-places", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 province(s), 3 commune(s), 6 village(s) created" in result.output
    again = runner.invoke(args=["community", "import-places", str(path)])
    assert "0 village(s) created; 0 village(s) updated, 6 unchanged" in again.output


def test_a_bad_line_names_the_file_and_line(app, runner, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(PLACES + "Tuyên Quang,Xã Tân Lập,Thôn Mới,nhiều\n", encoding="utf-8")
    result = runner.invoke(args=["community", "import-places", str(path)])
    assert result.exit_code == 1
    assert f"{path}:8: field 'households'" in result.output


def test_league_prints_and_writes_csv_and_xlsx(app, runner, places, tmp_path):
    record_tally(
        db.session, places.admin, "entry-0001", places.village("Thôn Nà Mòn"), "2026-11", "vneid_installed", 30
    )
    db.session.commit()
    out_csv, out_xlsx = tmp_path / "league.csv", tmp_path / "league.xlsx"
    args = ["community", "league", "--commune", "xã tân lập", "--month", "2026-11", "--skill", "vneid_installed"]
    result = runner.invoke(args=[*args, "--csv", str(out_csv), "--xlsx", str(out_xlsx)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "1\tThôn Nà Mòn\t30\t120\t25%"
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Xã" and rows[1][:2] == ["Xã Tân Lập", "Thôn Nà Mòn"]
    assert load_workbook(out_xlsx).active.cell(2, 5).value == 30


def test_province_league_and_bad_options(app, runner, places):
    args = ["community", "league", "--month", "2026-11", "--skill", "vneid_installed"]
    result = runner.invoke(args=[*args, "--province", "Tuyên Quang"])
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[1] for line in result.output.splitlines()] == ["Xã Hồng Thái", "Xã Tân Lập"]
    assert "no such place" in runner.invoke(args=[*args, "--commune", "Xã Không Có"]).output
    assert "choose one of" in runner.invoke(args=[*args[:-1], "karaoke", "--province", "1"]).output
    assert runner.invoke(args=args).exit_code == 2
