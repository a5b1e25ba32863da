"""What link previews, page addresses and the Share box cost a lesson page.

Prints, for the index and every bundled lesson in each language: the compressed page as the
server sends it (gzip 9 and brotli 11) against the 14 KB budget, and how many of those bytes
the sharing and installing tags add (the page compressed with and without the Open Graph and
Twitter tags, the description, canonical, hreflang, manifest and icon links and the Share box).
Then the median time to make a preview picture and an icon with Pillow.

Usage: .venv/bin/python bench/bench_share.py
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET = 14 * 1024
ADDED = [
    re.compile(r'\n<meta (?:name="description"|property="og:|name="twitter:)[^>]*>'),
    re.compile(r'\n<link rel="(?:canonical|alternate|manifest|icon|apple-touch-icon)"[^>]*>'),
    re.compile(r'\s*<details class="share".*?</details>\n<script src="[^"]*share\.js" defer></script>', re.S),
    re.compile(r'<div class="actions"></div>\n'),
]


def sizes(html: str) -> tuple[int, int]:
    data = html.encode()
    return len(gzip.compress(data, 9, mtime=0)), len(brotli.compress(data, quality=11))


def without_added(html: str) -> str:
    for pattern in ADDED:
        html = pattern.sub("", html)
    return html


def main() -> None:
    from lesson_toolkit.app import create_app
    from lesson_toolkit.extensions import db

    tmp = Path(tempfile.mkdtemp(prefix="bench-share-"))
    try:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}",
                "INSTANCE_PATH": str(tmp / "instance"),
                "PUBLIC_BASE_URL": "https://lessons.example.vn",
            }
        )
        with app.app_context():
            db.create_all()
        client = app.test_client()
        slugs = sorted(p.parent.name for p in (ROOT / "lessons").glob("*/lesson.md"))
        print(f"{'page':42} {'gzip':>6} {'br':>6} {'+gzip':>6} {'+br':>6}  raw+  (budget {BUDGET} B)")
        added_gzip, added_br = [], []
        for lang in ("vi", "tyz", "en"):
            for url in [f"/{lang}/", *(f"/{lang}/lessons/{slug}" for slug in slugs)]:
                html = client.get(url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
                html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)
                bare = without_added(html)
                (gz, br), (gz0, br0) = sizes(html), sizes(bare)
                added_gzip.append(gz - gz0)
                added_br.append(br - br0)
                flag = "" if max(gz, br) <= BUDGET else "  OVER BUDGET"
                print(f"{url:42} {gz:6} {br:6} {gz - gz0:+6} {br - br0:+6} {len(html) - len(bare):+5}{flag}")
        print(f"median bytes added, compressed: gzip {statistics.median(added_gzip):.0f}, "
              f"brotli {statistics.median(added_br):.0f}")  # fmt: skip

        from lesson_toolkit.authoring.pictures.icons import draw_icon
        from lesson_toolkit.authoring.pictures.previews import link_preview

        covers = [ROOT / "lessons" / slug / "images" / "cover.png" for slug in slugs]
        times = []
        for run in range(5):
            cache = tmp / f"previews-{run}"
            started = time.perf_counter()
            link_preview(covers[:1], cache)
            times.append(time.perf_counter() - started)
        print(f"one lesson's preview (1200×630 JPEG), made: median {statistics.median(times) * 1000:.0f} ms")
        times = []
        for run in range(5):
            started = time.perf_counter()
            link_preview(covers[:3], tmp / f"index-{run}")
            times.append(time.perf_counter() - started)
        print(f"the index's preview (three covers), made: median {statistics.median(times) * 1000:.0f} ms")
        times = []
        for _ in range(5):
            started = time.perf_counter()
            draw_icon(512)
            times.append(time.perf_counter() - started)
        print(f"the 512 px icon, drawn: median {statistics.median(times) * 1000:.0f} ms (once per process)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
