"""What a new process's first handout costs, and where the time goes.

Every `flask export pdf` a cultural house runs, and every freshly started worker's first PDF
request, pays for starting up as well as for the handout. This bench prints, for a lesson of
line drawings (the bundled `pay-electricity-qr`) and one of photos and screenshots (the
six-step lesson of `bench_handout.py`), medians of several interleaved runs:

1. the whole command, `flask --app app export pdf <slug>`, wall clock from start to exit:
   with empty caches, and with the prepared pictures already on disk (the PDF not);
2. the same work split into steps, timed inside one new process: Python and Flask imports,
   `create_app`, the WeasyPrint import, fonts (the font configuration, and a one-line document
   in the handout's fonts: Pango loads the fonts, cffi parses the types it first uses), the
   print HTML, picture preparation, WeasyPrint's layout and PDF writing;
3. the modules whose import takes longest in that process (`python -X importtime`).

Prints figures; passes or fails nothing. Runs on a temporary copy of the content.

    .venv/bin/python bench/bench_first_handout.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
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
sys.path.insert(0, str(ROOT / "bench"))

LESSONS = {"pay-electricity-qr": "line drawings (bundled)", "bench-six-steps": "3 photos, 3 screenshots"}
STEPS = ["python", "imports", "create_app", "weasyprint import", "fonts", "print html", "pictures", "layout", "write"]


def settings(workdir: Path) -> dict[str, str]:
    return {
        "FLASK_LESSONS_DIR": str(workdir / "lessons"),
        "FLASK_LOCALES_DIR": str(workdir / "locales"),
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite'}",
        "FLASK_HANDOUT_CACHE_DIR": str(workdir / "handouts-cache"),
        "FLASK_SECRET_KEY": "bench",
    }


def clear(workdir: Path, pictures: bool) -> None:
    cache = workdir / "handouts-cache"
    for path in cache.glob("*.pdf"):
        path.unlink()
    if pictures:
        shutil.rmtree(cache / "pictures", ignore_errors=True)


def command_time(workdir: Path, slug: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `flask export pdf` in a new process, start to exit (CPU
    time hardly grows with what else the machine runs; wall-clock time does)."""
    command = [str(Path(sys.executable).parent / "flask"), "--app", "app", "export", "pdf", slug, "--lang", "vi"]
    command += ["--allow-local-qr"]  # the bench's QR codes open nowhere, and need not
    command += ["-o", str(workdir / "out")]
    env = dict(os.environ, **settings(workdir))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def steps_in_process(workdir: Path, slug: str, started: float) -> None:
    """Child process: the first handout, step by step; prints the wall-clock and CPU seconds of
    each as JSON. The first step runs from the parent's spawn (wall) or the process's start
    (CPU) to this function: the interpreter and `site`."""
    marks = [("start", started, 0.0)]

    def mark(name: str) -> None:
        marks.append((name, time.time(), time.process_time()))

    mark("python")
    os.environ.update(settings(workdir))
    from lesson_toolkit.app import create_app

    mark("imports")
    app = create_app()
    mark("create_app")
    from lesson_toolkit.exports import weasy

    mark("weasyprint import")
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    HTML(string='<p style="font-family: sans-serif">Xin chào <b>đ</b> <code>x</code></p>').render(font_config=fonts)
    mark("fonts")
    from lesson_toolkit.exports.handout import HandoutOptions, handout_document, print_context
    from lesson_toolkit.exports.publish import LessonPictures, prepare_pictures
    from lesson_toolkit.extensions import toolkit

    with app.app_context():
        context = print_context()
        document = handout_document(context, toolkit.library.lessons[slug], "vi", HandoutOptions())
        mark("print html")
        pictures = LessonPictures(context.lessons_dir, context.cache_dir / "pictures", document.grayscale)
        prepare_pictures(document, pictures)
        mark("pictures")
        base = pictures.lessons_dir.as_uri() + "/"
        rendered = HTML(string=document.html, base_url=base, url_fetcher=weasy.PictureFetcher(pictures)).render(
            font_config=fonts
        )
        mark("layout")
        rendered.write_pdf()
        mark("write")
    times = {
        name: (end - begin, cpu - cpu_before)
        for (_, begin, cpu_before), (name, end, cpu) in zip(marks, marks[1:], strict=False)
    }
    print(json.dumps(times))


