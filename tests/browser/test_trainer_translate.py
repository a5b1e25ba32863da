"""A translator, on a 360×640 phone, logs in, translates a message into Vietnamese, and learners
see it at once on the lesson's phone page and in its printed handout."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer
from tests.conftest import make_app
from tests.workspace.support import FIRST_STEP, PASSWORD, SLUG, add_account, write_test_lesson

pytestmark = pytest.mark.browser


@pytest.fixture
def lesson(content, write_lesson) -> str:
    return write_test_lesson(content, write_lesson)


TRANSLATION = "Mở ứng dụng và chạm `Scan QR`."


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def test_a_translator_translates_on_a_phone_and_learners_see_it(content, tmp_path, lesson, phone):
    app = make_app(content, tmp_path)  # CSRF protection on, as in production
    add_account(app, "mai", "translator", languages=["vi"])
    with LiveServer(app) as server:
        phone.goto(f"{server.url}/trainer/")
        assert "/trainer/login" in phone.url
        phone.fill("#username", "mai")
        phone.fill("#password", PASSWORD)
        phone.get_by_role("button", name="Log in").click()
        phone.wait_for_url(f"{server.url}/trainer/")

        phone.locator(f"a[href='/trainer/translate/{SLUG}/vi']").click()
        phone.wait_for_url(f"**/trainer/translate/{SLUG}/vi")
        entry = phone.locator("li.entry").filter(has=phone.locator(f'input[name^="msgid-"][value="{FIRST_STEP}"]'))
        assert entry.count() == 1
        textarea = entry.locator("textarea")
        textarea.scroll_into_view_if_needed()
        assert textarea.is_visible() and textarea.bounding_box()["width"] <= 360
        textarea.fill(TRANSLATION)
        entry.get_by_role("button", name="Save", exact=True).click()  # saved in place by translate.js
        expect(entry.locator(".note-slot")).to_have_text("Saved.")
        phone.reload()
        saved = phone.locator("li.entry").filter(has=phone.locator(f'input[name^="msgid-"][value="{FIRST_STEP}"]'))
        assert saved.locator("textarea").input_value() == TRANSLATION
        assert "Translated" in saved.locator(".status").inner_text()
        # the editor fits the phone: no sideways scrolling
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360

        phone.goto(f"{server.url}/vi/lessons/{SLUG}")
        assert "Mở ứng dụng và chạm" in phone.locator("ol.steps > li").first.inner_text()

        handout = phone.request.get(f"{server.url}/vi/lessons/{SLUG}.pdf")
        assert handout.ok and handout.headers["content-type"] == "application/pdf"
        assert "Mở ứng dụng và chạm Scan QR" in pdf_text(handout.body())
