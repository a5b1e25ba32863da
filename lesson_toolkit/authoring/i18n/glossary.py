"""Glossaries: the agreed translation of key Vietnamese terms, one file per target language.

`locales/<lang>/glossary.csv` is content, kept in git beside the catalogues. CSV, not TBX or a PO
glossary: trainers and translators already keep lists in spreadsheets, LibreOffice and Excel
open and save it ("CSV UTF-8"), a change is one line in a diff, and the standard library reads
it with line numbers for errors. TBX is XML that no tool the teams use edits; a PO glossary
would sit beside the catalogues and look like one to `msgfmt`, Poedit and Weblate.

The file has a header row `term,translation,note`, then one term a row:

- `term`: the Vietnamese term as lessons write it ("mã QR"); unique regardless of case;
- `translation`: the agreed translation, empty while nobody agreed one; several accepted forms
  are separated by `|` ("QR code|QR codes"), the first is the one to use;
- `note`: why or how, for translators (optional).

Matching is case-insensitive on NFC text at word boundaries, where a combining mark (Tày's
U+0331, U+030F) counts as part of the word: "ma" is not found in "ma̱", nor "mã" in "mãi".
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lesson_toolkit.authoring.errors import N_, ToolkitError
from lesson_toolkit.authoring.storage import atomic_write

FILENAME = "glossary.csv"
COLUMNS = ("term", "translation", "note")
MAX_TERM, MAX_TRANSLATION, MAX_NOTE = 80, 200, 500
MAX_TERMS = 2000
FORMS = "|"  # separates accepted forms of a translation
# a letter, digit or combining mark next to a match means it is inside a longer word
WORD = r"[\w\u0300-\u036f]"


class GlossaryError(ToolkitError):
    """A glossary file or term that cannot be used; names the file, line and field."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def glossary_path(locales_dir: Path, code: str) -> Path:
    return locales_dir / code / FILENAME


@dataclass(frozen=True)
class Term:
    term: str
    translation: str = ""
    note: str = ""
    line: int | None = None  # where the file has it (None: not read from a file)

    @property
    def forms(self) -> list[str]:
        """The accepted forms of the translation, the preferred one first."""
        return [form.strip() for form in self.translation.split(FORMS) if form.strip()]

    @property
    def preferred(self) -> str:
        return self.forms[0] if self.forms else ""


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One expression for all phrases, longest first (so "mã QR" wins over "mã"); spaces in a
    phrase match any run of white space."""
    parts = sorted({nfc(p).strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not parts:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in part.split()) for part in parts)
    return re.compile(rf"(?<!{WORD})(?:{alternatives})(?!{WORD})", re.IGNORECASE)


def _fold(text: str) -> str:
    return " ".join(nfc(text).casefold().split())


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    term: Term


@dataclass(frozen=True)
class Glossary:
    """One language's terms, in file order."""

    code: str
    terms: tuple[Term, ...] = ()

    @cached_property
    def _by_fold(self) -> dict[str, Term]:
        return {_fold(t.term): t for t in self.terms}

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        return _pattern(t.term for t in self.terms)

    def get(self, term: str) -> Term | None:
        return self._by_fold.get(_fold(term))

    def find(self, text: str) -> list[Found]:
        """The terms in a source text (NFC), left to right, never overlapping."""
        if self._pattern is None:
            return []
        found = ((m, self._by_fold.get(_fold(m[0]))) for m in self._pattern.finditer(nfc(text)))
        return [Found(m.start(), m.end(), term) for m, term in found if term is not None]

    def terms_in(self, text: str) -> list[Term]:
        """Each term found in `text` once, in the order they first appear."""
        return list(dict.fromkeys(found.term for found in self.find(text)))

    def missing(self, source: str, translation: str) -> list[Term]:
        """Terms of the source with an agreed translation that `translation` does not use."""
        return [term for term in self.terms_in(source) if term.forms and not uses(translation, term)]


def uses(text: str, term: Term) -> bool:
    """Whether `text` contains one of the term's accepted translations as words of its own."""
    pattern = _pattern(term.forms)
    return pattern is not None and pattern.search(nfc(text)) is not None


