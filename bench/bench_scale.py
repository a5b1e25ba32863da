"""A province's library: how the toolkit's costs grow from 6 to 60 to 600 lessons.

Each size is a generated library in a temporary folder: copies of the bundled lessons (with
their pictures), every text line of each copy marked with its copy number so that every copy's
messages are its own, and a filled English catalogue (every message translated). Each size runs
in a fresh process, so that "cold" is cold and the memory figure is that size's alone.

Prints one table: each figure at each size and its ratio to the smallest size, measured in the
same run (medians where a figure is repeated). Asserts nothing.

    .venv/bin/python bench/bench_scale.py [--sizes 6 60 600] [--runs 15] [--export-up-to 60]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXT_LINE = re.compile(r"^(\s*(?:#+ |[-*] |\d+\. |> )?)(?!!\[)(\S.*?)\s*$")  # not a picture line


def mark_copy(text: str, number: int) -> str:
    """The lesson with every text line (title, summary, headings, items, paragraphs) ending in
    `(number)`, so that the copy's messages differ from every other copy's."""
    head, _, body = text.partition("\n---\n")
    head = re.sub(r"^(title|summary): (.*)$", lambda m: f"{m[1]}: {m[2]} ({number})", head, flags=re.M)
    lines, fenced = [], False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced or line.lstrip().startswith(("|", ":::", "<", "!!!")) else TEXT_LINE.match(line)
        lines.append(f"{match[1]}{match[2]} ({number})" if match and not match[2].startswith("!") else line)
    return f"{head}\n---\n" + "\n".join(lines) + "\n"


def make_library(root: Path, size: int) -> list[str]:
    """`size` lessons under root/lessons (and root/locales with the registry); their slugs."""
    bundled = sorted(path for path in (ROOT / "lessons").iterdir() if (path / "lesson.md").exists())
    slugs = []
    for number in range(size):
        source = bundled[number % len(bundled)]
        slug = f"{source.name}-{number:03d}"
        target = root / "lessons" / slug
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("audio"))
        lesson = target / "lesson.md"
        lesson.write_text(mark_copy(lesson.read_text(encoding="utf-8"), number), encoding="utf-8")
        slugs.append(slug)
    (root / "locales").mkdir()
    shutil.copy(ROOT / "locales" / "languages.toml", root / "locales" / "languages.toml")
    return slugs


def fill_english(root: Path) -> int:
    """Translate every message of the English lessons catalogue: the bundled English where the
    message is a marked copy of a bundled one, else the Vietnamese marked as English."""
    import polib

    bundled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(ROOT / "locales/en/LC_MESSAGES/lessons.po"))}
    path = root / "locales/en/LC_MESSAGES/lessons.po"
    catalogue = polib.pofile(str(path), wrapwidth=0)
    for entry in catalogue:
        match = re.fullmatch(r"(.*) \((\d+)\)", entry.msgid, re.S)
        original = bundled.get((entry.msgctxt, match[1])) if match else None
        entry.msgstr = f"{original} ({match[2]})" if original and match else entry.msgid
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalogue.save(str(path))
    return len(catalogue)


def median_seconds(run, times: int) -> float:
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def once(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


TYPICAL_QUERY = "thanh toan tien dien"


def offline_query_parts(entry: str, query: str) -> list[str]:
    """The index parts search.js loads for `query` (as its keysFor: a word's first `depth`
    letters; for a shorter word every part starting with it; places too for several words)."""
    from lesson_toolkit.viewer.search import words

    index = json.loads(entry[entry.index("=") + 1 :].strip().removesuffix(";"))
    names, depth, terms = index["parts"], index["depth"], words(query)
    keys = {k for t in terms for k in names if (k == t[:depth] if len(t) >= depth else k.startswith(t))}
    endings = (".js", ".pos.js") if len(terms) > 1 else (".js",)
    return sorted(f"/vi/{names[key]}{ending}" for key in keys for ending in endings)


def measure(size: int, runs: int, export: bool) -> dict[str, float]:
    """Every figure for one size (in this process: call it in a fresh one)."""
    import brotli

    tmp = Path(tempfile.mkdtemp(prefix=f"scale-{size}-"))
    slugs = make_library(tmp, size)
    from lesson_toolkit.app import create_app
    from lesson_toolkit.authoring.i18n.languages import load_registry
    from lesson_toolkit.authoring.workspace.translation_store import Edit, refresh_catalogues, save_entries, state_token
    from lesson_toolkit.extensions import db

    registry = load_registry(tmp / "locales/languages.toml")
    refresh_catalogues(tmp / "lessons", tmp / "locales", registry)
    messages = fill_english(tmp)
    refresh_catalogues(tmp / "lessons", tmp / "locales", registry)  # compiles the filled catalogue
    # RECHECK_SECONDS=0: every request looks at the files, so that "warm" and "after an edit"
    # measure the look, not a page sent unchecked within the second
    config = {"LESSONS_DIR": str(tmp / "lessons"), "LOCALES_DIR": str(tmp / "locales"), "INSTANCE_PATH": str(tmp),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench",
              "RECHECK_SECONDS": 0}  # fmt: skip
    figures: dict[str, float] = {"messages": messages}
    started = time.perf_counter()
    app = create_app(config)
    figures["create_app_s"] = time.perf_counter() - started
    with app.app_context():
        db.create_all()
    client = app.test_client()
    brotli_header = {"Accept-Encoding": "br"}

    def get(path: str, headers: dict | None = None) -> bytes:
        response = client.get(path, headers=headers or {})
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data()

    def brotli_size(path: str) -> int:
        response = client.get(path, headers=brotli_header)
        body = response.get_data()
        return len(body) if response.headers.get("Content-Encoding") == "br" else len(brotli.compress(body))

    lesson = f"/vi/lessons/{slugs[len(slugs) // 2]}"
    figures["index_cold_s"] = once(lambda: get("/vi/"))
    figures["index_recheck_ms"] = median_seconds(lambda: get("/vi/"), runs) * 1000
    get(lesson)
    figures["lesson_recheck_ms"] = median_seconds(lambda: get(lesson), runs) * 1000
    figures["index_br_kb"] = brotli_size("/vi/") / 1024
    figures["search_index_br_kb"] = brotli_size("/vi/search-index.js") / 1024
    parts = offline_query_parts(get("/vi/search-index.js").decode(), TYPICAL_QUERY)
    figures["search_download_br_kb"] = figures["search_index_br_kb"] + sum(brotli_size(p) for p in parts) / 1024

    edited = tmp / "lessons" / slugs[0] / "lesson.md"
    edits = []
    for run in range(3):
        edited.write_text(edited.read_text(encoding="utf-8").replace("\n## ", f"\n## Sửa {run} ", 1), encoding="utf-8")
        edits.append(once(lambda: get("/vi/")))
    figures["index_after_lesson_edit_ms"] = statistics.median(edits) * 1000

    english = registry["en"]
    from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue

    catalogue = read_catalogue(po_path(tmp / "locales", "en", "lessons"), english)
    saves, after = [], []
    entries = [entry for entry in catalogue if entry.id and slugs[1] in " ".join(path for path, _ in entry.locations)]
    for run, entry in enumerate(entries[:3]):
        edit = Edit((entry.context, entry.id), f"{entry.string} [{run}]", state_token(entry.string, entry.fuzzy))
        saves.append(once(lambda edit=edit: save_entries(tmp / "locales", english, slugs[1], [edit], may_approve=True)))
        after.append(once(lambda: get("/vi/")))
    figures["translation_save_ms"] = statistics.median(saves) * 1000
    figures["vi_index_after_save_ms"] = statistics.median(after) * 1000

    runner = app.test_cli_runner()
    runner.invoke(args=["i18n", "update"])  # the library's last update, before the new lesson
    extra = tmp / "lessons" / "extra-lesson"
    shutil.copytree(tmp / "lessons" / slugs[0], extra)
    extra_text = (extra / "lesson.md").read_text(encoding="utf-8")
    (extra / "lesson.md").write_text(mark_copy(extra_text, 99999), encoding="utf-8")
    figures["update_after_new_lesson_s"] = once(lambda: runner.invoke(args=["i18n", "update"]))

    if export:
        out = tmp / "site"
        result = {}
        figures["export_site_cold_s"] = once(lambda: result.update(r=runner.invoke(args=["export", "site", str(out)])))
        assert result["r"].exit_code == 0, result["r"].output
        # one step of one lesson reworded (a lesson the index lists, with pictures), exported again
        changed = tmp / "lessons" / slugs[len(slugs) // 2] / "lesson.md"
        changed.write_text(changed.read_text(encoding="utf-8").replace("\n## ", "\n## Sửa lại ", 1), encoding="utf-8")
        figures["export_site_edit_s"] = once(lambda: result.update(r=runner.invoke(args=["export", "site", str(out)])))
        assert result["r"].exit_code == 0, result["r"].output

    # a new worker on the same instance folder: the lessons' messages are on disk from this one
    command = [sys.executable, __file__, "--worker", str(tmp)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
    shutil.rmtree(tmp, ignore_errors=True)
    return figures


def worker(tmp: Path) -> dict[str, float]:
    """What a newly started worker costs on a library another process has served: its first
    index, then its memory after every page (index, topics, lessons) in every language."""
    from lesson_toolkit.app import create_app

    config = {"LESSONS_DIR": str(tmp / "lessons"), "LOCALES_DIR": str(tmp / "locales"), "INSTANCE_PATH": str(tmp),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench"}  # fmt: skip
    app = create_app(config)
    client = app.test_client()
    figures = {"index_new_worker_s": once(lambda: client.get("/vi/"))}
    registry = app.extensions["toolkit"].library.registry
    slugs = sorted(app.extensions["toolkit"].library.lessons)
    for lang in (language.code for language in registry.public):
        index = client.get(f"/{lang}/").get_data(as_text=True)
        for topic in sorted(set(re.findall(rf'href="(/{lang}/topics/[a-z0-9-]+)"', index))):
            client.get(topic)
        for slug in slugs:
            assert client.get(f"/{lang}/lessons/{slug}").status_code == 200
    figures["rss_peak_mb"], figures["rss_after_every_page_mb"] = memory_mb("VmHWM"), memory_mb("VmRSS")
    return figures


def memory_mb(field: str) -> float:
    """This process's resident size (VmRSS) or its peak (VmHWM) in MB. Not ru_maxrss: Linux
    carries it over fork and exec, so a worker started from a large process would report the
    parent's size (the figures before 2026-12-04 did: 402 MB at 600 lessons was the parent's)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith(f"{field}:"))) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


