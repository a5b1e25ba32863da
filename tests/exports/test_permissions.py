"""A pack and the handouts the toolkit writes can be served by another user: nginx or Apache on
a cultural house's Raspberry Pi runs as `www-data`, not as the trainer who exported them. The
test reads everything back as `nobody`, as such a server would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Run as `nobody`: walk the folder, read every file whole, and print how many were read.
READ_ALL = """
import os, sys
count = 0
for folder, _, names in os.walk(sys.argv[1], onerror=lambda exc: sys.exit(f"cannot list: {exc}")):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            handle.read()
        count += 1
print(count)
"""


@pytest.fixture
def shared_folder():
    """A folder that other users may enter (pytest's own are private to the user running it)."""
    folder = Path(tempfile.mkdtemp(prefix="pack-"))
    folder.chmod(0o755)
    old = os.umask(0o022)  # the usual umask of a desktop or a Raspberry Pi account
    yield folder
    os.umask(old)
    shutil.rmtree(folder)


def read_as_nobody(folder: Path) -> int:
    """How many files `nobody` reads in `folder` (fails the test, naming the file, when one is refused)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("reading as another user needs root and setpriv (util-linux)")
    done = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-I", "-c", READ_ALL,
         str(folder)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_nobody_reads_the_whole_offline_pack_and_the_handouts(app, shared_folder):
    runner = app.test_cli_runner()
    pack = shared_folder / "pack"
    result = runner.invoke(args=["export", "site", str(pack), "--lang", "vi", "--lang", "en", "--zip"])
    assert result.exit_code == 0, result.output
    handouts = shared_folder / "handouts"
    result = runner.invoke(args=["export", "pdf", "pay-electricity-qr", "--lang", "vi", "-o", str(handouts)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["export", "booklet", "--lessons", "pay-electricity-qr,install-vneid", "-o", str(handouts / "b.pdf")]
    )
    assert result.exit_code == 0, result.output

    written = [p for p in shared_folder.rglob("*") if p.is_file()]
    assert len(written) > 50 and (shared_folder / "pack.zip").is_file()
    assert read_as_nobody(shared_folder) == len(written)


def test_the_check_itself_fails_on_a_private_file(shared_folder):
    (shared_folder / "secret.html").write_text("<p>")
    (shared_folder / "secret.html").chmod(0o600)
    with pytest.raises(AssertionError, match="secret.html"):
        read_as_nobody(shared_folder)
