"""Learners' pages: thin views over the content library."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence

from flask import (
    Response,
    abort,
    current_app,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError

from lesson_toolkit.authoring.core.feedback import Feedback
from lesson_toolkit.authoring.core.lesson import SLUG, Lesson
from lesson_toolkit.authoring.core.library import Card, Output
from lesson_toolkit.authoring.core.render import RenderedLesson
from lesson_toolkit.authoring.core.topics import OTHER, TOPICS, topic_codes
from lesson_toolkit.extensions import LANG_COOKIE, db, toolkit
from lesson_toolkit.viewer.availability import TEMPLATE_GLOBALS, heard_here, kind_of, nothing_in
from lesson_toolkit.viewer.blueprint import bp
from lesson_toolkit.viewer.files import COOKIE_AGE, asset_version, prepare_pictures, thumbnail, web_picture
from lesson_toolkit.viewer.pages import CSRF_PLACEHOLDER, page_cache, results_cache, send_page
from lesson_toolkit.viewer.paging import pager_for, requested_page
from lesson_toolkit.viewer.search import Document, search
from lesson_toolkit.viewer.search_index import PART_FILE, OfflineIndex, build_index, script_literal
from lesson_toolkit.viewer.sharing import X_DEFAULT, index_card, lesson_card, page_links, public_base
from lesson_toolkit.viewer.state import viewer_state
from lesson_toolkit.viewer.voice import page_voices, with_players

TEXT_COOKIE, VOTER_COOKIE = "text", "voter"
ON_INDEX = 4  # lessons the index shows per topic: the easiest first; "see all" leads to the rest


def web_output() -> Output:
    label = toolkit.admonition_label()
    return Output(name=f"web:{toolkit.lang}", label=label, picture_url=web_picture, prepare=prepare_pictures)


def large_text() -> bool:
    return request.cookies.get(TEXT_COOKIE) == "large"


def this_page(lang: str | None = None) -> str:
    """The current page's path (in `lang`); only search and a topic's pages keep their query
    (its page number; other cached pages have none)."""
    endpoint, args = request.endpoint, dict(request.view_args or {})
    if not endpoint or not current_app.url_map.is_endpoint_expecting(endpoint, "lang") or request.method != "GET":
        endpoint, args = "viewer.index", {}
    if endpoint == "viewer.search_page" and request.args.get("q"):
        args["q"] = request.args["q"]
    if endpoint in ("viewer.search_page", "viewer.topic") and request.args.get("page", "1") != "1":
        args["page"] = request.args["page"]
    return url_for(endpoint, **args, lang=lang or toolkit.lang)


@bp.app_context_processor
def page_globals():
    reg = toolkit.registry
    lang = toolkit.lang
    ui_lang = toolkit.interface_language(lang)
    return {
        "lang": lang,
        "ui_lang": ui_lang,  # the interface text's language: Vietnamese on a Tày page without Tày text
        "ui_language": reg[ui_lang],
        "language": reg[lang],
        "languages": reg.public,
        "large_text": large_text(),
        "this_page": this_page,
        "asset_url": lambda name: url_for("viewer.asset", version=asset_version(name), name=name),
        "page_links": lambda: page_links(this_page),
        "voice_language": voice_language,
        **TEMPLATE_GLOBALS,
    }


def voice_language(code: str) -> str:
    """A voice's language as a sentence of the page says it: "Nghe bằng tiếng Tày". Tày and Dao
    pages speak Vietnamese (their interface falls back to it), so they use the Vietnamese name."""
    language = toolkit.registry[code]
    return language.name if toolkit.lang == "en" else (language.name_vi or language.name)


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
    response = redirect(url_for("viewer.index", lang=toolkit.negotiate()))
    response.vary.update(["Cookie", "Accept-Language"])
    return response


@bp.route("/language/<code>")
def choose_language(code: str):
    """The language switcher: remembers the choice, then shows the same page in it."""
    if code not in {language.code for language in toolkit.registry.public}:
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


@bp.route("/sitemap.xml")
def sitemap():
    """Every learner's page (each language's index, topic pages and published lessons), at the public address,
    with each language version named (`hreflang`) so that search engines offer the right one."""
    base = public_base() or ""
    reg = toolkit.registry
    languages = [language.code for language in reg.public]
    lessons = toolkit.library.lessons
    pages = [("viewer.index", {})]
    pages += [("viewer.topic", {"code": code}) for code in topic_codes(lesson.topic for lesson in lessons.values())]
    pages += [("viewer.lesson", {"slug": slug}) for slug in sorted(lessons)]

    def alternates(endpoint: str, values: dict) -> list[tuple[str, str]]:
        # x-default: the address for a reader whose language is not listed (the index's is
        # the root, which chooses; a lesson's is the default language's)
        fallback = (
            url_for("viewer.root") if endpoint == "viewer.index" else url_for(endpoint, lang=reg.default, **values)
        )
        links = [(other, base + url_for(endpoint, lang=other, **values)) for other in languages]
        return [*links, (X_DEFAULT, base + fallback)]

    entries = [
        (base + url_for(endpoint, lang=lang, **values), alternates(endpoint, values))
        for endpoint, values in pages
        for lang in languages
    ]
    xml = render_template("viewer/sitemap.xml", entries=entries)
    return current_app.response_class(xml, mimetype="application/xml")


def ui_sources() -> tuple:
    """What every page depends on besides its lessons: languages, UI catalogue, text size."""
    from lesson_toolkit.extensions import babel

    return (toolkit.registry, babel.domain_instance.get_translations(), large_text())


def rendered_lessons(keep: Callable[[Lesson], bool] | None = None) -> list[RenderedLesson]:
    lib, lang = toolkit.library, toolkit.lang
    rendered = lib.renderable(lang, web_output(), keep)
    rendered.sort(key=lambda r: (r.lesson.level, r.title.text))
    return rendered


def listing_sources(keep: Callable[[Lesson], bool] | None = None) -> tuple:
    """What a page of lesson cards is made from (the page cache's sources): the interface
    strings, the lessons' cards (no lesson is rendered for them) and each one's voices in the
    page language."""
    cards = [card for card in lesson_cards() if keep is None or keep(card.lesson)]
    return (*ui_sources(), *cards, *(page_voices(c.lesson, toolkit.lang) for c in cards))


def search_sources() -> tuple:
    """What search results are made from: like `listing_sources`, with the rendered lessons
    (their whole text is searched)."""
    rendered = rendered_lessons()
    return (*ui_sources(), *rendered, *(page_voices(r.lesson, toolkit.lang) for r in rendered))


def listed(current: tuple) -> tuple[list, tuple]:
    """The cards or rendered lessons and their voices, out of `listing_sources()` or
    `search_sources()`."""
    lessons = current[len(ui_sources()) :]
    return list(lessons[: len(lessons) // 2]), tuple(lessons[len(lessons) // 2 :])


def topics_of(rendered: list) -> list[tuple[str, str, list]]:
    """(code, label, lessons) per topic with lessons, in the topics' order: rendered lessons or cards."""
    topics = [(code, _(label), [r for r in rendered if r.lesson.topic == code]) for code, label in TOPICS.items()]
    others = [r for r in rendered if r.lesson.topic not in TOPICS]
    if others:
        topics.append((OTHER, _("Other lessons"), others))
    return [t for t in topics if t[2]]


def availabilities(rendered: Sequence[RenderedLesson | Card], voices: tuple) -> dict[str, tuple[str | None, bool]]:
    """Per lesson: whether it is in the page language, and whether it can be heard in it
    (`voices`: each lesson's, in the same order)."""
    return {r.lesson.slug: (kind_of(r, v), heard_here(v, toolkit.lang)) for r, v in zip(rendered, voices, strict=True)}


def listing(rendered: Sequence[RenderedLesson | Card], voices: tuple) -> dict:
    """What the lesson cards need (`viewer/_card.html`): each lesson's picture and steps, and
    its `availabilities`."""
    return {
        "cards": {r.lesson.slug: (thumbnail(r.lesson), r.steps) for r in rendered},
        "available": availabilities(rendered, voices),
    }


def lesson_cards() -> list[Card]:
    """Every published lesson's card in the page's language, in the index's order; no lesson
    is rendered for it."""
    cards = toolkit.library.cards(toolkit.lang)
    cards.sort(key=lambda c: (c.lesson.level, c.title.text))
    return cards


@bp.route("/<lang>/")
def index():
    def render(current: tuple) -> str:
        rendered, voices = listed(current)  # the voices each lesson has in this language: the cards say so
        # each topic's first lessons; the others are on the topic's pages
        topics = [(code, label, pages[:ON_INDEX], len(pages)) for code, label, pages in topics_of(rendered)]
        shown = {page.lesson.slug for _code, _label, pages, _count in topics for page in pages}
        on_index = [(r, v) for r, v in zip(rendered, voices, strict=True) if r.lesson.slug in shown]
        return render_template(
            "viewer/index.html",
            topics=topics,
            card=index_card(url_for("viewer.index")),
            nothing_here=nothing_in(kind_of(r, v) for r, v in zip(rendered, voices, strict=True)),
            **listing([r for r, _ in on_index], tuple(v for _, v in on_index)),
        )

    # absolute addresses in the page (link previews, canonical) depend on the address asked for
    key = ("index", toolkit.lang, large_text(), public_base())
    return send_page(page_cache().get(key, listing_sources, render))


@bp.route("/<lang>/lessons/<slug>")
def lesson(slug: str):
    def sources() -> tuple:
        lesson = toolkit.lesson_or_404(slug)
        rendered = toolkit.library.render(lesson, toolkit.lang, web_output())
        return (*ui_sources(), page_voices(lesson, toolkit.lang), rendered)

    def render(current: tuple) -> str:
        page: RenderedLesson = current[-1]
        voices = current[-2]
        card = lesson_card(page.lesson, page.title.text, page.summary.text, url_for("viewer.lesson", slug=slug))
        player = get_template_attribute("viewer/_voice.html", "player")
        html = with_players(page.html, voices, lambda found: str(player(found, voice_language(found.lang))))
        return render_template(
            "viewer/lesson.html",
            page=page,
            html=html,
            voices=voices,
            player=player,
            card=card,
            csrf_token=CSRF_PLACEHOLDER,
        )

    if not SLUG.match(slug):
        abort(404)
    key = ("lesson", toolkit.lang, slug, large_text(), public_base())
    return send_page(page_cache().get(key, sources, render))


@bp.route("/<lang>/lessons/<slug>/feedback", methods=["GET", "POST"])
def feedback(slug: str):
    """ "Was this helpful?": one anonymous vote per browser and lesson (a later one replaces it)."""
    lesson = toolkit.lesson_or_404(slug)
    if request.method == "GET":
        return redirect(url_for("viewer.lesson", slug=slug, _anchor="feedback"))
    answer = request.form.get("helpful")
    if answer not in ("yes", "no"):
        abort(400)
    voter = request.cookies.get(VOTER_COOKIE, "")
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,40}", voter):
        voter = secrets.token_urlsafe(18)
    record_vote(lesson.slug, toolkit.lang, answer == "yes", voter)
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
    rendered = toolkit.library.render(toolkit.lesson_or_404(slug), toolkit.lang, web_output())
    return render_template("viewer/thanks.html", page=rendered)


