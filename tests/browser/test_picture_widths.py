"""Which picture files a 360-px phone downloads: the 1× file on a 1× screen, the 2× one on a 2×."""

from __future__ import annotations

import re

import pytest

from lesson_toolkit.viewer.views import TEXT_COOKIE
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

SLUG = "pay-electricity-qr"


def downloaded_pictures(chromium, url: str, scale: int, large: bool = False) -> tuple[list[str], list[float]]:
    """The picture files Chromium fetched for the whole lesson (scrolled to the end so that
    lazy pictures load), and how wide each step picture is shown in CSS pixels."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=scale, is_mobile=True, has_touch=True)
    if large:
        context.add_cookies([{"name": TEXT_COOKIE, "value": "large", "url": url}])
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url) if "/pictures/" in request.url else None)
    page.goto(url)
    steps = page.locator("ol.steps img")
    for index in range(steps.count()):
        steps.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=steps.nth(index).element_handle())
    shown = page.evaluate(
        "[...document.querySelectorAll('ol.steps img')].map(img => img.getBoundingClientRect().width)"
    )
    context.close()
    return fetched, shown


def widths(urls: list[str]) -> set[int]:
    return {int(re.search(r"-(\d+)\.\w+$", url)[1]) for url in urls}


@pytest.mark.parametrize(("scale", "expected"), [(1, 328), (2, 656)])
def test_a_phone_loads_the_file_made_for_its_screen(live_server, chromium, scale, expected):
    fetched, shown = downloaded_pictures(chromium, f"{live_server.url}/vi/lessons/{SLUG}", scale)
    assert shown and all(round(width) == 328 for width in shown)  # the slot `sizes` describes
    assert widths(fetched) == {expected}
    # one file per picture (the offline cache asks for the same files again: the same URLs)
    assert len(set(fetched)) == len(shown)


@pytest.mark.parametrize("large", [False, True])
def test_step_pictures_take_the_phones_width_not_the_step_numbers_column(live_server, chromium, large):
    # the pictures run out under the step number: the screen less the page's margins, at any text size
    _, shown = downloaded_pictures(chromium, f"{live_server.url}/vi/lessons/use-zalo", 1, large=large)
    assert shown and min(shown) >= 300
    assert max(shown) <= PHONE["width"] - 16  # still inside the page's margins
