"""`python -m lesson_toolkit.authoring.illustrations [slug ...]`: draw the lesson pictures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lesson_toolkit import content_root
from lesson_toolkit.authoring.illustrations import LESSON_MODULES, generate, strays


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesson_toolkit.authoring.illustrations", description=__doc__)
    parser.add_argument("slugs", nargs="*", help="lessons to draw (default: all)")
    parser.add_argument("--lessons-dir", type=Path, default=content_root() / "lessons")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a picture is out of date")
    args = parser.parse_args(argv)
    unknown = [slug for slug in args.slugs if slug not in LESSON_MODULES]
    if unknown:
        parser.error(f"no pictures are drawn for {', '.join(unknown)} (known: {', '.join(LESSON_MODULES)})")
    stale = 0
    for slug in args.slugs or list(LESSON_MODULES):
        for result in generate(slug, args.lessons_dir, check=args.check):
            state = ("out of date" if args.check else "wrote") if result.changed else "unchanged"
            stale += result.changed
            print(f"{state}\t{result.size:6d} B\t{result.path}")
        for path in strays(slug, args.lessons_dir):
            print(f"warning: {path} is not drawn by lesson_toolkit.authoring.illustrations", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
