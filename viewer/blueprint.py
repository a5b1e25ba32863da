"""The learners' blueprint, and the loader every lesson route uses."""

from __future__ import annotations

from flask import Blueprint, abort

from authoring.lesson import SLUG, Lesson
from viewer.i18n import language_in_url, library

bp = Blueprint("viewer", __name__)
language_in_url(bp)


def get_lesson(slug: str) -> Lesson:
    """The loader every lesson view uses: validates the slug, 404 when there is no such lesson."""
    if not SLUG.match(slug):
        abort(404)
    lesson = library().lessons.get(slug)
    if lesson is None:
        abort(404)
    return lesson
