"""On a 360×640 phone: a translator suggests a Tày text (saved in place by translate.js), sees it
back after a reload, and a reviewer of Tày approves it, after which learners read it. The text
is a placeholder ("[tyz test] …"), never real Tày."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer
from tests.conftest import make_app
from tests.workspace.support import FIRST_STEP, PASSWORD, SLUG, add_account, write_test_lesson

pytestmark = pytest.mark.browser
TEXT = "[tyz test] open the app, then tap `Scan QR`."


@pytest.fixture
def lesson(content, write_lesson) -> str:
    return write_test_lesson(content, write_lesson)


def log_in(page, server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server.url}/trainer/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/trainer/")


def box(page, msgid: str):
    return page.locator("li.entry").filter(has=page.locator(f'input[name^="msgid-"][value="{msgid}"]'))


def shot(element, name: str) -> None:
    folder = os.environ.get("TOOLKIT_SHOTS")  # screenshots for a person to look at, when asked
    if folder:
        element.screenshot(path=os.path.join(folder, name))


def test_a_suggestion_made_on_a_phone_is_approved_by_the_reviewer(content, tmp_path, lesson, phone):
    app = make_app(content, tmp_path)  # CSRF protection on, as in production
    add_account(app, "mai", "translator", languages=["tyz"])
    add_account(app, "nong", "translator", languages=["tyz"], reviewed=["tyz"])
    with LiveServer(app) as server:
        editor = f"{server.url}/trainer/translate/{SLUG}/tyz"
        log_in(phone, server, "mai")
        phone.goto(editor)
        entry = box(phone, FIRST_STEP)
        entry.locator("textarea").fill(TEXT)
        entry.get_by_role("button", name="Save", exact=True).click()
        expect(entry.locator(".note-slot")).to_contain_text("a reviewer who speaks Tày will check it")
        expect(entry.locator(".state")).to_have_text("Draft: waiting for review")
        phone.reload()
        assert box(phone, FIRST_STEP).locator("textarea").input_value() == TEXT  # their own suggestion, back
        assert box(phone, FIRST_STEP).get_by_role("button", name="Approve").count() == 0

        log_in(phone, server, "nong")
        phone.goto(editor)
        entry = box(phone, FIRST_STEP)
        suggestion = entry.locator("li.suggestion")
        expect(suggestion).to_contain_text("mai")
        assert suggestion.locator(".suggested-text").inner_text() == TEXT
        picture = entry.locator(".picture img")  # the step's picture beside its source
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        entry.scroll_into_view_if_needed()
        shot(entry, "review-phone.png")
        suggestion.get_by_role("button", name="Approve").click()
        phone.wait_for_load_state()
        expect(phone.locator(".flash.ok").first).to_contain_text("Suggestion approved")
        expect(box(phone, FIRST_STEP).locator(".state")).to_have_text("Translated")

        phone.goto(f"{server.url}/tyz/lessons/{SLUG}")
        assert "[tyz test] open the app, then tap" in phone.locator("ol.steps > li").first.inner_text()
