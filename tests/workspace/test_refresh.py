"""The background catalogue refresh: never two runs at once, requests folded, errors kept."""

from __future__ import annotations

import logging
import threading

from lesson_toolkit.authoring.workspace.refresh import Refresher


def test_requests_during_a_run_are_folded_into_one_more_run():
    started, release, runs = threading.Event(), threading.Event(), []

    def work():
        runs.append(len(runs))
        started.set()
        release.wait(5)

    refresher = Refresher(work)
    first = refresher.request()
    assert started.wait(5)
    later = [refresher.request() for _ in range(5)]  # while the first run holds on
    assert not refresher.wait(first, 0.05)
    release.set()
    assert refresher.wait(later[-1], 5)
    assert len(runs) == 2  # the first run, and one for the five requests made meanwhile


def test_a_failing_run_is_logged_and_the_next_request_runs_again(caplog, monkeypatch):
    # Alembic's logging set-up (the migration tests) disables loggers that existed before it
    monkeypatch.setattr(logging.getLogger("lesson_toolkit.authoring.workspace.refresh"), "disabled", False)
    calls = []

    def work():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")

    refresher = Refresher(work)
    assert refresher.wait(refresher.request(), 5)
    assert isinstance(refresher.last_error, OSError) and "catalogue refresh failed" in caplog.text
    assert refresher.wait(refresher.request(), 5)
    assert refresher.last_error is None and len(calls) == 2
