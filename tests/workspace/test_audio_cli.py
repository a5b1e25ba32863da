"""`flask audio import` and `flask audio stats`."""

from __future__ import annotations

import json

from tests.audio.sounds import recording
from tests.workspace.support import SLUG, add_account


def recordings_folder(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "phone"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def sidecar(content, lang: str, key: str) -> dict:
    return json.loads((content / "lessons" / SLUG / "audio" / lang / f"{key}.json").read_text("utf-8"))


def test_a_folder_without_a_reviewer_comes_in_as_drafts(trainer_app, content, tmp_path):
    folder = recordings_folder(tmp_path, {"title.m4a": recording("m4a"), "Step-2.AMR": recording("amr")})
    result = trainer_app.test_cli_runner().invoke(args=["audio", "import", SLUG, "tyz", str(folder)])
    assert result.exit_code == 0, result.output
    assert "2 recordings of trainer-test in Tày imported as drafts" in result.output
    assert sidecar(content, "tyz", "title")["state"] == "draft"
    assert sidecar(content, "tyz", "step-2")["recorded_by"] == "import"


def test_a_reviewer_publishes_the_folder(trainer_app, content, tmp_path):
    add_account(trainer_app, "thao", "translator", languages=["tyz"], reviewed=["tyz"])
    folder = recordings_folder(tmp_path, {"step-1.mp3": recording("mp3")})
    runner = trainer_app.test_cli_runner()
    result = runner.invoke(args=["audio", "import", SLUG, "tyz", str(folder), "--reviewed-by", "thao"])
    assert result.exit_code == 0, result.output
    assert (sidecar(content, "tyz", "step-1")["state"], sidecar(content, "tyz", "step-1")["approved_by"]) == (
        "published",
        "thao",
    )
    stats = runner.invoke(args=["audio", "stats", "--json"])
    row = next(r for r in json.loads(stats.output) if r["lesson"] == SLUG and r["lang"] == "tyz")
    assert row == {"lesson": SLUG, "lang": "tyz", "recorded": 1, "drafts": 0, "recheck": 0, "missing": 3}
    table = runner.invoke(args=["audio", "stats"]).output
    assert f"{SLUG}\ttyz\t1\t0\t0\t3" in table.splitlines()


def test_someone_who_does_not_review_the_language_cannot_publish(trainer_app, content, tmp_path):
    add_account(trainer_app, "binh", "translator", languages=["tyz"])
    folder = recordings_folder(tmp_path, {"step-1.wav": recording("wav")})
    result = trainer_app.test_cli_runner().invoke(
        args=["audio", "import", SLUG, "tyz", str(folder), "--reviewed-by", "binh"]
    )
    assert result.exit_code != 0 and "'binh' does not review Tày" in result.output
    assert not (content / "lessons" / SLUG / "audio").exists()


def test_one_bad_file_imports_nothing_and_names_every_problem(trainer_app, content, tmp_path):
    folder = recordings_folder(
        tmp_path,
        {
            "step-1.wav": recording("wav"),
            "step-2.mp3": b"<html>not a sound</html>",
            "step-9.wav": recording("wav"),
            "notes.txt": b"x",
        },
    )
    result = trainer_app.test_cli_runner().invoke(args=["audio", "import", SLUG, "vi", str(folder)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {folder}: nothing was imported:")
    assert "step-2.mp3: not a sound file" in result.output
    assert "step-9.wav: the lesson has no part called 'step-9'" in result.output
    assert "notes.txt: not a sound file this accepts" in result.output
    assert not (content / "lessons" / SLUG / "audio").exists()
