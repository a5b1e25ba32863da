"""Catalogue cycle on a generated corpus: extract + update + compile, and mdpo's md2po alongside;
then one merge into a translated catalogue, where fuzzy matching runs, beside GNU msgmerge.

Prints figures (median of several runs); asserts nothing. Run with `make bench` or
`.venv/bin/python bench/bench_catalogue.py [--lessons 200] [--merge-lessons 60] [--runs 5]
[--babel-runs 1]` (about two minutes on a quiet 2-core machine; `--merge-only` for the merge).

Everything happens in a temporary folder, on a generated corpus; `locales/` is never touched.
The translated catalogue is that corpus's English lessons catalogue, filled with placeholder
text (`EN <msgid>`, plainly not a translation): the bench writes no Tày or Dao, not even made
up. "Adding lessons" then edits one sentence in ten and adds a tenth more lessons, and the new
template is merged into that filled catalogue by: the toolkit (`merge_template`), Babel's own
`Catalog.update` (what the toolkit did before; its difflib fuzzy matching grows with new x old
messages, hence the smaller default corpus for the merge), Babel without fuzzy matching, and GNU
`msgmerge --previous --no-wrap` on the very same PO and POT files, interleaved.
"""

from __future__ import annotations

import argparse
import copy
import os
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

from lesson_toolkit.app import create_app  # noqa: E402
from lesson_toolkit.authoring.core.library import Library, Output  # noqa: E402
from lesson_toolkit.authoring.i18n import incremental  # noqa: E402
from lesson_toolkit.authoring.i18n.catalogue import (  # noqa: E402
    merge_template,
    po_bytes,
    po_path,
    pot_path,
    read_catalogue,
    write_catalogue,
)
from lesson_toolkit.authoring.i18n.languages import load_registry  # noqa: E402

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


