"""Rendered pages kept in memory per language, lesson and content version, sent with ETags.

A page is rendered once for the objects it was made from (the rendered lessons, the UI
catalogue, the registry: the library hands out the same objects until a file changes) and
then only copied out. Phones revalidate with `If-None-Match` and get a 304 when nothing
changed: on a 2G link that saves the whole page.

Pages are compressed once too: brotli (best level) and gzip bodies for a page without a form.
The one per-browser part of a page is the CSRF token of the feedback form, near the end of the
lesson page. It is left as a placeholder in the cached page and put in per response; for gzip,
the stream is compressed once up to the token, and a copy of the compressor finishes it per
response (some 20 µs instead of a whole compression). The ETag of such a page also depends on
the browser's session token and on a half-hour period, so that a page reused after a 304 never
carries a token much older than the form's time limit.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import brotli
from cachetools import LRUCache
from flask import Response, current_app, g, make_response, request, session
from flask_wtf.csrf import generate_csrf

CSRF_PLACEHOLDER = "\x00csrf-token\x00"
TOKEN_PERIOD = 1800  # seconds


class Encoded:
    """A page's compressed bodies, each made once, when first asked for."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.bodies: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._gzip_head: tuple[bytes, zlib._Compress, bytes] | None = None

    def whole(self, encoding: str) -> bytes:
        body = self.bodies.get(encoding)
        if body is None:
            data = self.html.encode()
            body = brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, 9, mtime=0)
            self.bodies[encoding] = body
        return body

    def gzip_with(self, token: str) -> bytes:
        """gzip of the page with `token` in place of the placeholder (which occurs once)."""
        with self._lock:
            started = self._gzip_head
            if started is None:
                before, after = self.html.split(CSRF_PLACEHOLDER)
                # a gzip stream (16 +) with a 16 KB window (a page is about that) and small tables:
                # 80 KB of compressor state per page instead of 256 KB
                compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + 14, 5)
                head = compressor.compress(before.encode()) + compressor.flush(zlib.Z_SYNC_FLUSH)
                started = self._gzip_head = (head, compressor, after.encode())
        _recently_used(self)
        head, compressor, suffix = started
        tail = compressor.copy()
        return head + tail.compress(token.encode() + suffix) + tail.flush()

    def forget_compressor(self) -> None:
        with self._lock:
            self._gzip_head = None


# Compressor states kept for the pages sent most recently; others are made again when needed.
MAX_COMPRESSORS = 64
_compressors: OrderedDict[int, Encoded] = OrderedDict()
_compressors_lock = threading.Lock()


def _recently_used(encoded: Encoded) -> None:
    with _compressors_lock:
        _compressors[id(encoded)] = encoded
        _compressors.move_to_end(id(encoded))
        while len(_compressors) > MAX_COMPRESSORS:
            _, oldest = _compressors.popitem(last=False)
            oldest.forget_compressor()


