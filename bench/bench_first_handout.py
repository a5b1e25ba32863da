"""What a new process's first handout costs, and where the time goes.

Every `flask export pdf` a cultural house runs, and every freshly started worker's first PDF
request, pays for starting up as well as for the handout. This bench prints, for a lesson of
line drawings (the bundled `pay-electricity-qr`) and one of photos and screenshots (the
six-step lesson of `bench_handout.py`), medians of several interleaved runs:

1. the whole command, `flask --app app export pdf <slug>`, wall clock and CPU from start to
   exit: with empty caches, with the prepared pictures already on disk (the PDF not), and
   with the handout itself in the cache (the same export repeated), for this work tree and
   for the code of `--before` (a git ref, default main before the first handout was cut to
   size), interleaved, with their ratio;
2. a freshly started gunicorn worker (this tree's `gunicorn.conf.py`, one sync worker): its
   first PDF request once it answers, caches emptied, and from starting gunicorn to that PDF;
3. the same work split into steps, timed inside one new process: Python and Flask imports,
   `create_app`, the WeasyPrint import, fonts (the font configuration, and a one-line document
   in the handout's fonts: Pango loads the fonts, cffi parses the types it first uses), the
   print HTML, picture preparation, WeasyPrint's layout and PDF writing;
4. the modules whose import takes longest in that process (`python -X importtime`), and how
   long WeasyPrint's search for its libraries takes (`ctypes.util.find_library`, which runs
   `gcc` and `ld` for every name it misses when a C compiler is on PATH, as on this machine
   and not on a server).

Every process runs with its modules byte-compiled, as an installed toolkit's are (pip compiles
them on install): the bytecode goes to a temporary folder (PYTHONPYCACHEPREFIX), even where
PYTHONDONTWRITEBYTECODE is set. Prints figures; passes or fails nothing. Runs on a temporary
copy of the content.

    .venv/bin/python bench/bench_first_handout.py [--runs 5] [--before REF]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

LESSONS = {"pay-electricity-qr": "line drawings (bundled)", "bench-six-steps": "3 photos, 3 screenshots"}
# main before the first handout was cut to size (this work's parent)
BEFORE = "677747b"
BIN = Path(sys.executable).parent
STEPS = ["python", "imports", "create_app", "weasyprint import", "fonts", "print html", "pictures", "layout", "write"]


def settings(workdir: Path, tree: Path = ROOT) -> dict[str, str]:
    """The environment of a process running the code of `tree`, on the content in `workdir`."""
    cache = "handouts-cache" if tree == ROOT else f"handouts-cache-{tree.name}"
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {
        **environment,
        "PYTHONPATH": str(tree),
        "PYTHONPYCACHEPREFIX": str(workdir / "bytecode"),
        "FLASK_LESSONS_DIR": str(workdir / "lessons"),
        "FLASK_LOCALES_DIR": str(workdir / "locales"),
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite'}",
        "FLASK_HANDOUT_CACHE_DIR": str(workdir / cache),
        "FLASK_INSTANCE_PATH": str(workdir / "instance"),
        "FLASK_SECRET_KEY": "bench",
    }


def clear(workdir: Path, pictures: bool) -> None:
    for cache in workdir.glob("handouts-cache*"):
        for path in cache.glob("*.pdf"):
            path.unlink()
        if pictures:
            shutil.rmtree(cache / "pictures", ignore_errors=True)


def tree_of(ref: str, into: Path) -> Path:
    """The files of `ref` (a commit of this repository), without touching any work tree."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def command_time(workdir: Path, slug: str, tree: Path = ROOT) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `flask export pdf` in a new process, start to exit (CPU
    time hardly grows with what else the machine runs; wall-clock time does)."""
    command = [str(BIN / "flask"), "--app", "app", "export", "pdf", slug, "--lang", "vi"]
    command += ["--allow-local-qr"]  # the bench's QR codes open nowhere, and need not
    command += ["-o", str(workdir / "out")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=tree, env=settings(workdir, tree), check=True, capture_output=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_time(workdir: Path, slug: str, tree: Path = ROOT) -> tuple[float, float, float]:
    """A new gunicorn (one sync worker, `tree`'s settings): wall-clock and the worker's CPU
    seconds of its first PDF request once the worker answers (caches emptied first), and
    wall-clock seconds from starting gunicorn to that PDF."""
    port = free_port()
    env = dict(settings(workdir, tree), GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    command = [str(BIN / "gunicorn"), "-c", str(tree / "gunicorn.conf.py"), "lesson_toolkit.wsgi:app"]
    start = time.perf_counter()
    server = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:  # the worker answers once it has started (post_worker_init included)
            try:
                get(f"http://127.0.0.1:{port}/robots.txt")
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > 120:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.02)
        clear(workdir, pictures=True)
        (worker,) = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        cpu = cpu_seconds(int(worker))
        asked = time.perf_counter()
        pdf = get(f"http://127.0.0.1:{port}/vi/lessons/{slug}.pdf")
        done = time.perf_counter()
        cpu = cpu_seconds(int(worker)) - cpu
        assert pdf.startswith(b"%PDF"), pdf[:100]
    finally:
        server.terminate()
        server.wait(timeout=60)
    return done - asked, cpu, done - start


def steps_in_process(workdir: Path, slug: str, started: float) -> None:
    """Child process: the first handout, step by step; prints the wall-clock and CPU seconds of
    each as JSON. The first step runs from the parent's spawn (wall) or the process's start
    (CPU) to this function: the interpreter and `site`."""
    marks = [("start", started, 0.0)]

    def mark(name: str) -> None:
        marks.append((name, time.time(), time.process_time()))

    mark("python")
    import ctypes.util

    searching = [0.0]
    find_library = ctypes.util.find_library

    def timed_find_library(name: str) -> str | None:  # measured, not changed
        begin = time.perf_counter()
        try:
            return find_library(name)
        finally:
            searching[0] += time.perf_counter() - begin

    ctypes.util.find_library = timed_find_library
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
        rendered.metadata.title, rendered.metadata.lang = document.title, document.lang
        # as `weasy.html_to_pdf` writes it: tagged (PDF/UA-1), through the toolkit's finisher
        rendered.write_pdf(pdf_identifier=b"0" * 32, pdf_variant=weasy.PDF_VARIANT, finisher=weasy.finish)
        mark("write")
    times = {
        name: (end - begin, cpu - cpu_before)
        for (_, begin, cpu_before), (name, end, cpu) in zip(marks, marks[1:], strict=False)
    }
    ctypes.util.find_library = find_library
    print(json.dumps({**times, "find_library": [searching[0], 0.0]}))


def steps(workdir: Path, slug: str) -> dict[str, list[float]]:
    """The first handout step by step, in a new process (`steps_in_process`)."""
    command = [sys.executable, __file__, "--steps", str(workdir), slug, repr(time.time())]
    env = settings(workdir)
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300).stdout
    return json.loads(output.strip().splitlines()[-1])


PACKAGES = ("flask", "sqlalchemy", "alembic", "weasyprint", "fontTools", "PIL", "babel", "markdown")


def slowest_imports(workdir: Path, slug: str, count: int = 8) -> tuple[list[tuple[str, float]], dict[str, float]]:
    """From `python -X importtime` of one first handout: the modules whose own code takes
    longest to import, and the cumulative import time of some large packages."""
    command = [sys.executable, "-X", "importtime", __file__, "--steps", str(workdir), slug, repr(time.time())]
    env = settings(workdir)
    result = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300)
    own, packages = [], {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|")
        own.append((name.strip(), int(self_us) / 1e6))
        if name.strip() in PACKAGES:
            packages.setdefault(name.strip(), int(cumulative) / 1e6)
    return sorted(own, key=lambda item: -item[1])[:count], packages


def median_pair(runs: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(statistics.median(run[i] for run in runs) for i in range(len(runs[0])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", default=BEFORE, help=f"git ref of the code to compare with (default {BEFORE})")
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
        before = tree_of(args.before, workdir / "before")
        trees = {"now": ROOT, "before": before}
        subprocess.run(  # the tables, once
            [str(BIN / "flask"), "--app", "app", "db", "upgrade"],
            cwd=ROOT, env=settings(workdir), check=True, capture_output=True,
        )  # fmt: skip
        for tree in trees.values():  # byte-compiles each tree's modules, as an install does
            command_time(workdir, "pay-electricity-qr", tree)
        cold = {(slug, name): [] for slug in LESSONS for name in trees}
        prepared = {(slug, name): [] for slug in LESSONS for name in trees}
        cached = {(slug, name): [] for slug in LESSONS for name in trees}
        worker: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
        split: dict[str, list[dict[str, list[float]]]] = {slug: [] for slug in LESSONS}
        for _ in range(args.runs):  # interleaved: the machine's load falls on every figure alike
            for slug in LESSONS:
                for name, tree in trees.items():
                    clear(workdir, pictures=True)
                    cold[slug, name].append(command_time(workdir, slug, tree))
                    clear(workdir, pictures=False)
                    prepared[slug, name].append(command_time(workdir, slug, tree))
                    cached[slug, name].append(command_time(workdir, slug, tree))
                clear(workdir, pictures=True)
                split[slug].append(steps(workdir, slug))
            for name, tree in trees.items():
                worker[name].append(worker_time(workdir, "pay-electricity-qr", tree))
        print(f"first handout of a new process (vi, A4, colour), median of {args.runs} interleaved runs; target ≤ 1 s")
        print(f"now: this work tree; before: {args.before}; modules byte-compiled, as installed")
        print("columns: wall-clock seconds, CPU seconds (the CPU figure hardly depends on the machine's load)")
        for slug, label in LESSONS.items():
            print(f"\n{slug} ({label}):")
            cases = (("empty caches", cold), ("pictures already made", prepared), ("handout in the cache", cached))
            for title, runs in cases:
                now, old = median_pair(runs[slug, "now"]), median_pair(runs[slug, "before"])
                print(f"  flask export pdf, {title:22} now {now[0]:6.3f} s  CPU {now[1]:6.3f} s"
                      f"   before {old[0]:6.3f} s  CPU {old[1]:6.3f} s   ({now[0] / old[0]:.2f}x the time,"
                      f" {now[1] / old[1]:.2f}x the CPU)")  # fmt: skip
            medians = {step: [statistics.median(run[step][i] for run in split[slug]) for i in (0, 1)] for step in STEPS}
            wall, cpu = (sum(values[i] for values in medians.values()) for i in (0, 1))
            print(f"  now in steps (empty caches), total          {wall:6.3f} s  CPU {cpu:6.3f} s")
            for step in STEPS:
                print(
                    f"    {step:40} {medians[step][0]:6.3f} s  CPU {medians[step][1]:6.3f} s  {medians[step][1] / cpu * 100:3.0f} %"
                )
            searching = statistics.median(run["find_library"][0] for run in split[slug])
            print(f"      (of the WeasyPrint import, ctypes.util.find_library: {searching:.3f} s)")
        print("\npay-electricity-qr from a freshly started gunicorn worker (one sync worker, caches emptied):")
        now, old = median_pair(worker["now"]), median_pair(worker["before"])
        print(f"  its first PDF request, once it answers  now {now[0]:6.3f} s  CPU {now[1]:6.3f} s"
              f"   before {old[0]:6.3f} s  CPU {old[1]:6.3f} s   ({now[0] / old[0]:.2f}x the time,"
              f" {now[1] / old[1]:.2f}x the CPU)")  # fmt: skip
        print(f"  from starting gunicorn to that PDF      now {now[2]:6.3f} s              before {old[2]:6.3f} s")
        clear(workdir, pictures=True)
        own, packages = slowest_imports(workdir, "pay-electricity-qr")
        print("\nimports of that process (python -X importtime, one run, under its slight overhead):")
        print("  packages, with everything they import: " + ", ".join(f"{n} {t:.3f} s" for n, t in packages.items()))
        print("  modules whose own code takes longest:")
        for name, seconds in own:
            print(f"    {name:40} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