ROWS = [
    ("messages", "messages in the lessons catalogue", "{:.0f}"),
    ("create_app_s", "create_app", "{:.2f} s"),
    ("index_cold_s", "first request to the index (cold)", "{:.2f} s"),
    ("index_new_worker_s", "first index of a new worker (messages on disk)", "{:.2f} s"),
    ("index_recheck_ms", "index, warm (p50)", "{:.1f} ms"),
    ("lesson_recheck_ms", "lesson, warm (p50)", "{:.1f} ms"),
    ("index_after_lesson_edit_ms", "index after a lesson file changed", "{:.0f} ms"),
    ("index_br_kb", "index page, brotli", "{:.1f} KB"),
    ("search_index_br_kb", "offline search index entry, brotli", "{:.1f} KB"),
    ("search_download_br_kb", "offline search, entry + parts of a query, br", "{:.1f} KB"),
    ("translation_save_ms", "saving one translation (store)", "{:.0f} ms"),
    ("vi_index_after_save_ms", "vi index after that save", "{:.0f} ms"),
    ("update_after_new_lesson_s", "i18n update after adding one lesson", "{:.1f} s"),
    ("export_site_cold_s", "export site, cold", "{:.1f} s"),
    ("export_site_edit_s", "export site, after one edit", "{:.1f} s"),
    ("rss_peak_mb", "new worker's peak RSS over every page, every language", "{:.0f} MB"),
    ("rss_after_every_page_mb", "new worker's RSS after every page, every language", "{:.0f} MB"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 60, 600])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--export-up-to", type=int, default=60, help="export the site only up to this size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)  # a new worker on that library
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    if args.one:
        print(json.dumps(measure(args.one, args.runs, args.one <= args.export_up_to)))
        return
    results = {}
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--runs", str(args.runs),
                   "--export-up-to", str(args.export_up_to)]  # fmt: skip
        done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
        results[size] = json.loads(done.stdout.strip().splitlines()[-1])
    base = args.sizes[0]
    print(f"{'':48}" + "".join(f"{size:>14}" for size in args.sizes) + "   ratio to " + str(base))
    for key, label, form in ROWS:
        cells, ratios = [], []
        for size in args.sizes:
            value = results[size].get(key)
            cells.append(f"{form.format(value) if value is not None else '—':>14}")
            if value is not None and results[base].get(key):
                ratios.append(f"×{value / results[base][key]:.1f}")
        print(f"{label:48}" + "".join(cells) + "   " + " ".join(ratios[1:]))


if __name__ == "__main__":
    main()
