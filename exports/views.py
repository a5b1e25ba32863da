"""The handout URL: `/<lang>/lessons/<slug>.pdf`."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, request

from exports.handout import HandoutOptions, handout_filename, render_handout
from viewer.i18n import registry
from viewer.views import get_lesson

bp = Blueprint("exports", __name__)


@bp.route("/<lang>/lessons/<slug>.pdf")
def handout(lang: str, slug: str):
    if lang not in registry():
        abort(404)
    g.lang = lang
    lesson = get_lesson(slug)
    try:
        options = HandoutOptions(size=request.args.get("size", "a4"))
    except ValueError as exc:
        abort(400, str(exc))
    pdf = render_handout(lesson, lang, options)
    filename = handout_filename(lesson, lang, options)
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'})