@bp.errorhandler(CSRFError)
def form_expired(error):
    """A feedback form kept too long (say, read offline): ask again, with a fresh form."""
    slug = (request.view_args or {}).get("slug")
    if request.endpoint != "viewer.feedback" or not slug or slug not in toolkit.library.lessons:
        return render_template("viewer/error.html", message=_("Please go back and try again.")), 400
    rendered = toolkit.library.render(toolkit.library.lessons[slug], toolkit.lang, web_output())
    return render_template("viewer/feedback_again.html", page=rendered), 400


@bp.route("/<lang>/search")
def search_page():
    query = " ".join(request.args.get("q", "").split())[:200]
    number = requested_page() if query else 1

    def render(current: tuple) -> str:
        rendered, voices = listed(current)
        hits = search(query, documents(rendered)) if query else []
        pager = pager_for(len(hits), number) if query else None
        if query and pager is None:
            abort(404)  # a page past the last
        available = availabilities(rendered, voices)  # as on the index, and a note when none is here
        return render_template(
            "viewer/search.html",
            query=query,
            hits=hits,
            pager=pager,
            topics=topics_of(rendered),
            heard_in=heard_in,
            available=available,
            nothing_here=nothing_in(kind for kind, _ in available.values()),
        )

    # a result page is rendered once per query, page and text size until the content changes
    key = ("search", toolkit.lang, query, number, large_text(), public_base())
    return send_page(results_cache().get(key, search_sources, render))


