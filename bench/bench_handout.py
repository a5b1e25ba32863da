"""Handout figures: time and peak memory of a cold and a cached handout, and a full export.

Prints figures next to their targets; passes or fails nothing. Runs on a temporary copy of the
content with one extra six-step illustrated lesson, so the bundled lessons are not touched.

    .venv/bin/python bench/bench_handout.py [--runs 5]

- cold: the handout and picture caches are empty (a running server meets a new lesson);
- cold, new process: the first handout after the app starts (WeasyPrint, fonts and cffi
  warm up), not counting the interpreter and imports;
- cached: the same request again (served from instance/handouts-cache).
Peak memory is Python's heap (tracemalloc, measured in separate runs, since tracing slows
Python down), and the process's peak resident size (which includes Pango and HarfBuzz).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from lesson_toolkit.extensions import toolkit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "bench-six-steps"
STEPS = [
    "Find the QR code on your electricity bill.",
    "Open your bank app and log in with your PIN.",
    "Tap **Scan QR** and hold the phone over the code.",
    "Check the customer name, the customer code and the amount.",
    "Tap **Confirm** and enter the one-time code. Never tell it to anyone.",
    "Keep the message that says the payment succeeded.",
]
# label → (page language, options)
OPTIONS = {
    "vi, A4, colour": ("vi", {}),
    "tyz with vi, A5, b/w, large print": ("tyz", {"size": "a5", "bw": True, "large": True, "with_lang": "vi"}),
}


def photo(path: Path, rng: random.Random) -> None:
    """A 1600×1200 phone photo of a bill: soft shapes, grain, saved as JPEG."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(10):
        x, y = rng.randrange(1400), rng.randrange(1000)
        draw.rectangle((x, y, x + 300, y + 200), fill=(rng.randrange(256), rng.randrange(256), 120))
    image = image.filter(ImageFilter.GaussianBlur(6))
    grain = Image.effect_noise(image.size, 12).convert("RGB")
    Image.blend(image, grain, 0.15).save(path, "JPEG", quality=90)


def screenshot(path: Path, rng: random.Random) -> None:
    """A 1080×1920 phone screenshot: flat colours, buttons and text-like bars, saved as PNG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1080, 1920), (245, 245, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1080, 160), fill=(20, 90, 170))
    for row in range(12):
        y = 220 + row * 140
        draw.rounded_rectangle((60, y, 1020, y + 110), 24, fill=(255, 255, 255), outline=(200, 200, 210), width=3)
        draw.rectangle((100, y + 35, 100 + rng.randrange(300, 800), y + 75), fill=(60, 60, 60))
    image.save(path, "PNG")


def illustrated_lesson(lessons_dir: Path) -> None:
    """Six steps, each with its picture: three JPEG photos and three PNG screenshots."""
    folder = lessons_dir / SLUG
    (folder / "images").mkdir(parents=True)
    rng = random.Random(5)
    body = ["## What you need", "", "- A phone with a bank app", "- Your bill", "", "## Steps", ""]
    for number, step in enumerate(STEPS, start=1):
        name = f"step-{number}.jpg" if number % 2 else f"step-{number}.png"
        (photo if number % 2 else screenshot)(folder / "images" / name, rng)
        body += [f"{number}. {step}", "", f"    ![Step {number}](images/{name})", ""]
    body += ['!!! warning "Beware of scams"', "    Never send money to a personal account.", ""]
    front = (
        "---\ntitle: Pay a bill by QR\nsummary: Six illustrated steps.\ntopic: payments\nlevel: 1\nminutes: 10\n---\n"
    )
    (folder / "lesson.md").write_text(front + "\n".join(body), encoding="utf-8")


def content_copy(workdir: Path) -> tuple[Path, Path]:
    from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues
    from lesson_toolkit.authoring.i18n.languages import load_registry

    lessons, locales = workdir / "lessons", workdir / "locales"
    shutil.copytree(ROOT / "lessons", lessons)
    shutil.copytree(ROOT / "locales", locales, ignore=shutil.ignore_patterns("*.mo", "qps"))
    compile_catalogues(locales, load_registry(locales / "languages.toml"))
    illustrated_lesson(lessons)
    return lessons, locales


def make_app(workdir: Path):
    from lesson_toolkit.app import create_app

    return create_app(
        {
            "TESTING": True,
            "LESSONS_DIR": str(workdir / "lessons"),
            "LOCALES_DIR": str(workdir / "locales"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite'}",
            "HANDOUT_CACHE_DIR": str(workdir / "handouts-cache"),
            "INSTANCE_PATH": str(workdir / "instance"),
            "SECRET_KEY": "bench",
        }
    )


def clear(cache: Path, pictures: bool = True) -> None:
    for path in cache.glob("*.pdf"):
        path.unlink()
    if pictures:
        shutil.rmtree(cache / "pictures", ignore_errors=True)


def timed(render, before=lambda: None, runs: int = 5) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU: all threads; it does not grow with the load
    other programs put on the machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        before()
        wall, cpu = time.perf_counter(), time.process_time()
        render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def traced(render, before=lambda: None, runs: int = 3) -> float:
    peaks = []
    for _ in range(runs):
        before()
        tracemalloc.start()
        render()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(peaks)


def rss_mb() -> float:
    """Peak resident size of this process in MB: VmHWM (Linux; ru_maxrss would carry the
    parent's peak over fork and exec)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def first_in_process(workdir: Path) -> None:
    """Child process: the first handout after the app starts, and the process's peak memory."""
    app = make_app(workdir)
    from lesson_toolkit.exports.handout import HandoutOptions, print_context, render_handout

    clear(workdir / "handouts-cache")
    with app.app_context():
        context, lesson = print_context(), toolkit.library.lessons[SLUG]
        before = rss_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        render_handout(context, lesson, "vi", HandoutOptions())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "rss_before": before, "rss_peak": rss_mb()}))


def kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB"


def seconds(wall: float, cpu: float) -> str:
    return f"{wall:6.3f} s (CPU {cpu:.3f} s)"


def bench_one(lesson, cache: Path, runs: int) -> None:
    from lesson_toolkit.exports.handout import HandoutOptions, print_context, render_handout

    context = print_context()
    for label, (lang, settings) in OPTIONS.items():
        options = HandoutOptions(**settings)
        render = functools.partial(render_handout, context, lesson, lang, options)
        render()  # warm the process: fonts, cffi, templates
        cold = timed(render, lambda: clear(cache), runs)
        ready = timed(render, lambda: clear(cache, pictures=False), runs)
        cold_heap = traced(render, lambda: clear(cache))
        render()
        cached = timed(render, runs=max(runs, 20))
        cached_heap = traced(render)
        size = render().path.stat().st_size
        print(f"  {label}:")
        print(f"    cold (empty caches)        {seconds(*cold)}   target ≤ 0.5 s")
        print(f"    cold, pictures prepared    {seconds(*ready)}")
        print(
            f"    cached                     {cached[0] * 1000:6.1f} ms (CPU {cached[1] * 1000:.1f} ms)   target ≤ 20 ms"
        )
        print(f"    peak Python heap           cold {cold_heap / 2**20:.1f} MB, cached {cached_heap / 2**20:.2f} MB")
        print(f"    PDF size                   {kb(size)}   target ≤ 1 MB")


def bench_fresh_process(workdir: Path) -> None:
    runs = []
    for _ in range(3):
        command = [sys.executable, __file__, "--first-in-process", str(workdir)]
        out = subprocess.run(command, capture_output=True, check=True, cwd=ROOT, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print("  new process, first handout after start-up (vi, A4, colour, empty caches; median of 3):")
    print(f"    time                       {seconds(median['wall'], median['cpu'])}   target ≤ 0.5 s")
    print(
        f"    peak resident memory       {median['rss_peak']:.0f} MB "
        f"(app started: {median['rss_before']:.0f} MB)   target < 200 MB"
    )


def export_everything(workdir: Path) -> None:
    """Child process: every lesson in every language from cold caches, as `flask export pdf
    --all` would; prints the sizes, the times and the process's peak memory."""
    app = make_app(workdir)
    from lesson_toolkit.exports.handout import print_context, render_handout

    clear(workdir / "handouts-cache")
    with app.app_context():
        context = print_context()
        lessons = list(toolkit.library.lessons.values())
        languages = [language.code for language in toolkit.registry.public]
        sizes: dict[str, int] = {}
        wall, cpu = time.perf_counter(), time.process_time()
        for lang in languages:
            for lesson in lessons:
                sizes[f"{lesson.slug}.{lang}"] = render_handout(context, lesson, lang).path.stat().st_size
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        json.dumps(
            {
                "lessons": len(lessons),
                "languages": languages,
                "sizes": sizes,
                "wall": wall,
                "cpu": cpu,
                "rss_peak": rss_mb(),
            }
        )
    )


def bench_everything(workdir: Path) -> None:
    command = [sys.executable, __file__, "--export-everything", str(workdir)]
    out = subprocess.run(command, capture_output=True, check=True, cwd=ROOT, text=True).stdout
    run = json.loads(out.strip().splitlines()[-1])
    sizes = run["sizes"]
    print(
        f"every lesson in every language, new process, cold caches: {len(sizes)} handouts ({run['lessons']} lessons × "
        f"{', '.join(run['languages'])}) in {seconds(run['wall'], run['cpu'])}, {run['wall'] / len(sizes):.3f} s each"
    )
    values = sorted(sizes.values())
    print(
        f"  sizes: {kb(values[0])} – {kb(values[-1])}, median {kb(statistics.median(values))}, "
        f"over 1 MB: {sum(v > 2**20 for v in values)}"
    )
    for name, size in sorted(sizes.items()):
        print(f"    {name:<40} {kb(size):>8}")
    print(f"  peak resident memory of that process: {run['rss_peak']:.0f} MB   target < 200 MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first-in-process", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--export-everything", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_in_process:
        first_in_process(Path(args.first_in_process))
        return
    if args.export_everything:
        export_everything(Path(args.export_everything))
        return

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock times grow with it)")
    with tempfile.TemporaryDirectory(prefix="bench-handout-") as tmp:
        workdir = Path(tmp)
        content_copy(workdir)
        app = make_app(workdir)

        print(
            f"handout of a six-step illustrated lesson (3 photos 1600×1200, 3 screenshots 1080×1920), median of {args.runs} runs"
        )
        with app.app_context():
            bench_one(toolkit.library.lessons[SLUG], workdir / "handouts-cache", args.runs)
        bench_fresh_process(workdir)
        bench_everything(workdir)


if __name__ == "__main__":
    main()
