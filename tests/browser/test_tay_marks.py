"""The Tày marks' subset font is fetched by a phone only when a page holds a Tày mark.

The marked page is a test-only lesson written into the test's copy of the content: its
Vietnamese source holds the character table of `tests.tay_glyphs` (every vowel with U+0331
and U+030F). No translation is written. Each page is opened in a fresh browser context (an
empty cache), and every request of the context is watched, the service worker's too.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.tay_glyphs import SAMPLE

pytestmark = pytest.mark.browser

MARKED = "tay-marks-test"
PLAIN = "pay-electricity-qr"  # a bundled lesson, plain Vietnamese


def fonts_fetched(chromium, url: str) -> tuple[list[str], dict[str, str]]:
    """The font files a fresh phone asks for when it opens `url`, and the status of each of
    the page's `@font-face` families ("unloaded" when never needed)."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url) if request.resource_type == "font" else None)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        faces = page.evaluate("() => Object.fromEntries([...document.fonts].map(f => [f.family, f.status]))")
        return fetched, {family.strip('"'): status for family, status in faces.items()}
    finally:
        context.close()


def test_the_font_comes_only_with_a_page_holding_tay_marks(live_server, chromium, write_lesson):
    write_lesson(MARKED, f"## Các bước\n\n1. {SAMPLE}\n", title="Chữ Tày (bài thử)", summary=SAMPLE)

    fetched, faces = fonts_fetched(chromium, f"{live_server.url}/vi/lessons/{MARKED}")
    assert len(fetched) == 1 and fetched[0].endswith("/tay-marks.woff2"), fetched
    assert faces["Tay Marks"] == "loaded"  # the page asked for it and has it

    for path in (f"/vi/lessons/{PLAIN}", f"/tyz/lessons/{PLAIN}", "/vi/search?q=dien"):
        fetched, faces = fonts_fetched(chromium, f"{live_server.url}{path}")
        assert fetched == [], path  # no cost on a page without the marks
        assert set(faces.values()) == {"unloaded"}, (path, faces)
