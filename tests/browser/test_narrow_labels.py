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


def labels_at_320(live_server, chromium, path: str) -> list[dict]:
    """The label boxes of `path` on a 320 px phone, after checking nothing scrolls sideways."""
    context = chromium.new_context(viewport=NARROW, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] == NARROW["width"], f"scrolls sideways: {widths}"
        return page.evaluate(BOXES, LABELS)
    finally:
        context.close()


def assert_fit(boxes: list[dict]) -> None:
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= NARROW["width"], f"past the edge: {box}"
        assert not box["clipped"], f"cut off: {box}"
    links = [box for box in boxes if box["bar"]]
    crossed = [(a["text"], b["text"]) for i, a in enumerate(links) for b in links[i + 1 :] if overlap(a, b)]
    assert crossed == []
    others = [box for box in boxes if not box["bar"]]
    assert [(a["text"], b["text"]) for a in links for b in others if overlap(a, b)] == []


@pytest.mark.parametrize("lang", ["vi", "tyz", "mji"])
@pytest.mark.parametrize("path", ["/{lang}/", f"/{{lang}}/lessons/{SLUG}"])
def test_the_language_bar_and_labels_fit_a_320_px_phone(live_server, chromium, lang, path):
    boxes = labels_at_320(live_server, chromium, path.format(lang=lang))
    bar = [box["text"] for box in boxes if box["bar"]]
    assert bar == ["Tiếng Việt", "Tày", "Iu Mienh (Dao)", "Kim Mun (Dao)", "English"]
    if lang != "vi":
        assert any(not box["bar"] for box in boxes), "no honest label on a page with nothing translated"
    assert_fit(boxes)


@pytest.fixture
def half_english(content):
    """The bundled English translation of the lesson with every second step message taken out
    (in the test's copy), so that the lesson is partly translated."""
    import polib

    from lesson_toolkit.authoring.i18n.catalogue import compile_catalogues
    from lesson_toolkit.authoring.i18n.languages import load_registry

    path = content / "locales" / "en" / "LC_MESSAGES" / "lessons.po"
    catalogue = polib.pofile(str(path))
    ours = [
        entry for entry in catalogue if entry.msgstr and any(f"/{SLUG}/" in where for where, _ in entry.occurrences)
    ]
    for entry in [entry for entry in ours if not entry.msgctxt][::2]:  # the title and summary stay
        entry.msgstr = ""
    catalogue.save(str(path))
    compile_catalogues(content / "locales", load_registry(content / "locales" / "languages.toml"))


@pytest.mark.usefixtures("half_english")
@pytest.mark.parametrize(
    ("path", "label"),
    [("/en/", "Partly in English"), (f"/en/lessons/{SLUG}", "Part of this lesson is not translated into English yet.")],
)
def test_a_partly_translated_lesson_says_so_and_fits_a_320_px_phone(live_server, chromium, path, label):
    boxes = labels_at_320(live_server, chromium, path)
    assert label in [box["text"] for box in boxes if not box["bar"]]
    assert_fit(boxes)
