"""Voice, end to end: a Tày reviewer records step 2 on a 360 px phone with a (fake) microphone
and saves; a learner opens the Tày page, sees the Vietnamese text with the Tày voice button,
plays it to the end, saves the lesson for offline, goes offline, reloads and plays it again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.audio.sounds import wav
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, LiveServer, chromium_path
from tests.conftest import make_app
from tests.workspace.support import PASSWORD, SLUG, add_account, write_test_lesson

pytestmark = pytest.mark.browser

STEP_2 = "Check the amount on the screen."  # the test lesson's Vietnamese (source) text


@pytest.fixture
def microphone_browser(chromium, tmp_path):
    """Chromium whose microphone hears a tone the test made (never a voice): a second browser
    from the session's Playwright (one Playwright per test session)."""
    sound = tmp_path / "microphone.wav"
    sound.write_bytes(wav(seconds=3.0, rate=48_000))
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={sound}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    browser = chromium.browser_type.launch(executable_path=chromium_path(), args=args)
    yield browser
    browser.close()


def phone_context(browser, server):
    return browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN",
        permissions=["microphone"], base_url=server.url,
    )  # fmt: skip


def play_to_the_end(page) -> None:
    step = page.locator("#step-2")
    button = step.locator("button.play")
    expect(button).to_contain_text("tiếng Tày")
    box = button.bounding_box()
    assert box and box["height"] >= 48
    button.click()
    page.wait_for_function("() => document.querySelector('#step-2 audio').ended === true")


def test_a_tay_reviewer_records_on_a_phone_and_a_learner_hears_it_online_and_offline(
    content, tmp_path, write_lesson, microphone_browser
):
    write_test_lesson(content, write_lesson)
    app = make_app(content, tmp_path)  # CSRF protection on, as in production
    add_account(app, "thao", "translator", languages=["tyz"], reviewed=["tyz"])
    with LiveServer(app) as server:
        recorder = phone_context(microphone_browser, server)
        page = recorder.new_page()
        page.goto("/trainer/login")
        page.fill("#username", "thao")
        page.fill("#password", PASSWORD)
        page.locator("button[type=submit]").first.click()
        page.wait_for_url(f"{server.url}/trainer/")
        page.locator(f"a[href='/trainer/lessons/{SLUG}/voice/tyz']").click()
        page.wait_for_url(f"**/trainer/lessons/{SLUG}/voice/tyz")
        entry = page.locator("#m-step-2")
        expect(entry.locator(".read")).to_have_text(STEP_2)
        record = entry.locator("button.record")
        record.click()
        expect(entry.locator("meter")).to_be_visible()
        # the level meter moves: the microphone is heard (some frames' worth of sound)
        page.wait_for_function("() => +document.querySelector('#m-step-2').getAttribute('data-heard') >= 20")
        record.click()  # stop
        expect(entry).to_have_attribute("data-recorded", "yes")
        preview = entry.locator("audio.preview")
        expect(preview).to_be_visible()  # listen back
        entry.locator("button.save-voice").click()
        expect(entry).to_have_attribute("data-saved", "yes")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        recorder.close()

        sidecar = content / "lessons" / SLUG / "audio" / "tyz" / "step-2.json"
        assert '"state": "published"' in sidecar.read_text("utf-8")

        learner = phone_context(microphone_browser, server)
        page = learner.new_page()
        page.goto(f"/tyz/lessons/{SLUG}")
        expect(page.locator("#step-2")).to_contain_text(STEP_2)  # the Vietnamese text
        expect(page.locator(".voice-note")).to_be_visible()
        assert page.locator("#step-2 audio").get_attribute("preload") == "none"
        play_to_the_end(page)

        page.wait_for_function(
            "() => navigator.serviceWorker.controller !== null || document.documentElement.dataset.offline === 'ready'"
        )
        page.locator("button.save").click()
        page.wait_for_function("() => document.documentElement.dataset.saved === 'yes'")

        server.no_signal(learner)
        page.reload()
        expect(page.locator("#step-2")).to_contain_text(STEP_2)
        play_to_the_end(page)
        # the kept recording answers a range request with 206 and exactly those bytes
        answer = page.evaluate(
            """async () => {
                const source = document.querySelector('#step-2 audio source');
                const whole = await (await fetch(source.src)).arrayBuffer();
                const part = await fetch(source.src, {headers: {Range: 'bytes=10-29'}});
                const bytes = new Uint8Array(await part.arrayBuffer());
                return {status: part.status, range: part.headers.get('Content-Range'), size: whole.byteLength,
                        same: bytes.every((b, i) => b === new Uint8Array(whole)[10 + i]), length: bytes.length};
            }"""
        )
        assert answer["status"] == 206 and answer["length"] == 20 and answer["same"]
        assert answer["range"] == f"bytes 10-29/{answer['size']}"
        learner.close()