@bp.route("/<lang>/search-index.js")
def search_index():
    """The entry of the index that search.js searches where there is no server (the static pack).
    For the exporter only (`STATIC_EXPORT`), `?parts=all`: every part's script at once, as JSON
    `{name: script}`, from the same build, instead of a request per part."""
    if request.args.get("parts") == "all" and current_app.config.get("STATIC_EXPORT"):
        return index_parts_bundle()
    return index_script(ENTRY)


def index_parts_bundle() -> Response:
    built = offline_index(index_sources(), ".html")
    return current_app.response_class(script_literal(built.parts), mimetype="application/json")


@bp.route("/<lang>/search-index/<name>")
def search_index_part(name: str):
    """One part of that index (`th.js`: which lessons have words starting "th"; `th.pos.js`: where)."""
    if not PART_FILE.fullmatch(name):
        abort(404)
    return index_script(name)


ENTRY = "search-index.js"


def index_script(name: str) -> Response:
    """A script of the offline index, built once per content version for all its parts."""
    suffix = ".html" if current_app.config.get("STATIC_EXPORT") else ""

    def render(current: tuple) -> str:
        built = offline_index(current, suffix)
        if name != ENTRY and name not in built.parts:
            abort(404)
        return built.entry if name == ENTRY else built.parts[name]

    response = send_page(viewer_state().offline.get((toolkit.lang, suffix, name), index_sources, render))
    response.mimetype = "text/javascript"
    return response


