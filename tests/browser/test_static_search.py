"""The static pack's offline search over a library big enough for its parts to matter, opened
from a folder (file://) in Chromium: it ranks exactly like the server, loads only the parts a
query needs, and a hostile title stays text.

The library: the bundled lessons, two marked copies of each (same bodies, so ties must keep the
documents' order), and a few lessons written for the edge cases (phrases, repeated words, Tày
marks, words that are names of JavaScript properties, a title that tries to end the script).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.viewer.search_index import PART_FILE
from tests.conftest import ROOT, make_app

pytestmark = pytest.mark.browser

HOSTILE = "</script><script>window.broken = 1</script> \"quoted\" 'single' \u2028 line"
EXTRA = {
    # the words of a phrase in a row here, apart in the next one: the bonus decides
    "phrase-in-a-row": ("Mã QR ngân hàng", "Quét mã QR của ngân hàng.", "Mở ứng dụng ngân hàng rồi quét mã QR."),
    "phrase-apart": ("Ngân hàng và mã", "Mã của ngân hàng, QR sau.", "Ngân hàng có mã. QR ở đây."),
    "repeated-words": ("Mã mã", "Ma ma mã.", "Mã ma mã ma."),
    "tay-marks": ("Ba\u0331n pa\u030fc", "kapqo\u0331 takqo\u030f", "Ba\u0331n na\u0331 pa\u030fc kapqo\u0331."),
    "script-words": ("Constructor", "__proto__ toString", "hasOwnProperty valueOf __proto__ constructor."),
    "hostile-title": (HOSTILE, 'Một bài "khó" </script>.', "Chữ script trong bài."),
}
QUERIES = [
    "thanh toan",
    "tiền điện",
    "hoa don tien dien",
    "dien thoai ngan hang",
    "ma qr",
    "quet ma qr",
    "ngan hang ma",
    "ma ma",
    "ma ma ma",
    "zalo",
    "t",
    "q",
    "2",
    "m q",
    "ma qr",
    "ngan h",
    "t m",
    "ban pac",
    "ba\u0331n pa\u030fc",
    "kapqo",
    "constructor",
    "__proto__",
    "script",
    "zzzqqq",
]


@dataclass
class Library:
    app: object
    pack: Path


def copy_lesson(source: Path, target: Path, number: int) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("audio"))
    lesson = target / "lesson.md"
    text = lesson.read_text("utf-8")
    text = re.sub(r"^title: (.*)$", lambda m: f"title: {m[1]} (bản {number})", text, count=1, flags=re.M)
    lesson.write_text(text, "utf-8")


def write_extra(lessons: Path, slug: str, title: str, summary: str, body: str) -> None:
    folder = lessons / slug
    folder.mkdir()
    quote = lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L") + '"'  # noqa: E731
    (folder / "lesson.md").write_text(
        f"---\ntitle: {quote(title)}\nsummary: {quote(summary)}\ntopic: payments\nlevel: 1\nminutes: 5\n---\n\n"
        f"## Các bước\n\n1. {body}\n",
        "utf-8",
    )


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    root = tmp_path_factory.mktemp("static-search")
    content = root / "content"
    shutil.copytree(ROOT / "lessons", content / "lessons")
    shutil.copytree(ROOT / "locales", content / "locales", ignore=shutil.ignore_patterns("*.mo", "qps"))
    compile_catalogues(content / "locales", load_registry(content / "locales" / "languages.toml"))
    bundled = sorted(p for p in (content / "lessons").iterdir() if (p / "lesson.md").exists())
    for source in bundled:
        for number in (2, 3):
            copy_lesson(source, content / "lessons" / f"{source.name}-copy-{number}", number)
    for slug, (title, summary, body) in EXTRA.items():
        write_extra(content / "lessons", slug, title, summary, body)
    app = make_app(content, root)
    out = root / "pack"
    result = app.test_cli_runner().invoke(args=["export", "site", str(out), "--lang", "vi"])
    assert result.exit_code == 0, result.output
    (root / "server").mkdir()
    return Library(make_app(content, root / "server"), out)  # the exporting app is the pack's now


def server_ranking(client, query: str) -> list[str]:
    """Every result of the server's search, page after page."""
    slugs, number = [], 1
    while True:
        response = client.get("/vi/search", query_string={"q": query, "page": number})
        if response.status_code == 404:
            return slugs
        html = response.get_data(as_text=True)
        slugs += re.findall(r'<li><div>\s*<a href="/vi/lessons/([a-z0-9-]+)"', html)
        if 'rel="next"' not in html:
            return slugs
        number += 1


