"""The site's public address as every face names it: in link previews and canonical links (the
learners' site), under the QR code of every handout (print), and in the offline pack.

A loopback address (`localhost`, `127.0.0.1`, `[::1]`) opens only on the computer that serves
it: a QR code printed with it leads a villager's phone nowhere.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from urllib.parse import urlsplit


@functools.lru_cache(maxsize=64)  # asked on every page request, of a handful of addresses
def is_loopback(url: str) -> bool:
    """Whether `url` names this computer only (`localhost`, `127.0.0.1`, `[::1]`)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def usable_base(configured: str | None, asked: str | None = None) -> str | None:
    """The base address to print or link: the configured one when it names a real host, else
    the address the request came to (`asked`), else the configured one as it is (or None)."""
    configured = (configured or "").rstrip("/")
    if configured and not is_loopback(configured):
        return configured
    if asked:
        return asked.rstrip("/")
    return configured or None


def in_words(url: str) -> str:
    """An address as a person types it: `baihoc.example.vn/vi/lessons/x` (no `https://`)."""
    parts = urlsplit(url)
    shown = parts.netloc + parts.path.rstrip("/")
    return shown + (f"?{parts.query}" if parts.query else "") if parts.netloc else url


def network_address() -> str | None:
    """This computer's address on its local network (the one phones on the same Wi-Fi reach),
    or None when it has none. Asks the system which address it would send from; nothing is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))  # any non-local address: a UDP connect sends nothing
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_loopback else address
