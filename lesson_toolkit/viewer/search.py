"""Search over rendered lessons, forgiving of missing diacritics.

Learners often type without diacritics (`thanh toan dien` for "Thanh toán tiền điện"), and Tày
uses combining marks (U+0331, U+030F) that have no precomposed form. Text and query are both
*folded*: decomposed (NFD), stripped of every combining mark, `đ` mapped to `d`, case-folded.
A document matches when every query word starts a word of its title, summary or body; title
matches rank first, then summary, then body. No Flask here: the view passes rendered lessons in.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from lesson_toolkit.authoring.core.render import RenderedLesson

WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]+>")
# Letters that NFD does not decompose but that learners type without their stroke.
LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"})
# Weights of a word found in each field: any title match outranks any summary-only match.
WEIGHTS = {"title": 100, "summary": 10, "body": 1}


def fold(text: str) -> str:
    """Lower-case text without diacritics: `Tiền điện` → `tien dien`."""
    decomposed = unicodedata.normalize("NFD", text.translate(LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def html_text(markup: str) -> str:
    """The readable text of sanitised lesson HTML (alt texts included: they describe steps)."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', markup))
    return html.unescape(TAG.sub(" ", markup) + " " + alts)


@dataclass(frozen=True)
class Document:
    """One lesson's searchable words, in one language."""

    page: RenderedLesson
    fields: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, page: RenderedLesson) -> Document:
        texts = {"title": page.title.text, "summary": page.summary.text, "body": html_text(page.html)}
        return cls(page, {name: tuple(words(text)) for name, text in texts.items()})


@dataclass(frozen=True)
class Hit:
    page: RenderedLesson
    score: int


def _field_score(query: list[str], field: tuple[str, ...]) -> int:
    """How many query words start a word of the field, with a bonus for the whole phrase."""
    found = sum(1 for term in query if any(word.startswith(term) for word in field))
    phrase = " ".join(query)
    bonus = 1 if len(query) > 1 and f" {phrase}" in " " + " ".join(field) else 0
    return found + bonus


def score(query: list[str], document: Document) -> int:
    """0 when some query word is nowhere in the document."""
    everywhere = [word for field in document.fields.values() for word in field]
    if not all(any(word.startswith(term) for word in everywhere) for term in query):
        return 0
    return sum(WEIGHTS[name] * _field_score(query, field) for name, field in document.fields.items())


def search(query: str, documents: Iterable[Document]) -> list[Hit]:
    """Lessons matching every word of `query`, best first (ties keep the documents' order)."""
    terms = words(query)
    if not terms:
        return []
    hits = [Hit(doc.page, s) for doc in documents if (s := score(terms, doc))]
    return sorted(hits, key=lambda hit: -hit.score)
