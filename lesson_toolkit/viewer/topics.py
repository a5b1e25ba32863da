"""A topic's own pages: all its lessons as the index's cards, `PAGE_SIZE` to a page.

The index shows each topic's first lessons and how many it has; a large library (hundreds of
lessons) is read topic by topic, so that no page grows past the 14 KB budget.
"""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from lesson_toolkit.authoring.core.topics import OTHER, TOPICS, topic_of
from lesson_toolkit.extensions import toolkit
from lesson_toolkit.viewer.availability import kind_of, nothing_in
from lesson_toolkit.viewer.blueprint import bp
from lesson_toolkit.viewer.pages import page_cache, send_page
from lesson_toolkit.viewer.paging import pager_for, requested_page
from lesson_toolkit.viewer.sharing import index_card, public_base
from lesson_toolkit.viewer.views import large_text, listed, listing, listing_sources


def topic_label(code: str) -> str:
    return _(TOPICS[code]) if code in TOPICS else _("Other lessons")


@bp.route("/<lang>/topics/<code>")
def topic(code: str):
    def sources() -> tuple:
        return listing_sources(lambda lesson: topic_of(lesson.topic) == code)

    def render(current: tuple) -> str:
        rendered, voices = listed(current)
        pager = pager_for(len(rendered), number)
        if not rendered or pager is None:
            abort(404)  # a topic without lessons is not on the index either
        shown = list(pager.items(rendered))
        return render_template(
            "viewer/topic.html",
            code=code,
            label=topic_label(code),
            pages=shown,
            pager=pager,
            card=index_card(url_for("viewer.topic", code=code)),
            # as on the index: a plain note when none of the topic's lessons is in this language
            nothing_here=nothing_in(kind_of(r, v) for r, v in zip(rendered, voices, strict=True)),
            **listing(shown, tuple(pager.items(voices))),
        )

    if code not in TOPICS and code != OTHER:
        abort(404)
    number = requested_page()
    key = ("topic", toolkit.lang, code, number, large_text(), public_base())
    return send_page(page_cache().get(key, sources, render))
