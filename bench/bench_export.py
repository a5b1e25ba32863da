"""Static pack export: cold and incremental times, and the pack's size.

Prints figures (median of several runs); asserts nothing. Each run works on a copy of the
bundled content with its own instance folder (so picture variants start cold), in a fresh
process per export, as `flask export site` runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"


def export(env: dict, out: Path, *options: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(FLASK), "--app", "app", "export", "site", str(out), *options], cwd=ROOT, env=env,
                   check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - start


IN_PROCESS = """
import sys, time
from pathlib import Path
from lesson_toolkit.app import create_app
from lesson_toolkit.exports.site import export_site
app = create_app()
with app.app_context():
    start = time.perf_counter()
    export_site(app, Path(sys.argv[1]), [l.code for l in app.extensions["toolkit"].library.registry.public])
    print(time.perf_counter() - start)
"""


def export_in_process(env: dict, out: Path) -> float:
    """The export alone, in a fresh process but without counting its start-up."""
    result = subprocess.run([sys.executable, "-c", IN_PROCESS, str(out)], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)  # fmt: skip
    return float(result.stdout.strip().splitlines()[-1])


def interpreter_start(env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([str(FLASK), "--app", "app", "lessons", "list"], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold, warm, incremental, startup, pdf_cold, alone = [], [], [], [], [], []
    size = files = pdf_size = 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            shutil.copytree(ROOT / "lessons", tmp / "lessons")
            shutil.copytree(ROOT / "locales", tmp / "locales")
            env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "FLASK_LESSONS_DIR": str(tmp / "lessons"),
                   "FLASK_LOCALES_DIR": str(tmp / "locales"), "FLASK_INSTANCE_PATH": str(tmp / "instance"),
                   "FLASK_SQLALCHEMY_DATABASE_URI": "sqlite://", "HOME": str(tmp)}  # fmt: skip
            startup.append(interpreter_start(env))
            out = tmp / "pack"
            cold.append(export(env, out))
            warm.append(export(env, out))
            lesson = tmp / "lessons" / "use-zalo" / "lesson.md"
            lesson.write_text(
                lesson.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 21"), encoding="utf-8"
            )
            incremental.append(export(env, out))
            lesson.write_text(
                lesson.read_text(encoding="utf-8").replace("minutes: 21", "minutes: 22"), encoding="utf-8"
            )
            alone.append(export_in_process(env, out))
            files = sum(1 for p in out.rglob("*") if p.is_file())
            size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
            pdf_cold.append(export(env, tmp / "pack-pdf", "--with-pdfs"))
            pdf_size = sum(p.stat().st_size for p in (tmp / "pack-pdf").rglob("*") if p.is_file())
    med = statistics.median
    print(f"static pack of the bundled library, every language ({args.runs} runs, median, seconds per command)")
    print(f"  interpreter + app start-up (flask lessons list)   {med(startup):6.2f} s")
    print(f"  cold export (no picture variants yet)             {med(cold):6.2f} s")
    print(f"  second export, nothing changed                    {med(warm):6.2f} s")
    print(f"  export after editing one lesson                   {med(incremental):6.2f} s")
    print(f"    of which the export itself (no start-up)        {med(alone):6.2f} s")
    print(f"  pack: {files} files, {size / 1024 / 1024:.1f} MiB")
    print(
        f"  cold export with handouts (--with-pdfs)           {med(pdf_cold):6.2f} s, {pdf_size / 1024 / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