def edit_corpus(root: Path, count: int) -> None:
    """A later release: one sentence in ten edited (a word changed), a tenth more lessons."""
    rng = random.Random(7)
    for path in sorted((root / "lessons").glob("*/lesson.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for index, line in enumerate(lines):
            words = line.split(" ")
            if len(words) > 4 and not line.startswith(("---", "title:", "    !")) and rng.random() < 0.1:
                words[rng.randrange(1, len(words) - 1)] = rng.choice(WORDS)
                lines[index] = " ".join(words)
        path.write_text("\n".join(lines), encoding="utf-8")
    for number in range(count, count + max(1, count // 10)):
        folder = root / "lessons" / f"lesson-{number:03d}"
        folder.mkdir(parents=True)
        (folder / "lesson.md").write_text(lesson_text(rng, number), encoding="utf-8")


def fill_catalogue(path: Path, language) -> int:
    """Every message of the catalogue translated with placeholder text; returns how many."""
    catalog = read_catalogue(path, language)
    count = 0
    for message in catalog:
        if message.id:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            message.string = f"EN {msgid}" if isinstance(message.id, str) else (f"EN {msgid}", f"EN {msgid}")
            count += 1
    write_catalogue(path, catalog)
    return count


def babel_update(catalog, template) -> None:
    """What `merge_template` did before: Babel's own update, fuzzy matching with difflib."""
    previous = {(m.id, m.context): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, update_header_comment=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id and (message.id, message.context) in previous:
            message.previous_id = previous[(message.id, message.context)]


def translated_merge(count: int, runs: int, babel_runs: int) -> None:
    """One merge into a translated catalogue after adding lessons: fuzzy matching runs."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus(root, count)
        app = create_app({"LESSONS_DIR": str(root / "lessons"), "LOCALES_DIR": str(root / "locales"),
                          "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # fmt: skip
        runner = app.test_cli_runner()
        for command in (["i18n", "extract"], ["i18n", "update", "--no-extract"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
        registry = load_registry(root / "locales" / "languages.toml")
        english = registry["en"]
        po = po_path(root / "locales", "en", "lessons")
        filled = fill_catalogue(po, english)
        edit_corpus(root, count)
        result = runner.invoke(args=["i18n", "extract"])
        assert result.exit_code == 0, result.output
        pot = pot_path(root / "locales", "lessons")
        template = read_catalogue(pot)
        new = len({m.id for m in template if m.id} - {m.id for m in read_catalogue(po, english) if m.id})

        def ours():
            catalog = read_catalogue(po, english)
            merge_template(catalog, template)
            return po_bytes(catalog)

        def changed_only():
            # what `i18n update` now does with a file the toolkit wrote: only the changed messages
            merged = incremental.merge_file(po, po.read_bytes(), incremental.Template(pot).indexed, pot, english)
            assert merged is not None, "the filled catalogue was not merged by its changed messages"
            return merged.data

        def babel():
            catalog = read_catalogue(po, english)
            babel_update(catalog, copy.deepcopy(template))
            return po_bytes(catalog)

        def no_fuzzy():
            catalog = read_catalogue(po, english)
            catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
            return po_bytes(catalog)

        def msgmerge():
            out = root / "msgmerge.po"
            subprocess.run(["msgmerge", "--previous", "--no-wrap", "--quiet", "-o", str(out), str(po), str(pot)],
                           check=True, capture_output=True)  # fmt: skip
            return out.read_bytes()

        times: dict[str, list[float]] = {"toolkit": [], "changed": [], "babel": [], "no fuzzy": [], "msgmerge": []}
        outputs: dict[str, bytes] = {}
        have_msgmerge = shutil.which("msgmerge") is not None
        for run in range(runs):  # interleaved, so that the machine's load falls on all alike
            steps = [("toolkit", ours), ("changed", changed_only), ("no fuzzy", no_fuzzy)]
            steps += [("msgmerge", msgmerge)] if have_msgmerge else []
            steps += [("babel", babel)] if run < babel_runs else []
            for name, step in steps:
                start = time.perf_counter()
                outputs[name] = step()
                times[name].append(time.perf_counter() - start)
                # as it goes: Babel's merge of a large catalogue takes many minutes
                print(f"  (run {run + 1}: {name} {times[name][-1]:.3f} s)", flush=True)
        fuzzy = outputs["toolkit"].count(b"\n#, fuzzy")
        print(f"\nmerge into a translated catalogue: {count} lessons, {filled} messages translated (en), then one "
              f"sentence in ten edited and {max(1, count // 10)} lessons added ({new} new msgids); median seconds")  # fmt: skip
        toolkit = statistics.median(times["toolkit"])
        for name, label in (("toolkit", "toolkit merge_template (rapidfuzz bound)"),
                            ("changed", "toolkit, changed messages only (update)"),
                            ("babel", "Babel Catalog.update (difflib)"), ("no fuzzy", "Babel, no fuzzy matching"),
                            ("msgmerge", "GNU msgmerge --previous")):  # fmt: skip
            if not times[name]:
                print(f"  {label:42} not run")
                continue
            median = statistics.median(times[name])
            print(f"  {label:42} {median:8.3f} s  ({len(times[name])} runs, {median / toolkit:6.2f}x the toolkit)")
        print(f"  drafts (fuzzy) written by the toolkit: {fuzzy}; by msgmerge: "
              f"{outputs.get('msgmerge', b'').count(b'#, fuzzy')}")  # fmt: skip
        same = "the same bytes" if outputs["changed"] == outputs["toolkit"] else "DIFFERENT bytes"
        print(f"  the changed-messages merge and the whole merge wrote {same}")
        if "babel" in outputs:
            same = "the same bytes" if outputs["babel"] == outputs["toolkit"] else "DIFFERENT bytes"
            print(f"  toolkit and Babel's update wrote {same}")


def timed(callable_) -> float:
    start = time.perf_counter()
    callable_()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=200, help="corpus of the extract/update/compile cycle")
    parser.add_argument("--merge-lessons", type=int, default=60, help="corpus of the translated merge")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--babel-runs", type=int, default=1, help="runs of Babel's slow fuzzy update")
    parser.add_argument("--merge-only", action="store_true", help="only the merge into a translated catalogue")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock times grow with it)")
    if args.merge_only:
        translated_merge(args.merge_lessons, args.runs, args.babel_runs)
        return

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
    translated_merge(args.merge_lessons, args.runs, args.babel_runs)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


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
