"""Everything the toolkit writes (a new lesson and its pictures, packs, zips, league files)
gets the umask's permissions and is flushed to disk before the rename; YAML through PyYAML."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lesson_toolkit.authoring import storage
from lesson_toolkit.authoring.core.lesson import read_lesson
from lesson_toolkit.authoring.core.scaffold import new_lesson
from lesson_toolkit.exports.site import write_pack, write_zip


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


@pytest.fixture
def fsync_log(monkeypatch):
    """(event, path) in order: each fsync of a file, each rename."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("rename", str(src)))
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    return events


def modes(folder: Path) -> set[int]:
    return {stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}


def synced_before_renamed(events) -> bool:
    renamed = [path for event, path in events if event == "rename"]
    for path in renamed:
        fsync_at = events.index(("fsync", path))
        if fsync_at > events.index(("rename", path)):
            return False
    return bool(renamed)


def test_a_new_lesson_and_its_pictures_respect_the_umask_and_are_synced(tmp_path, umask_027, fsync_log):
    path = new_lesson(tmp_path, "my-lesson", "Tên bài")
    assert modes(path.parent) == {0o640}
    assert synced_before_renamed(fsync_log) and len([e for e in fsync_log if e[0] == "rename"]) == 3


@pytest.mark.parametrize(
    "title",
    [
        "Trả tiền điện \\",
        'Nói "không" với kẻ lừa',
        "Bước 1: mở ứng dụng # ngay",
        "- không phải danh sách",
        "'trích'",
        "yes",
    ],
)
def test_a_new_lesson_s_title_reads_back_exactly_as_typed(tmp_path, title):
    path = new_lesson(tmp_path, "titled", title)
    lesson = read_lesson(path)
    assert lesson.title == title and lesson.status == "draft" and lesson.level == 1


def test_packs_and_zips_respect_the_umask_and_are_synced(tmp_path, umask_027, fsync_log):
    pages = {"index.html": b"<p>", "vi/index.html": b"<p>vi"}
    write_pack(pages, tmp_path / "pack")
    write_zip(pages, tmp_path / "pack.zip")
    assert modes(tmp_path) == {0o640}
    assert synced_before_renamed(fsync_log)
    renamed = [path for event, path in fsync_log if event == "rename"]
    assert len(renamed) == 4  # two pages, the manifest, the zip


def test_league_files_from_the_command_line_are_written_atomically(app, tmp_path, umask_027, fsync_log):
    out = tmp_path / "out"
    runner = app.test_cli_runner()
    places = tmp_path / "places.csv"
    places.write_text("province,commune,village,households\nTuyên Quang,Xã Tân Lập,Thôn Nà Mòn,40\n", encoding="utf-8")
    assert runner.invoke(args=["community", "import-places", str(places)]).exit_code == 0
    csv, xlsx = out / "league.csv", out / "league.xlsx"
    result = runner.invoke(args=["community", "league", "--province", "Tuyên Quang", "--month", "2026-11",
                                 "--skill", "vneid_installed", "--csv", str(csv), "--xlsx", str(xlsx)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert modes(out) == {0o640} and synced_before_renamed(fsync_log)
