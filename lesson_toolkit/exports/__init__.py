"""Exporters: printable handouts (WeasyPrint) and, later, the static site."""

from flask import Flask


def init_app(app: Flask) -> None:
    from lesson_toolkit.exports import cli, views

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.export)
