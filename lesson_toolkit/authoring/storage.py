"""Content files on disk: atomic, durable writes and locks held across a read-modify-write.

Writes go through a temporary file in the same folder, flushed to disk and renamed over the
target, so that a reader sees the old file or the new one, never half, and a power cut loses at
most the write in progress. Files get ordinary permissions (the umask), so that a web server
running as another user can serve them.

Locks are `flock` on the folder of a content file: no lock files in the content tree, and they
survive the atomic rename that replaces the file. Threads and processes that open the folder
separately exclude each other.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import ModuleType


def code_version(library_version: str, *modules: ModuleType) -> str:
    """A short name for what some modules' code and a library's version decide: a cache kept
    on disk under it is never read by other code."""
    digest = hashlib.sha256(library_version.encode())
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` atomically and durably, with the permissions of a new file.

    `durable=False` leaves the flush to the system (or to one `os.sync()` after many files):
    for files that can be made again, such as caches and an exported pack."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # 0o666 less the umask, applied by the kernel (reading the umask would briefly change it for
    # every thread of the process)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of `path`'s folder (created if missing)."""
    folder = Path(path).parent
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def locked_all(paths: Iterable[Path]) -> Iterator[None]:
    """Hold several folders' locks, always taken in the same order (no deadlock)."""
    with ExitStack() as stack:
        for folder in sorted({Path(path).parent.resolve() for path in paths}):
            stack.enter_context(locked(folder / "_"))
        yield
