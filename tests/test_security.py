"""App-wide policy: security headers on every response, no inline script in any template, and
ProxyFix believing only the configured proxy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lesson_toolkit.app import CONTENT_SECURITY_POLICY
from tests.conftest import make_app
from tests.workspace.support import logged_in, write_test_lesson

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {"lang": "vi", "slug": "pay-electricity-qr", "id": "1", "rev": "1", "commune_id": "1", "name": "x.png",
           "version": "0", "filename": "viewer/app.js", "code": "en"}  # fmt: skip


def every_get_url(app) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        urls.append(re.sub(r"<(?:[\w]+(?:\([^)]*\))?:)?(\w+)>", lambda m: SAMPLES.get(m[1], "x"), rule.rule))
    return sorted(set(urls))


def assert_secured(response, url: str) -> None:
    headers = response.headers
    assert headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") == "same-origin", url
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url


def test_every_page_and_file_carries_the_security_headers(content, tmp_path, write_lesson):
    write_test_lesson(content, write_lesson)
    app = make_app(content, tmp_path, WTF_CSRF_ENABLED=False)
    anonymous = app.test_client()
    admin = logged_in(app, "boss", "admin")
    urls = every_get_url(app)
    assert len(urls) > 30 and "/vi/" in urls and "/trainer/" in urls
    statuses = set()
    for url in urls + ["/no/such/page", "/vi/lessons/no-such-lesson"]:
        for client in (anonymous, admin):
            with client.get(url) as response:
                statuses.add(response.status_code)
                assert_secured(response, url)
    assert {200, 404} <= statuses  # pages, files and errors alike


def test_the_policy_runs_no_inline_script_and_allows_what_the_site_uses():
    policy = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["media-src"] == "'self' blob:" and policy["manifest-src"] == "'self'"
    assert policy["worker-src"] == "'self'" and policy["object-src"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy would block them: a script must be a file (a JSON data block is allowed)."""
    for path in (ROOT / "lesson_toolkit" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "javascript:" not in text, path


@pytest.mark.parametrize(
    ("peer", "forwarded", "seen"),
    [
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),  # from the proxy: its header is believed
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),  # gunicorn reached directly: not
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),  # a configured private proxy network
    ],
)
def test_the_proxy_fix_believes_only_the_configured_proxies(content, tmp_path, peer, forwarded, seen):
    app = make_app(content, tmp_path, PROXY_FIX=True, PROXY_TRUSTED="127.0.0.1, ::1 10.0.0.0/24")

    @app.get("/test-address")
    def address():
        from flask import request

        return request.remote_addr or ""

    response = app.test_client().get(
        "/test-address", environ_base={"REMOTE_ADDR": peer}, headers={"X-Forwarded-For": forwarded}
    )
    assert response.get_data(as_text=True) == seen


def test_rotating_x_forwarded_for_gives_no_new_guesses(content, tmp_path):
    from lesson_toolkit.authoring.workspace.throttle import ACCOUNT_FREE, ADDRESS_FREE

    app = make_app(content, tmp_path, PROXY_FIX=True, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    statuses = []
    for number in range(ADDRESS_FREE + ACCOUNT_FREE + 2):
        response = client.post(
            "/trainer/login",
            data={"username": f"name{number}", "password": "wrong password"},
            environ_base={"REMOTE_ADDR": "198.51.100.9"},
            headers={"X-Forwarded-For": f"203.0.113.{number}"},
        )
        statuses.append(response.status_code)
    assert statuses[:ADDRESS_FREE] == [401] * ADDRESS_FREE and 429 in statuses[ADDRESS_FREE:]
