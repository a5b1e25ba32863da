"""The learners' blueprint: every route under `/<lang>/` takes its language from the URL."""

from __future__ import annotations

from flask import Blueprint

from lesson_toolkit.extensions import toolkit

bp = Blueprint("viewer", __name__)
toolkit.language_in_url(bp)
