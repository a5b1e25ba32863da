"""On the narrowest phones (320 px), the language bar and the honest labels fit.

No page scrolls sideways, and no language name, availability line or note is cut off, runs
past the screen's edge or lies over another one (their boxes, as Chromium lays them out).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
SLUG = "pay-electricity-qr"
LABELS = "nav.langs a, .card .has, .fallback-note"

# every box of the labels: its rectangle, and whether its own text overflows it
BOXES = """(selector) => [...document.querySelectorAll(selector)].map(element => {
    const r = element.getBoundingClientRect();
    return {text: element.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            clipped: element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).display !== 'inline',
            bar: element.matches('nav.langs a')};
})"""


def overlap(a: dict, b: dict) -> bool:
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


@pytest.mark.parametrize("lang", ["vi", "tyz", "mji"])
@pytest.mark.parametrize("path", ["/{lang}/", f"/{{lang}}/lessons/{SLUG}"])
def test_the_language_bar_and_labels_fit_a_320_px_phone(live_server, chromium, lang, path):
    context = chromium.new_context(viewport=NARROW, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(live_server.url + path.format(lang=lang))
        page.wait_for_load_state("load")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] == NARROW["width"], f"scrolls sideways: {widths}"
        boxes = page.evaluate(BOXES, LABELS)
    finally:
        context.close()
    bar = [box["text"] for box in boxes if box["bar"]]
    assert bar == ["Tiếng Việt", "Tày", "Iu Mienh (Dao)", "Kim Mun (Dao)", "English"]
    if lang != "vi":
        assert any(not box["bar"] for box in boxes), "no honest label on a page with nothing translated"
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= NARROW["width"], f"past the edge: {box}"
        assert not box["clipped"], f"cut off: {box}"
    links = [box for box in boxes if box["bar"]]
    crossed = [(a["text"], b["text"]) for i, a in enumerate(links) for b in links[i + 1 :] if overlap(a, b)]
    assert crossed == []
    others = [box for box in boxes if not box["bar"]]
    assert [(a["text"], b["text"]) for a in links for b in others if overlap(a, b)] == []
