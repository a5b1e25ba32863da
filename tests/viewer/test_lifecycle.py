"""The publishing life cycle on the learners' site: a lesson that is not published (a draft, or
one taken down) does not exist for learners, on any page or file that lists or serves lessons."""

import json
import re
from xml.etree import ElementTree

import pytest

HIDDEN = [("draft-lesson", "draft"), ("taken-down", "unpublished")]
# a word in every lesson of the test: search finds each one that learners may see
BODY = "1. Mở ứng dụng Zalo.\n\n    ![Điện thoại](images/step-1.png)\n"


@pytest.fixture
def lessons(write_lesson):
    """One published lesson (no status: written before the life cycle) and one of each hidden state."""
    write_lesson("visible-lesson", BODY, pictures=("images/step-1.png",), title="Bài đã đăng")
    for slug, status in HIDDEN:
        write_lesson(slug, BODY, pictures=("images/step-1.png",), title=f"Bài {status}", status=status)
    return [slug for slug, _ in HIDDEN]


def test_a_lesson_without_status_is_published(client, lessons):
    assert client.get("/vi/lessons/visible-lesson").status_code == 200


@pytest.mark.parametrize("lang", ["vi", "en", "tyz"])
@pytest.mark.parametrize("slug", [slug for slug, _ in HIDDEN])
def test_a_hidden_lesson_page_is_not_found_in_every_language(client, lessons, slug, lang):
    response = client.get(f"/{lang}/lessons/{slug}")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("slug", [slug for slug, _ in HIDDEN])
def test_a_hidden_lessons_pictures_feedback_and_thanks_are_not_found(client, lessons, slug):
    assert client.get(f"/vi/lessons/{slug}/images/step-1.png").status_code == 404
    assert client.get(f"/vi/lessons/{slug}/thanks").status_code == 404
    assert client.get(f"/vi/lessons/{slug}/feedback").status_code == 404
    # the visible lesson's picture is served, so the 404s above are the life cycle's
    picture = client.get("/vi/lessons/visible-lesson/images/step-1.png")
    assert picture.status_code == 200
    picture.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_index_lists_only_published_lessons(client, lessons, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert "/lessons/visible-lesson" in html
    for slug in lessons:
        assert f"/lessons/{slug}" not in html
    assert "Bài draft" not in html and "Bài unpublished" not in html


def test_search_finds_only_published_lessons(client, lessons):
    html = client.get("/vi/search?q=zalo").get_data(as_text=True)
    assert "/lessons/visible-lesson" in html
    for slug in lessons:
        assert f"/lessons/{slug}" not in html
    assert "/lessons/draft-lesson" not in client.get("/vi/search?q=draft").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["vi", "tyz"])
def test_the_offline_search_index_holds_only_published_lessons(client, lessons, lang):
    script = client.get(f"/{lang}/search-index.js").get_data(as_text=True)
    assert "lessons/visible-lesson" in script
    for slug in lessons:
        assert slug not in script


def test_the_service_worker_names_no_hidden_lesson(client, lessons):
    script = client.get("/sw.js").get_data(as_text=True)
    config = json.loads(re.match(r"const CONFIG = (.*);\n", script)[1])
    for slug in lessons:
        assert slug not in json.dumps(config)


def test_the_sitemap_lists_only_published_lessons(client, lessons):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    xml = response.get_data(as_text=True)
    ElementTree.fromstring(xml)  # well-formed
    assert "<loc>https://lessons.example.org/vi/lessons/visible-lesson</loc>" in xml
    assert 'hreflang="tyz" href="https://lessons.example.org/tyz/lessons/visible-lesson"' in xml
    for slug in lessons:
        assert slug not in xml


def test_publishing_a_draft_makes_it_appear_and_unpublishing_hides_it_again(client, lessons, content):
    path = content / "lessons" / "draft-lesson" / "lesson.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published"), "utf-8")
    assert client.get("/vi/lessons/draft-lesson").status_code == 200
    assert "/lessons/draft-lesson" in client.get("/vi/").get_data(as_text=True)
    path.write_text(path.read_text(encoding="utf-8").replace("status: published", "status: unpublished"), "utf-8")
    assert client.get("/vi/lessons/draft-lesson").status_code == 404
    assert "/lessons/draft-lesson" not in client.get("/vi/").get_data(as_text=True)
