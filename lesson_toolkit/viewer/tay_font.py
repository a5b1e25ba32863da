"""The small web font that draws Tày's extra marks on phones whose own fonts lack them.

Tày (1961 orthography) adds a combining macron below (U+0331) and a combining double grave
(U+030F) to Latin vowels, which may already carry a Vietnamese tone mark. The macron below has
no precomposed vowel; the double grave has for a, e, i, o, u (U+0200–U+0215), and text is NFC,
so a page holds "ȁ" (U+0201) rather than "a" + U+030F. Many phone fonts have no glyph for them.

How the page loads it (`templates/viewer/critical.css`), from what Chromium does (checked in
`tests/browser/test_tay_marks.py`): a browser shapes a letter and its marks together (one
grapheme cluster) with one font, and a face limited by `unicode-range` counts as lacking
every character outside its range. So a face whose range is the two marks alone is
downloaded as soon as a page holds a mark, but never draws "a" + U+0331: the cluster goes
to the next font. Two families therefore share one file:

- "Tay Marks" (range: the two marks and the precomposed double-grave vowels), first in the font list: the page asks for the file
  when, and only when, it holds one of the marks;
- "Tay Letters" (range: everything in the file), after the phone's own fonts: it draws a
  cluster only where the phone's fonts cannot draw it whole, and is never reached for text
  the phone's fonts can draw, so a page without the marks never asks for the file.

The file is a subset of Noto Sans (SIL Open Font License 1.1, see `static/viewer/tay-marks.txt`)
made with fontTools' subsetter: `python -m viewer.tay_font [/path/to/NotoSans-Regular.ttf]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")  # Debian's fonts-noto-core
OUT = Path(__file__).resolve().parent.parent / "static" / "viewer" / "tay-marks.woff2"
FAMILY = "Tay Marks"

TAY_MARKS = (0x0331, 0x030F)
# the vowels Tày writes, bare and with each Vietnamese tone mark (precomposed), and their capitals
TAY_VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
# a Vietnamese mark typed as a combining character, and the dotted circle shown for a lone mark
OTHER_MARKS = (0x0300, 0x0301, 0x0302, 0x0303, 0x0306, 0x0309, 0x031B, 0x0323, 0x25CC)


def marked_vowels() -> list[int]:
    """The precomposed vowels with a Tày mark (NFC composes a + U+030F into U+0201)."""
    import unicodedata

    found = set()
    for vowel in TAY_VOWELS + TAY_VOWELS.upper():
        for mark in TAY_MARKS:
            composed = unicodedata.normalize("NFC", vowel + chr(mark))
            if len(composed) == 1:
                found.add(ord(composed))
    return sorted(found)


def tay_letters() -> list[int]:
    """Every character of the font: the Tày vowels with and without tones (the letters the marks
    go on), and the marks."""
    import unicodedata

    chars = set(TAY_MARKS) | set(OTHER_MARKS) | set(marked_vowels())
    for vowel in TAY_VOWELS + TAY_VOWELS.upper():
        for tone in TONES:
            composed = unicodedata.normalize("NFC", vowel + tone)
            if len(composed) == 1:
                chars.add(ord(composed))
    return sorted(chars)


def unicode_range(codes: list[int]) -> str:
    """CSS `unicode-range` for `codes`, consecutive code points joined (`U+20-7E, U+C0`)."""
    spans: list[list[int]] = []
    for code in codes:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def build(source: Path = SOURCE, out: Path = OUT) -> Path:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["ccmp", "mark", "mkmk", "kern", "locl"]  # marks placed on their letters
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, license
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=tay_letters())
    subsetter.subset(font)
    for record in font["name"].names:  # a subset under its own name, as the OFL asks
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
    subset.save_font(font, str(out), options)
    return out


if __name__ == "__main__":
    written = build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
    print(f"{written}: {written.stat().st_size} bytes")
    print(f'"Tay Marks" unicode-range: {unicode_range(sorted([*TAY_MARKS, *marked_vowels()]))}')
    print(f'"Tay Letters" unicode-range: {unicode_range(tay_letters())}')
