"""Installing to the home screen and sharing a lesson, in Debian's Chromium.

Chromium's own installability check (CDP `Page.getInstallabilityErrors`) runs in a persistent
profile: in a private (incognito) context it answers "in-incognito" whatever the site does.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, PHONE, chromium_path
from tests.conftest import make_app
from tests.servers import free_port, port_open, wait_until

pytestmark = pytest.mark.browser

LESSON = "pay-electricity-qr"


@pytest.fixture
def profile(chromium, tmp_path):
    """A phone-sized Chromium with a profile on disk, as a real phone's browser has (through
    the session's Playwright: a second one may not run beside it)."""
    context = chromium.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium_path(), args=CHROMIUM_ARGS, viewport=PHONE
    )
    yield context
    context.close()


def installability(context, page) -> list[str]:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp = context.new_cdp_session(page)
    try:
        return [error["errorId"] for error in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    finally:
        cdp.detach()


@pytest.mark.parametrize("path", ["/vi/", f"/tyz/lessons/{LESSON}"])
def test_chromium_finds_the_site_installable(live_server, profile, path):
    page = profile.new_page()
    page.goto(live_server.url + path)
    assert installability(profile, page) == []
    cdp = profile.new_cdp_session(page)
    found = cdp.send("Page.getAppManifest")
    lang = path.split("/")[1]
    assert found["url"] == f"{live_server.url}/{lang}/manifest.webmanifest" and found["errors"] == []


def test_the_check_fails_without_the_manifest(live_server, profile):
    """The check itself can fail: with the manifest unreachable, Chromium says so."""
    page = profile.new_page()
    page.route("**/manifest.webmanifest", lambda route: route.abort())
    page.goto(f"{live_server.url}/vi/")
    assert installability(profile, page) != []


def test_share_hands_the_address_to_the_phones_share_sheet(live_server, phone):
    phone.add_init_script("navigator.share = function (data) { window.shared = data; return Promise.resolve(); };")
    phone.goto(f"{live_server.url}/en/lessons/{LESSON}")
    address = phone.locator("details.share input").get_attribute("value")
    phone.get_by_text("Share with others").click()
    phone.wait_for_function("() => window.shared !== undefined")
    shared = phone.evaluate("window.shared")
    assert shared == {"title": "Pay your electricity bill by scanning a QR code", "url": address}
    assert address == f"https://lessons.example.org/en/lessons/{LESSON}"
    expect(phone.locator("details.share")).not_to_have_attribute("open", "")


def test_without_a_share_sheet_the_address_is_copied(live_server, phone):
    phone.add_init_script("delete Navigator.prototype.share;")
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    phone.goto(f"{live_server.url}/en/")
    phone.get_by_text("Share with others").click()
    status = phone.locator("details.share [role=status]")
    expect(status).to_have_text("Address copied. Paste it into Zalo or a message.")
    expect(phone.locator("details.share input")).to_be_visible()
    assert phone.evaluate("navigator.clipboard.readText()") == "https://lessons.example.org/en/"


def test_without_javascript_share_shows_the_address_to_copy(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/lessons/{LESSON}")
    field = page.locator("details.share input")
    expect(field).to_be_hidden()
    page.locator("details.share summary").click()
    expect(field).to_be_visible()
    expect(field).to_have_value(f"https://lessons.example.org/vi/lessons/{LESSON}")
    context.close()


def test_a_pack_without_a_public_address_shares_the_address_it_is_served_at(content, tmp_path, phone):
    """A pack exported on a laptop (loopback address), served on a hotspot: Share offers the
    hotspot's address, which neighbours on the same Wi-Fi can open."""
    from lesson_toolkit.exports.site import export_site

    out = tmp_path / "pack"
    export_site(make_app(content, tmp_path, PUBLIC_BASE_URL="http://127.0.0.1:5000"), out, ["vi"])
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_until(port_open(port))
        url = f"http://127.0.0.1:{port}/vi/lessons/{LESSON}.html"
        phone.goto(url)
        expect(phone.locator("details.share")).to_be_visible()
        expect(phone.locator("details.share input")).to_have_value(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
