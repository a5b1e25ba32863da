"""What a phone downloads for a whole lesson, before and after choosing pictures by size.

Prints, per bundled lesson (Vietnamese pages):
1. the bytes headless Chromium downloads at 360×640 CSS px on a 1× and a 2× screen, scrolled to
   the end so that every lazy picture loads (every response the page and its service worker
   fetch, as transferred: compressed where the server compresses), and the pictures' share;
   for the code before (a `git archive` of `--before`, default main just before pictures were
   chosen by size) and after (this tree);
2. the floor: a hand-written page of the same text (the page's HTML, scripts and styles
   counted as the server sends them) whose pictures are each the smallest encoding we know of at
   exactly the pixels shown (328 CSS px × the screen's scale): the smallest of lossless WebP
   at cwebp's highest effort, palette and full-colour PNG (drawings), or WebP/AVIF/JPEG
   (photos); and each version's ratio to the floor (target: after ≤ 1.2×);
3. the static pack's size (`flask export site`, every language), and its pictures' share.
Medians over `--rounds` page loads (default 1: the bytes hardly vary; more rounds guard
against a picture the browser aborted and fetched again). Byte counts: the machine's load does
not change them. Runs on 127.0.0.1 only. Usage:
    .venv/bin/python bench/bench_picture_bytes.py [--rounds 1] [--before COMMIT] [--no-pack]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
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
PYTHON = sys.executable
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# main just before pictures were chosen by size (the merge of wt-pictures, 5c6aaf5); the bundled
# lessons and their pictures' sources are the same there as now
BEFORE = "5c6aaf5^1"
SLOT = 328  # CSS px a step picture is shown at on a 360-px phone (viewer.pictures.LESSON_SIZES)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_of(ref: str, into: Path) -> Path:
    """The files of `ref` (a commit of this repository), without touching any work tree."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def environment(tree: Path, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(tree),
        "FLASK_LESSONS_DIR": str(tree / "lessons"),
        "FLASK_LOCALES_DIR": str(tree / "locales"),
        "FLASK_INSTANCE_PATH": str(instance),
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.sqlite'}",
        "FLASK_SECRET_KEY": "bench",
        "FLASK_PUBLIC_BASE_URL": "http://127.0.0.1",
    }


def flask(tree: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "-m", "flask", "--app", "app", *args], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


