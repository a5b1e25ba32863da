"""Translation memory and glossary figures: what the editor's aids cost per page.

Prints, for a catalogue of N published messages (generated Vietnamese-like sentences; placeholder
translations, no real Tày or Dao), the time to index it (once per file version) and the time per
message to find its three suggestions, and the time per message to find glossary terms; median of
runs. Usage:
    .venv/bin/python bench/bench_memory.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lesson_toolkit.authoring.i18n.glossary import glossary_path, read_glossary  # noqa: E402
from lesson_toolkit.authoring.i18n.memory import Memory  # noqa: E402

WORDS = [
    "mở",
    "ứng",
    "dụng",
    "ngân",
    "hàng",
    "quét",
    "mã",
    "QR",
    "trên",
    "hóa",
    "đơn",
    "tiền",
    "điện",
    "nước",
    "kiểm",
    "tra",
    "tên",
    "khách",
    "số",
    "xác",
    "nhận",
    "bấm",
    "nút",
    "gửi",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 20))).capitalize() + "."


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    rng = random.Random(15)
    glossary = read_glossary(ROOT / "locales", "en")
    print(f"glossary: {len(glossary.terms)} terms from {glossary_path(ROOT / 'locales', 'en').relative_to(ROOT)}")
    queries = [sentence(rng) for _ in range(40)]  # one editor page
    for size in (200, 2000, 20000):
        catalog = Catalog(locale="en")
        for _ in range(size):
            text = sentence(rng)
            catalog.add(text, f"EN {text.upper()}")  # no number: it would be a changed fact
        index = timed(lambda catalog=catalog: Memory.of(catalog), runs)
        memory = Memory.of(catalog)
        page = timed(lambda memory=memory: [memory.suggest(q) for q in queries], runs)
        print(
            f"{size:>6} published messages: index {index * 1000:8.1f} ms; 40 messages' suggestions {page * 1000:7.1f} ms"
        )
    from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue

    path = po_path(ROOT / "locales", "en", "lessons")
    bundled = timed(lambda: Memory.of(read_catalogue(path)), runs)
    print(f"bundled en lessons.po read and indexed: {bundled * 1000:.1f} ms (after each save, once)")
    terms = timed(lambda: [glossary.find(q) for q in queries], runs)
    print(f"glossary terms in 40 messages: {terms * 1000:.2f} ms")


if __name__ == "__main__":
    main()
