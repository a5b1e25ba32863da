"""The static pack's crawl, breadth-first, in this process or in several.

A `Frontier` holds what is left to fetch. Files the caller already has (an incremental export
reuses a previous pack's pages whose inputs did not change) are `known`: they are reached
through their recorded links without being asked for again.

`crawl_in_processes` fetches with `jobs` worker processes started with **fork**, each holding a
copy of this process's app. Fork, not spawn: a spawned process would have to create the app
again, and the app the exporter crawls is not always one that can be re-created from an import
path (the CLI's `--app`, a test's own configuration); a forked one is the same app, with the
library already read. What fork makes unsafe is shared here, and handled:

- SQLAlchemy connections: a pooled connection (a socket, a SQLite file handle) must never be
  used by two processes. Each worker calls `engine.dispose(close=False)` first, as SQLAlchemy's
  guide to pools and `os.fork()` says: the worker starts with an empty pool of its own, and
  leaves the parent's connections alone. The pages crawled do not touch the database anyway.
- Threads: a process forked while another thread holds a lock can deadlock. The workers are
  started before any thread of the crawl exists (plain pipes, no executor thread), and the crawl
  runs in processes only when the exporting process has no other thread (a live test server in
  the same process, for instance): otherwise it fetches everything itself.

Pages are routed by language: every page of one language goes to the same worker, so that a
language's lessons are rendered once (for its lesson pages, its search page and its offline
index alike), not once per worker. Pictures and assets go to whichever worker has less queued.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lesson_toolkit.exports.site import Fetched, SiteCrawler

BATCH = 4  # URLs per message to a worker: small, so that the queues stay balanced
LANGUAGE = re.compile(r"/([a-z]{2,3}(?:_[A-Z]{2})?)/")


class Frontier:
    """What is left to fetch, what was fetched, and which known files were reached."""

    def __init__(self, known: dict[str, tuple[str, ...]], progress: Callable[[str], None]):
        self.known, self.progress = known, progress
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.found: dict[str, Fetched] = {}
        self.reached: set[str] = set()

    def add(self, urls: Iterable[str]) -> None:
        stack = list(urls)
        while stack:
            url = stack.pop()
            if url in self.seen:
                continue
            self.seen.add(url)
            if url in self.known:
                self.reached.add(url)
                stack.extend(self.known[url])
            else:
                self.queue.append(url)

    def take(self, items: list[Fetched]) -> list[str]:
        """Record fetched files; the new site paths they lead to."""
        self.seen.update(item.url for item in items)
        before = len(self.queue)
        for item in items:
            self.found[item.url] = item
            self.progress(item.url)
        for item in items:
            self.add(item.links)
        return [self.queue[i] for i in range(before, len(self.queue))]


def workers_for(jobs: int | None) -> int:
    """How many processes to crawl with: `jobs`, or one per core this process may use."""
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs > 1 and (threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods()):
        return 1  # see the module's docstring
    return max(1, jobs)


def _serve(connection: Connection, crawler: SiteCrawler) -> None:
    """A worker: fetch each batch of URLs it is sent and send back the files, until None."""
    from flask import current_app

    from lesson_toolkit.extensions import db

    with crawler.app.app_context():
        if "sqlalchemy" in current_app.extensions:
            for engine in db.engines.values():
                engine.dispose(close=False)  # this process's own pool; the parent's connections stay the parent's
    while (batch := connection.recv()) is not None:
        try:
            connection.send(("ok", [item for url in batch for item in crawler.fetch(url)]))
        except Exception as exc:  # the parent raises it, naming the page
            try:
                connection.send(("error", exc))
            except Exception:  # an exception that does not pickle
                connection.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    connection.close()


def crawl_in_processes(crawler: SiteCrawler, frontier: Frontier, jobs: int) -> None:
    """Fetch everything the frontier leads to with `jobs` forked workers."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for _ in range(jobs):
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_serve, args=(child_end, crawler), daemon=True)
        process.start()
        child_end.close()
        pipes.append(parent_end)
        processes.append(process)
    queues: list[deque[str]] = [deque() for _ in range(jobs)]
    owners: dict[str, int] = {}

    def route(urls: Iterable[str]) -> None:
        for url in urls:
            match = LANGUAGE.match(url)
            if match:
                worker = owners.setdefault(match[1], len(owners) % jobs)
            else:
                worker = min(range(jobs), key=lambda number: len(queues[number]))
            queues[worker].append(url)

    route(frontier.queue)
    frontier.queue.clear()
    busy = [False] * jobs
    try:
        while any(queues) or any(busy):
            for number in range(jobs):
                if not busy[number]:
                    batch = take_batch(queues, number)
                    if batch:
                        pipes[number].send(batch)
                        busy[number] = True
            for ready in wait([pipes[n] for n in range(jobs) if busy[n]]):
                number = pipes.index(ready)  # type: ignore[arg-type]
                busy[number] = False
                status, result = pipes[number].recv()
                if status == "error":
                    raise result
                route(frontier.take(result))
                frontier.queue.clear()
    finally:
        for pipe, process in zip(pipes, processes, strict=True):
            with contextlib.suppress(OSError):  # a worker that died has closed its end
                pipe.send(None)
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
            pipe.close()


def take_batch(queues: list[deque[str]], number: int) -> list[str]:
    """The next URLs for worker `number`: its own; when it has none, another queue's files
    that belong to no language (pictures, assets), which any worker fetches as cheaply."""
    own = queues[number]
    if own:
        return [own.popleft() for _ in range(min(BATCH, len(own)))]
    for other in queues:
        free = [url for url in other if not LANGUAGE.match(url)][:BATCH]
        for url in free:
            other.remove(url)
        if free:
            return free
    return []
