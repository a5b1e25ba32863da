"""Catalogues that follow the lessons by themselves, without making a trainer wait.

A save that changes a lesson's text asks for a catalogue refresh (extract the lessons template,
update and compile every language's catalogue: `translation_store.refresh_catalogues`). That
takes seconds on a large library (see `bench/bench_save.py`), so it runs on one background
thread per process: the trainer's page comes back at once, and requests that arrive while a
refresh runs are folded into one more refresh after it. Until the refresh is done, learners see
the changed text in Vietnamese (the new text has no translation yet), never an old translation
as current.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Refresher:
    """Runs `work` on a background thread whenever `request()` is called, never twice at once,
    and folds the requests that arrive meanwhile into one more run."""

    def __init__(self, work: Callable[[], object], name: str = "catalogue-refresh"):
        self._work, self._name = work, name
        self._lock = threading.Condition()
        self._wanted = 0  # requests so far
        self._done = 0  # requests covered by a finished run
        self._thread: threading.Thread | None = None
        self.last_error: Exception | None = None

    def request(self) -> int:
        """Ask for a run; returns a ticket for `wait`."""
        with self._lock:
            self._wanted += 1
            ticket = self._wanted
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            return ticket

    def wait(self, ticket: int, timeout: float | None = None) -> bool:
        """Wait until a run that started after `ticket` was requested has finished."""
        with self._lock:
            return self._lock.wait_for(lambda: self._done >= ticket, timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every request so far is covered by a finished run."""
        with self._lock:
            return self._lock.wait_for(lambda: self._done >= self._wanted, timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._done >= self._wanted:
                    self._thread = None
                    return
                covering = self._wanted
            try:
                self._work()
                self.last_error = None
            except Exception as exc:  # logged, and shown on the dashboard by the catalogue checks
                log.exception("catalogue refresh failed")
                self.last_error = exc
            with self._lock:
                self._done = covering
                self._lock.notify_all()
