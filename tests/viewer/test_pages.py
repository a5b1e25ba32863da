"""The learners' pages: language choice, index, lesson, 404 — in every registered language."""

import re

import pytest

from lesson_toolkit.authoring.i18n.languages import load_registry


def languages(content):
    return [lang.code for lang in load_registry(content / "locales" / "languages.toml").public]


@pytest.mark.parametrize(
    ("headers", "cookie", "expected"),
    [
        ({}, None, "/vi/"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, None, "/en/"),
        ({"Accept-Language": "tyz, vi;q=0.8"}, None, "/tyz/"),
        ({"Accept-Language": "fr, de;q=0.8"}, None, "/vi/"),
        ({"Accept-Language": "en"}, "ium", "/ium/"),
        ({}, "xx", "/vi/"),
    ],
)
def test_root_redirects_by_cookie_then_accept_language_then_vietnamese(client, headers, cookie, expected):
    if cookie:
        client.set_cookie("lang", cookie)
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_reading_a_language_remembers_it(client):
    client.get("/ium/")
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/ium/"


# Tày and Dao have no interface text yet: their pages' interface is Vietnamese, and says so
INTERFACE_IN = {"tyz": "vi", "ium": "vi", "mji": "vi"}


def test_every_page_in_every_language(client, content, write_lesson):
    write_lesson("sample", body="## Steps\n\n1. Do it.\n")
    for code in languages(content):
        ui = INTERFACE_IN.get(code, code)
        index = client.get(f"/{code}/")
        assert index.status_code == 200
        assert f'<html lang="{ui}"' in index.get_data(as_text=True)
        page = client.get(f"/{code}/lessons/sample")
        assert page.status_code == 200
        assert f'<html lang="{ui}"' in page.get_data(as_text=True)
        assert f'<div class="lesson-body" lang="{code}">' in page.get_data(as_text=True)
        assert 'href="/' + code + '/lessons/sample.pdf"' in page.get_data(as_text=True)


def test_vietnamese_interface_strings(client):
    html = client.get("/vi/").get_data(as_text=True)
    assert "Bài học kỹ năng số" in html and "Học dùng điện thoại, từng bước một" in html
    assert "Digital skills lessons" not in html


def test_the_index_lists_lessons_with_title_summary_and_minutes(client, write_lesson):
    write_lesson("listed", title="Listed lesson", summary="What it teaches.", minutes=12)
    html = client.get("/en/").get_data(as_text=True)
    assert 'href="/en/lessons/listed"' in html and "Listed lesson" in html
    assert "What it teaches." in html and "12 minutes" in html


@pytest.mark.parametrize(
    ("url", "lang", "words"),
    [
        ("/vi/lessons/no-such-lesson", "vi", "Không tìm thấy trang"),
        ("/en/lessons/no-such-lesson", "en", "Page not found"),
        ("/tyz/lessons/no-such-lesson", "vi", "Không tìm thấy trang"),  # no Tày interface text yet
        ("/xx/", "vi", "Không tìm thấy trang"),
        ("/xx/lessons/pay-electricity-qr", "vi", "Không tìm thấy trang"),
        ("/vi/lessons/..%2F..%2Fapp.py", "vi", "Không tìm thấy trang"),
        ("/vi/lessons/pay-electricity-qr/images/..%2Flesson.md", "vi", "Không tìm thấy trang"),
        ("/vi/lessons/Bad_Slug", "vi", "Không tìm thấy trang"),
    ],
)
def test_unknown_language_or_slug_is_a_404_page_in_the_best_language(client, url, lang, words):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html and words in html


def test_an_unknown_language_404_uses_the_accept_language(client):
    response = client.get("/xx/", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_broken_lesson_does_not_break_the_site(client, write_lesson):
    write_lesson("fine-lesson", title="Fine lesson")
    write_lesson("broken-lesson", minutes="lots")
    assert "Fine lesson" in client.get("/en/").get_data(as_text=True)
    assert client.get("/en/lessons/broken-lesson").status_code == 404
    assert client.get("/en/lessons/fine-lesson").status_code == 200


def test_pictures_are_served_from_the_lesson_folder_only(client, write_lesson):
    write_lesson("pics", body="1. Step.\n\n    ![A picture](images/step-1.png)\n", pictures=("images/step-1.png",))
    html = client.get("/en/lessons/pics").get_data(as_text=True)
    assert re.search(r'src="/pictures/pics/step-1\.png/[0-9a-f]+-328\.png"', html)  # the small variant
    with client.get("/en/lessons/pics/images/step-1.png") as picture:
        assert picture.status_code == 200 and picture.data.startswith(b"\x89PNG")
    assert client.get("/en/lessons/pics/images/missing.png").status_code == 404


def test_the_step_count_comes_from_the_rendering(client, write_lesson):
    write_lesson("counted", body="## Steps\n\n1. One.\n2. Two.\n\nThen:\n\n1. Three.\n\n- not a step\n")
    html = client.get("/en/lessons/counted").get_data(as_text=True)
    assert 'data-steps="3"' in html and "3 steps" in html
    index = client.get("/en/").get_data(as_text=True)
    assert '<li class="card" data-slug="counted" data-steps="3">' in index
