"""Kim Mun (`mji`) through every page and export, as it ships: nothing translated.

Every mji catalogue is empty, and this test writes no Kim Mun text. Each page and file must
work, name the language honestly (the learners' bar says "Kim Mun (Dao)"; Vietnamese sentences
say "tiếng Dao Kìm Mùn"; it is never called Iu Mienh), show the Vietnamese source text, and
tell the learner plainly that the lesson is not in Kim Mun.
"""

from __future__ import annotations

import io
import re
import unicodedata

import polib
import pytest
from pypdf import PdfReader

from lesson_toolkit.authoring.core.lesson import read_lesson
from tests.conftest import make_app
from tests.exports.support import get_pdf
from tests.workspace.support import logged_in

SLUG = "pay-electricity-qr"
TITLE = "Trả tiền điện bằng cách quét mã QR"  # the lesson's Vietnamese title
OTHER = "install-vneid"
BAR = r'<a href="/language/mji\?next=/mji/[^"]*" lang="mji" hreflang="mji" translate="no" aria-current="page">Kim Mun \(Dao\)</a>'
NOTHING = "Chưa có bài bằng tiếng Dao Kìm Mùn. Bài dưới đây bằng tiếng Việt."
CARD = "Chưa dịch sang tiếng Dao Kìm Mùn; bài này bằng tiếng Việt."
NAME_VI = "tiếng Dao Kìm Mùn"


@pytest.fixture
def app(content, tmp_path):
    return make_app(content, tmp_path, WTF_CSRF_ENABLED=False, HANDOUT_CACHE_DIR=str(tmp_path / "handouts-cache"))


def mji_is_empty(content) -> None:
    """No Kim Mun text anywhere: every msgstr of both mji catalogues, and the glossary's."""
    for domain in ("lessons", "messages"):
        catalogue = polib.pofile(str(content / "locales" / "mji" / "LC_MESSAGES" / f"{domain}.po"))
        assert [entry.msgid for entry in catalogue if entry.msgstr] == [], domain
    glossary = (content / "locales" / "mji" / "glossary.csv").read_text(encoding="utf-8").splitlines()
    assert all(line.split(",")[1] == "" for line in glossary[1:] if line), "a Kim Mun glossary translation"


def learner_page(html: str) -> None:
    """A learners' page in mji: Vietnamese interface (`lang="vi"`), the bar naming Kim Mun."""
    assert '<html lang="vi"' in html  # the interface text is Vietnamese: Kim Mun has none
    assert len(re.findall(BAR, html)) == 1
    assert "Iu Mienh (Dao)</a>" in html  # the other Dao language, listed apart, not current
    # nothing is marked as Kim Mun text but the bar's own name (the lesson body's own text
    # elements each say `lang="vi"`)
    marked = re.findall(r'<(\w+)[^>]*\slang="mji"', html)
    assert marked in (["a"], ["a", "div"]), marked


def notes(html: str) -> list[str]:
    return re.findall(r'<p class="fallback-note" role="note" lang="vi">([^<]*)</p>', html)


def test_the_learners_pages(client, content):
    index = client.get("/mji/").get_data(as_text=True)
    learner_page(index)
    assert notes(index) == [NOTHING]
    topics = re.findall(r'<h2 id="topic-(\w+)"><a href="[^"]+">([^<]+)</a>', index)
    assert len(topics) >= 4 and ("money", "Tiền và ngân hàng") in topics  # the topic sections, in Vietnamese
    cards = index.count('<p class="has has-')
    assert f'lang="vi">{TITLE}</a>' in index and index.count(CARD) == cards >= len(topics)  # every card says so
    money = client.get("/mji/topics/money").get_data(as_text=True)  # a topic's own page, as honest
    assert notes(money) == [NOTHING] and money.count(CARD) >= 1

    lesson = client.get(f"/mji/lessons/{SLUG}").get_data(as_text=True)
    learner_page(lesson)
    assert notes(lesson) == [NOTHING]
    assert f'<h1 lang="vi">{TITLE}</h1>' in lesson
    source = read_lesson(content / "lessons" / SLUG / "lesson.md")
    first = re.search(r"^1\. (.+)$", source.body, re.M)[1]
    assert first.split("**")[0].strip() in lesson  # the Vietnamese source's first step

    search = client.get("/mji/search", query_string={"q": "hoa don tien dien"}).get_data(as_text=True)
    learner_page(search)
    results = search.split('class="cards results"')[1]
    assert f'<a href="/mji/lessons/{SLUG}" lang="vi">{TITLE}</a>' in results  # said to be Vietnamese
    assert notes(search) == [NOTHING] and CARD in results  # as on the index
    script = client.get("/mji/search-index.js").get_data(as_text=True)
    assert TITLE in script
    mji_is_empty(content)


