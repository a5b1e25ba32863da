"""Link previews made by Pillow: 1200×630, the covers whole, cached by content."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lesson_toolkit.authoring.pictures import previews
from lesson_toolkit.authoring.pictures.previews import BACKGROUND, HEIGHT, WIDTH, compose, link_preview, preview_digest
from lesson_toolkit.authoring.pictures.variants import PictureError


def save(path, size=(720, 540), colour=(200, 30, 30), mode="RGB"):
    Image.new(mode, size, colour).save(path)
    return path


def opened(path) -> Image.Image:
    with Image.open(path) as picture:
        picture.load()
        return picture


def test_a_cover_is_shown_whole_in_the_middle_of_a_wide_card(tmp_path):
    cover = save(tmp_path / "cover.png")
    made = link_preview([cover], tmp_path / "cache")
    picture = opened(made)
    assert picture.format == "JPEG" and picture.size == (WIDTH, HEIGHT) and picture.mode == "RGB"
    # 4:3 scaled to the card's height: red in the middle, the pale card at the sides
    red = picture.getpixel((WIDTH // 2, HEIGHT // 2))
    assert red[0] > 180 and red[1] < 70
    assert max(abs(a - b) for a, b in zip(picture.getpixel((10, HEIGHT // 2)), BACKGROUND, strict=True)) < 8


def test_transparent_parts_become_white_not_black(tmp_path):
    cover = save(tmp_path / "clear.png", colour=(0, 0, 0, 0), mode="RGBA")
    picture = opened(link_preview([cover], tmp_path / "cache"))
    assert min(picture.getpixel((WIDTH // 2, HEIGHT // 2))) > 245


def test_the_index_shows_at_most_three_covers_side_by_side():
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30)]
    picture = compose([Image.new("RGB", (720, 540), colour) for colour in colours])
    centres = [picture.getpixel((WIDTH * (2 * n + 1) // 6, HEIGHT // 2)) for n in range(3)]
    assert [max(range(3), key=lambda i: pixel[i]) for pixel in centres] == [0, 1, 2]
    assert preview_digest(["a", "b", "c", "d"]) == preview_digest(["a", "b", "c"])


def test_the_same_covers_give_the_same_file_and_another_cover_another(tmp_path):
    cover = save(tmp_path / "cover.png")
    first = link_preview([cover], tmp_path / "cache")
    again = link_preview([cover], tmp_path / "other-cache")
    assert first.name == again.name and first.read_bytes() == again.read_bytes()
    save(cover, colour=(10, 10, 200))
    assert link_preview([cover], tmp_path / "cache").name != first.name


def test_the_layout_is_part_of_the_name(monkeypatch):
    before = preview_digest(["abc"])
    monkeypatch.setattr(previews, "LAYOUT", "v2")
    assert preview_digest(["abc"]) != before


def test_a_file_that_is_not_a_picture_names_itself(tmp_path):
    broken = tmp_path / "cover.png"
    broken.write_bytes(b"not a picture")
    with pytest.raises(PictureError, match="cover.png"):
        link_preview([broken], tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_a_huge_picture_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    big = tmp_path / "big.png"
    buffer = io.BytesIO()
    Image.new("L", (200, 200)).save(buffer, "PNG")
    big.write_bytes(buffer.getvalue())
    with pytest.raises(PictureError, match="too many pixels"):
        link_preview([big], tmp_path / "cache")
