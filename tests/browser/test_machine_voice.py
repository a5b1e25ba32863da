"""The phone's own Vietnamese voice reads a Vietnamese step that has no recording, only where
the phone has a Vietnamese voice, and labelled as a machine voice. The speech engine is a stand-in
that notes what it was asked to say (headless Chromium has no voices)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.viewer.test_voice import SLUG, record

pytestmark = pytest.mark.browser

FAKE_SPEECH = """
(() => {
  const voices = %s;
  const fake = {
    getVoices: () => voices, cancel: () => {}, addEventListener: () => {},
    speak: (u) => { window.spoken = {text: u.text, lang: u.lang}; },
  };
  Object.defineProperty(window, "speechSynthesis", {value: fake, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def test_a_vietnamese_step_without_a_recording_can_be_read_by_the_phone(live_server, content, phone):
    record(content, "vi", "step-2")
    phone.add_init_script(FAKE_SPEECH % '[{"lang": "vi-VN", "name": "Vietnamese"}]')
    phone.goto(f"{live_server.url}/vi/lessons/{SLUG}")
    step = phone.locator("#step-1")
    button = step.locator("button.machine")
    # labelled as a machine voice ("Listen (machine voice)", in the page's language)
    expect(button).to_have_text(phone.locator("article.lesson").get_attribute("data-machine"))
    assert phone.locator("#step-2 button.machine").count() == 0  # it has a recording
    button.click()
    spoken = phone.evaluate("window.spoken")
    assert spoken["lang"] == "vi-VN"
    assert spoken["text"].startswith("Tìm mã QR trên hóa đơn hoặc giấy báo tiền điện.")


def test_no_machine_voice_where_the_phone_has_no_vietnamese_voice(live_server, phone):
    phone.add_init_script(FAKE_SPEECH % '[{"lang": "en-US", "name": "English"}]')
    phone.goto(f"{live_server.url}/vi/lessons/{SLUG}")
    expect(phone.locator("#step-1 button.did")).to_be_visible()
    assert phone.locator("button.machine").count() == 0
