"""What a learner downloads for one offline search, and how soon the first result shows.

For each size (6, 60, 600 lessons: bench_scale.py's generated library, each size in a fresh
process), the search page, its assets and the whole offline index are written as a small pack
(the exporter's crawler, started at the search page only) and opened from file:// in Chromium
(Debian's, through Playwright) with the CPU slowed 4× (CDP `Emulation.setCPUThrottlingRate`).

Prints per size, in brotli bytes (quality 11, as the server sends its pages): the entry script,
the largest part, all parts together, the former one-file index (every lesson's folded title,
summary and body) for comparison; for a few typical queries the bytes that search downloads
(entry + the parts its page asked for, as Chromium requested them), median and largest; and the
time from navigation start to the first result on the slowed CPU, median of several runs.

`--distinct` rewrites every copy's words through a per-copy permutation of the bundled lessons'
vocabulary, so that copies no longer repeat each other: brotli then cannot fold 50 copies of a
lesson into one, as it does for bench_scale's library, and the figures are nearer a library of
600 different lessons. Asserts nothing.

    .venv/bin/python bench/bench_offline_search.py [--sizes 6 60 600] [--runs 5] [--distinct]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import TEXT_LINE, make_library  # noqa: E402

QUERIES = ["thanh toan tien dien", "ma qr", "zalo", "lua dao", "dien thoai", "ngan hang", "t", "vneid"]
TIMED = ["thanh toan tien dien", "zalo", "t"]
WORD = re.compile(r"[^\W\d_]+")
KEEP_AS_IS = re.compile(r"(\]\([^)]*\)|`[^`]*`)")  # link targets and code


def make_distinct(root: Path, bundled_count: int = 12) -> None:
    """Every copy past the first round of the bundled lessons: its words (title, summary and
    body text, not link targets or code) mapped through a permutation of its own."""
    lessons = sorted((root / "lessons").glob("*/lesson.md"))
    vocabulary = sorted({w.lower() for path in lessons[:bundled_count] for w in WORD.findall(path.read_text("utf-8"))})
    place = {word: i for i, word in enumerate(vocabulary)}

    def swap(text: str, number: int) -> str:
        def one(match: re.Match) -> str:
            at = place.get(match[0].lower())
            return match[0] if at is None else vocabulary[(at + number * 7919) % len(vocabulary)]

        return "".join(part if KEEP_AS_IS.fullmatch(part) else WORD.sub(one, part) for part in KEEP_AS_IS.split(text))

    for number, path in enumerate(lessons):
        if number < bundled_count:
            continue
        head, _, body = path.read_text("utf-8").partition("\n---\n")
        head = re.sub(
            r"^(title|summary): (.*)$", lambda m, number=number: f"{m[1]}: {swap(m[2], number)}", head, flags=re.M
        )
        lines = []
        for line in body.splitlines():
            match = None if line.lstrip().startswith(("|", ":::", "<", "!!!", "```")) else TEXT_LINE.match(line)
            lines.append(f"{match[1]}{swap(match[2], number)}" if match else line)
        path.write_text(f"{head}\n---\n" + "\n".join(lines) + "\n", "utf-8")


def former_index(documents: list) -> str:
    """The one-file index as it was: every lesson's texts and folded fields."""
    entries = [
        {"u": f"lessons/{d.page.lesson.slug}.html", "t": d.page.title.text, "tl": d.page.title.lang,
         "s": d.page.summary.text, "sl": d.page.summary.lang,
         "f": [" ".join(d.fields[name]) for name in ("title", "summary", "body")]}
        for d in documents
    ]  # fmt: skip
    return "window.LESSON_INDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"


