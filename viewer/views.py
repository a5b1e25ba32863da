"""Learners' pages: thin views over the content library."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError

from authoring.images import prepared
from authoring.lesson import SLUG, Lesson
from authoring.library import Output
from authoring.pictures import is_safe_picture_path, localised_name
from authoring.render import RenderedLesson
from authoring.segmenter import IMAGE
from authoring.topics import TOPICS
from extensions import db
from viewer import pictures
from viewer.i18n import LANG_COOKIE, current_lang, language_in_url, library, negotiate, registry
from viewer.models import Feedback
from viewer.pages import CSRF_PLACEHOLDER, page_cache, send_page
from viewer.search import Document, search
from viewer.search_index import index_script

bp = Blueprint("viewer", __name__)
COOKIE_AGE = 365 * 24 * 3600
TEXT_COOKIE, VOTER_COOKIE = "text", "voter"
STATIC = Path(__file__).resolve().parent.parent / "static" / "viewer"
ASSETS = ("app.js", "search.js")


def admonition_label(kind: str) -> str:
    labels = {"tip": _("Tip"), "warning": _("Warning"), "danger": _("Danger"), "note": _("Note")}
    return labels.get(kind, _("Note"))


def lesson_picture(lesson: Lesson, src: str, widths: tuple[int, ...]) -> pictures.ResponsivePicture | None:
    """The responsive variants of a picture of `lesson` in the page language, if usable."""
    name = localised_name(src, registry()[current_lang()].chain, lesson.images_dir)
    if not is_safe_picture_path(name):
        return None
    path = lesson.folder / name
    source = pictures.safe_describe(path)
    if source is None:
        return None
    filename = path.name

    def url(file: str) -> str:
        return url_for("viewer.picture_variant", slug=lesson.slug, name=filename, file=file)

    return pictures.responsive(source, widths, url)


def found_name(lesson: Lesson, src: str, lang: str) -> str:
    return localised_name(src, registry()[lang].chain, lesson.images_dir)


def web_picture(lesson: Lesson, src: str, lang: str) -> dict[str, str]:
    found = lesson_picture(lesson, src, pictures.LESSON_WIDTHS)
    if found is None:
        name = found_name(lesson, src, lang)
        return {"src": url_for("viewer.picture", lang=lang, slug=lesson.slug, name=name.removeprefix("images/"))}
    return {
        # browsers without srcset (old Android) get the smallest variant: small, and the same
        # file for every language (the static pack keeps one copy)
        "src": found.src,
        "srcset": found.srcset(found.fallback),
        "sizes": pictures.LESSON_SIZES,
        "width": str(found.width),
        "height": str(found.height),
        "loading": "lazy",  # steps start below the first screen (title, summary, what you need)
        "decoding": "async",
    }


def web_output() -> Output:
    return Output(name=f"web:{current_lang()}", label=admonition_label, picture_url=web_picture)


def thumbnail(lesson: Lesson) -> pictures.ResponsivePicture | None:
    """The lesson's cover, else its first picture."""
    src = lesson.cover
    if not src:
        first = IMAGE.search(lesson.body)
        src = first["src"] if first else None
    return lesson_picture(lesson, src, pictures.THUMB_WIDTHS) if src else None


language_in_url(bp)


def large_text() -> bool:
    return request.cookies.get(TEXT_COOKIE) == "large"


