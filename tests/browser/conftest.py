"""Browser fixtures: the app served on loopback, and Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it drives /usr/bin/chromium (installed by
`make test`) through `executable_path`.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 640}


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Debian's chromium is missing (make test installs it)")
    return path


class LiveServer:
    """The app served on loopback. `no_signal(context)` is a phone with no signal: the browser says
    it is offline, and the server drops every connection unanswered, for the page's requests and
    its service worker's alike (Playwright's offline switch does not reach a service worker's own
    requests: microsoft/playwright#2311). `signal_back(context)` ends it."""

    def __init__(self, app):
        self.app = app
        self.signal = True
        self.server = make_server("127.0.0.1", 0, self.serve, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def serve(self, environ, start_response):
        if not self.signal:
            environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            raise ConnectionResetError("no signal")  # werkzeug drops the connection quietly
        return self.app(environ, start_response)

    def no_signal(self, context) -> None:
        context.set_offline(True)
        self.signal = False

    def signal_back(self, context) -> None:
        self.signal = True
        context.set_offline(False)


@pytest.fixture
def live_server(content, tmp_path):
    with LiveServer(make_app(content, tmp_path)) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A fresh 360×640 phone-sized browser context and page."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    blocked = []  # what the Content-Security-Policy refused: the site must need nothing it forbids
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert blocked == []


def pytest_collection_modifyitems(items):
    """Chromium aborts picture downloads it no longer needs (lazy pictures scrolled past, a page
    left); Werkzeug's development server (the live server here, never production) then leaves
    the picture's file to the garbage collector, which reports it at some later test's teardown.
    That warning is the test server's, not the site's: ignore it for the browser tests only."""
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(
                pytest.mark.filterwarnings(
                    r"ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"
                )
            )
