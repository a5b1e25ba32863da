"""The search index for reading without a server (the static pack, offline), in parts.

A learner's phone downloads only what a query needs:

- the entry script (`/<lang>/search-index.js`) defines `LESSON_INDEX`: per lesson its link,
  title, summary (and their languages) and the languages it can be heard in, in the documents'
  order; and the parts, by the first `DEPTH` (three) folded letters of the words they hold;
- each part (`/<lang>/search-index/<name>.js`) holds, for every folded word starting with its
  letters, which lessons have it in their title, summary and body: `[word, [title lessons,
  summary lessons, body lessons], word, …]`; and a part's places (`<name>.pos.js`) where in
  each field, for the phrase bonus of a query of several words: per word in the same order,
  per field, per lesson of that list, the word's positions. Lists, not objects: a word may be
  `__proto__`, which an object literal would take for its prototype;
- for each start of one or two letters (shorter than a part's name), which lessons have a word
  starting with it in each field (`<name>.starts.js`): all a one-word query of one or two
  letters needs, however many words start so (`t` alone would need every part of `t…`).

A query word of three letters or more needs one part. A shorter one needs its start's lessons;
in a query of several words it needs positions too: the part of the word itself when it is not
the last (the phrase bonus wants the words before the last whole), every part starting with it
when it is the last (`ma`: the word `ma` itself, `mai`, `man`, …). `static/viewer/search.js`
loads them with `<script src>` (browsers refuse `fetch` from `file://`, not scripts) and ranks
exactly like `viewer.search.score`: the parts hold every word of every field with its
positions, so the fields can be rebuilt from them word for word.

Lesson numbers and positions are stored as differences from the previous one (smaller numbers
compress better).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lesson_toolkit.viewer.search import Document

FIELDS = ("title", "summary", "body")  # the order of `viewer.search.WEIGHTS`, as search.js weighs them
PARTS_FOLDER = "search-index"
DEPTH = 3  # letters that name a part: with two, `th` alone was a third of a query's bytes
SAFE_KEY = re.compile(r"[a-z0-9]{1,3}")
# what a script part may be called: `tha.js`, `tha.pos.js`, `_448.js` (site.py keeps these)
PART_FILE = re.compile(r"[a-z0-9_]+(?:\.pos|\.starts)?\.js")


def part_key(word: str) -> str:
    """The part a folded word is in: its first `DEPTH` letters (code points)."""
    return word[:DEPTH]


def part_name(key: str) -> str:
    """A file name safe anywhere: plain letters and digits as they are, anything else as its hex
    code points (`ш` is `_448`, `_a` is `_5f_61`): no two keys have one name."""
    if SAFE_KEY.fullmatch(key):
        return key
    return "".join(f"_{ord(ch):x}" for ch in key)


def script_literal(value: object) -> str:
    """JSON that is also safe as a script's text: no `</script>`, no line separators that old
    browsers refuse inside strings (`<`, U+2028 and U+2029 only ever occur inside strings)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def deltas(numbers: Iterable[int]) -> list[int]:
    out, previous = [], 0
    for number in numbers:
        out.append(number - previous)
        previous = number
    return out


def starts_of(keys: Iterable[str]) -> set[str]:
    """The starts shorter than a part's name (`t`, `th` for `tha`) that have a `.starts.js`."""
    return {key[:length] for key in keys for length in range(1, min(DEPTH, len(key) + 1))}


@dataclass(frozen=True)
class OfflineIndex:
    """The entry script and every part's script, by file name (`tha.js`, `tha.pos.js`, `th.starts.js`)."""

    entry: str
    parts: dict[str, str]


def build_index(
    documents: Iterable[Document], link_suffix: str = "", heard: Callable[[Document], str] = lambda doc: ""
) -> OfflineIndex:
    """Links are relative to the search page: `lessons/<slug>` (+ `.html` in the static pack).
    `heard`: the languages a lesson can be listened to in, as the page says them ("tiếng Tày")."""
    docs = list(documents)
    # key → word → per field: [(lesson number, [positions])]
    grouped: dict[str, dict[str, list[list[tuple[int, list[int]]]]]] = defaultdict(dict)
    for number, doc in enumerate(docs):
        for field_number, name in enumerate(FIELDS):
            places: dict[str, list[int]] = defaultdict(list)
            for position, word in enumerate(doc.fields[name]):
                places[word].append(position)
            for word, positions in places.items():
                fields = grouped[part_key(word)].setdefault(word, [[], [], []])
                fields[field_number].append((number, positions))
    starts: dict[str, list[set[int]]] = defaultdict(lambda: [set(), set(), set()])
    for by_word in grouped.values():
        for word, by_field in by_word.items():
            for length in range(1, min(DEPTH, len(word) + 1)):
                for having, found in zip(starts[word[:length]], by_field, strict=True):
                    having.update(number for number, _ in found)
    names = {key: part_name(key) for key in sorted(grouped)}
    lessons = [
        {
            "u": f"lessons/{doc.page.lesson.slug}{link_suffix}",
            "t": doc.page.title.text,
            "tl": doc.page.title.lang,
            "s": doc.page.summary.text,
            "sl": doc.page.summary.lang,
            **({"h": voices} if (voices := heard(doc)) else {}),
        }
        for doc in docs
    ]
    parts = {f"{PARTS_FOLDER}/{name}.js" for name in names.values()}
    assert len(parts) == len(names), "two parts with one name"
    entry = {
        "depth": DEPTH,
        "parts": {key: f"{PARTS_FOLDER}/{name}" for key, name in names.items()},
        "lessons": lessons,
    }
    scripts = {}
    for key, name in names.items():
        words = sorted(grouped[key].items())
        which = [item for word, fields in words for item in (word, [deltas(n for n, _ in f) for f in fields])]
        where = [[[deltas(p) for _, p in field] for field in fields] for _, fields in words]
        scripts[f"{name}.js"] = part_script(key, "words", which)
        scripts[f"{name}.pos.js"] = part_script(key, "places", where)
    for start, sets in sorted(starts.items()):
        scripts[f"{part_name(start)}.starts.js"] = part_script(start, "starts", [deltas(sorted(f)) for f in sets])
    return OfflineIndex("window.LESSON_INDEX = " + script_literal(entry) + ";\n", scripts)


def part_script(key: str, kind: str, value: object) -> str:
    """`LESSON_PARTS.words["th"] = {...}`: a script that adds its part to the global, whichever
    order the parts arrive in."""
    return (
        f"(function (p) {{ p.{kind}[{script_literal(key)}] = {script_literal(value)}; }})"
        "(window.LESSON_PARTS = window.LESSON_PARTS || { words: {}, places: {}, starts: {} });\n"
    )
