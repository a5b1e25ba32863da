"""On a 360 px phone: glossary terms are marked in the editor, and a memory suggestion is copied
into the box with its button (with JavaScript) or is there to select (without)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue
from tests.browser.conftest import PHONE, LiveServer
from tests.conftest import make_app
from tests.workspace.support import PASSWORD, add_account
from tests.workspace.test_glossary_web import NEW, OLD_EN, add_two_lessons

pytestmark = pytest.mark.browser
SHOTS = Path("/work/tmp/shots-glossary")  # looked at by people, when the folder exists


def log_in(page, url: str) -> None:
    page.goto(f"{url}/trainer/login")
    page.fill("#username", "mai")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/trainer/")


def shoot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_copy_a_suggestion_into_the_box_and_save_it(content, tmp_path, write_lesson, phone):
    app = make_app(content, tmp_path)  # CSRF on, as in production
    add_two_lessons(app, write_lesson)
    add_account(app, "mai", "translator", languages=["en"])
    with LiveServer(app) as server:
        log_in(phone, server.url)
        phone.goto(f"{server.url}/trainer/translate/tien-nuoc/en")
        entry = phone.locator("li.entry").filter(has=phone.locator(f'input[name^="msgid-"][value="{NEW}"]'))
        marks = entry.locator("p.source mark.term")
        assert marks.all_inner_texts() == ["ứng dụng ngân hàng", "mã QR", "hóa đơn"]
        box = entry.locator("textarea")
        assert box.input_value() == ""  # the borrowed draft is not pre-filled
        suggestion = entry.locator(".memory-item").filter(has_text=OLD_EN)
        button = suggestion.get_by_role("button", name="Copy into the box")
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
        shoot(phone, "editor-memory-360.png")
        button.click()
        assert box.input_value() == OLD_EN
        box.fill(OLD_EN.replace("the bill", "the water bill"))
        entry.get_by_role("button", name="Save", exact=True).click()
        expect(entry.locator(".note-slot")).to_have_text("Saved.")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    saved = read_catalogue(po_path(content / "locales", "en", "lessons")).get(NEW)
    assert saved.string == "Open your bank app and scan the QR code on the water bill." and not saved.fuzzy


def test_without_javascript_the_suggestion_is_text_to_select(content, tmp_path, write_lesson, chromium):
    app = make_app(content, tmp_path)
    add_two_lessons(app, write_lesson)
    add_account(app, "mai", "translator", languages=["en"])
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        with LiveServer(app) as server:
            log_in(page, server.url)
            page.goto(f"{server.url}/trainer/translate/tien-nuoc/en")
            entry = page.locator("li.entry").filter(has=page.locator(f'input[name^="msgid-"][value="{NEW}"]'))
            expect(entry.locator(".memory .suggestion").filter(has_text=OLD_EN)).to_be_visible()
            expect(entry.get_by_role("button", name="Copy into the box")).to_have_count(0)  # hidden: needs the script
            assert entry.locator("textarea").input_value() == ""
            page.goto(f"{server.url}/trainer/glossary/en")
            shoot(page, "glossary-en-360.png")
    finally:
        context.close()
