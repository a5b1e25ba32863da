"""A learner opens a lesson on a 360×640 phone screen in headless Chromium."""

import pytest

from lesson_toolkit.authoring.core.lesson import load_lessons

pytestmark = pytest.mark.browser


def test_every_step_of_the_lesson_is_on_the_phone_page(live_server, phone, content):
    lessons = load_lessons(content / "lessons").lessons
    lesson = lessons["pay-electricity-qr"]
    expected_steps = sum(1 for line in lesson.body.split("\n") if line[:1].isdigit() and ". " in line[:4])
    phone.goto(f"{live_server.url}/vi/lessons/{lesson.slug}")
    assert phone.locator("html").get_attribute("lang") == "vi"
    assert phone.locator("h1").inner_text().strip()
    steps = phone.locator("ol.steps > li")
    assert steps.count() == expected_steps >= 5
    for index in range(expected_steps):
        step = steps.nth(index)
        step.scroll_into_view_if_needed()
        assert step.is_visible()
        assert step.locator("p").first.inner_text().strip()
    # nothing wider than the phone: no sideways scrolling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # and the handout link leads to a PDF
    href = phone.locator("a[href$='.pdf']").first.get_attribute("href")
    response = phone.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
