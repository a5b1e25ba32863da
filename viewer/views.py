"""Learners' pages: thin views over the content library."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _

from authoring.lesson import SLUG, Lesson
from authoring.library import Output
from authoring.pictures import is_safe_picture_path, localised_name
from authoring.topics import TOPICS
from viewer.i18n import LANG_COOKIE, current_lang, library, negotiate, registry

bp = Blueprint("viewer", __name__)
COOKIE_AGE = 365 * 24 * 3600


def admonition_label(kind: str) -> str:
    labels = {"tip": _("Tip"), "warning": _("Warning"), "danger": _("Danger"), "note": _("Note")}
    return labels.get(kind, _("Note"))


def web_picture(lesson: Lesson, src: str, lang: str) -> dict[str, str]:
    name = localised_name(src, registry()[lang].chain, lesson.images_dir)
    return {"src": url_for("viewer.picture", lang=lang, slug=lesson.slug, name=name.removeprefix("images/"))}


def web_output() -> Output:
    return Output(name=f"web:{current_lang()}", label=admonition_label, picture_url=web_picture)


@bp.url_value_preprocessor
def pull_lang(endpoint, values):
    if values and "lang" in values:
        lang = values.pop("lang")
        if lang not in registry():
            abort(404)
        g.lang = lang


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and g.get("lang") and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = g.lang


@bp.app_context_processor
def page_globals():
    reg = registry()
    lang = current_lang()
    return {
        "lang": lang,
        "language": reg[lang],
        "languages": reg.public,
    }


@bp.after_app_request
def remember_language(response):
    lang = g.get("lang")
    if lang and request.cookies.get(LANG_COOKIE) != lang and response.status_code == 200:
        response.set_cookie(LANG_COOKIE, lang, max_age=COOKIE_AGE, samesite="Lax")
    return response


@bp.route("/")
def root():
    return redirect(url_for("viewer.index", lang=negotiate()))


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}


def get_lesson(slug: str) -> Lesson:
    """The loader every lesson view uses: validates the slug, 404 when there is no such lesson."""
    if not SLUG.match(slug):
        abort(404)
    lesson = library().lessons.get(slug)
    if lesson is None:
        abort(404)
    return lesson


@bp.route("/<lang>/")
def index():
    lib, lang = library(), current_lang()
    rendered = [lib.render(lesson, lang, web_output()) for lesson in lib.lessons.values()]
    rendered.sort(key=lambda r: (r.lesson.level, r.title.text))
    topics = [(code, _(label), [r for r in rendered if r.lesson.topic == code]) for code, label in TOPICS.items()]
    others = [r for r in rendered if r.lesson.topic not in TOPICS]
    if others:
        topics.append(("other", _("Other lessons"), others))
    return render_template("viewer/index.html", topics=[t for t in topics if t[2]])


@bp.route("/<lang>/lessons/<slug>")
def lesson(slug: str):
    rendered = library().render(get_lesson(slug), current_lang(), web_output())
    return render_template("viewer/lesson.html", page=rendered)


@bp.route("/<lang>/lessons/<slug>/images/<name>")
def picture(slug: str, name: str):
    lesson = get_lesson(slug)
    if not is_safe_picture_path(f"images/{name}"):
        abort(404)
    return send_from_directory(Path(lesson.images_dir), name, max_age=365 * 24 * 3600)


def not_found(error):
    if g.get("lang") is None:
        g.lang = negotiate()
    return render_template("viewer/404.html"), 404
