"""The handout cache (`exports.cache`, keys from `exports.publish` and `exports.fingerprint`):
a repeated export is a file read with the bytes a fresh render gives, anything a handout is
made from gives it a new key, and a damaged cached file is made again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lesson_toolkit.exports import fingerprint, publish
from lesson_toolkit.exports.cache import PdfCache, bytes_hash, content_key
from tests.conftest import ROOT
from tests.exports.support import EN_STEPS, NEEDS_PDF_TOOLS, STEPS, TITLE, lesson_body, pdf_text, picture, translate

SLUG = "print-test"


def export(runner, out: Path, *args: str) -> tuple[bytes, bool]:
    """`flask export pdf print-test …`: the PDF's bytes, and whether it was rendered now."""
    result = runner.invoke(args=["export", "pdf", SLUG, *args, "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    counts = re.search(r"\((\d) rendered, (\d) from the cache\)", result.output)
    assert counts, result.output
    (path,) = out.glob("*.pdf")
    data = path.read_bytes()
    path.unlink()
    return data, counts[1] == "1"


def cached_pdfs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "handouts-cache").glob("*.pdf"))


# --- a repeated export ---------------------------------------------------------------------


def test_a_repeated_export_is_the_cached_file_with_the_bytes_of_a_fresh_render(runner, lesson, tmp_path):
    first, rendered = export(runner, tmp_path / "out", "--lang", "vi")
    assert rendered
    again, rendered = export(runner, tmp_path / "out", "--lang", "vi")
    assert not rendered and again == first
    shutil.rmtree(tmp_path / "handouts-cache")  # pictures too: everything made afresh
    fresh, rendered = export(runner, tmp_path / "out", "--lang", "vi")
    assert rendered and fresh == first


@NEEDS_PDF_TOOLS
def test_an_edited_lesson_is_printed_again(runner, lesson, write_lesson, tmp_path):
    before, _ = export(runner, tmp_path / "out")
    write_lesson(SLUG, lesson_body([*STEPS[:5], "Bấm nút Xác nhận."]), title=TITLE)
    after, rendered = export(runner, tmp_path / "out")
    assert rendered and after != before
    assert "Bấm nút Xác nhận." in pdf_text(after)
    assert len(cached_pdfs(tmp_path)) == 1  # the old version is gone


@NEEDS_PDF_TOOLS
def test_an_edited_catalogue_is_printed_again(runner, lesson, content, tmp_path):
    before, _ = export(runner, tmp_path / "out", "--lang", "en")
    assert EN_STEPS[0] not in pdf_text(before)
    translate(content, "en", {(None, STEPS[0]): EN_STEPS[0]})
    after, rendered = export(runner, tmp_path / "out", "--lang", "en")
    assert rendered and EN_STEPS[0] in pdf_text(after)


def test_an_edited_picture_is_printed_again(runner, lesson, content, tmp_path):
    before, _ = export(runner, tmp_path / "out")
    picture(content / "lessons" / SLUG / "images" / "step-3.png", 9)
    after, rendered = export(runner, tmp_path / "out")
    assert rendered and after != before


def test_another_option_is_another_handout(runner, lesson, tmp_path):
    colour, _ = export(runner, tmp_path / "out")
    grey, rendered = export(runner, tmp_path / "out", "--bw")
    assert rendered and grey != colour
    assert len(cached_pdfs(tmp_path)) == 2  # one file per handout: neither replaces the other
    again, rendered = export(runner, tmp_path / "out")
    assert not rendered and again == colour


