"""One place for what tests that start servers need: a free loopback port, and waiting until
a server answers (bounded in time, failing with what the server said)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready: Callable[[], bool], *, timeout: float = 30.0, gave_up: Callable[[], str] = lambda: "") -> None:
    """Call `ready` until it is true; `gave_up` tells why when the server died or never answered."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer within {timeout:.0f} s. {gave_up()}")
        time.sleep(0.05)


def port_open(port: int) -> Callable[[], bool]:
    def ready() -> bool:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True

    return ready
