"""The handout URL: `/<lang>/lessons/<slug>.pdf?size=a5&bw=1&large=1&with=vi`."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request, send_file
from flask_babel import gettext as _

from lesson_toolkit.authoring.core.addresses import usable_base
from lesson_toolkit.exports.handout import HandoutOptions, OptionError, print_context, render_handout
from lesson_toolkit.extensions import toolkit

bp = Blueprint("exports", __name__)
MAX_AGE = 300  # seconds; the ETag (the content key) tells a browser when a lesson changed


toolkit.language_in_url(bp)  # as on the learners' pages


@bp.route("/<lang>/lessons/<slug>.pdf")
def handout(slug: str):
    lang = g.lang
    lesson = toolkit.lesson_or_404(slug)
    try:
        options = HandoutOptions.from_query(request.args).check(toolkit.registry, lang)
    except OptionError as exc:
        # in the learner's language, with the option's name for whoever made the link
        message = f"{_('Please go back and try again.')} ({exc})"
        return render_template("viewer/error.html", message=message), 400
    # the QR code points where the site is public, else where this page was asked for: a
    # handout printed from the village Wi-Fi's address opens on the phones of that Wi-Fi
    base = usable_base(current_app.config.get("PUBLIC_BASE_URL"), request.host_url)
    pdf = render_handout(print_context(base), lesson, lang, options)
    return send_file(
        pdf.path,
        mimetype="application/pdf",
        download_name=pdf.filename,
        etag=pdf.key,
        max_age=MAX_AGE,
        conditional=True,
    )
