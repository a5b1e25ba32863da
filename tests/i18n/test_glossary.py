"""Glossary files: round trip, errors that name file, line and field, and sensible matching."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from lesson_toolkit.authoring.i18n.glossary import (
    Glossary,
    GlossaryError,
    Term,
    check_terms,
    glossary_path,
    parse_glossary,
    read_glossary,
    uses,
    write_glossary,
)
from lesson_toolkit.authoring.i18n.languages import load_registry

ROOT = Path(__file__).resolve().parents[2]
TERMS = (
    Term("mã QR", "QR code|QR codes", 'Giữ nguyên chữ “QR”, có dấu phẩy, và "ngoặc".'),
    Term("mã OTP", "one-time code", ""),
    Term("lừa đảo", "", "Kẻ gian lừa lấy tiền."),
)


def test_a_glossary_written_reads_back_the_same(tmp_path):
    path = write_glossary(tmp_path, Glossary("en", TERMS))
    assert path == tmp_path / "en" / "glossary.csv"
    assert path.read_text("utf-8").splitlines()[0] == "term,translation,note"
    back = read_glossary(tmp_path, "en")
    assert [(t.term, t.translation, t.note) for t in back.terms] == [(t.term, t.translation, t.note) for t in TERMS]
    assert [t.line for t in back.terms] == [2, 3, 4]
    write_glossary(tmp_path, back)
    assert read_glossary(tmp_path, "en").terms == back.terms


def test_text_is_nfc_and_spaces_are_tidied(tmp_path):
    decomposed = unicodedata.normalize("NFD", "  mã   QR ")
    write_glossary(tmp_path, Glossary("tyz", (Term(decomposed, "", unicodedata.normalize("NFD", "Mã")),)))
    [term] = read_glossary(tmp_path, "tyz").terms
    assert term.term == "mã QR" and unicodedata.is_normalized("NFC", term.term)
    assert unicodedata.is_normalized("NFC", term.note)
    assert "mã QR" in glossary_path(tmp_path, "tyz").read_text("utf-8")


def test_a_missing_file_is_an_empty_glossary(tmp_path):
    assert read_glossary(tmp_path, "ium").terms == ()


@pytest.mark.parametrize(
    ("text", "line", "field", "says"),
    [
        ("word,translation,note\n", 1, None, "first row must be the column names"),
        ("term,translation,note\nmã QR,QR code,\n,empty,\n", 3, "term", "term is empty"),
        ("term,translation,note\nmã QR,QR code,\nMã  qr,QR,\n", 3, "term", "already in the glossary (line 2)"),
        ("term,translation,note\nmã QR,a,b,c\n", 2, None, "4 columns"),
        ("term,translation,note\nmã QR,|,\n", 2, "translation", "not only “|”"),
        ("term,translation,note\n" + "x" * 81 + ",,\n", 2, "term", "at most 80 characters"),
        ("term,translation,note\nmã QR,,\nmã\x07,,\n", 3, "term", "no control characters"),
        ('term,translation,note\n"mã\nQR",,\n"mã\n\nqr",,\n', 4, "term", "already in the glossary (line 2)"),
        ('term,translation,note\nmã QR,"QR code\n', 2, None, "not a CSV row"),
    ],
)
def test_bad_files_say_where(tmp_path, text, line, field, says):
    path = tmp_path / "en" / "glossary.csv"
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(text.encode("utf-8"), path, "en")
    error = caught.value
    assert (error.path, error.line, error.field) == (path, line, field)
    assert says in str(error) and str(path) in str(error)


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "glossary.csv"
    with pytest.raises(GlossaryError, match=r"glossary.csv:3: not UTF-8"):
        parse_glossary("term,translation,note\nma QR,,\nlà,,\n".encode("latin-1"), path, "en")


def test_a_spreadsheet_bom_is_accepted():
    glossary = parse_glossary("\ufeffterm,translation,note\nmã QR,QR code,\n".encode(), Path("g.csv"), "en")
    assert glossary.terms[0].term == "mã QR"


def test_a_symbolic_link_is_refused(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "elsewhere.csv").write_text("term,translation,note\n", "utf-8")
    glossary_path(tmp_path, "en").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(GlossaryError, match="symbolic link"):
        read_glossary(tmp_path, "en")


GLOSSARY = check_terms(
    [Term("mã", "code"), Term("mã QR", "QR code|QR codes"), Term("ứng dụng ngân hàng", "bank app"), Term("ma", "x")],
    "en",
)


def test_terms_are_found_case_insensitively_whole_words_longest_first():
    found = GLOSSARY.find("Mở Ứng dụng ngân hàng, quét MÃ QR hoặc nhập mã.")
    assert [(f.term.term, "Mở Ứng dụng ngân hàng, quét MÃ QR hoặc nhập mã."[f.start : f.end]) for f in found] == [
        ("ứng dụng ngân hàng", "Ứng dụng ngân hàng"),
        ("mã QR", "MÃ QR"),
        ("mã", "mã"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tôi nhớ mãi.",  # "mã" inside "mãi"
        "Quét mãQR.",  # glued: not the word
        "Đừng tin ma quỷ" + "\u0331",  # a Tày mark after the last letter makes another word
        "ma\u0331 ca",  # Tày: ma̱ is not ma
        "ma\u030f ca",  # nor ma̋ (double grave)
        "Cài ứng dụng ngân hàngxyz",
    ],
)
def test_no_false_positives_inside_longer_words(text):
    terms = [f.term.term for f in GLOSSARY.find(text)]
    assert "mã" not in terms and "ứng dụng ngân hàng" not in terms
    assert "ma" not in terms or text.startswith("Đừng")  # "ma quỷ" has the word ma


def test_decomposed_text_matches_composed_terms():
    assert [f.term.term for f in GLOSSARY.find(unicodedata.normalize("NFD", "Quét mã QR"))] == ["mã QR"]
    assert [f.term.term for f in GLOSSARY.find("quét mã\n  QR")] == ["mã QR"]


def test_a_translation_uses_a_term_in_any_accepted_form():
    term = GLOSSARY.get("MÃ QR")
    assert term is not None and term.preferred == "QR code"
    assert uses("Scan the qr Code on the bill.", term)
    assert uses("Two QR codes.", term)
    assert not uses("Scan the QR-coded bill, or the QRcode.", Term("mã QR", "QR code"))
    assert not uses("Scan the code.", term)
    assert GLOSSARY.missing("Quét mã QR.", "Scan the code.") == [term]
    assert GLOSSARY.missing("Quét mã QR.", "Scan the QR code.") == []
    assert check_terms([Term("lừa đảo")], "en").missing("Lừa đảo", "Anything") == []  # no agreed translation


def test_the_shipped_glossaries_are_valid_and_honest():
    registry = load_registry(ROOT / "locales" / "languages.toml")
    shipped = {}
    for language in registry.translated:
        if language.pseudo:
            continue
        shipped[language.code] = read_glossary(ROOT / "locales", language.code)
    sources = {code: [t.term for t in g.terms] for code, g in shipped.items()}
    assert {"mã QR", "mã OTP", "ứng dụng ngân hàng", "lừa đảo"} <= set(sources["tyz"])
    assert sources["tyz"] == sources["ium"] == sources["mji"] == sources["en"]
    for code in ("tyz", "ium", "mji"):  # nobody here writes Tày or Dao
        assert all(term.translation == "" for term in shipped[code].terms), code
    assert all(term.note for term in shipped["tyz"].terms)
    assert shipped["en"].get("mã QR").preferred == "QR code"
