"""One family for bad input a person can fix: a lesson, a catalogue, the registry, a picture,
a recording, an option. Each error says what is wrong and where (file, line, field).

`ToolkitError` is a `click.ClickException` (as MkDocs's errors are): any command that meets one
prints `Error: <file>:<line>: <what>` and exits with status 1, never a traceback. The web turns
it into a page in the reader's language in one place (`app.py`).
"""

from __future__ import annotations

from pathlib import Path

import click


class ToolkitError(click.ClickException):
    """Bad input: `message` says what is wrong; `path`, `line` and `field` say where."""

    def __init__(
        self, message: str, *, path: Path | str | None = None, line: int | None = None, field: str | None = None
    ):
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.line, self.field = line, field

    @property
    def where(self) -> str:
        """`file:line`, `file`, or nothing."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    @property
    def detail(self) -> str:
        """What is wrong, with the field when there is one."""
        return f"field '{self.field}': {self.message}" if self.field else self.message

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}" if self.where else self.detail

    def format_message(self) -> str:
        return str(self)
