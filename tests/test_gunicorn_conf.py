"""The production gunicorn settings: loopback bind, and an access log that keeps no client
address, query string (search words) or user agent."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parent.parent


def test_the_access_log_keeps_no_address_query_or_user_agent(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["bind"].startswith("127.0.0.1:")  # behind the buffering proxy only
    config = Config()
    config.set("access_log_format", settings["access_log_format"])
    logger = Logger(config)
    response = SimpleNamespace(status="200 OK", response_length=512, sent=512, headers=[("Content-Type", "text/html")])
    request = SimpleNamespace(
        headers=[("USER-AGENT", "Mozilla/5.0 (Linux; Android 8) Zalo"), ("REFERER", "https://ref.example/")]
    )
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": "/vi/search?q=vay+tien+nhanh", "PATH_INFO": "/vi/search",
        "QUERY_STRING": "q=vay+tien+nhanh", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.5",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 8) Zalo", "HTTP_REFERER": "https://ref.example/",
        "HTTP_X_FORWARDED_FOR": "198.51.100.7",
    }  # fmt: skip
    line = config.access_log_format % logger.atoms(response, request, environ, timedelta(milliseconds=7))
    assert '"GET /vi/search" 200 512 7ms' in line
    for secret in ("vay", "q=", "203.0.113.5", "198.51.100.7", "Mozilla", "Zalo", "ref.example"):
        assert secret not in line


def test_a_new_worker_prints_a_handout_before_its_first_request(app, monkeypatch):
    from lesson_toolkit import exports
    from lesson_toolkit.exports import weasy

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    warmed, fonts, frozen = [], [], []
    monkeypatch.setattr(settings["gc"], "freeze", lambda: frozen.append(len(warmed) + len(fonts)))
    monkeypatch.setattr(exports, "warm", warmed.append)
    monkeypatch.setattr(weasy, "warm", lambda: fonts.append(True))
    settings["post_worker_init"](SimpleNamespace(wsgi=app))
    assert warmed == [app] and not fonts
    settings["post_worker_init"](SimpleNamespace(wsgi=lambda environ, start_response: []))  # wrapped
    assert warmed == [app] and fonts == [True]
    assert frozen == [1, 2]  # after warming, each time: what the worker keeps is left out of later collections