@contextlib.contextmanager
def served(tree: Path, instance: Path):
    """The tree's app on a loopback port (Flask's server, threaded), its catalogues compiled."""
    env = environment(tree, instance)
    instance.mkdir(parents=True, exist_ok=True)
    flask(tree, env, "i18n", "compile")
    flask(tree, env, "db", "upgrade")
    port = free_port()
    process = subprocess.Popen([PYTHON, "-m", "flask", "--app", "app", "run", "--port", str(port), "--with-threads"],
                               cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/healthz", timeout=2).close()
                break
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def lesson_bytes(browser, url: str, scale: int) -> tuple[int, int]:
    """Bytes transferred for the whole lesson, and of them the pictures'."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=scale,
                                  is_mobile=True, has_touch=True)  # fmt: skip
    sizes: dict[str, int] = {}

    def finished(request) -> None:
        with contextlib.suppress(Exception):
            measured = request.sizes()
            sizes[request.url] = max(sizes.get(request.url, 0), measured["responseBodySize"])

    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(url, wait_until="load")
    pictures = page.locator("img")
    for index in range(pictures.count()):
        pictures.nth(index).scroll_into_view_if_needed()
        with contextlib.suppress(Exception):
            page.wait_for_function("(img) => img.complete", arg=pictures.nth(index).element_handle(), timeout=30_000)
    page.wait_for_load_state("networkidle")
    context.close()
    total = sum(sizes.values())
    return total, sum(size for address, size in sizes.items() if "/pictures/" in address)


def floor_bytes(tree_lessons: Path, slug: str, page_total: int, page_pictures: int, scale: int) -> int:
    """The hand-written page: the same text and scripts, each picture at its best encoding."""
    from PIL import Image

    from lesson_toolkit.authoring.pictures.choice import DRAWING, kind_of
    from lesson_toolkit.authoring.pictures.variants import Variant, convert, faithful_palette

    best = 0
    for src in re.findall(r"!\[[^\]]*\]\((images/[^)\s]+)\)", (tree_lessons / slug / "lesson.md").read_text()):
        image = Image.open(tree_lessons / slug / src)
        image.load()
        width = min(SLOT * scale, image.width)
        kind = kind_of(image)
        candidates = [convert(image, kind.variant(ext, width)) for ext in kind.formats]
        if kind.kind == DRAWING:
            resized = image.convert("RGB").resize(
                (width, round(image.height * width / image.width)), Image.Resampling.BOX
            ) if width < image.width else image.convert("RGB")  # fmt: skip
            for options in ({"lossless": True, "quality": 100, "method": 6}, {"lossless": True, "quality": 75}):
                buffer = io.BytesIO()
                resized.save(buffer, "WEBP", **options)
                candidates.append(buffer.getvalue())
            palette = faithful_palette(resized)
            if palette is not None:
                buffer = io.BytesIO()
                palette.save(buffer, "PNG", optimize=True)
                candidates.append(buffer.getvalue())
            candidates.append(convert(image, Variant(width, "png", resample="box")))
        best += min(len(c) for c in candidates)
    # the text and the page's own scripts and styles are what they are: only pictures change
    return page_total - page_pictures + best


def pack_size(tree: Path, instance: Path) -> tuple[int, int]:
    env = environment(tree, instance)
    instance.mkdir(parents=True, exist_ok=True)
    flask(tree, env, "i18n", "compile")
    out = instance / "pack"
    flask(tree, env, "export", "site", str(out))
    files = [p for p in out.rglob("*") if p.is_file()]
    pictures = [p for p in files if "pictures" in p.relative_to(out).parts[:1]]
    return sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in pictures)


def kb(value: float) -> str:
    return f"{value / 1000:7.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1, help="page loads per lesson and screen (default 1)")
    parser.add_argument(
        "--before",
        default=BEFORE,
        help=f"the commit to compare with (default {BEFORE}, before pictures were chosen by size)",
    )
    parser.add_argument("--no-pack", action="store_true", help="skip the static packs")
    parser.add_argument("--lesson", action="append", help="only these lessons (slugs)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    work = Path(tempfile.mkdtemp(prefix="bench-pictures-"))
    try:
        before = tree_of(args.before, work / "before")
        after = tree_of("HEAD", work / "after") if not _dirty() else ROOT
        trees = {"before": before, "after": after}
        slugs = args.lesson or sorted(p.parent.name for p in (ROOT / "lessons").glob("*/lesson.md"))
        figures: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
        floors: dict[tuple[str, int], int] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for name, tree in trees.items():
                with served(tree, work / f"instance-{name}") as url:
                    for slug in slugs:
                        for scale in (1, 2):
                            for _ in range(args.rounds):
                                total, pictures = lesson_bytes(browser, f"{url}/vi/lessons/{slug}", scale)
                                figures.setdefault((name, slug, scale), []).append((total, pictures))
                            if name == "after":
                                median_total = statistics.median(t for t, _ in figures[(name, slug, scale)])
                                median_pictures = statistics.median(p for _, p in figures[(name, slug, scale)])
                                floors[(slug, scale)] = floor_bytes(
                                    after / "lessons", slug, int(median_total), int(median_pictures), scale
                                )
            browser.close()
        print(f"Whole lesson at 360×640 CSS px (Vietnamese), medians of {args.rounds} loads; pictures in brackets")
        print(
            f"{'lesson':22} {'screen':>6} {'before':>22} {'after':>22} {'floor':>10} {'before/floor':>12} {'after/floor':>11}"
        )
        ratios: dict[tuple[str, int], list[float]] = {}
        for slug in slugs:
            for scale in (1, 2):
                row = []
                for name in trees:
                    values = figures[(name, slug, scale)]
                    total = statistics.median(t for t, _ in values)
                    pictures = statistics.median(p for _, p in values)
                    row.append((total, pictures))
                floor = floors[(slug, scale)]
                for name, (total, _) in zip(trees, row, strict=True):
                    ratios.setdefault((name, scale), []).append(total / floor)
                cells = [f"{kb(t)} ({kb(p).strip()})" for t, p in row]
                print(f"{slug:22} {scale:>5}× {cells[0]:>22} {cells[1]:>22} {kb(floor):>10}"
                      f" {row[0][0] / floor:11.2f}× {row[1][0] / floor:10.2f}×")  # fmt: skip
        for scale in (1, 2):
            print(f"median ratio to the floor, {scale}×: before {statistics.median(ratios[('before', scale)]):.2f}×,"
                  f" after {statistics.median(ratios[('after', scale)]):.2f}× (target ≤ 1.20×)")  # fmt: skip
        if not args.no_pack:
            for name, tree in trees.items():
                total, pictures = pack_size(tree, work / f"pack-{name}")
                print(f"static pack ({name}): {kb(total)}, of which pictures {kb(pictures)} ({pictures / total:.0%})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _dirty() -> bool:
    """Uncommitted changes: measure the work tree itself rather than HEAD."""
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    return bool(status.strip())


if __name__ == "__main__":
    main()
