"""`lesson-toolkit …`, the installed command: the same commands as `flask --app app …` in a
checkout (`run`, `lessons`, `i18n`, `export`, `users`, `community`, `db`, …)."""

from __future__ import annotations

from flask.cli import FlaskGroup

from lesson_toolkit.app import create_app

cli = FlaskGroup(name="lesson-toolkit", create_app=lambda: create_app(), help=__doc__)


def main() -> None:
    cli.main(prog_name="lesson-toolkit")
