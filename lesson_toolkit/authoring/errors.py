"""One family for bad input a person can fix: a lesson, a catalogue, the registry, a picture,
a recording, an option. Each error says what is wrong and where (file, line, field).

`ToolkitError` is a `click.ClickException` (as MkDocs's errors are): any command that meets one
prints `Error: <file>:<line>: <what>` and exits with status 1, never a traceback. The web turns
it into a page in the reader's language in one place (`app.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import click


def N_(text: str) -> str:  # noqa: N802 (the gettext convention for "mark, don't translate")
    """Marks an interface string for extraction; it is translated where a person reads it."""
    return text


class Term(str):
    """A parameter of a message that is itself an interface string (`Term(N_("a short title"))`),
    translated with the message."""

    __slots__ = ()


class ToolkitError(click.ClickException):
    """Bad input: `message` says what is wrong; `path`, `line` and `field` say where.

    A message a person reads in the workspace is a template marked with `N_` and its `params`
    (`N_("expected %(expected)s")`, {"expected": …}): `translated` puts it in their language."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        params: Mapping[str, object] | None = None,
    ):
        self.template, self.params = message, dict(params or {})
        super().__init__(message % self.params if params else message)
        self.path = Path(path) if path is not None else None
        self.line, self.field = line, field

    def translated(self, gettext: Callable[[str], str]) -> str:
        """`detail` in the reader's language (`gettext` of the interface domain)."""
        text = gettext(self.template)
        if self.params:
            text = text % {k: gettext(v) if isinstance(v, Term) else v for k, v in self.params.items()}
        if self.field:
            return gettext("field '%(field)s': %(message)s") % {"field": self.field, "message": text}
        return text

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
