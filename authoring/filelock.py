"""An exclusive lock on the folder of a content file, held across a read-modify-write.

`flock` on the folder itself leaves no lock files in the content tree, and survives the atomic
rename that replaces the file. Threads and processes that open the folder separately exclude
each other.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of `path`'s folder (created if missing)."""
    folder = path.parent
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
        for folder in sorted({path.parent.resolve() for path in paths}):
            stack.enter_context(locked(folder / "_"))
        yield