def index_sources() -> tuple:
    """What the offline index is made from: the listing's sources but the text size."""
    from lesson_toolkit.extensions import babel

    rendered = rendered_lessons()
    voices = (page_voices(r.lesson, toolkit.lang) for r in rendered)
    return (toolkit.registry, babel.domain_instance.get_translations(), *rendered, *voices)


def offline_index(current: tuple, suffix: str) -> OfflineIndex:
    """The index for `current` (index_sources()), built again only when one of them changed."""
    built = viewer_state().offline_built
    key = (toolkit.lang, suffix)
    kept = built.get(key)
    if kept and len(kept[0]) == len(current) and all(a is b for a, b in zip(kept[0], current, strict=True)):
        return kept[1]
    lessons = current[2:]
    rendered = list(lessons[: len(lessons) // 2])
    index = build_index(documents(rendered), link_suffix=suffix, heard=lambda doc: heard_in(doc.page))
    built[key] = (current, index)
    return index


def heard_in(page: RenderedLesson) -> str:
    """The languages a lesson's recordings speak on this language's page: "tiếng Tày, tiếng Việt"."""
    players = page_voices(page.lesson, page.lang).players.values()
    return ", ".join(voice_language(code) for code in sorted({p.lang for p in players}))


def documents(rendered: list[RenderedLesson]) -> list[Document]:
    """Search documents, folded once per rendered lesson."""
    cache = current_app.extensions["viewer"].search
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
    key = ("offline", toolkit.lang, large_text(), public_base())
    return send_page(page_cache().get(key, ui_sources, lambda _: render_template("viewer/offline.html")))