def test_a_cached_handout_is_exported_without_loading_weasyprint(runner, lesson, content, tmp_path):
    """A new process (the CLI) whose handout is in the cache does not pay for WeasyPrint."""
    export(runner, tmp_path / "out")
    env = {
        **os.environ,
        "FLASK_LESSONS_DIR": str(content / "lessons"),
        "FLASK_LOCALES_DIR": str(content / "locales"),
        "FLASK_PUBLIC_BASE_URL": "https://lessons.example.org",
        "FLASK_HANDOUT_CACHE_DIR": str(tmp_path / "handouts-cache"),
        "FLASK_INSTANCE_PATH": str(tmp_path / "other-instance"),
        "FLASK_SECRET_KEY": "test",
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite'}",
    }
    script = (
        "import sys\n"
        "from lesson_toolkit.app import create_app\n"
        f"args = ['export', 'pdf', {SLUG!r}, '-o', {str(tmp_path / 'out')!r}]\n"
        "result = create_app().test_cli_runner().invoke(args=args)\n"
        "print(result.exit_code, 'weasyprint' in sys.modules, result.output)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    assert done.stdout.startswith("0 False"), done.stdout + done.stderr
    assert "0 rendered, 1 from the cache" in done.stdout


def test_another_renderer_is_printed_again(runner, lesson, tmp_path, monkeypatch):
    """Code, libraries, fonts and text libraries are in the key through the fingerprint."""
    export(runner, tmp_path / "out")
    monkeypatch.setattr(publish, "renderer_fingerprint", lambda: "fonts changed")
    _, rendered = export(runner, tmp_path / "out")
    assert rendered


# --- a damaged cache -----------------------------------------------------------------------


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def one_byte_changed(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def without_its_hash(path: Path) -> None:
    path.with_suffix(".sha256").unlink()


@pytest.mark.parametrize("damage", [cut_short, one_byte_changed, without_its_hash])
def test_a_damaged_cached_pdf_is_made_again_and_replaced(runner, lesson, tmp_path, damage):
    first, _ = export(runner, tmp_path / "out")
    (cached,) = cached_pdfs(tmp_path)
    damage(cached)
    again, rendered = export(runner, tmp_path / "out")
    assert rendered and again == first
    assert cached.read_bytes() == first
    assert cached.with_suffix(".sha256").read_text() == bytes_hash(first)
    _, rendered = export(runner, tmp_path / "out")
    assert not rendered


def test_the_cache_serves_a_file_only_with_its_hash(tmp_path):
    cache, key = PdfCache(tmp_path), content_key("v1")
    assert cache.get("lesson.vi.a4", key) is None
    path = cache.put("lesson.vi.a4", key, b"%PDF whole")
    assert cache.get("lesson.vi.a4", key) == path
    path.with_suffix(".sha256").write_text("not a hash")
    assert cache.get("lesson.vi.a4", key) is None


def test_a_new_version_takes_the_old_ones_hash_with_it(tmp_path):
    cache = PdfCache(tmp_path)
    cache.put("lesson.vi.a4", content_key("v1"), b"%PDF old")
    cache.put("lesson.vi.a4", content_key("v2"), b"%PDF new")
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".pdf", ".sha256"]


# --- the renderer's fingerprint ------------------------------------------------------------


def test_a_font_added_removed_or_replaced_changes_the_font_stamp(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    (fonts / "truetype").mkdir(parents=True)
    monkeypatch.setattr(fingerprint, "font_places", lambda: [fonts, tmp_path / "missing"])
    stamps = [fingerprint.files_stamp(fingerprint.font_files())]
    font = fonts / "truetype" / "NotoSans-Regular.ttf"
    font.write_bytes(b"font 1")
    stamps.append(fingerprint.files_stamp(fingerprint.font_files()))
    font.write_bytes(b"font 2, larger")
    stamps.append(fingerprint.files_stamp(fingerprint.font_files()))
    os.utime(font, ns=(0, 10**18))  # the same size, a new modification time
    stamps.append(fingerprint.files_stamp(fingerprint.font_files()))
    font.unlink()
    stamps.append(fingerprint.files_stamp(fingerprint.font_files()))
    assert len(set(stamps)) == 4 and stamps[0] == stamps[-1]


def test_the_print_code_is_in_the_fingerprint(tmp_path, monkeypatch):
    for name in fingerprint.CODE:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fingerprint.PACKAGE / name, tmp_path / name)
    monkeypatch.setattr(fingerprint, "PACKAGE", tmp_path)
    before = fingerprint.code_stamp()
    with (tmp_path / "exports" / "weasy.py").open("a") as module:
        module.write("\n# changed\n")
    assert fingerprint.code_stamp() != before


def test_the_fingerprint_names_the_libraries():
    text = fingerprint.renderer_fingerprint()
    for name in ("weasyprint", "pydyf", "fonttools", "pillow"):
        assert re.search(rf"\b{name} \d", text), text
    assert re.search(r"fonts [0-9a-f]{16}; text libraries [0-9a-f]{16}$", text)


def test_a_process_without_a_home_folder_still_has_a_fingerprint(monkeypatch):
    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert Path("/usr/share/fonts") in fingerprint.font_places()
