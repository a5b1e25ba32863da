"""Exporters: printable handouts (WeasyPrint) and, later, the static site."""

from __future__ import annotations

import logging

from flask import Flask

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    from lesson_toolkit.exports import cli, views

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.export)


def warm(app: Flask) -> None:
    """Print one handout in memory now (a new server worker, before its first request): the
    first published lesson in the default language. WeasyPrint is loaded, the print templates
    compiled, the handout's stylesheet parsed, the fonts of every style it uses opened, the
    picture codecs loaded and the renderer's fingerprint taken (every cache key holds it), so
    that the worker's first handout costs what any other does. Only that lesson's prepared
    pictures stay in the cache, not the PDF; with no lesson, only the fonts are loaded."""
    from lesson_toolkit.exports import weasy
    from lesson_toolkit.exports.fingerprint import renderer_fingerprint
    from lesson_toolkit.exports.handout import HandoutOptions, handout_document, print_context
    from lesson_toolkit.exports.publish import LessonPictures, prepare_pictures
    from lesson_toolkit.extensions import toolkit

    renderer_fingerprint()
    with app.app_context():
        lesson = next(iter(toolkit.library.lessons.values()), None)
        if lesson is None:
            weasy.warm()
            return
        try:
            context = print_context()
            document = handout_document(context, lesson, toolkit.registry.default, HandoutOptions())
            pictures = LessonPictures(context.lessons_dir, context.cache_dir / "pictures", document.grayscale)
            prepare_pictures(document, pictures)
            weasy.html_to_pdf(
                document.html,
                context.lessons_dir.as_uri() + "/",
                lang=document.lang,
                title=document.title,
                identifier="warm",
                pictures=pictures,
            )
        except Exception:  # a lesson that cannot be printed: its own request will say so
            log.warning("%s: could not warm the handouts with it", lesson.path, exc_info=True)
            weasy.warm()
