"""What one save in the lesson editor costs the server: the catalogue refresh that sends the
changed text to every language (extract the lessons template, update and compile each
catalogue), on generated corpora of 200 and 600 lessons.

Prints figures (median of several runs); asserts nothing. Run with `make bench` or
`.venv/bin/python bench/bench_save.py [--lessons 200 600] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_catalogue import make_corpus  # noqa: E402

from lesson_toolkit.authoring.i18n.extract import extract_templates  # noqa: E402
from lesson_toolkit.authoring.i18n.languages import load_registry  # noqa: E402
from lesson_toolkit.authoring.workspace.lesson_editor import messages_changed  # noqa: E402
from lesson_toolkit.authoring.workspace.translation_store import refresh_catalogues  # noqa: E402


def timed(callable_) -> float:
    start = time.perf_counter()
    callable_()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, nargs="+", default=[200, 600])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for count in args.lessons:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_corpus(root, count)
            registry = load_registry(root / "locales" / "languages.toml")
            lessons, locales = root / "lessons", root / "locales"
            refresh_catalogues(lessons, locales, registry)
            path = lessons / "lesson-001" / "lesson.md"
            refresh, extract, check = [], [], []
            for run in range(args.runs):
                old = path.read_text("utf-8")
                new = old.replace("## Where to get help\n\n", f"## Where to get help\n\nChanged {run}. ", 1)
                path.write_text(new, "utf-8")
                check.append(timed(partial(messages_changed, old, new, path)))
                extract.append(timed(partial(extract_templates, lessons, locales, domains=("lessons",))))
                refresh.append(timed(partial(refresh_catalogues, lessons, locales, registry)))
            messages = sum(
                1 for line in (locales / "lessons.pot").read_text("utf-8").splitlines() if line.startswith("msgid ")
            )
            print(
                f"{count} lessons, {messages} messages, {len(registry.translated)} languages: "
                f"save that changes text {statistics.median(refresh):.2f} s "
                f"(of which extract {statistics.median(extract):.2f} s); "
                f"save that changes no text (level, status) {statistics.median(check) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
