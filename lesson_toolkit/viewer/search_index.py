"""A compact search index for reading without a server (the static pack, offline).

The script defines `LESSON_INDEX`: per lesson its link, title, summary and the folded words of
each field, in the order `viewer.search.score` weighs them, so that `static/viewer/search.js`
ranks exactly like the server. A script, not JSON: browsers refuse `fetch` from `file://`, but
load a `<script src>` from there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from lesson_toolkit.viewer.search import Document


def index_script(
    documents: Iterable[Document], link_suffix: str = "", heard: Callable[[Document], str] = lambda doc: ""
) -> str:
    """Links are relative to the search page: `lessons/<slug>` (+ `.html` in the static pack).
    `heard`: the languages a lesson can be listened to in, as the page says them ("tiếng Tày")."""
    entries = [
        {
            "u": f"lessons/{doc.page.lesson.slug}{link_suffix}",
            "t": doc.page.title.text,
            "tl": doc.page.title.lang,
            "s": doc.page.summary.text,
            "sl": doc.page.summary.lang,
            "f": [" ".join(doc.fields[name]) for name in ("title", "summary", "body")],
            **({"h": voices} if (voices := heard(doc)) else {}),
        }
        for doc in documents
    ]
    return "window.LESSON_INDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"
