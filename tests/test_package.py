"""`pip install` gives a working toolkit: the wheel holds one namespace, `lesson_toolkit`, with
its templates, static files, migrations, lessons and compiled catalogues; installed with the
hashed lock into a fresh virtualenv, it creates its database and serves a lesson and its
handout from a folder outside the checkout, with no help from the checkout."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.servers import free_port, port_open, wait_until

ROOT = Path(__file__).resolve().parent.parent
SLUG = "pay-electricity-qr"


def run(*command, **options) -> str:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900, **options)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not (ROOT / "locales" / "en" / "LC_MESSAGES" / "lessons.mo").exists():
        pytest.fail("the catalogues are not compiled: `make setup` compiles them before the wheel is built")
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", dist, ROOT)
    (found,) = dist.glob("lesson_toolkit-*.whl")
    return found


def test_the_wheel_holds_one_namespace_with_everything_the_site_needs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {name.split("/")[0] for name in names} == {"lesson_toolkit", "lesson_toolkit-1.dist-info"}
    for needed in [
        "lesson_toolkit/app.py",
        "lesson_toolkit/wsgi.py",
        "lesson_toolkit/authoring/workspace/web/lessons.py",
        "lesson_toolkit/authoring/illustrations/__init__.py",
        "lesson_toolkit/templates/viewer/lesson.html",
        "lesson_toolkit/static/viewer/app.js",
        "lesson_toolkit/migrations/env.py",
        "lesson_toolkit/babel.cfg",
        f"lesson_toolkit/content/lessons/{SLUG}/lesson.md",
        "lesson_toolkit/content/locales/languages.toml",
        "lesson_toolkit/content/locales/en/LC_MESSAGES/lessons.mo",
    ]:
        assert needed in names, needed
    metadata = zipfile.ZipFile(wheel).read("lesson_toolkit-1.dist-info/METADATA").decode()
    requires = {line.split(":", 1)[1].split(">")[0].split("[")[0].strip().lower() for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}  # fmt: skip
    assert {"flask", "weasyprint", "sqlalchemy", "babel", "pillow", "gunicorn"} <= requires
    assert not {"pytest", "playwright", "ruff", "mdpo"} & requires  # the tools stay out of production
    entry_points = zipfile.ZipFile(wheel).read("lesson_toolkit-1.dist-info/entry_points.txt").decode()
    assert "lesson-toolkit = lesson_toolkit.cli:main" in entry_points


def test_the_locks_pin_every_package_with_hashes():
    for lock in ("requirements.txt", "requirements-dev.txt"):
        pins = [line for line in (ROOT / lock).read_text().splitlines() if "==" in line and not line.startswith("#")]
        assert pins and all(line.rstrip().endswith("\\") for line in pins), f"{lock}: a pin without its hashes"
    runtime = (ROOT / "requirements.txt").read_text()
    assert "pytest==" not in runtime and "playwright==" not in runtime and "ruff==" not in runtime


@pytest.mark.timeout(900)
def test_a_fresh_virtualenv_installs_the_wheel_and_serves_a_lesson_and_its_handout(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", ROOT / "requirements.txt")
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", wheel)
    run(python, "-m", "pip", "check")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FLASK_INSTANCE_PATH": str(elsewhere / "var"),
    }
    where = run(
        python,
        "-c",
        "import lesson_toolkit, sys; print(lesson_toolkit.__file__); print(sys.path)",
        cwd=elsewhere,
        env=env,
    )
    assert str(venv) in where.splitlines()[0] and str(ROOT) not in where
    top_level = run(python, "-c", "import importlib.util as u; print([m for m in ('app', 'extensions', 'viewer', 'exports', 'authoring') if u.find_spec(m)])", cwd=elsewhere, env=env)  # fmt: skip
    assert top_level.strip() == "[]"

    run(venv / "bin" / "lesson-toolkit", "db", "upgrade", cwd=elsewhere, env=env)
    assert (elsewhere / "var" / "toolkit.sqlite").is_file()
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [venv / "bin" / "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "lesson_toolkit.wsgi:app"],
            cwd=elsewhere, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until(port_open(port), timeout=60, gave_up=lambda: log.read_text())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/lessons/{SLUG}", timeout=60) as answer:
            page = answer.read().decode()
        assert "Pay your electricity bill" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/vi/lessons/{SLUG}.pdf", timeout=120) as answer:
            pdf = answer.read()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_systemd_unit_runs_the_installed_entry_points():
    unit = (ROOT / "lesson-toolkit.service").read_text()
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith(" lesson_toolkit.wsgi:app") and "/bin/gunicorn --config " in exec_start
    assert "ExecStartPre=/opt/lesson-toolkit/bin/lesson-toolkit db upgrade" in unit
    assert "UMask=0022" in unit  # packs and handouts it writes stay readable by nginx
