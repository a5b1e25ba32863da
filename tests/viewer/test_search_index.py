"""The offline search index in parts: every field can be rebuilt from the parts word for word
(so search.js has all that viewer.search.score uses), part names are safe, scripts are inert."""

from __future__ import annotations

import json
import re

from lesson_toolkit.viewer.search import Document
from lesson_toolkit.viewer.search_index import FIELDS, PART_FILE, build_index, part_name, starts_of
from tests.viewer.test_search import page

PAGES = [
    page("bill", "Thanh toán tiền điện", "Trả tiền điện bằng mã QR.", "<p>Mở ứng dụng, quét mã QR, thanh toán.</p>"),
    page("tay", "Ba\u0331n pa\u030fc", "kapqo\u0331", "<p>ma ma mã __proto__ constructor</p>"),
    page("odd", "Ш ш 中文 a _x", "", "<p>t ta tb đ 2024 ½</p>"),
]


def parsed(script: str) -> object:
    """The value a part or entry script assigns (its JSON literal)."""
    match = re.fullmatch(
        r"(?:window\.LESSON_INDEX = (.*);|\(function \(p\) \{ p\.\w+\[\"[^\"]*\"\] = (.*); \}\).*;)\n", script, re.S
    )
    assert match, script[:80]
    return json.loads(match[1] or match[2])


def undelta(numbers: list[int]) -> list[int]:
    out, total = [], 0
    for number in numbers:
        total += number
        out.append(total)
    return out


def test_every_field_is_rebuilt_word_for_word_from_the_parts():
    docs = [Document.of(p) for p in PAGES]
    index = build_index(docs, link_suffix=".html")
    entry = parsed(index.entry)
    rebuilt: list[dict[str, dict[int, str]]] = [{name: {} for name in FIELDS} for _ in docs]
    for key, path in entry["parts"].items():
        name = path.removeprefix("search-index/")
        which, where = parsed(index.parts[f"{name}.js"]), parsed(index.parts[f"{name}.pos.js"])
        words = which[0::2]
        assert all(word[:3] == key for word in words) and len(where) == len(words)
        for word, lessons, places in zip(words, which[1::2], where, strict=True):
            for field, numbers, positions in zip(FIELDS, lessons, places, strict=True):
                for lesson, at in zip(undelta(numbers), positions, strict=True):
                    for position in undelta(at):
                        rebuilt[lesson][field][position] = word
    for doc, fields in zip(docs, rebuilt, strict=True):
        for name in FIELDS:
            assert tuple(fields[name][i] for i in range(len(fields[name]))) == doc.fields[name]
    assert [lesson["u"] for lesson in entry["lessons"]] == ["lessons/bill.html", "lessons/tay.html", "lessons/odd.html"]
    assert entry["lessons"][1]["t"] == "Ba\u0331n pa\u030fc"  # shown as written; only the parts are folded


def test_part_names_are_safe_and_never_shared():
    index = build_index([Document.of(p) for p in PAGES])
    assert all(PART_FILE.fullmatch(name) for name in index.parts)
    keys = ["tha", "th", "t", "2", "ш", "中文", "_x", "__", "x_", "a", "½", "__p"]
    names = [part_name(key) for key in keys]
    assert len(set(names)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9_]+", name) for name in names)
    assert part_name("tha") == "tha" and part_name("__") == "_5f_5f"


def test_a_hostile_title_cannot_end_the_script():
    hostile = page("x", "</script><script>alert(1)</script> \"a\" 'b' \u2028\u2029", "</SCRIPT>")
    index = build_index([Document.of(hostile)])
    for script in [index.entry, *index.parts.values()]:
        assert "<" not in script and "\u2028" not in script and "\u2029" not in script
    assert parsed(index.entry)["lessons"][0]["t"] == hostile.title.text


def test_each_short_start_lists_the_lessons_with_a_word_starting_so():
    docs = [Document.of(p) for p in PAGES]
    index = build_index(docs)
    keys = parsed(index.entry)["parts"]
    starts = {name.removesuffix(".starts.js") for name in index.parts if name.endswith(".starts.js")}
    assert starts == {part_name(start) for start in starts_of(keys)} and "t" in starts
    for start in starts_of(keys):
        lessons = [undelta(numbers) for numbers in parsed(index.parts[f"{part_name(start)}.starts.js"])]
        expected = [
            [n for n, doc in enumerate(docs) if any(word.startswith(start) for word in doc.fields[field])]
            for field in FIELDS
        ]
        assert lessons == expected, start
