"""A team member with no signal, on a 360 px phone: enters two tallies while offline, reloads the
page with no signal, sees them waiting on the phone, and sees them sent once when the signal
returns; a retry of the same id is counted once by the server. Then the commune officer, on a
phone too, sees the villages' league and downloads the report
(authoring/workspace/web/community.py, static/trainer/tally.js and tally-sw.js, web/league.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lesson_toolkit.authoring.community.models import Tally
from lesson_toolkit.authoring.workspace.web.community import last_month
from lesson_toolkit.extensions import db
from tests.browser.conftest import PHONE, LiveServer
from tests.community.conftest import build_places
from tests.conftest import make_app
from tests.workspace.support import PASSWORD

pytestmark = pytest.mark.browser

TALLY = "/trainer/community/tally"
WAITING = "document.getElementById('waiting-count').textContent"
SENT = "document.getElementById('sent-count').textContent"


@pytest.fixture
def server(content, tmp_path):
    app = make_app(content, tmp_path)  # CSRF on, as in production
    with app.app_context():
        build_places()
        db.session.remove()
    with LiveServer(app) as live:
        yield live


def rows(app) -> list[tuple[str, int, str]]:
    with app.app_context():
        tallies = db.session.scalars(select(Tally).order_by(Tally.skill))
        return [(t.skill, t.households, t.month.strftime("%Y-%m")) for t in tallies]


def log_in(chromium, server, username: str, then: str):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{server.url}/trainer/login?next={then}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{server.url}{then}")
    return context, page


def test_tallies_entered_offline_are_sent_once_when_the_signal_returns(server, chromium):
    context, page = log_in(chromium, server, "member", TALLY)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    assert page.locator("#village option:checked").inner_text() == "Thôn Nà Mòn"
    page.wait_for_selector("html[data-offline=ready]")  # the page is kept on the phone

    server.no_signal(context)
    page.fill("#households-vneid_installed", "3")
    page.locator("#tally-form button[type=submit]").click()
    page.fill("#households-zalo_safety", "2")
    page.locator("#tally-form button[type=submit]").click()
    page.wait_for_function(f"() => {WAITING} === '2'")
    assert page.url == f"{server.url}{TALLY}"  # the page stayed open: nothing was sent
    page.reload()  # still no signal: the kept page opens, with the entries waiting
    page.wait_for_function(f"() => {WAITING} === '2'")
    assert page.locator("#waiting li").count() == 2
    assert page.locator("h1").inner_text() == "Số hộ đã giúp"
    assert rows(server.app) == []

    server.signal_back(context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(f"() => {WAITING} === '0' && {SENT} === '2'")
    month = last_month().strftime("%Y-%m")
    assert rows(server.app) == [("vneid_installed", 3, month), ("zalo_safety", 2, month)]

    # the answer was lost: the phone sends the same entries again, twice; each is counted once
    answers = page.evaluate(
        """async () => {
          const form = document.getElementById('tally-form');
          const token = form.querySelector('[name=csrf_token]').value;
          const sent = JSON.parse(localStorage.getItem('tally-sent-v1'));
          const answers = [];
          for (const round of [1, 2]) for (const entry of sent) {
            const response = await fetch(form.dataset.jsonUrl, {method: 'POST', credentials: 'same-origin',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
              body: JSON.stringify({client_id: entry.client_id, village: entry.village, month: entry.month,
                skill: entry.skill, households: entry.households, lessons: entry.lessons, corrects: null})});
            answers.push([response.status, (await response.json()).created]);
          }
          return answers;
        }"""
    )
    assert answers == [[200, False]] * 4
    assert rows(server.app) == [("vneid_installed", 3, month), ("zalo_safety", 2, month)]

    # logging out leaves no copy of the workspace on the phone
    page.locator("header form button").click()
    page.wait_for_url(f"{server.url}/trainer/login")
    page.wait_for_function("() => caches.keys().then(names => !names.includes('tally-v1'))")
    context.close()

    # the commune officer sees the league on their phone and downloads the report
    context, page = log_in(chromium, server, "officer", "/trainer/community/league")
    page.select_option("#skill", "vneid_installed")
    page.locator(".league-choice button[type=submit]").click()
    page.wait_for_selector("table.league")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    first = page.locator("table.league tbody tr").first.locator("td, th").all_inner_texts()
    assert first[:3] == ["1", "Thôn Nà Mòn", "3"]
    assert page.locator("figure.league-chart svg rect.bar").count() == 3
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][:3] == ("Xã", "Thôn", "Kỹ năng")
    assert cells[1][1:5] == ("Thôn Nà Mòn", "Đã cài VNeID", month, 3)
    context.close()


def test_the_tally_page_and_the_sheet_have_no_serious_accessibility_problem(server, phone):
    from tests.browser.test_phone_a11y import AXE

    phone.goto(f"{server.url}/trainer/login?next={TALLY}")
    phone.fill("#username", "member")
    phone.fill("#password", PASSWORD)
    phone.locator("form button[type=submit]").click()
    phone.wait_for_url(f"{server.url}{TALLY}")
    phone.fill("#households-vneid_installed", "900")  # too many: the error beside its box is checked too
    phone.locator("#tally-form button[type=submit]").click()
    phone.wait_for_selector("#error-households-vneid_installed")
    problems = []
    for path in (None, "/trainer/community/sheet"):
        if path:
            phone.goto(f"{server.url}{path}")
        phone.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools: the page's CSP runs no inline script
        violations = phone.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
        )
        problems += [f"{path or TALLY}: {violation}" for violation in violations]
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    assert problems == []


def test_the_places_and_league_pages_have_no_serious_accessibility_problem(server, chromium):
    from tests.browser.test_phone_a11y import AXE

    with server.app.app_context():
        from lesson_toolkit.authoring.community.models import Commune

        commune = db.session.scalars(select(Commune).where(Commune.name == "Xã Tân Lập")).one().id
    context, page = log_in(chromium, server, "admin", "/trainer/")
    problems = []
    for path in ("/trainer/community/places", f"/trainer/community/places/{commune}",
                 f"/trainer/community/league?place=c{commune}&month=2026-11&skill=vneid_installed"):  # fmt: skip
        page.goto(f"{server.url}{path}")
        page.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools: the page's CSP runs no inline script
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
        )
        problems += [f"{path}: {violation}" for violation in violations]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()
    assert problems == []