def asset_version(name: str) -> str:
    versions = current_app.extensions.setdefault("viewer_assets", {})
    path = STATIC / name
    stamp = path.stat().st_mtime_ns
    if name not in versions or versions[name][0] != stamp:
        versions[name] = (stamp, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
    return versions[name][1]


def this_page(lang: str | None = None) -> str:
    """The current page's path (in `lang`); only search keeps its query (cached pages have none)."""
    endpoint, args = request.endpoint, dict(request.view_args or {})
    if not endpoint or not current_app.url_map.is_endpoint_expecting(endpoint, "lang") or request.method != "GET":
        endpoint, args = "viewer.index", {}
    if endpoint == "viewer.search_page" and request.args.get("q"):
        args["q"] = request.args["q"]
    return url_for(endpoint, **args, lang=lang or current_lang())


@bp.app_context_processor
def page_globals():
    reg = registry()
    lang = current_lang()
    return {
        "lang": lang,
        "language": reg[lang],
        "languages": reg.public,
        "large_text": large_text(),
        "this_page": this_page,
        "asset_url": lambda name: url_for("viewer.asset", version=asset_version(name), name=name),
    }


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site (no scheme, no host), else None."""
    # printable ASCII only: browsers drop tabs and newlines, so "/\t/evil.example" means "//evil.example"
    if target and re.fullmatch(r"/(?![/\\])[!-~]*", target) and "\\" not in target:
        return target
    return None


@bp.after_app_request
def remember_language(response):
    """Reading a page in a language remembers it too (the switcher remembers it explicitly)."""
    lang = g.get("lang")
    # only a page the learner opened: not the phone's background copies for offline reading
    opened = request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
    if lang and opened and request.cookies.get(LANG_COOKIE) != lang and response.status_code == 200:
        response.set_cookie(LANG_COOKIE, lang, max_age=COOKIE_AGE, samesite="Lax")
    return response


@bp.route("/")
def root():
    response = redirect(url_for("viewer.index", lang=negotiate()))
    response.vary.update(["Cookie", "Accept-Language"])
    return response


@bp.route("/language/<code>")
def choose_language(code: str):
    """The language switcher: remembers the choice, then shows the same page in it."""
    if code not in {language.code for language in registry().public}:
        abort(404)
    response = redirect(local_path(request.args.get("next")) or url_for("viewer.index", lang=code), 303)
    response.set_cookie(LANG_COOKIE, code, max_age=COOKIE_AGE, samesite="Lax")
    return response


@bp.route("/<lang>/text-size")
def text_size():
    """The larger-text option without JavaScript: a cookie, then back to the page."""
    response = redirect(local_path(request.args.get("next")) or url_for("viewer.index"), 303)
    if request.args.get("large") == "1":
        response.set_cookie(TEXT_COOKIE, "large", max_age=COOKIE_AGE, samesite="Lax")
    else:
        response.delete_cookie(TEXT_COOKIE)
    return response


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


def ui_sources() -> tuple:
    """What every page depends on besides its lessons: languages, UI catalogue, text size."""
    from extensions import babel

    return (registry(), babel.domain_instance.get_translations(), large_text())


def rendered_lessons() -> list[RenderedLesson]:
    lib, lang = library(), current_lang()
    rendered = [lib.render(lesson, lang, web_output()) for lesson in lib.lessons.values()]
    rendered.sort(key=lambda r: (r.lesson.level, r.title.text))
    return rendered


def topics_of(rendered: list[RenderedLesson]) -> list[tuple[str, str, list[RenderedLesson]]]:
    topics = [(code, _(label), [r for r in rendered if r.lesson.topic == code]) for code, label in TOPICS.items()]
    others = [r for r in rendered if r.lesson.topic not in TOPICS]
    if others:
        topics.append(("other", _("Other lessons"), others))
    return [t for t in topics if t[2]]


def step_count(page: RenderedLesson) -> int:
    return len(re.findall(r'<li id="step-\d+"', page.html))


@bp.route("/<lang>/")
def index():
    def sources() -> tuple:
        return (*ui_sources(), *rendered_lessons())

    def render(current: tuple) -> str:
        rendered = list(current[len(ui_sources()) :])
        cards = {r.lesson.slug: (thumbnail(r.lesson), step_count(r)) for r in rendered}
        return render_template("viewer/index.html", topics=topics_of(rendered), cards=cards)

    key = ("index", current_lang(), large_text())
    return send_page(page_cache().get(key, sources, render))


@bp.route("/<lang>/lessons/<slug>")
def lesson(slug: str):
    def sources() -> tuple:
        return (*ui_sources(), library().render(get_lesson(slug), current_lang(), web_output()))

    def render(current: tuple) -> str:
        rendered = current[-1]
        body = pictures.with_webp_sources(rendered.html)
        return render_template(
            "viewer/lesson.html", page=rendered, body=body, steps=step_count(rendered), csrf_token=CSRF_PLACEHOLDER
        )

    if not SLUG.match(slug):
        abort(404)
    key = ("lesson", current_lang(), slug, large_text())
    return send_page(page_cache().get(key, sources, render))


@bp.route("/<lang>/lessons/<slug>/feedback", methods=["GET", "POST"])
def feedback(slug: str):
    """ "Was this helpful?": one anonymous vote per browser and lesson (a later one replaces it)."""
    lesson = get_lesson(slug)
    if request.method == "GET":
        return redirect(url_for("viewer.lesson", slug=slug, _anchor="feedback"))
    answer = request.form.get("helpful")
    if answer not in ("yes", "no"):
        abort(400)
    voter = request.cookies.get(VOTER_COOKIE, "")
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,40}", voter):
        voter = secrets.token_urlsafe(18)
    record_vote(lesson.slug, current_lang(), answer == "yes", voter)
    response = redirect(url_for("viewer.thanks", slug=slug), 303)
    response.set_cookie(VOTER_COOKIE, voter, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response


def record_vote(slug: str, lang: str, helpful: bool, voter: str) -> None:
    vote = db.session.execute(db.select(Feedback).filter_by(lesson=slug, voter=voter)).scalar_one_or_none()
    if vote is None:
        db.session.add(Feedback(lesson=slug, lang=lang, helpful=helpful, voter=voter))
    else:
        vote.lang, vote.helpful = lang, helpful
    try:
        db.session.commit()
    except IntegrityError:  # the same browser voted twice at once: the first vote stays
        db.session.rollback()


@bp.route("/<lang>/lessons/<slug>/thanks")
def thanks(slug: str):
    rendered = library().render(get_lesson(slug), current_lang(), web_output())
    return render_template("viewer/thanks.html", page=rendered)


@bp.errorhandler(CSRFError)
def form_expired(error):
    """A feedback form kept too long (say, read offline): ask again, with a fresh form."""
    slug = (request.view_args or {}).get("slug")
    if request.endpoint != "viewer.feedback" or not slug or slug not in library().lessons:
        return render_template("viewer/error.html", message=_("Please go back and try again.")), 400
    rendered = library().render(library().lessons[slug], current_lang(), web_output())
    return render_template("viewer/feedback_again.html", page=rendered), 400


@bp.route("/<lang>/search")
def search_page():
    query = " ".join(request.args.get("q", "").split())[:200]
    rendered = rendered_lessons()
    hits = search(query, documents(rendered)) if query else []
    response = current_app.make_response(
        render_template("viewer/search.html", query=query, hits=hits, topics=topics_of(rendered))
    )
    response.add_etag(weak=True)
    response.cache_control.no_cache = True
    response.vary.add("Cookie")
    return response.make_conditional(request)


@bp.route("/<lang>/search-index.js")
def search_index():
    """The index that search.js searches where there is no server (the static pack)."""
    suffix = ".html" if current_app.config.get("STATIC_EXPORT") else ""
    script = index_script(documents(rendered_lessons()), link_suffix=suffix)
    response = Response(script, mimetype="text/javascript")
    response.add_etag()
    response.cache_control.no_cache = True
    return response.make_conditional(request)


def documents(rendered: list[RenderedLesson]) -> list[Document]:
    """Search documents, folded once per rendered lesson."""
    cache = current_app.extensions.setdefault("viewer_search", {})
    docs = []
    for page in rendered:
        key = (page.lesson.slug, page.lang)
        cached = cache.get(key)
        if cached is None or cached.page is not page:
            cached = cache[key] = Document.of(page)
        docs.append(cached)
    return docs


@bp.route("/<lang>/offline")
def offline():
    """Shown by the service worker for a page that was never saved on the phone."""
    key = ("offline", current_lang(), large_text())
    return send_page(page_cache().get(key, ui_sources, lambda _: render_template("viewer/offline.html")))


@bp.route("/<lang>/lessons/<slug>/images/<name>")
def picture(slug: str, name: str):
    lesson = get_lesson(slug)
    if not is_safe_picture_path(f"images/{name}"):
        abort(404)
    return send_from_directory(Path(lesson.images_dir), name, max_age=365 * 24 * 3600)


@bp.route("/pictures/<slug>/<name>/<file>")
def picture_variant(slug: str, name: str, file: str):
    """A resized, re-encoded picture; its URL holds the source's hash, so it is immutable."""
    lesson = get_lesson(slug)
    match = pictures.VARIANT_FILE.match(file)
    if not match or int(match["width"]) not in pictures.WIDTHS or not is_safe_picture_path(f"images/{name}"):
        abort(404)
    source_path = lesson.images_dir / name
    source = pictures.safe_describe(source_path) if source_path.is_file() else None
    if source is None:
        abort(404)
    if source.digest != match["digest"] or match["ext"] not in ("webp", source.fallback):
        # an old page asks for an edited picture: send it to the current one
        current = f"{source.digest}-{match['width']}.{'webp' if match['ext'] == 'webp' else source.fallback}"
        return redirect(url_for("viewer.picture_variant", slug=slug, name=name, file=current))
    variant = pictures.variant_for(match["ext"], int(match["width"]))
    path = prepared(source_path, variant, Path(current_app.instance_path) / "pictures")
    response = send_file(path, mimetype=f"image/{variant.format}", max_age=COOKIE_AGE, conditional=True, etag=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@bp.route("/assets/<version>/<name>")
def asset(version: str, name: str):
    """Static files under a content-hash URL, cached for a year."""
    if name not in ASSETS:
        abort(404)
    # in memory (a few KB), so that it is compressed like a page
    response = Response((STATIC / name).read_bytes(), mimetype="text/javascript")
    if version == asset_version(name):
        response.cache_control.public = True
        response.cache_control.max_age = COOKIE_AGE
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope is the whole site."""
    reg = registry()
    codes = [language.code for language in reg.public]
    suffix = ".html" if current_app.config.get("STATIC_EXPORT") else ""
    config = {
        "languages": codes,
        "default": reg.default,
        # in the static pack every page is a file: /vi/offline.html, /vi/lessons/x.html
        "offline": {code: url_for("viewer.offline", lang=code) + suffix for code in codes},
        "assets": [url_for("viewer.asset", version=asset_version(name), name=name) for name in ASSETS],
    }
    script = (STATIC / "sw.js").read_text(encoding="utf-8")
    config_js = json.dumps(config, sort_keys=True)
    version = hashlib.sha256((config_js + script).encode()).hexdigest()[:12]
    body = f"const CONFIG = {config_js};\nconst VERSION = {json.dumps(version)};\n{script}"
    response = Response(body, mimetype="text/javascript")
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


def not_found(error):
    """In the language of the address when it names one (`/tyz/no/such/page`), else negotiated."""
    if g.get("lang") is None:
        first = request.path.strip("/").split("/", 1)[0]
        g.lang = first if first in registry() else negotiate()
    return render_template("viewer/404.html"), 404
