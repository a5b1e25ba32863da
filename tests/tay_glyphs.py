"""Every Tày vowel with each of the two extra marks, and reading which glyphs a font draws.

The sample is a character table, not Tày text: each vowel of the 1961 orthography, bare and
with a Vietnamese tone, followed by a combining macron below (U+0331) or a combining double
grave (U+030F), which have no precomposed forms.
"""

from __future__ import annotations

import unicodedata

from fontTools.ttLib import TTFont

MARKS = ("\u0331", "\u030f")
VOWELS = "aăâeêioôơuưy"
TONED = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def sample_words() -> list[str]:
    """One "word" per vowel (lower and upper case): the vowel with each mark, then with a tone."""
    words = []
    for vowel in VOWELS + VOWELS.upper():
        marked = [vowel + mark for mark in MARKS]
        toned = [unicodedata.normalize("NFC", vowel + TONED[len(words) % len(TONED)] + MARKS[len(words) % 2])]
        words.append(unicodedata.normalize("NFC", "".join(marked + toned)))
    return words


SAMPLE = " ".join(sample_words())
# the characters a font must map for the sample (NFC: precomposed toned vowels, combining marks)
CHARACTERS = sorted(set(SAMPLE) - {" "})


def unmapped(font: TTFont, characters: list[str] = CHARACTERS) -> list[str]:
    """Characters the font's cmap has no glyph for (they would be drawn as .notdef)."""
    cmap = font.getBestCmap()
    return [f"U+{ord(ch):04X}" for ch in characters if ord(ch) not in cmap]


def unplaced_marks(font: TTFont, bases: str = VOWELS + VOWELS.upper()) -> list[str]:
    """(base, mark) pairs that the font has no mark-to-base anchor for in GPOS: a mark that
    would be drawn beside its letter, not on it."""
    cmap = font.getBestCmap()
    placed: set[tuple[str, str]] = set()
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            table = sub.ExtSubTable if lookup.LookupType == 9 else sub
            if getattr(table, "LookupType", lookup.LookupType) != 4 or not hasattr(table, "MarkCoverage"):
                continue
            for mark in table.MarkCoverage.glyphs:
                for base in table.BaseCoverage.glyphs:
                    placed.add((base, mark))
    missing = []
    for base in bases:
        for mark in MARKS:
            pair = (cmap.get(ord(base)), cmap.get(ord(mark)))
            if pair not in placed:
                missing.append(f"{base}+U+{ord(mark):04X}")
    return missing