def check_term(term: Term, path: Path | None = None) -> Term:
    """The term, NFC and stripped, or a GlossaryError naming its field (and line, if read)."""
    values = {}
    for name, limit in zip(COLUMNS, (MAX_TERM, MAX_TRANSLATION, MAX_NOTE), strict=True):
        value = " ".join(nfc(getattr(term, name)).split())  # a line break in a cell is a space
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise GlossaryError(N_("use no control characters"), path=path, line=term.line, field=name)
        if len(value) > limit:
            raise GlossaryError(
                N_("at most %(limit)d characters"), path=path, line=term.line, field=name, params={"limit": limit}
            )
        values[name] = value
    if not values["term"]:
        raise GlossaryError(N_("the Vietnamese term is empty"), path=path, line=term.line, field="term")
    if values["translation"] and not Term("", values["translation"]).forms:
        raise GlossaryError(N_("write the translation, not only “|”"), path=path, line=term.line, field="translation")
    return Term(values["term"], values["translation"], values["note"], term.line)


def check_terms(terms: Sequence[Term], code: str, path: Path | None = None) -> Glossary:
    """Every term checked, no term twice (case and spacing aside)."""
    if len(terms) > MAX_TERMS:
        raise GlossaryError(N_("too many terms (at most %(limit)d)"), path=path, params={"limit": MAX_TERMS})
    seen: dict[str, Term] = {}
    checked = []
    for term in terms:
        term = check_term(term, path)
        earlier = seen.get(_fold(term.term))
        if earlier is not None:
            where = {"term": repr(term.term), "line": earlier.line}
            raise GlossaryError(
                N_("the term %(term)s is already in the glossary (line %(line)d)")
                if earlier.line
                else N_("the term %(term)s is already in the glossary"),
                path=path,
                line=term.line,
                field="term",
                params=where,
            )
        seen[_fold(term.term)] = term
        checked.append(term)
    return Glossary(code, tuple(checked))


def parse_glossary(data: bytes, path: Path, code: str) -> Glossary:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(N_("not UTF-8 text (save it as “CSV UTF-8”)"), path=path, line=line) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    terms: list[Term] = []
    try:
        header = next(reader, None)
        if header is None:
            return Glossary(code)
        if [h.strip().lower() for h in header] != list(COLUMNS):
            raise GlossaryError(
                N_("the first row must be the column names %(columns)s"), path=path, line=1,
                params={"columns": ",".join(COLUMNS)},
            )  # fmt: skip
        while True:
            line = reader.line_num + 1  # where the row starts (a quoted cell may hold line breaks)
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(COLUMNS):
                raise GlossaryError(
                    N_("%(count)d columns; a row has three: term, translation, note (put a comma inside quotes)"),
                    path=path, line=line, params={"count": len(row)},
                )  # fmt: skip
            row = row + [""] * (len(COLUMNS) - len(row))
            terms.append(Term(row[0], row[1], row[2], line=line))
    except csv.Error as exc:
        raise GlossaryError(
            N_("not a CSV row (%(reason)s)"), path=path, line=reader.line_num, params={"reason": str(exc)}
        ) from exc
    return check_terms(terms, code, path)


def read_glossary(locales_dir: Path, code: str) -> Glossary:
    """The language's glossary; an empty one when the file does not exist."""
    path = glossary_path(locales_dir, code)
    if path.is_symlink():
        raise GlossaryError(N_("a symbolic link: put the glossary itself here"), path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Glossary(code)
    except OSError as exc:
        raise GlossaryError(N_("cannot be read (%(reason)s)"), path=path, params={"reason": exc.strerror}) from exc
    return parse_glossary(data, path, code)


def glossary_bytes(glossary: Glossary) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in glossary.terms:
        writer.writerow([term.term, term.translation, term.note])
    return out.getvalue().encode("utf-8")


def write_glossary(locales_dir: Path, glossary: Glossary) -> Path:
    """Check every term and write the file atomically (the caller holds `storage.locked`)."""
    path = glossary_path(locales_dir, glossary.code)
    checked = check_terms(glossary.terms, glossary.code)
    atomic_write(path, glossary_bytes(checked))
    return path
