"""axe-core finds no serious or critical accessibility problem on the learners' pages."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BODY = (
    "## What you need\n\n- A phone\n\n## Steps\n\n1. Open the app.\n\n    ![The app icon](images/step-1.png)\n\n"
    '2. Tap **Pay**.\n\n!!! warning "Stay safe"\n    Never tell anyone the code.\n\n!!! tip\n    Ask your team.\n'
)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "tyz", "ium", "en"])
def test_no_serious_violation(live_server, phone, write_lesson, axe_source, lang):
    write_lesson("a11y", title="Accessible lesson", body=BODY, pictures=("images/step-1.png",))
    problems = []
    for path in (f"/{lang}/", f"/{lang}/lessons/a11y", f"/{lang}/search?q=lesson", f"/{lang}/search?q=zzzz"):
        phone.goto(f"{live_server.url}{path}")
        phone.wait_for_load_state("load")
        phone.evaluate(axe_source)  # through DevTools: the page's CSP runs no inline script
        violations = phone.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
        )
        problems += [f"{path}: {violation}" for violation in violations]
    assert problems == []
