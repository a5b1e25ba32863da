"""The drawn lesson pictures keep the rules that make them work on a 360-px phone and on a
black-and-white print (issue 16, item 3): the committed files are what the code draws; every
word fits its box at a size a phone shows legibly; rings are thick and dashed and arrows have a
head; no picture shows both app stores; no red cross emblem anywhere; and a Zalo step's picture
shows the labels its step tells the learner to tap."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lesson_toolkit.authoring.illustrations import LESSON_MODULES, generate, icons, kit, pictures_for
from tests.core.test_library_content import steps_of

ROOT = Path(__file__).resolve().parents[2]
SLUGS = sorted(LESSON_MODULES)
DRAWINGS = [(slug, name) for slug in SLUGS for name in pictures_for(slug)]


@functools.cache
def drawn(slug: str, name: str) -> kit.Record:
    """What the kit noted while drawing one picture."""
    with kit.recording() as record:
        pictures_for(slug)[name]()
    return record


def shown_px(size: int) -> float:
    """A text size of the drawing in CSS px on a 360-px phone."""
    return size * kit.SHOWN_WIDTH / kit.WIDTH


@pytest.mark.parametrize("slug", SLUGS)
def test_the_committed_pictures_are_what_the_code_draws(slug):
    stale = [result.path.name for result in generate(slug, ROOT / "lessons", check=True) if result.changed]
    assert stale == [], f"run python -m lesson_toolkit.authoring.illustrations {slug}"


def test_the_smallest_words_stay_legible_on_a_phone():
    assert shown_px(kit.MIN_TEXT) >= 10  # labels
    assert shown_px(kit.MESSAGE_TEXT) >= 11.5  # messages, read word by word


@pytest.mark.parametrize(("slug", "name"), DRAWINGS)
def test_every_word_fits_its_box_at_a_legible_size(slug, name):
    record = drawn(slug, name)
    small = [(t.content, t.size) for t in record.texts if t.size < kit.MIN_TEXT]
    overflowing = [(t.content, t.size) for t in record.texts if not t.fits]
    assert small == [] and overflowing == []


def test_a_text_that_cannot_fit_is_noted():
    picture = kit.Picture()
    with kit.recording() as record:
        kit.text(picture.draw, kit.Box(0, 0, 60, 30), "Tài khoản và bảo mật", size=30, min_size=10)
    assert record.texts[-1].size == kit.MIN_TEXT and not record.texts[-1].fits


def test_chat_and_sms_messages_are_written_at_message_size():
    picture = kit.Picture()
    with kit.recording() as record:
        kit.bubble(picture.draw, kit.Box(0, 0, 300, 200), "Mẹ ơi, gọi video cho con nhé!", size=20)
    assert record.texts[-1].size >= kit.MESSAGE_TEXT


@pytest.mark.parametrize(("slug", "name"), DRAWINGS)
def test_rings_are_thick_and_dashed_and_arrows_have_heads(slug, name):
    record = drawn(slug, name)
    assert all(width >= 8 and dash > 0 for width, dash in record.rings)
    assert all(width >= 8 and head for width, head in record.arrows)


def test_a_ring_is_dashed_on_the_picture():
    picture = kit.Picture()
    box = kit.Box(200, 200, 500, 300)
    kit.ring(picture.draw, box, pad=10)
    top = np.asarray(picture.image)[int(box.y0 - 10), int(box.x0 + 40) : int(box.x1 - 40)]
    red = (np.abs(top.astype(int) - kit.RED).sum(axis=1) < 60).mean()
    assert 0.3 < red < 0.8  # dashes and gaps along the top edge, not one solid line


@pytest.mark.parametrize(("slug", "name"), DRAWINGS)
def test_no_picture_shows_both_app_stores(slug, name):
    words = " ".join(t.content for t in drawn(slug, name).texts)
    assert not ("CH Play" in words and "App Store" in words)


def red_plus(path_or_image) -> bool:
    """Whether a picture holds a red plus (the protected red cross emblem), of any size from
    30 to 160 px: a red centre with solid red arms up, down, left and right, and no red towards
    the corners (which tells it from a red X, a 'no' sign, a ring, a red handset or an arrow's head)."""
    image = path_or_image if isinstance(path_or_image, Image.Image) else Image.open(path_or_image)
    rgb = np.asarray(image.convert("RGB")).astype(int)
    red = (rgb[..., 0] > 150) & (rgb[..., 1] < 90) & (rgb[..., 2] < 90)

    def at(dx: int, dy: int) -> np.ndarray:
        return np.roll(red, (-dy, -dx), axis=(0, 1))

    for size in range(30, 161, 10):
        found = red.copy()
        for step in (0.1, 0.2, 0.3, 0.4):
            d = round(size * step)
            found &= at(d, 0) & at(-d, 0) & at(0, d) & at(0, -d)
        # arms of an even width: nothing red beside them, towards the corners
        off = round(size * 0.25)
        for d in (round(size * 0.3), round(size * 0.4)):
            for x, y in ((d, off), (d, -off), (-d, off), (-d, -off)):
                found &= ~at(x, y) & ~at(y, x)
        for y, x in zip(*np.nonzero(found), strict=True):
            if _even_arms(red, x, y):
                return True
    return False


def _even_arms(red: np.ndarray, x: int, y: int) -> bool:
    """Whether the red runs from (x, y) up, down, left and right are about as long: the arms of
    a cross (an arrow's shaft runs on far beyond its head's sides)."""
    runs = []
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        n = 0
        while 0 <= y + dy * (n + 1) < red.shape[0] and 0 <= x + dx * (n + 1) < red.shape[1]:
            if not red[y + dy * (n + 1), x + dx * (n + 1)]:
                break
            n += 1
        runs.append(n)
    return max(runs) <= 1.3 * min(runs)


def test_the_red_plus_check_finds_a_red_cross_and_passes_the_other_marks():
    cross = kit.Picture()
    cross.draw.rectangle((330, 200, 370, 320), fill=kit.RED)
    cross.draw.rectangle((290, 240, 410, 280), fill=kit.RED)
    assert red_plus(cross.image)
    marks = kit.Picture()
    icons.medical(marks.draw, 100, 100, 60)  # the green health cross
    icons.cross(marks.draw, 300, 100, 60)  # a red X: 'do not'
    icons.strike(marks.draw, kit.Box(420, 20, 600, 200))
    kit.ring(marks.draw, kit.Box(100, 300, 400, 400))
    assert not red_plus(marks.image)


@pytest.mark.parametrize("slug", SLUGS)
def test_no_picture_holds_a_red_cross_emblem(slug):
    found = [path.name for path in sorted((ROOT / "lessons" / slug / "images").glob("*.png")) if red_plus(path)]
    assert found == []


@pytest.mark.parametrize("slug", ["use-zalo", "sell-on-zalo"])
def test_a_zalo_steps_picture_shows_the_labels_its_step_names(slug):
    # "Bấm **Cá nhân**, rồi bấm **Tài khoản và bảo mật**": both labels are on the picture
    for number, step in enumerate(steps_of(slug), start=1):
        step = step.split("!!! ", 1)[0]  # the last step runs on into the warning
        labels = [label for label in re.findall(r"\*\*(.+?)\*\*", step) if label != "+"]
        words = " ".join(t.content for t in drawn(slug, f"step-{number}.png").texts)
        assert [label for label in labels if label not in words] == [], f"step {number}"


def test_the_zalo_search_and_group_steps_show_the_search_field_and_the_group_menu():
    search, group = drawn("use-zalo", "step-4.png"), drawn("use-zalo", "step-6.png")
    # the name typed in the search field at the top, then the chat with that person: two rings
    assert [t.content for t in search.texts].count("Bà Lan") >= 2 and len(search.rings) == 2
    # the + button, then Tạo nhóm in its menu
    assert {"Tìm kiếm", "Tạo nhóm"} <= {t.content for t in group.texts} and len(group.rings) == 2
