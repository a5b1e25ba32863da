"""Long lists cut into pages: a topic's lessons and search results, `?page=N` past a size.

Page 1's address has no `page` (`page=1` shows it too, with the same canonical address); a page
past the last, or a `page` that is not a plain number, does not exist (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from flask import abort, request

PAGE_SIZE = 24  # lessons per page: within the 14 KB budget with a picture and a label each
T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    number: int  # 1-based
    pages: int
    total: int
    size: int = PAGE_SIZE

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def items(self, found: Sequence[T]) -> Sequence[T]:
        start = (self.number - 1) * self.size
        return found[start : start + self.size]


def pager_for(total: int, number: int, size: int = PAGE_SIZE) -> Pager | None:
    """The page `number` of `total` items; None past the last page (an empty list has page 1)."""
    pages = max(1, -(-total // size))
    return Pager(number, pages, total, size) if 1 <= number <= pages else None


def requested_page() -> int:
    """The `page` the request asks for: 1 without one; 404 for anything but a plain number."""
    raw = request.args.get("page")
    if raw is None:
        return 1
    if not raw.isascii() or not raw.isdigit() or raw.startswith("0") or len(raw) > 6:
        abort(404)
    return int(raw)