def offline_search(phone, pack: Path, query: str) -> tuple[list[str], list[str]]:
    """The pack's results for `query`, and the index parts the page loaded."""
    loaded: list[str] = []
    listener = lambda request: loaded.append(request.url) if "/search-index/" in request.url else None  # noqa: E731
    phone.on("request", listener)
    try:
        phone.goto((pack / "vi" / "search.html").as_uri() + "?q=" + quote(query))
        phone.locator("[data-static-search] [role=status]").wait_for()
        hrefs = phone.eval_on_selector_all("[data-static-search] ul.results a", "links => links.map(a => a.href)")
    finally:
        phone.remove_listener("request", listener)
    slugs = [href.rsplit("/lessons/", 1)[1].removesuffix(".html") for href in hrefs]
    return slugs, [url.rsplit("/search-index/", 1)[1] for url in loaded]


def test_the_pack_ranks_every_query_like_the_server(phone, library):
    client = library.app.test_client()
    differ = {}
    for query in QUERIES:
        server = server_ranking(client, query)
        offline, _ = offline_search(phone, library.pack, query)
        if offline != server:
            differ[query] = (server, offline)
    assert differ == {}
    # the queries do test something: many results, ties, phrases and marks
    assert len(server_ranking(client, "t")) > 24  # more than one server page
    assert server_ranking(client, "ngan hang ma")[:2] == ["phrase-in-a-row", "phrase-apart"]
    assert server_ranking(client, "ban pac") == ["tay-marks"] == server_ranking(client, "ba\u0331n pa\u030fc")
    assert server_ranking(client, "zzzqqq") == []


def test_a_query_loads_only_the_parts_it_needs(phone, library):
    parts = sorted(p.name for p in (library.pack / "vi" / "search-index").iterdir())
    assert len(parts) > 60 and all(PART_FILE.fullmatch(name) for name in parts)
    entry = (library.pack / "vi" / "search-index.js").read_text("utf-8")
    named = json.loads(entry[entry.index("=") + 1 :].strip().removesuffix(";"))["parts"].values()
    files = {f"{n.removeprefix('search-index/')}{end}" for n in named for end in (".js", ".pos.js")}
    starts = {name for name in parts if name.endswith(".starts.js")}
    assert set(parts) == files | starts
    assert {"t.starts.js", "th.starts.js", "ma.starts.js", "_5f.starts.js", "_5f_5f.starts.js"} <= starts

    _, loaded = offline_search(phone, library.pack, "thanh toan")
    assert sorted(loaded) == ["tha.js", "tha.pos.js", "toa.js", "toa.pos.js"]
    _, loaded = offline_search(phone, library.pack, "zalo")
    assert loaded == ["zal.js"]  # one word: no positions needed
    # one short word: which lessons have a word starting with it, however many words do
    _, loaded = offline_search(phone, library.pack, "ma")
    assert loaded == ["ma.starts.js"]
    _, loaded = offline_search(phone, library.pack, "t")
    assert loaded == ["t.starts.js"]
    # a short word before another: the word itself for the phrase; the last one: every word
    # starting with it ("ma" itself, "mat", …)
    _, loaded = offline_search(phone, library.pack, "ma ngan")
    assert sorted(loaded) == ["ma.js", "ma.pos.js", "ma.starts.js", "nga.js", "nga.pos.js"]
    _, loaded = offline_search(phone, library.pack, "quet ma")
    every = sorted(n for n in parts if n.startswith("ma") and not n.endswith(".starts.js"))
    assert "ma.js" in every and "mat.pos.js" in every
    assert sorted(loaded) == sorted(["ma.starts.js", "que.js", "que.pos.js", *every])
    _, loaded = offline_search(phone, library.pack, "zzzqqq")
    assert loaded == []  # no word starts with "zz": nothing to load, no lesson found
    _, loaded = offline_search(phone, library.pack, "__proto__")
    assert loaded == ["_5f_5f_70.js"]


def test_a_hostile_title_stays_text(phone, library):
    results, _ = offline_search(phone, library.pack, "script")
    assert "hostile-title" in results
    link = phone.locator("[data-static-search] ul.results a[href='lessons/hostile-title.html']")
    assert link.inner_text().startswith("</script><script>window.broken = 1</script>")
    assert phone.evaluate("window.broken") is None
    entry = (library.pack / "vi" / "search-index.js").read_text("utf-8")
    assert "</script" not in entry and "\u2028" not in entry
