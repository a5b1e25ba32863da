"""The Flask entry point in a checkout (`flask --app app …`); the toolkit itself is the
`lesson_toolkit` package, installed with `pip install .` (`lesson-toolkit …` on the command line)."""

from lesson_toolkit.app import create_app

__all__ = ["create_app"]
