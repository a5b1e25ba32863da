"""authoring/i18n/catalogue_cache.py and the writing side of catalogue.py: what a write keeps for
the next read and compile, and that the bytes written are those of the plain, slow path."""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest

from lesson_toolkit.authoring.i18n import catalogue
from lesson_toolkit.authoring.i18n.catalogue import (
    compile_catalogue,
    po_path,
    read_catalogue,
    shared_catalogue,
    to_pofile,
    write_catalogue,
)
from lesson_toolkit.authoring.i18n.catalogue_cache import CatalogueCache, kept
from lesson_toolkit.authoring.i18n.languages import load_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def locales(tmp_path):
    import shutil

    target = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", target, ignore=shutil.ignore_patterns("*.mo", "qps"))
    kept.clear()
    yield target
    kept.clear()


def parses(monkeypatch) -> list[str]:
    calls, real = [], catalogue.parse_po

    def counting(data, path, language=None):
        calls.append(path.name)
        return real(data, path, language)

    monkeypatch.setattr(catalogue, "parse_po", counting)
    return calls


def catalogues(locales):
    registry = load_registry(locales / "languages.toml")
    for path in sorted(locales.glob("*/LC_MESSAGES/*.po")):
        yield path, registry[path.parts[-3]]


def test_written_text_is_what_polib_writes_with_references_wrapped(locales):
    for path, language in catalogues(locales):
        catalog = read_catalogue(path, language)
        slow = []
        for line in str(to_pofile(catalog)).split("\n"):
            slow.extend(catalogue._wrap_references(line) if line.startswith("#: ") else [line])
        assert catalogue.po_bytes(catalog) == "\n".join(slow).encode("utf-8"), path
        assert catalogue.po_bytes(catalog) == catalogue.po_bytes(catalog)  # remembered texts, same bytes


def test_compiled_bytes_are_polibs_whether_parsed_or_kept(locales):
    for path, language in catalogues(locales):
        catalog = read_catalogue(path, language)
        catalog.add("Only here", "Chỉ ở đây", context="test")  # and a changed entry
        write_catalogue(path, catalog, language=language)
        kept_mo = compile_catalogue(path, language).read_bytes()  # from what was written
        parsed_mo = compile_catalogue(path, language).read_bytes()  # nothing kept now: parsed
        pofile = polib.pofile(str(path), wrapwidth=0)
        pofile.metadata["Plural-Forms"] = language.plural_forms
        for entry in pofile:
            if (
                entry.msgstr
                and not entry.msgid_plural
                and not entry.fuzzy
                and catalogue.unsafe(entry.msgid, entry.msgstr)
            ):
                entry.flags.append("fuzzy")
        assert kept_mo == parsed_mo == pofile.to_binary(), path


def test_a_kept_catalogue_is_read_once_without_parsing_then_parsed_again(locales, monkeypatch):
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, "en", "lessons")
    catalog = read_catalogue(path, registry["en"])
    write_catalogue(path, catalog, keep=True, language=registry["en"])
    calls = parses(monkeypatch)
    assert read_catalogue(path, registry["en"]) is catalog and calls == []
    again = read_catalogue(path, registry["en"])  # taken already: parsed, a new object
    assert again is not catalog and calls == ["lessons.po"]


def test_a_file_changed_by_someone_else_is_parsed_not_taken_from_memory(locales, monkeypatch):
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, "en", "lessons")
    catalog = read_catalogue(path, registry["en"])
    write_catalogue(path, catalog, keep=True, language=registry["en"])
    # an editor (Poedit, git) changes the file: same size, later modification time
    text = path.read_text(encoding="utf-8")
    first = next(message for message in catalog if message.id and message.string)
    changed = text.replace(f'msgstr "{first.string}"', f'msgstr "{first.string[::-1]}"', 1)
    path.write_text(changed, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    calls = parses(monkeypatch)
    read = read_catalogue(path, registry["en"])
    assert read is not catalog and calls == ["lessons.po"]
    assert read.get(first.id, context=first.context).string == first.string[::-1]


def test_a_catalogue_kept_for_another_language_is_not_handed_out(locales, monkeypatch):
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, "en", "lessons")
    write_catalogue(path, read_catalogue(path, registry["en"]), keep=True, language=registry["en"])
    calls = parses(monkeypatch)
    read_catalogue(path)  # no language: not the kept one (its Plural-Forms came from `en`)
    assert calls == ["lessons.po"]


def test_looking_at_a_catalogue_keeps_it_for_the_next_reader(locales, monkeypatch):
    registry = load_registry(locales / "languages.toml")
    path = po_path(locales, "en", "lessons")
    calls = parses(monkeypatch)
    with shared_catalogue(path, registry["en"]) as looked:
        pass
    with shared_catalogue(path, registry["en"]) as again:
        assert again is looked
    assert read_catalogue(path, registry["en"]) is looked and calls == ["lessons.po"]


def test_what_is_kept_is_bounded_by_messages_least_recently_used_first(tmp_path):
    cache = CatalogueCache(max_messages=10)
    files = {name: tmp_path / f"{name}.po" for name in ("tyz", "ium", "mji", "huge")}
    for path in files.values():
        path.write_text("", "utf-8")
    cache.written(files["tyz"], "tyz", ["message"] * 4, None)
    cache.written(files["ium"], "ium", ["message"] * 4, None)
    with cache.shared(files["tyz"], "tyz") as looked:  # tyz is now the most recently used
        assert looked is not None
    cache.written(files["mji"], "mji", ["message"] * 4, None)  # 12 messages: one must go
    assert cache.take(files["ium"], "ium") is None
    assert cache.take(files["tyz"], "tyz") == ["message"] * 4
    assert cache.take(files["mji"], "mji") == ["message"] * 4
    cache.written(files["huge"], "huge", ["message"] * 11, ["entry"] * 11)  # larger than all: not kept
    assert cache.take(files["huge"], "huge") is None and cache.take_pofile(files["huge"]) is None
