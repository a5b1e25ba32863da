"""The render budget: how long Python-Markdown takes on the worst lesson bodies and translations
the limits let through, and how quickly the ones beyond them are refused.

Prints figures (median of several runs); asserts nothing. Run with
`.venv/bin/python bench/bench_render_budget.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lesson_toolkit.authoring.core.lesson import LessonError, check_shape  # noqa: E402
from lesson_toolkit.authoring.core.markup import markup_problems  # noqa: E402
from lesson_toolkit.authoring.core.segmenter import convert  # noqa: E402

SENTENCE = "Một câu bình thường, có **chữ đậm** và [liên kết](https://a.vn). "


def bodies() -> dict[str, str]:
    """Bodies of about 250 KB (the size limit), each stressing one costly part of the parser."""
    return {
        "plain lesson, 236 KB": "\n\n".join([SENTENCE * 3] * 1200),
        "'[' x170 per paragraph, 1500 paragraphs": "\n\n".join(["[" * 170] * 1500),
        "'[' x399 per paragraph, 500 paragraphs": "\n\n".join(["[" * 399 + "a" * 100] * 500),
        "'<a ' x1 per paragraph, 400 paragraphs": "\n\n".join(["<a " + "x " * 100] * 400),
        "'*_' 160 KB": "\n\n".join(["*_" * 50] * 1600),
        "'[' x40 per paragraph, 200 paragraphs (within the budget)": "\n\n".join(["[" * 40 + "x " * 150] * 200),
    }


def median(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'lesson body':60} {'check ms':>9} {'verdict':>9} {'render s':>9}")
    for name, body in bodies().items():
        try:
            check_shape(body, 1, Path("bench.md"))
            verdict = "accepted"
        except LessonError:
            verdict = "refused"
        check = median(args.runs, lambda body=body: _check(body))
        render = median(1, lambda body=body: convert(body))
        print(f"{name:60} {check * 1000:9.1f} {verdict:>9} {render:9.2f}")
    source = "Mở ứng dụng ngân hàng, chọn mục Quét mã QR rồi kiểm tra số tiền trên màn hình."
    print()
    print(f"{'translation of an 80-character source':60} {'check ms':>9} {'problems':>9}")
    for name, text in {
        "48 KB of '['": "[" * 48_000,
        "40,000 backticks": "`" * 40_000,
        "a faithful translation": "Open the bank app, tap Scan QR code, then check the amount on the screen.",
    }.items():
        check = median(args.runs, lambda text=text: markup_problems(source, text))
        print(f"{name:60} {check * 1000:9.2f} {len(markup_problems(source, text)):9d}")


def _check(body: str) -> None:
    with contextlib.suppress(LessonError):
        check_shape(body, 1, Path("bench.md"))


if __name__ == "__main__":
    main()
