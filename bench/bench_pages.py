"""Paper: how many pages each bundled lesson's handout takes, per paper size and print size.

Targets (issue "print without waste"): an 8-step lesson on A4 in at most 3 pages, on A5 in large
print in at most 6. Prints a table, and the totals; asserts nothing. Rendering is deterministic,
so one run is the figure.

    .venv/bin/python bench/bench_pages.py
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from lesson_toolkit.app import create_app  # noqa: E402
from lesson_toolkit.exports.handout import HandoutOptions, print_context, render_handout  # noqa: E402

VARIANTS = {
    "A4": HandoutOptions("a4"),
    "A4 large": HandoutOptions("a4", large=True),
    "A5": HandoutOptions("a5"),
    "A5 large": HandoutOptions("a5", large=True),
    "A4 b&w": HandoutOptions("a4", bw=True),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "HANDOUT_CACHE_DIR": tmp, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                          "PUBLIC_BASE_URL": "https://baihoc.example.vn"})  # fmt: skip
        with app.app_context():
            context = print_context()
            lessons = sorted(context.library.lessons.values(), key=lambda lesson: lesson.slug)
            print(f"{'lesson':24}{'steps':>6}" + "".join(f"{name:>10}" for name in VARIANTS))
            totals = dict.fromkeys(VARIANTS, 0)
            for lesson in lessons:
                steps = lesson.body.count("\n    ![")  # a picture per step
                cells = []
                for name, options in VARIANTS.items():
                    handout = render_handout(context, lesson, "vi", options)
                    pages = len(PdfReader(io.BytesIO(handout.path.read_bytes())).pages)
                    totals[name] += pages
                    cells.append(f"{pages:>10}")
                print(f"{lesson.slug:24}{steps:>6}" + "".join(cells))
            print(f"{'total':30}" + "".join(f"{totals[name]:>10}" for name in VARIANTS))


if __name__ == "__main__":
    main()
