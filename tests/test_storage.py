"""authoring/storage.py: atomic, durable writes with ordinary permissions, and folder locks."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from lesson_toolkit.authoring import storage
from lesson_toolkit.authoring.storage import atomic_write, locked, locked_all


def test_atomic_write_replaces_the_file_whole(tmp_path):
    path = tmp_path / "deep" / "folder" / "lesson.md"
    atomic_write(path, b"first")
    atomic_write(path, "thứ hai".encode())
    assert path.read_text(encoding="utf-8") == "thứ hai"
    assert sorted(p.name for p in path.parent.iterdir()) == ["lesson.md"]  # no temporary file left


def test_new_files_get_the_umasks_permissions_so_another_user_can_serve_them(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "page.html", b"<p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644
    os.umask(0o077)
    try:
        atomic_write(tmp_path / "private", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600


def test_data_and_the_rename_are_flushed_to_disk(tmp_path, monkeypatch):
    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    atomic_write(tmp_path / "a.po", b"msgid")
    assert synced == [False, True]  # the file's bytes, then its folder's entry


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "lessons.po"
    atomic_write(path, b"saved before")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"saved before"
    assert [p.name for p in tmp_path.iterdir()] == ["lessons.po"]


def test_a_lock_excludes_other_threads_until_released(tmp_path):
    path = tmp_path / "vi" / "lessons.po"
    order: list[str] = []
    inside = threading.Event()

    def other():
        inside.wait()
        with locked(path):
            order.append("other")

    thread = threading.Thread(target=other)
    thread.start()
    with locked(path):
        inside.set()
        thread.join(timeout=0.2)  # it cannot get in while the lock is held
        order.append("first")
    thread.join()
    assert order == ["first", "other"]


def test_locked_all_takes_each_folder_once(tmp_path):
    paths = [tmp_path / "vi" / "a.po", tmp_path / "vi" / "b.po", tmp_path / "tyz" / "a.po"]
    with locked_all(paths):
        assert (tmp_path / "vi").is_dir() and (tmp_path / "tyz").is_dir()
