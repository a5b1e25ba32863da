"""An update that merges only the changed lessons' messages writes what a full update writes.

Each case brings the bundled catalogues to a state the toolkit wrote (with a translator comment,
a draft with its previous source and an obsolete entry in the English one), changes the lessons
(one added, one edited, one deleted), extracts, then updates two copies of the catalogues: one
with the changed messages only, one whole (as before: Babel's update on the parsed files). Every
`.po` and `.mo` must be the same bytes, and msgfmt must accept them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Message

from lesson_toolkit.authoring.i18n import incremental
from lesson_toolkit.authoring.i18n.catalogue import (
    CatalogueError,
    compile_catalogues,
    po_path,
    read_catalogue,
    update_catalogues,
    write_catalogue,
)
from lesson_toolkit.authoring.i18n.catalogue_cache import canonical, kept
from lesson_toolkit.authoring.i18n.extract import extract_templates
from lesson_toolkit.authoring.i18n.languages import load_registry


@pytest.fixture
def merged(monkeypatch):
    """Counts the catalogues merged by their changed messages only."""
    calls = []
    original = incremental.merge_file

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(incremental, "merge_file", counting)
    return calls


def _registry(locales: Path):
    return load_registry(locales / "languages.toml")


def _prepare(content: Path) -> None:
    """Catalogues as the toolkit writes them, with what a merge must carry over."""
    locales = content / "locales"
    registry = _registry(locales)
    update_catalogues(locales, registry)
    english = registry["en"]
    path = po_path(locales, "en", "lessons")
    catalog = read_catalogue(path, english)
    messages = [m for m in catalog if m.id and m.string and m.context is None]
    messages[0].user_comments = ["checked with the trainer"]
    messages[1].flags.add("fuzzy")
    messages[1].previous_id = ["Một câu cũ hơn"]
    catalog.obsolete["Một câu đã bỏ"] = Message("Một câu đã bỏ", "A sentence dropped")
    write_catalogue(path, catalog)


def _change_lessons(lessons: Path) -> None:
    slugs = sorted(p.name for p in lessons.iterdir() if (p / "lesson.md").exists())
    added = lessons / "added-lesson"
    shutil.copytree(lessons / slugs[0], added)
    text = (added / "lesson.md").read_text(encoding="utf-8")
    (added / "lesson.md").write_text(text.replace("title: ", "title: Bài mới ", 1), encoding="utf-8")
    edited = lessons / slugs[1] / "lesson.md"
    text = edited.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    edited.write_text(head + "\n---\n" + body.replace(".", ". Xong.", 1), encoding="utf-8")
    shutil.rmtree(lessons / slugs[2])


def _files(locales: Path) -> dict[str, bytes]:
    return {str(p.relative_to(locales)): p.read_bytes() for p in sorted(locales.rglob("*.[pm]o"))}


def _whole(monkeypatch, locales: Path) -> None:
    """The update as it was: every catalogue parsed and merged whole."""
    with monkeypatch.context() as patch:
        patch.setattr(canonical, "holds", lambda path, data: False)
        kept.clear()
        update_catalogues(locales, _registry(locales))
        compile_catalogues(locales, _registry(locales))


def test_changed_messages_only_give_the_full_update(content, tmp_path, monkeypatch, merged):
    _prepare(content)
    _change_lessons(content / "lessons")
    extract_templates(content / "lessons", content / "locales")
    whole = tmp_path / "whole"
    shutil.copytree(content / "locales", whole)

    update_catalogues(content / "locales", _registry(content / "locales"))
    compile_catalogues(content / "locales", _registry(content / "locales"))
    assert any(merged), "no catalogue was merged by its changed messages"
    _whole(monkeypatch, whole)

    ours, theirs = _files(content / "locales"), _files(whole)
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert ours[name] == theirs[name], name
    english = (content / "locales/en/LC_MESSAGES/lessons.po").read_text(encoding="utf-8")
    assert "# checked with the trainer" in english
    assert "#| msgid " in english and "#~ msgid " in english and "Plural-Forms: nplurals=" in english
    assert "Bài mới " in english  # the added lesson's title, a new message
    for po in sorted((content / "locales").rglob("*.po")):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)


def test_an_entry_written_as_the_template_writes_it_is_read_once(content, monkeypatch, merged):
    """An entry not translated yet (in Tày and Dao, nearly every one) reads the same in the
    template and in each catalogue: it is taken apart once, with the template."""
    _prepare(content)
    _change_lessons(content / "lessons")
    extract_templates(content / "lessons", content / "locales")
    read = Counter[str]()
    real = incremental.read_block
    monkeypatch.setattr(incremental, "read_block", lambda text: read.update([text]) or real(text))
    update_catalogues(content / "locales", _registry(content / "locales"))
    assert merged and all(merged)
    template = (content / "locales/lessons.pot").read_text(encoding="utf-8")
    entries = incremental.split_entries(template)[1:]
    assert len(entries) > 100 and all(read[text] == 1 for text in entries if text.strip())


def test_an_unchanged_library_leaves_the_files_alone(content, merged):
    _prepare(content)
    extract_templates(content / "lessons", content / "locales")
    update_catalogues(content / "locales", _registry(content / "locales"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (content / "locales").rglob("lessons.po")}
    update_catalogues(content / "locales", _registry(content / "locales"))
    assert all(merged)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before


def test_a_catalogue_saved_elsewhere_is_merged_whole(content, tmp_path, monkeypatch, merged):
    _prepare(content)
    _change_lessons(content / "lessons")
    extract_templates(content / "lessons", content / "locales")
    path = content / "locales/en/LC_MESSAGES/lessons.po"
    # as another editor might save it: the same messages, references on lines of their own
    path.write_text(path.read_text(encoding="utf-8").replace(".md lessons/", ".md\n#: lessons/"), encoding="utf-8")
    whole = tmp_path / "whole"
    shutil.copytree(content / "locales", whole)
    update_catalogues(content / "locales", _registry(content / "locales"))
    _whole(monkeypatch, whole)
    assert path.read_bytes() == (whole / "en/LC_MESSAGES/lessons.po").read_bytes()


def test_a_broken_catalogue_is_named_and_left_alone(content):
    _prepare(content)
    _change_lessons(content / "lessons")
    extract_templates(content / "lessons", content / "locales")
    path = content / "locales/en/LC_MESSAGES/lessons.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("msgstr ") and n > 30)
    lines[number - 1] = 'msgstr "an unterminated string'
    path.write_text("\n".join(lines), encoding="utf-8")
    broken = path.read_bytes()
    with pytest.raises(CatalogueError) as raised:
        update_catalogues(content / "locales", _registry(content / "locales"))
    assert raised.value.path == path and raised.value.line == number
    assert path.read_bytes() == broken
    # the other languages were updated all the same
    assert "Bài mới " in (content / "locales/tyz/LC_MESSAGES/lessons.po").read_text(encoding="utf-8")


def test_a_save_formats_only_what_it_changed_and_writes_the_same(content, tmp_path):
    from lesson_toolkit.authoring.i18n import catalogue

    locales = content / "locales"
    english = _registry(locales)["en"]
    path = po_path(locales, "en", "lessons")
    catalog = read_catalogue(path, english)
    write_catalogue(path, catalog, keep=True, language=english)
    catalogue.compile_catalogue(path, english)
    catalog = read_catalogue(path, english)  # the one handed over, with its entries as written
    saved = [m for m in catalog if m.id and m.string][:2]
    saved[0].string = "Another translation"
    saved[1].flags.add("fuzzy")
    keys = [m.id if m.context is None else (m.id, m.context) for m in saved]
    write_catalogue(path, catalog, keep=True, language=english, changed=keys)
    catalogue.compile_catalogue(path, english)
    assert path.read_bytes() == catalogue.po_bytes(catalog)
    assert b"Another translation" in path.read_bytes()
    incremental_mo = path.with_suffix(".mo").read_bytes()
    kept.clear()
    catalogue._MO_TABLES.clear()
    catalogue.compile_catalogue(path, english)  # from the file, sorted from scratch
    assert path.with_suffix(".mo").read_bytes() == incremental_mo
