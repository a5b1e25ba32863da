"""`lessons lint` and the glossary: a published translation that does not use an agreed term."""

from __future__ import annotations

from babel.messages.catalog import Message

from lesson_toolkit.authoring.cli import lessons
from lesson_toolkit.authoring.core.lint import lint
from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.glossary import Glossary, Term, write_glossary
from lesson_toolkit.authoring.i18n.languages import load_registry

SOURCE = "Quét Mã QR trên hóa đơn bằng ứng dụng ngân hàng."


TEST_MSGIDS = (SOURCE, "Tôi nhớ mãi.", "Phòng tránh lừa đảo.", "Quét mã.", "Nhập mã.")


def glossary_findings(content) -> list[str]:
    """The glossary's findings about this file's test messages (not the bundled lessons')."""
    registry = load_registry(content / "locales" / "languages.toml")
    found = [str(f) for f in lint(content / "lessons", content / "locales", registry) if "glossary" in str(f)]
    return [f for f in found if any(f"msgid {msgid!r}" in f for msgid in TEST_MSGIDS)]


def translate(content, lang: str, text: str, fuzzy: bool = False, msgid: str = SOURCE) -> None:
    path = po_path(content / "locales", lang, "lessons")
    catalog = read_catalogue(path)
    catalog[msgid] = Message(msgid, text, flags=["fuzzy"] if fuzzy else [], locations=[("lessons/x/lesson.md", 1)])
    write_catalogue(path, catalog)


def agree(content, lang: str, *terms: Term) -> None:
    write_glossary(content / "locales", Glossary(lang, terms))


def test_a_published_translation_without_the_agreed_term_is_a_warning(content):
    agree(content, "en", Term("mã QR", "QR code|QR codes"), Term("ứng dụng ngân hàng", "bank app"))
    translate(content, "en", "Scan the code on the bill with your banking application.")
    found = glossary_findings(content)
    assert len(found) == 2, found
    assert all(f.startswith("locales/en/LC_MESSAGES/lessons.po:") or "/locales/en/" in f for f in found)
    assert any(": warning: msgid 'Quét Mã QR" in f and "translates 'mã QR' as 'QR code'" in f for f in found)
    assert any("'ứng dụng ngân hàng' as 'bank app'" in f for f in found)


def test_no_warning_when_the_term_is_used_in_any_case_or_accepted_form(content):
    agree(content, "en", Term("mã QR", "QR code|QR codes"), Term("ứng dụng ngân hàng", "bank app"))
    translate(content, "en", "Scan the qr CODES on the bill with your Bank App.")
    assert glossary_findings(content) == []


def test_no_false_warning_for_words_inside_other_words_drafts_or_terms_without_a_translation(content):
    agree(content, "en", Term("mã", "code"), Term("lừa đảo", ""))
    translate(content, "en", "I will remember forever.", msgid="Tôi nhớ mãi.")  # "mã" is not in "mãi"
    translate(content, "en", "Stay safe.", msgid="Phòng tránh lừa đảo.")  # no agreed translation yet
    translate(content, "en", "Scan it.", fuzzy=True, msgid="Quét mã.")  # a draft: not published
    translate(content, "en", "Type the barcode.", msgid="Nhập mã.")  # "code" inside "barcode" is not the term
    assert [f for f in glossary_findings(content) if "Nhập mã" not in f] == []
    assert len([f for f in glossary_findings(content) if "Nhập mã" in f]) == 1


def test_placeholder_languages_with_empty_glossaries_give_no_warning(content):
    translate(content, "tyz", "FAKE-tyz placeholder")  # a test string, never real Tày
    assert not [f for f in glossary_findings(content) if "/tyz/" in f]


def test_a_broken_glossary_is_an_error_naming_its_line(content):
    (content / "locales" / "ium" / "glossary.csv").write_text("term,translation,note\nmã QR,,\nMÃ QR,,\n", "utf-8")
    registry = load_registry(content / "locales" / "languages.toml")
    found = [str(f) for f in lint(content / "lessons", content / "locales", registry)]
    assert any("ium/glossary.csv:3: error: field 'term': the term 'MÃ QR' is already" in f for f in found), found


def test_the_command_prints_the_warning(content, tmp_path):
    from tests.conftest import make_app

    agree(content, "en", Term("mã QR", "QR code"))
    translate(content, "en", "Scan the code on the bill.")
    result = make_app(content, tmp_path).test_cli_runner().invoke(lessons, ["lint"])
    assert "warning: msgid 'Quét Mã QR" in result.output and "the translation does not use it" in result.output
