"""A real PostgreSQL server for the test session, started on loopback in a temporary folder.

`initdb` refuses to run as root, so as root the server runs as the `postgres` system user
(created by Debian's postgresql package, which `make test` installs).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.servers import free_port, port_open, wait_until


def _bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a fresh PostgreSQL database; skips only where no server is installed."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (make test installs it)")
        pytest.skip("PostgreSQL is not installed (make test installs it)")
    workdir = Path(tempfile.mkdtemp(prefix="pgtest-"))
    data, port = workdir / "data", free_port()
    as_user = {}
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid}
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, cwd=workdir, **as_user)  # noqa: E731
    run(str(bindir / "initdb"), "-D", str(data), "-U", "test", "--auth=trust", "-E", "UTF8", "--locale=C")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log"), "-w", "-o",
        f"-h 127.0.0.1 -p {port} -k {workdir} -F", "start")  # fmt: skip
    try:
        url = f"postgresql+psycopg://test@127.0.0.1:{port}/postgres"
        wait_until(port_open(port), timeout=30, gave_up=lambda: (workdir / "log").read_text(errors="replace"))
        yield url
    finally:
        subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True,
                       cwd=workdir, **as_user)  # fmt: skip
        shutil.rmtree(workdir, ignore_errors=True)
