"""authoring/pictures/names.py: no file outside the content is ever read or served."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lesson_toolkit.authoring.core.lint import lint
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.authoring.pictures.names import content_file, localised_name, symlinks_in
from lesson_toolkit.exports.publish import LessonPictures
from tests.viewer.test_pictures import LESSON, photo

SECRET = "SECRET_KEY=do-not-serve-me"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "environ"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def linked(write_lesson, content, secret) -> Path:
    """A content release carrying symlinks, as git keeps them: a picture pointing at a secret,
    a picture folder of its own pointing elsewhere, a localised variant pointing at a secret."""
    write_lesson("linked", body=LESSON)
    images = content / "lessons" / "linked" / "images"
    photo(images / "real.jpg")
    (images / "photo.jpg").symlink_to(secret)
    (images / "photo.en.jpg").symlink_to(images / "real.jpg")  # even one that stays inside
    return images


def test_content_file_refuses_links_and_paths_out_of_the_folder(linked, content, secret):
    folder = linked.parent
    assert content_file(folder, "images/real.jpg") == folder / "images/real.jpg"
    for name in ("images/photo.jpg", "images/photo.en.jpg", "../linked/images/real.jpg", str(secret), "images", ""):
        assert content_file(folder, name) is None, name
    outside = content / "lessons" / "other-folder"
    outside.symlink_to(linked)
    assert content_file(content / "lessons", "other-folder/real.jpg") is None
    assert localised_name("images/photo.jpg", ["en"], linked) == "images/photo.jpg"  # the link is no variant


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_server_never_serves_a_symlinked_picture(client, linked, lang):
    page = client.get(f"/{lang}/lessons/linked")
    assert page.status_code == 200 and SECRET not in page.get_data(as_text=True)
    for url in (
        f"/{lang}/lessons/linked/images/photo.jpg",
        f"/{lang}/lessons/linked/images/photo.en.jpg",
        "/pictures/linked/photo.jpg/" + "0" * 20 + "-360.webp",
    ):
        with client.get(url) as response:
            assert response.status_code == 404 and SECRET.encode() not in response.data, url
    with client.get(f"/{lang}/lessons/linked/images/real.jpg") as response:
        assert response.status_code == 200


def test_the_handout_never_reads_a_symlinked_picture(linked, content, tmp_path):
    pictures = LessonPictures(content / "lessons", tmp_path / "variants", grayscale=False)
    assert pictures(linked / "photo.jpg") is None
    assert pictures(linked / "photo.en.jpg") is None
    assert pictures(Path(os.path.abspath(linked / ".." / ".." / ".." / "environ"))) is None
    assert pictures(linked / "real.jpg") is not None


def test_lint_reports_every_symlink(linked, content):
    assert symlinks_in(linked.parent) == [linked / "photo.en.jpg", linked / "photo.jpg"]
    registry = load_registry(content / "locales" / "languages.toml")
    found = [str(f) for f in lint(content / "lessons", content / "locales", registry, ["linked"])]
    assert any("photo.jpg: error: a symbolic link" in f for f in found)
    assert any("picture 'images/photo.jpg' is a symbolic link" in f for f in found)


@pytest.mark.parametrize("exists", [True, False])
def test_lint_says_the_same_whether_a_server_path_exists_or_not(write_lesson, content, tmp_path, exists):
    target = tmp_path / "server-file.png"
    if exists:
        target.write_bytes(b"x")
    relative = os.path.relpath(target, content / "lessons" / "peek")
    write_lesson("peek", body=f"![Ảnh]({relative})\n\nXem [tệp]({relative}).\n")
    registry = load_registry(content / "locales" / "languages.toml")
    found = sorted(f.message for f in lint(content / "lessons", content / "locales", registry, ["peek"]))
    assert found == [
        f"link {relative!r} leads out of the lessons folder",
        f"picture {relative!r} must be in the images/ folder",
    ]