def steps(workdir: Path, slug: str) -> dict[str, list[float]]:
    command = [sys.executable, __file__, "--steps", str(workdir), slug, repr(time.time())]
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=300).stdout
    return json.loads(output.strip().splitlines()[-1])


PACKAGES = ("flask", "sqlalchemy", "alembic", "weasyprint", "fontTools", "PIL", "babel", "markdown")


def slowest_imports(workdir: Path, slug: str, count: int = 8) -> tuple[list[tuple[str, float]], dict[str, float]]:
    """From `python -X importtime` of one first handout: the modules whose own code takes
    longest to import, and the cumulative import time of some large packages."""
    command = [sys.executable, "-X", "importtime", __file__, "--steps", str(workdir), slug, repr(time.time())]
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=300)
    own, packages = [], {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|")
        own.append((name.strip(), int(self_us) / 1e6))
        if name.strip() in PACKAGES:
            packages.setdefault(name.strip(), int(cumulative) / 1e6)
    return sorted(own, key=lambda item: -item[1])[:count], packages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", nargs=3, metavar=("DIR", "SLUG", "STARTED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps:
        steps_in_process(Path(args.steps[0]), args.steps[1], float(args.steps[2]))
        return

    from bench_handout import content_copy

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock times grow with it)")
    with tempfile.TemporaryDirectory(prefix="bench-first-") as tmp:
        workdir = Path(tmp)
        content_copy(workdir)
        subprocess.run(  # the tables, once
            [str(Path(sys.executable).parent / "flask"), "--app", "app", "db", "upgrade"],
            cwd=ROOT, env=dict(os.environ, **settings(workdir)), check=True, capture_output=True,
        )  # fmt: skip
        command_cold: dict[str, list[tuple[float, float]]] = {slug: [] for slug in LESSONS}
        command_pictures: dict[str, list[tuple[float, float]]] = {slug: [] for slug in LESSONS}
        split: dict[str, list[dict[str, list[float]]]] = {slug: [] for slug in LESSONS}
        for _ in range(args.runs):  # interleaved: the machine's load falls on every figure alike
            for slug in LESSONS:
                clear(workdir, pictures=True)
                command_cold[slug].append(command_time(workdir, slug))
                clear(workdir, pictures=False)
                command_pictures[slug].append(command_time(workdir, slug))
                clear(workdir, pictures=True)
                split[slug].append(steps(workdir, slug))
        print(f"first handout of a new process (vi, A4, colour), median of {args.runs} interleaved runs; target ≤ 1 s")
        print("columns: wall-clock seconds, CPU seconds (the CPU figure hardly depends on the machine's load)")
        for slug, label in LESSONS.items():
            cold = [statistics.median(run[i] for run in command_cold[slug]) for i in (0, 1)]
            prepared = [statistics.median(run[i] for run in command_pictures[slug]) for i in (0, 1)]
            print(f"\n{slug} ({label}):")
            print(f"  flask export pdf, empty caches            {cold[0]:6.3f} s   CPU {cold[1]:6.3f} s")
            print(
                f"  flask export pdf, pictures already made   {prepared[0]:6.3f} s   CPU {prepared[1]:6.3f} s"
                f"   ({prepared[1] / cold[1]:.2f}x the CPU)"
            )
            medians = {step: [statistics.median(run[step][i] for run in split[slug]) for i in (0, 1)] for step in STEPS}
            wall, cpu = (sum(values[i] for values in medians.values()) for i in (0, 1))
            print(f"  the same in steps (empty caches), total   {wall:6.3f} s   CPU {cpu:6.3f} s")
            for step in STEPS:
                print(
                    f"    {step:38} {medians[step][0]:6.3f} s   CPU {medians[step][1]:6.3f} s  {medians[step][1] / cpu * 100:3.0f} %"
                )
        clear(workdir, pictures=True)
        own, packages = slowest_imports(workdir, "pay-electricity-qr")
        print("\nimports of that process (python -X importtime, one run, under its slight overhead):")
        print("  packages, with everything they import: " + ", ".join(f"{n} {t:.3f} s" for n, t in packages.items()))
        print("  modules whose own code takes longest:")
        for name, seconds in own:
            print(f"    {name:40} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
