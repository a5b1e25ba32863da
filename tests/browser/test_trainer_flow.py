"""A new trainer, in the browser alone, on a 360 px phone and on a desktop: writes a lesson in
Vietnamese with two uploaded pictures without losing a word, sees it hidden from learners, is
refused publishing while a picture name is mistyped, fixes it, publishes, and sees it on the
phone in Vietnamese and in Tày (with the note that Tày is not there yet). Translators then
translate it into English and Tày (a draft); the trainer changes a step, which becomes "to
re-check" by itself, and restores the previous revision."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, LiveServer
from tests.conftest import make_app
from tests.workspace.support import PASSWORD, add_account

pytestmark = pytest.mark.browser

SLUG = "tra-tien-nuoc"
TITLE = "Trả tiền nước bằng mã QR"
SUMMARY = "Trả tiền nước ngay trên điện thoại, không phải ra bưu điện."
STEP_1 = "Mở ứng dụng ngân hàng trên điện thoại."
STEP_2 = "Quét mã QR in trên hóa đơn tiền nước."
CHANGED = "Mở ứng dụng của ngân hàng bạn dùng trên điện thoại."
VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}


def body(second_picture: str = "images/buoc-2.png") -> str:
    return (
        "## Các bước\n\n"
        f"1. {STEP_1}\n\n    ![Màn hình ứng dụng ngân hàng](images/buoc-1.png)\n\n"
        f"2. {STEP_2}\n\n    ![Mã QR trên hóa đơn tiền nước]({second_picture})\n\n"
        "## Hỏi ai khi cần giúp\n\nHãy hỏi Tổ công nghệ số cộng đồng.\n"
    )


def picture(path, colour: str) -> str:
    Image.new("RGB", (480, 360), colour).save(path)
    return str(path)


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/trainer/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{url}/trainer/")


def fits(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, chromium):
    context = chromium.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN")
    yield context
    context.close()


def test_a_trainer_goes_from_an_empty_lesson_to_a_published_one(content, tmp_path, screen):
    app = make_app(content, tmp_path)  # CSRF protection on, as in production
    add_account(app, "thu", "trainer")
    add_account(app, "mai", "translator", languages=["en"], reviewed=["en"])
    add_account(app, "lan", "translator", languages=["tyz"])  # not a native reviewer of Tày
    page = screen.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    with LiveServer(app) as server:
        log_in(page, server.url, "thu")
        page.goto(f"{server.url}/trainer/lessons/new")
        page.fill("#title", TITLE)
        page.fill("#slug", SLUG)
        page.select_option("#topic", "payments")
        page.locator("form.narrow button[type=submit]").click()
        page.wait_for_url(f"**/trainer/lessons/{SLUG}/edit")
        assert page.locator("#lesson-status").get_attribute("class").endswith("status-draft")

        # typing, then uploading two pictures: nothing typed is lost
        page.fill("#summary", SUMMARY)
        page.fill("#body", body())
        page.set_input_files("#picture", picture(tmp_path / "anh-1.png", "orange"))
        page.fill("#picture-name", "buoc-1")
        page.locator("button[value=upload]").click()
        page.wait_for_load_state()
        assert page.input_value("#summary") == SUMMARY and STEP_2 in page.input_value("#body")
        page.fill("#summary", SUMMARY + " Rất dễ.")
        page.set_input_files("#picture", picture(tmp_path / "anh-2.png", "teal"))
        page.fill("#picture-name", "buoc-2")
        page.locator("button[value=upload]").click()
        page.wait_for_load_state()
        assert page.input_value("#summary") == SUMMARY + " Rất dễ."
        assert page.locator("ul.pictures code", has_text="images/buoc-2.png").count() == 1
        fits(page)

        # hidden from learners while a draft
        learner = screen.new_page()
        assert learner.goto(f"{server.url}/vi/lessons/{SLUG}").status == 404

        # a mistyped picture name: publishing is refused, the text stays
        page.fill("#body", body("images/buoc-3.png"))
        page.locator("button[value=publish]").click()
        page.wait_for_load_state()
        assert page.locator(".findings li.error", has_text="buoc-3.png").count() == 1
        assert "buoc-3.png" in page.input_value("#body")
        assert learner.goto(f"{server.url}/vi/lessons/{SLUG}").status == 404

        # fixed: published
        page.fill("#body", body())
        page.locator("button[value=publish]").click()
        page.wait_for_url(f"**/trainer/lessons/{SLUG}/edit")
        assert page.locator("#lesson-status").get_attribute("class").endswith("status-published")

        assert learner.goto(f"{server.url}/vi/lessons/{SLUG}").status == 200
        assert STEP_1 in learner.locator("ol.steps > li").first.inner_text()
        shown = learner.locator("ol.steps img").first
        shown.scroll_into_view_if_needed()  # pictures load lazily
        loaded = "img => img.complete && img.naturalWidth ? img.naturalWidth : new Promise(done => img.onload = () => done(img.naturalWidth))"
        assert shown.evaluate(loaded) > 0
        learner.goto(f"{server.url}/tyz/lessons/{SLUG}")
        assert learner.locator(".fallback-note").count() == 1
        assert learner.locator("ol.steps > li").first.locator("[lang=vi]").count() >= 1
        fits(learner)

        # translators: English (reviewed) and Tày (a draft, not shown to learners)
        translator = person(screen)
        log_in(translator, server.url, "mai")
        translate(translator, server.url, "en", STEP_1, "Open the bank app on your phone.")
        assert "Open the bank app on your phone." in phone_step(learner, server.url, "en")
        other = person(screen)
        log_in(other, server.url, "lan")
        translate(other, server.url, "tyz", STEP_1, "(bản nháp thử của người dịch)")
        assert (
            entry(other, STEP_1).get_attribute("class").split()[-1] == "suggested"
        )  # a suggestion waiting for a reviewer
        assert STEP_1 in phone_step(learner, server.url, "tyz")  # the draft is not shown

        # the trainer changes the step: English becomes "to re-check" by itself
        page.goto(f"{server.url}/trainer/lessons/{SLUG}/edit")
        page.fill("#body", page.input_value("#body").replace(STEP_1, CHANGED))
        page.fill("#note", "nói rõ hơn")
        page.locator("button[value=save]").click()
        page.wait_for_url(f"**/trainer/lessons/{SLUG}/edit")
        translator.goto(f"{server.url}/trainer/translate/{SLUG}/en?show=fuzzy")
        changed = entry(translator, CHANGED)
        assert changed.get_attribute("class").split()[-1] == "fuzzy"
        assert changed.locator("textarea").input_value() == "Open the bank app on your phone."
        assert changed.locator("p.diff ins").count() >= 1  # what changed in the source
        assert CHANGED in phone_step(learner, server.url, "en")  # never the old translation as current
        translator.goto(f"{server.url}/trainer/")
        assert re.search(r"English \(tiếng Anh\): .*\d+ câu cần xem lại", translator.locator("main").inner_text())

        # and restores the version before the change
        page.goto(f"{server.url}/trainer/lessons/{SLUG}/history")
        assert "nói rõ hơn" in page.locator("table.history").inner_text()
        page.locator("table.history tbody tr").nth(1).locator("a").first.click()
        page.locator("form button.primary").click()
        page.wait_for_url(f"**/trainer/lessons/{SLUG}/edit")
        assert STEP_1 in page.input_value("#body") and CHANGED not in page.input_value("#body")
        assert STEP_1 in phone_step(learner, server.url, "vi")
        fits(page)


def person(screen):
    """A page in a browser of its own (its own cookies: another person logged in)."""
    context = screen.browser.new_context(viewport=screen.pages[0].viewport_size, locale="vi-VN")
    return context.new_page()


def entry(page, msgid: str):
    return page.locator("li.entry").filter(has=page.locator(f'input[name^="msgid-"][value="{msgid}"]'))


def translate(page, url: str, lang: str, msgid: str, text: str) -> None:
    page.goto(f"{url}/trainer/translate/{SLUG}/{lang}")
    box = entry(page, msgid)
    box.locator("textarea").fill(text)
    # saved in place: the box's own request answers (a box that was already "fuzzy", its source
    # changed, has the state it will have after saving too, so its class alone says nothing yet)
    with page.expect_response(lambda r: r.url.endswith("/entry") and r.request.method == "POST") as saved:
        box.locator("button[name=save]").click()
    assert saved.value.ok
    # the server's answer sets the box's new state ("Saving…" shows before)
    # (a suggestion, for a language this person may not approve: "suggested")
    expect(box).to_have_class(re.compile(r"\bentry (translated|fuzzy)\b|\bsuggested\b"))
    page.reload()
    assert entry(page, msgid).locator("textarea").input_value() == text


def phone_step(page, url: str, lang: str) -> str:
    page.goto(f"{url}/{lang}/lessons/{SLUG}")
    return page.locator("ol.steps > li").first.inner_text()
