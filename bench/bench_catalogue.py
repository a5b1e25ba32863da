"""Catalogue cycle on a generated corpus: extract + update + compile, and mdpo's md2po alongside.

Prints figures (median of several runs); asserts nothing. Run with `make bench` or
`.venv/bin/python bench/bench_catalogue.py [--lessons 200] [--runs 5]`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from authoring.core.library import Library, Output  # noqa: E402
from authoring.i18n.catalogue import po_path, read_catalogue  # noqa: E402
from authoring.i18n.languages import load_registry  # noqa: E402

WORDS = ["open", "bank", "app", "scan", "code", "bill", "phone", "pay", "amount", "check", "name", "customer", "confirm", "wait", "tap", "screen", "money", "account", "message", "friend", "call", "village", "group", "safe", "never", "share", "password", "number"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
    if rng.random() < 0.3:
        words[1] = f"**{words[1]}**"
    if rng.random() < 0.1:
        words[-1] = f"[{words[-1]}](https://example.org/{words[-1]})"
    return " ".join(words).capitalize() + "."


def lesson_text(rng: random.Random, number: int) -> str:
    steps = "\n\n".join(
        f"{n}. {sentence(rng)}\n\n    ![{sentence(rng)[:-1]}](images/step-{n}.png)"
        for n in range(1, rng.randint(5, 10) + 1)
    )
    needs = "\n".join(f"- {sentence(rng)}" for _ in range(3))
    return (
        f"---\ntitle: Lesson number {number} {rng.choice(WORDS)}\nsummary: {sentence(rng)}\ntopic: payments\n"
        f"level: 1\nminutes: 10\n---\n\n## What you need\n\n{needs}\n\n## Steps\n\n{steps}\n\n"
        f'!!! warning "Stay safe"\n    {sentence(rng)}\n\n## Where to get help\n\n{sentence(rng)}\n'
    )


def make_corpus(root: Path, count: int) -> None:
    rng = random.Random(42)
    for number in range(count):
        folder = root / "lessons" / f"lesson-{number:03d}"
        folder.mkdir(parents=True)
        (folder / "lesson.md").write_text(lesson_text(rng, number), encoding="utf-8")
    (root / "locales").mkdir()
    shutil.copy(ROOT / "locales" / "languages.toml", root / "locales" / "languages.toml")


def timed(callable_) -> float:
    start = time.perf_counter()
    callable_()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    cycle, extract_only, mdpo_times = [], [], []
    messages = mdpo_messages = languages = 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_corpus(root, args.lessons)
            app = create_app({"LESSONS_DIR": str(root / "lessons"), "LOCALES_DIR": str(root / "locales"),
                              "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # fmt: skip
            runner = app.test_cli_runner()

            def run(*command, runner=runner):
                result = runner.invoke(args=list(command))
                assert result.exit_code == 0, result.output

            extract_only.append(timed(lambda: run("i18n", "extract")))
            cycle.append(
                timed(lambda: (run("i18n", "extract"), run("i18n", "update", "--no-extract"), run("i18n", "compile")))
            )
            registry = load_registry(root / "locales" / "languages.toml")
            target = registry.translated[0]  # any lessons catalogue: they all hold every message
            messages = len(read_catalogue(po_path(root / "locales", target.code, "lessons"), target))
            languages = len(registry.translated)

            md2po = Path(sys.executable).parent / "md2po"
            out = root / "mdpo.po"
            start = time.perf_counter()
            subprocess.run([str(md2po), str(root / "lessons" / "*" / "lesson.md"), "--save", "--po-filepath", str(out),
                            "--no-location", "-q"], check=True, capture_output=True)  # fmt: skip
            mdpo_times.append(time.perf_counter() - start)
            mdpo_messages = out.read_text(encoding="utf-8").count('\nmsgid "') - 1

    print(f"corpus: {args.lessons} generated lessons, {args.runs} runs, median seconds")
    print(f"  toolkit extract                        {statistics.median(extract_only):7.3f} s  ({messages} messages)")
    print(
        f"  toolkit extract + update + compile     {statistics.median(cycle):7.3f} s  ({languages} languages x 2 domains)"
    )
    print(
        f"  mdpo md2po (extract only, 1 process)   {statistics.median(mdpo_times):7.3f} s  ({mdpo_messages} messages)"
    )
    render_figures()


def render_figures() -> None:
    """A cached translated (English) lesson page: how many Markdown parses it costs (should be none)."""
    import markdown

    library = Library(ROOT / "lessons", ROOT / "locales")
    lesson = next(iter(library.lessons.values()))
    output = Output(name="bench", label=str.capitalize)
    calls = 0
    original = markdown.Markdown.convert

    def counting(self, source):
        nonlocal calls
        calls += 1
        return original(self, source)

    markdown.Markdown.convert = counting
    try:
        cold = timed(lambda: library.render(lesson, "en", output))
        first = calls
        warm = [timed(lambda: library.render(lesson, "en", output)) for _ in range(200)]
    finally:
        markdown.Markdown.convert = original
    print(f"render '{lesson.slug}' in en (translated): cold {cold * 1000:.2f} ms ({first} Markdown parse), "
          f"cached median {statistics.median(warm) * 1e6:.1f} µs ({calls - first} Markdown parses in 200 renders)")  # fmt: skip


if __name__ == "__main__":
    main()
