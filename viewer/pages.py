"""Rendered pages kept in memory per language, lesson and content version, sent with ETags.

A page is rendered once for the objects it was made from (the rendered lessons, the UI
catalogue, the registry: the library hands out the same objects until a file changes) and
then only copied out. Phones revalidate with `If-None-Match` and get a 304 when nothing
changed: on a 2G link that saves the whole page.

The one per-browser part of a page is the CSRF token of the feedback form. It is left as a
placeholder in the cached page and put in per response; the ETag then also depends on the
browser's session token and on a half-hour period, so that a page reused after a 304 never
carries a token much older than the form's time limit.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, make_response, request, session
from flask_wtf.csrf import generate_csrf

CSRF_PLACEHOLDER = "\x00csrf-token\x00"
TOKEN_PERIOD = 1800  # seconds


@dataclass(frozen=True)
class CachedPage:
    sources: tuple
    html: str
    etag: str

    @property
    def has_form(self) -> bool:
        return CSRF_PLACEHOLDER in self.html


class PageCache:
    """One page per key; a page is rendered again when any of its source objects changed."""

    def __init__(self) -> None:
        self._pages: dict[tuple, CachedPage] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, sources: tuple, render: Callable[[], str]) -> CachedPage:
        page = self._pages.get(key)
        if (
            page is None
            or len(page.sources) != len(sources)
            or any(a is not b for a, b in zip(page.sources, sources, strict=True))
        ):
            html = render()
            page = CachedPage(sources, html, hashlib.sha256(html.encode()).hexdigest()[:24])
            with self._lock:
                self._pages[key] = page
        return page

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def page_cache() -> PageCache:
    return current_app.extensions["viewer_pages"]


def _personal_etag(page: CachedPage) -> str:
    if not page.has_form:
        return page.etag
    token = session.get("csrf_token", "")
    period = int(time.time() // TOKEN_PERIOD)
    mix = hashlib.sha256(f"{page.etag}|{token}|{period}".encode()).hexdigest()[:24]
    return mix


def send_page(page: CachedPage, status: int = 200) -> Response:
    """The page, or 304 when the phone's copy is current. Phones always revalidate (no-cache)."""
    # make sure the session has a token before the ETag is computed from it
    token = generate_csrf() if page.has_form else ""
    etag = _personal_etag(page)
    if status == 200 and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        html = page.html.replace(CSRF_PLACEHOLDER, token) if page.has_form else page.html
        response = make_response(html, status)
    response.set_etag(etag, weak=True)
    response.cache_control.no_cache = True
    response.vary.add("Cookie")  # the text size, and the form's token
    if page.has_form:
        response.cache_control.private = True
    return response