def test_the_handout_and_the_booklet(client, runner, content, tmp_path):
    handout = PdfReader(io.BytesIO(get_pdf(client, f"/mji/lessons/{SLUG}.pdf")))
    assert handout.trailer["/Root"]["/Lang"] == "vi"  # all of it is Vietnamese
    text = unicodedata.normalize("NFC", " ".join(page.extract_text() for page in handout.pages))
    words = " ".join(text.split())
    assert TITLE in words and NOTHING in words
    assert "Kim Mun" in words and "Iu Mienh" not in words  # the cover's language line

    out = tmp_path / "booklet.pdf"
    result = runner.invoke(args=["export", "booklet", "--lang", "mji", "--lessons", f"{SLUG},{OTHER}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    booklet = PdfReader(str(out))
    assert booklet.trailer["/Root"]["/Lang"] == "vi"
    words = " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in booklet.pages)).split())
    assert TITLE in words and words.count(NOTHING) == 2  # one note per lesson
    mji_is_empty(content)


def test_the_offline_pack(runner, content, tmp_path):
    out = tmp_path / "pack"
    result = runner.invoke(args=["export", "site", str(out), "--lang", "mji"])
    assert result.exit_code == 0, result.output
    index = (out / "mji" / "index.html").read_text(encoding="utf-8")
    lesson = (out / "mji" / "lessons" / f"{SLUG}.html").read_text(encoding="utf-8")
    for html in (index, lesson):
        assert '<html lang="vi"' in html and notes(html) == [NOTHING]
        assert re.search(r'aria-current="page">Kim Mun \(Dao\)</a>', html)
    assert f'<h1 lang="vi">{TITLE}</h1>' in lesson and CARD in index
    assert not (out / "vi").exists() and not (out / "tyz").exists()  # only the language asked for
    mji_is_empty(content)


def test_the_trainers_workspace(app, content):
    translator = logged_in(app, "kim", "translator", languages=("mji",))
    dashboard = translator.get("/trainer/").get_data(as_text=True)
    assert f'/trainer/translate/{SLUG}/mji?show=untranslated"' in dashboard
    assert f'<strong lang="mji">Kim Mun</strong> ({NAME_VI})' in dashboard

    editor = translator.get(f"/trainer/translate/{SLUG}/mji")
    assert editor.status_code == 200
    page = editor.get_data(as_text=True)
    assert f"Dịch sang {NAME_VI}" in page and TITLE in page  # the Vietnamese source, to translate
    boxes = re.findall(r'<textarea[^>]*lang="mji"[^>]*>([^<]*)</textarea>', page)
    assert boxes and all(box.strip() == "" for box in boxes)  # nothing pre-filled
    assert "Iu Mienh" not in page

    glossary = translator.get("/trainer/glossary/mji").get_data(as_text=True)
    assert f"<h1>Bảng thuật ngữ: {NAME_VI}</h1>" in glossary and "mã QR" in glossary
    assert NAME_VI in translator.get("/trainer/glossary").get_data(as_text=True)

    sheet = translator.get(f"/trainer/translate/{SLUG}/mji/worksheet").get_data(as_text=True)
    assert f'Bản dịch sang {NAME_VI} (<span lang="mji">Kim Mun</span>)' in sheet
    assert f'<p class="source" lang="vi">{TITLE}</p>' in sheet
    typed = translator.get(f"/trainer/translate/{SLUG}/mji/worksheet/type")
    assert typed.status_code == 200

    download = translator.get(f"/trainer/translate/{SLUG}/mji/download.po")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.mji.po"'
    po = polib.pofile(download.get_data(as_text=True))
    assert po.metadata["Language"] == "mji" and po.metadata["Language-Team"] == "Dao (Kim Mun)"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert TITLE in [entry.msgid for entry in po] and all(entry.msgstr == "" for entry in po)

    preview = translator.get(f"/trainer/lessons/{SLUG}/phone/mji").get_data(as_text=True)
    assert f'lang="vi">{NOTHING}</p>' in preview
    mji_is_empty(content)