def search_pack(size: int, distinct: bool) -> tuple[Path, int]:
    """A pack of the search page and the whole index over a generated library; the former
    index's brotli bytes."""
    import brotli

    tmp = Path(tempfile.mkdtemp(prefix=f"offline-search-{size}-"))
    make_library(tmp, size)
    if distinct:
        make_distinct(tmp)
    from lesson_toolkit.app import create_app
    from lesson_toolkit.exports.site import SiteCrawler, keeper, write_pack
    from lesson_toolkit.extensions import db

    config = {"LESSONS_DIR": str(tmp / "lessons"), "LOCALES_DIR": str(tmp / "locales"), "INSTANCE_PATH": str(tmp),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench"}  # fmt: skip
    app = create_app(config)
    with app.app_context():
        db.create_all()
    app.config.update(STATIC_EXPORT=True, STATIC_EXPORT_PDFS=False, STATIC_EXPORT_LANGUAGES=["vi"])
    full = keeper(["vi"], with_pdfs=False)
    lessons_page = re.compile(r"/vi/(?:lessons|topics)/.*|/vi/")  # the search page's links stay links
    crawler = SiteCrawler(app, lambda path: full(path) and not lessons_page.fullmatch(path))
    found = crawler.crawl(["/vi/search", "/vi/search-index.js"]).found
    pages = {item.file: item.body for item in found.values()}
    write_pack(pages, tmp / "pack")
    with app.test_request_context("/vi/search"):
        from lesson_toolkit.extensions import toolkit
        from lesson_toolkit.viewer.views import documents, rendered_lessons

        toolkit.lang  # noqa: B018 (the request's language, as a view would read it)
        former = len(brotli.compress(former_index(documents(rendered_lessons())).encode(), quality=11))
    return tmp / "pack", former


def measure(size: int, runs: int, distinct: bool) -> dict:
    import brotli
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, PHONE, chromium_path

    pack, former = search_pack(size, distinct)
    folder = pack / "vi"

    def br(path: Path) -> int:
        return len(brotli.compress(path.read_bytes(), quality=11))

    parts = {p.name: br(p) for p in (folder / "search-index").iterdir()}
    entry = br(folder / "search-index.js")
    largest = max(parts.items(), key=lambda item: item[1])
    watch = """new MutationObserver(function (changes, observer) {
      if (document.querySelector('[data-static-search] [role=status]')) {
        window.firstResult = performance.now(); observer.disconnect(); }
    }).observe(document, {childList: true, subtree: true});"""
    downloads, times = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        def run(query: str, throttle: bool) -> tuple[float, list[str]]:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = context.new_page()
            page.add_init_script(watch)
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url.rsplit("/", 1)[1]) if "/search-index/" in r.url else None)
            if throttle:
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto((folder / "search.html").as_uri() + "?q=" + query.replace(" ", "+"))
            page.wait_for_function("window.firstResult !== undefined")
            took = page.evaluate("window.firstResult")
            context.close()
            return took, asked

        for query in QUERIES:
            _, asked = run(query, throttle=False)
            downloads[query] = entry + sum(parts[name] for name in asked)
        for query in TIMED:
            times[query] = statistics.median(run(query, throttle=True)[0] for _ in range(runs))
        browser.close()
    shutil.rmtree(pack.parent, ignore_errors=True)
    return {
        "entry": entry, "largest_part": largest[1], "largest_part_name": largest[0], "parts": sum(parts.values()),
        "part_files": len(parts), "former": former, "download_median": statistics.median(downloads.values()),
        "download_max": max(downloads.values()), "downloads": downloads, "first_result_ms": times,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 60, 600])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--distinct", action="store_true", help="copies with words of their own")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs, args.distinct)))
        return
    results = {}
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--runs", str(args.runs)]
        done = subprocess.run(command + (["--distinct"] if args.distinct else []), check=True,
                              capture_output=True, text=True, cwd=ROOT)  # fmt: skip
        results[size] = json.loads(done.stdout.strip().splitlines()[-1])
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    rows = [
        ("entry script, brotli", lambda r: kb(r["entry"])),
        ("largest part, brotli", lambda r: f"{kb(r['largest_part'])} {r['largest_part_name']}"),
        ("all parts (files), brotli", lambda r: f"{kb(r['parts'])} ({r['part_files']})"),
        ("former one-file index, brotli", lambda r: kb(r["former"])),
        ("download per query, median", lambda r: kb(r["download_median"])),
        ("download per query, largest", lambda r: kb(r["download_max"])),
        *((f"first result, 4× CPU: {q!r}", lambda r, q=q: f"{r['first_result_ms'][q]:.0f} ms") for q in TIMED),
    ]
    print(
        f"{'':40}" + "".join(f"{size:>18}" for size in args.sizes) + ("   (distinct copies)" if args.distinct else "")
    )
    for label, cell in rows:
        print(f"{label:40}" + "".join(f"{cell(results[size]):>18}" for size in args.sizes))
    print("downloads per query at", args.sizes[-1], "lessons:",
          ", ".join(f"{q!r} {kb(n)}" for q, n in results[args.sizes[-1]]["downloads"].items()))  # fmt: skip


if __name__ == "__main__":
    main()