@dataclass(frozen=True)
class CachedPage:
    sources: tuple
    html: str
    etag: str
    checked: float = 0.0  # time.monotonic() when the sources were last compared
    encoded: Encoded = field(default=None, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.encoded is None:
            object.__setattr__(self, "encoded", Encoded(self.html))

    @property
    def has_form(self) -> bool:
        return CSRF_PLACEHOLDER in self.html


# Pages kept: every language, lesson and text size of a large library several times over. Keys
# include the address the page was asked at when no public address is set, so a client sending
# made-up Host headers may add pages: the least recently used ones make room.
MAX_PAGES = 4096
# and at most this many bytes of them (a page's text as Python holds it, twice for its
# compressed copies): a 600-lesson library in five languages has more pages than fit, and the
# least recently used are made again from the library's renderings when asked
PAGE_BYTES = 40 * 1024 * 1024


def _page_bytes(page: CachedPage) -> int:
    return 2 * sys.getsizeof(page.html)


class PageCache:
    """One page per key; a page is rendered again when any of its source objects changed.

    Comparing sources costs a few file stats (the library checks every lesson and catalogue
    it depends on), so a page checked less than `recheck` seconds ago is sent as it is: an edit
    shows within that time, and a busy server stats the content once a second, not per request.
    """

    def __init__(self, recheck: float = 1.0, max_pages: int = MAX_PAGES, max_bytes: int = PAGE_BYTES) -> None:
        self.recheck = recheck
        self.max_pages = max_pages
        self._pages: LRUCache[tuple, CachedPage] = LRUCache(maxsize=max_pages)
        self._bytes: LRUCache[tuple, int] = LRUCache(maxsize=max_bytes, getsizeof=lambda size: size)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: tuple, sources: Callable[[], tuple], render: Callable[[tuple], str]) -> CachedPage:
        now = time.monotonic()
        with self._lock:  # a read reorders the LRU too
            page = self._pages.get(key)
        if page is not None and now - page.checked < self.recheck:
            return page
        current = sources()
        if (
            page is None
            or len(page.sources) != len(current)
            or any(a is not b for a, b in zip(page.sources, current, strict=True))
        ):
            html = render(current)
            page = CachedPage(current, html, hashlib.sha256(html.encode()).hexdigest()[:24], now)
        else:
            page = replace(page, checked=now)
        with self._lock:
            self._pages[key] = page
            self._bound(key, page)
        return page

    def _bound(self, key: tuple, page: CachedPage) -> None:
        """Keep the pages' bytes under the limit too: the least recently used pages go."""
        size = _page_bytes(page)
        if size > self._bytes.maxsize:
            self._pages.pop(key, None)  # one huge page: sent, not kept
            return
        self._bytes[key] = size
        if len(self._bytes) != len(self._pages):  # one of the two limits let pages go
            for gone in [k for k in self._pages if k not in self._bytes]:
                del self._pages[gone]
            for gone in [k for k in self._bytes if k not in self._pages]:
                del self._bytes[gone]

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes.clear()


def page_cache() -> PageCache:
    return current_app.extensions["viewer"].pages


def results_cache() -> PageCache:
    """Search result pages: cached like the others, in a cache of their own."""
    return current_app.extensions["viewer"].results


def form_token() -> str:
    """Flask-WTF's signed form token for this browser, signed at most once per period.

    Signing costs about as much as sending a cached page; a token reused within the period is
    still well inside Flask-WTF's time limit, and the period is part of the ETag anyway.
    """
    raw, period = session.get("csrf_token"), int(time.time() // TOKEN_PERIOD)
    tokens = current_app.extensions["viewer"].form_tokens
    known = tokens.get(raw) if raw else None
    if known and known[0] == period:
        g.csrf_token = known[1]  # where Flask-WTF keeps the request's token
        return known[1]
    token = generate_csrf()
    tokens[session["csrf_token"]] = (period, token)
    return token


def _personal_etag(page: CachedPage) -> str:
    if not page.has_form:
        return page.etag
    token = session.get("csrf_token", "")
    period = int(time.time() // TOKEN_PERIOD)
    mix = hashlib.sha256(f"{page.etag}|{token}|{period}".encode()).hexdigest()[:24]
    return mix


def _body(page: CachedPage, token: str) -> tuple[bytes | str, str | None]:
    """The body and its Content-Encoding: compressed ahead when the phone accepts it; else the
    HTML, which Flask-Compress may still compress (say, for a browser that takes brotli only)."""
    accepts = request.accept_encodings
    if page.has_form:
        if accepts["gzip"] and page.html.count(CSRF_PLACEHOLDER) == 1:
            return page.encoded.gzip_with(token), "gzip"
        return page.html.replace(CSRF_PLACEHOLDER, token), None
    for encoding in ("br", "gzip"):
        if accepts[encoding]:
            return page.encoded.whole(encoding), encoding
    return page.html, None


def send_page(page: CachedPage, status: int = 200) -> Response:
    """The page, or 304 when the phone's copy is current. Phones always revalidate (no-cache)."""
    # make sure the session has a token before the ETag is computed from it
    token = form_token() if page.has_form else ""
    etag = _personal_etag(page)
    if status == 200 and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        body, encoding = _body(page, token)
        response = make_response(body, status)
        if encoding:
            response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(etag, weak=True)
    response.cache_control.no_cache = True
    response.vary.add("Cookie")  # the text size, and the form's token
    if page.has_form:
        response.cache_control.private = True
    return response
