"""Exporting into a pack exported before: only what changed is fetched and written, and the pack
is the one a fresh export gives, byte for byte; the offline search's parts are the server's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lesson_toolkit.authoring.core.segmenter import TITLE_CONTEXT
from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues, po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.exports.site import export_site
from lesson_toolkit.exports.site_pool import workers_for
from tests.exports.test_site import snapshot

LANGS = ["vi", "tyz", "en"]


def export(app, out: Path, jobs: int = 1) -> list[str]:
    """Export, and say which site paths were fetched from the app."""
    fetched: list[str] = []
    export_site(app, out, LANGS, progress=fetched.append, jobs=jobs)
    return fetched


def same_as_fresh(app, out: Path, fresh: Path) -> None:
    export(app, fresh)
    assert snapshot(out) == snapshot(fresh)


def retranslate(content: Path, lang: str, msgid: str, text: str) -> None:
    """Change a translation in `<lang>/LC_MESSAGES/lessons.po`, then compile."""
    locales = content / "locales"
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, lang, "lessons")
    catalog = read_catalogue(path, registry[lang])
    catalog.get(msgid, context=TITLE_CONTEXT).string = text
    write_catalogue(path, catalog)
    compile_catalogues(locales, registry)


def reword(lesson: Path, old: str, new: str) -> None:
    text = lesson.read_text(encoding="utf-8")
    assert old in text
    lesson.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_nothing_fetched(app, tmp_path):
    out = tmp_path / "pack"
    assert len(export(app, out)) > 100
    before = snapshot(out)
    assert export(app, out) == []
    assert snapshot(out) == before


def test_after_one_edit_only_that_lesson_and_the_lists_are_fetched_and_the_pack_is_a_fresh_one(app, content, tmp_path):
    out = tmp_path / "pack"
    export(app, out)
    reword(content / "lessons" / "use-zalo" / "lesson.md", "\n## ", "\n## Sửa lại ")
    fetched = export(app, out)
    assert "/en/lessons/use-zalo" in fetched and "/vi/" in fetched and "/vi/search-index.js" in fetched
    others = [url for url in fetched if re.search(r"/lessons/(?!use-zalo)", url) or url.startswith("/pictures/")]
    assert others == []  # no other lesson's page, no picture asked for again
    same_as_fresh(app, out, tmp_path / "fresh")


def test_after_a_lesson_is_deleted_its_files_go(app, content, tmp_path):
    out = tmp_path / "pack"
    export(app, out)
    assert (out / "vi" / "lessons" / "sell-on-zalo.html").exists()
    shutil.rmtree(content / "lessons" / "sell-on-zalo")
    export(app, out)
    assert not (out / "vi" / "lessons" / "sell-on-zalo.html").exists()
    assert not [name for name in snapshot(out) if "sell-on-zalo" in name]
    same_as_fresh(app, out, tmp_path / "fresh")


def test_after_a_catalogue_changed_the_pack_is_a_fresh_one(app, content, tmp_path):
    out = tmp_path / "pack"
    export(app, out)
    title = re.search(r"^title: (.*)$", (content / "lessons/use-zalo/lesson.md").read_text(encoding="utf-8"), re.M)
    retranslate(content, "en", title[1].strip(), "Zalo, said again")
    export(app, out)
    assert "Zalo, said again" in (out / "en" / "lessons" / "use-zalo.html").read_text(encoding="utf-8")
    same_as_fresh(app, out, tmp_path / "fresh")


def test_a_file_removed_from_the_pack_is_written_again(app, tmp_path):
    out = tmp_path / "pack"
    export(app, out)
    (out / "tyz" / "lessons" / "use-zalo.html").unlink()
    assert export(app, out) == ["/tyz/lessons/use-zalo"]
    same_as_fresh(app, out, tmp_path / "fresh")


def test_the_search_parts_in_the_pack_are_what_the_server_serves(app, tmp_path):
    out = tmp_path / "pack"
    export(app, out)
    client = app.test_client()  # the app as exported (STATIC_EXPORT: links end in .html)
    for lang in LANGS:
        parts = sorted((out / lang / "search-index").iterdir())
        assert len(parts) > 20
        for path in parts:
            response = client.get(f"/{lang}/search-index/{path.name}")
            assert response.status_code == 200 and response.get_data() == path.read_bytes(), path
        assert client.get(f"/{lang}/search-index.js").get_data() == (out / lang / "search-index.js").read_bytes()


def test_two_processes_export_the_same_pack_as_one(app, tmp_path):
    if workers_for(2) < 2:
        pytest.skip("this process has other threads: the export does not fork here")
    export(app, tmp_path / "two", jobs=2)
    export(app, tmp_path / "one", jobs=1)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


def test_the_bundle_of_parts_is_for_the_exporter_only(app):
    response = app.test_client().get("/vi/search-index.js?parts=all")
    assert response.mimetype == "text/javascript" and response.get_data().startswith(b"window.LESSON_INDEX")
