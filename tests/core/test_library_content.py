"""The bundled lesson library: every lesson loads, lints clean, renders and prints in every
language, has a described picture for each step and no stray picture files, is complete in
Vietnamese, and is left untranslated in Tày and Dao until a native speaker translates it; and the
facts checked in 2026-12 (issue 16) never regress."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from markupsafe import escape
from PIL import Image

from lesson_toolkit.authoring.core.lesson import load_lessons
from lesson_toolkit.authoring.core.library import Library, Output
from lesson_toolkit.authoring.core.lint import variant_base
from lesson_toolkit.authoring.core.segmenter import IMAGE, segment
from lesson_toolkit.authoring.core.topics import TOPICS
from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue
from lesson_toolkit.authoring.i18n.languages import load_registry
from lesson_toolkit.authoring.i18n.stats import catalogue_stats
from lesson_toolkit.authoring.illustrations import LESSON_MODULES, generate, pictures_for
from lesson_toolkit.authoring.illustrations.__main__ import main as draw_pictures

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry(ROOT / "locales" / "languages.toml")
SLUGS = sorted(path.parent.name for path in (ROOT / "lessons").glob("*/lesson.md"))
LANGS = [language.code for language in REGISTRY.public]
UNREVIEWED = [language.code for language in REGISTRY.translated if not language.reviewed]
THE_SIX = {"pay-electricity-qr", "install-vneid", "use-zalo", "avoid-scams", "health-book-vneid", "sell-on-zalo"}
MAX_PICTURE_BYTES = 30_000


class StepPictures(HTMLParser):
    """The alt texts of the pictures in each step (each `li` of `ol.steps`), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[list[str]] = []
        self._stack: list[str] = []  # open ol/ul/li tags; "steps" marks the steps list

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("ol", "ul"):
            self._stack.append("steps" if tag == "ol" and "steps" in (attributes.get("class") or "").split() else tag)
        elif tag == "li":
            if self._stack and self._stack[-1] == "steps":
                self.steps.append([])
            self._stack.append("li")
        elif tag == "img" and self.steps and "steps" in self._stack:
            self.steps[-1].append(attributes.get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul", "li") and self._stack:
            self._stack.pop()


def step_pictures(html: str) -> list[list[str]]:
    parser = StepPictures()
    parser.feed(html)
    return parser.steps


def lesson_of(content: Path, slug: str):
    return load_lessons(content / "lessons").lessons[slug]


def test_the_library_holds_the_six_lessons():
    assert set(SLUGS) >= THE_SIX
    assert set(SLUGS) <= set(LESSON_MODULES), "every bundled lesson has its pictures drawn by authoring.illustrations"


def test_every_lesson_loads(content):
    lesson_set = load_lessons(content / "lessons")
    assert lesson_set.errors == []
    assert sorted(lesson_set.lessons) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_has_the_agreed_shape(content, slug):
    lesson = lesson_of(content, slug)
    assert lesson.topic in TOPICS and lesson.level in (1, 2, 3) and lesson.minutes > 0
    assert lesson.summary.endswith(".") and len(lesson.summary) < 140
    headings = re.findall(r"^## (.+)$", lesson.body, flags=re.M)
    assert headings == ["Bạn cần có", "Các bước", "Hỏi ai khi cần giúp"]
    steps = re.findall(r"^\d+\. ", lesson.body, flags=re.M)
    assert 5 <= len(steps) <= 10
    assert re.search(r'^!!! warning "[^"]+"$', lesson.body, flags=re.M), "money or identity is at stake"
    help_text = " ".join(lesson.body.split("## Hỏi ai khi cần giúp", 1)[1].split())
    assert "Tổ công nghệ số cộng đồng" in help_text and "công an xã" in help_text
    assert lesson.published


def test_the_library_lints_clean(runner):
    result = runner.invoke(args=["lessons", "lint"])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_page_renders_in_every_language(client, content, slug, lang):
    response = client.get(f"/{lang}/lessons/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rendered = Library(content / "lessons", content / "locales").render(
        lesson_of(content, slug), lang, Output("test", str.capitalize)
    )
    assert str(escape(rendered.title.text)) in html
    # Vietnamese is complete; Tày and Dao fall back to Vietnamese, never to a blank
    expected_fallbacks = {"vi"} if lang in UNREVIEWED else set()
    assert rendered.fallbacks == expected_fallbacks
    if expected_fallbacks:
        assert 'lang="vi"' in html
    steps = step_pictures(html)
    assert len(steps) >= 5
    for number, alts in enumerate(steps, start=1):
        assert alts and all(alt.strip() for alt in alts), f"step {number} of {slug} in {lang} lacks a described picture"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_prints_as_a_pdf(client, slug, lang):
    response = client.get(f"/{lang}/lessons/{slug}.pdf")
    try:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
    finally:
        response.close()  # a cached handout is sent as an open file


@pytest.mark.parametrize("slug", SLUGS)
def test_every_step_of_the_source_has_a_described_picture(content, slug):
    lesson = lesson_of(content, slug)
    html = Library(content / "lessons", content / "locales").render(lesson, "en", Output("test", str.capitalize)).html
    steps = step_pictures(html)
    assert len(steps) == len(re.findall(r"^\d+\. ", lesson.body, flags=re.M))
    assert all(alts and all(alt.strip() for alt in alts) for alts in steps)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_picture_file_is_used_and_every_used_picture_exists(content, slug):
    lesson = lesson_of(content, slug)
    referenced = {match["src"] for match in IMAGE.finditer(lesson.body)} | ({lesson.cover} if lesson.cover else set())
    files = {f"images/{path.name}" for path in lesson.images_dir.iterdir() if not path.name.startswith(".")}
    assert {variant_base(name, set(REGISTRY.codes)) for name in files} == referenced


@pytest.mark.parametrize("slug", SLUGS)
def test_pictures_are_small_palette_pngs_of_the_generator(content, slug):
    images = lesson_of(content, slug).images_dir
    assert {path.name for path in images.glob("*.png")} == set(pictures_for(slug))
    for path in sorted(images.glob("*.png")):
        with Image.open(path) as picture:
            assert picture.format == "PNG" and picture.mode == "P" and picture.size == (720, 540), path.name
        assert path.stat().st_size < MAX_PICTURE_BYTES, path.name


def test_the_generator_draws_the_same_bytes_every_time(tmp_path):
    assert draw_pictures(["--lessons-dir", str(tmp_path), "avoid-scams"]) == 0
    first = {path.name: path.read_bytes() for path in (tmp_path / "avoid-scams" / "images").iterdir()}
    assert set(first) == set(pictures_for("avoid-scams"))
    assert all(not result.changed for result in generate("avoid-scams", tmp_path, check=True))
    assert draw_pictures(["--lessons-dir", str(tmp_path), "--check", "avoid-scams"]) == 0


def test_the_generator_refuses_an_unknown_lesson(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        draw_pictures(["--lessons-dir", str(tmp_path), "no-such-lesson"])
    assert exit_info.value.code == 2


def test_vietnamese_is_the_source_language():
    assert REGISTRY.source == "vi"
    assert not po_path(ROOT / "locales", "vi", "lessons").exists(), "the source language has no lessons catalogue"
    assert {language.code for language in REGISTRY.translated} == {"en", "tyz", "ium", "mji"}
    assert all(REGISTRY[code].fallback == ("vi",) for code in ("en", "tyz", "ium", "mji"))


@pytest.mark.parametrize("lang", [language.code for language in REGISTRY.translated])
def test_every_catalogue_holds_the_vietnamese_source_texts(content, lang):
    lessons = load_lessons(content / "lessons").lessons
    source = {seg.key for slug in SLUGS for seg in segment(lessons[slug])}
    catalog = read_catalogue(po_path(content / "locales", lang, "lessons"), REGISTRY[lang])
    keys = {(message.context, message.id) for message in catalog if message.id}
    assert source <= keys
    assert any("Tổ công nghệ số cộng đồng" in msgid for _, msgid in source)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_english_catalogue_is_complete(content, slug):
    rows = {(row["lesson"], row["lang"]): row for row in catalogue_stats(content / "locales", REGISTRY)}
    en = rows[(slug, "en")]
    assert en["total"] > 0
    assert (en["translated"], en["fuzzy"], en["untranslated"], en["percent"]) == (en["total"], 0, 0, 100.0)


@pytest.mark.parametrize("lang", UNREVIEWED)
def test_tay_and_dao_catalogues_hold_no_current_translation(content, lang):
    catalog = read_catalogue(po_path(content / "locales", lang, "lessons"), REGISTRY[lang])
    current = [message.id for message in catalog if message.id and message.string and not message.fuzzy]
    assert current == [], "a Tày or Dao translation must come from a native speaker"
    for row in catalogue_stats(content / "locales", REGISTRY):
        if row["lang"] == lang and row["lesson"] in SLUGS:
            assert row["translated"] == 0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("lang", [language.code for language in REGISTRY.translated])
def test_lesson_catalogues_pass_msgfmt(content, lang):
    path = po_path(content / "locales", lang, "lessons")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- facts that must never regress (issue 16; /work/shared/LESSON-FACTS.md, "Corrections and
# additions (checked 2026-12)"). Each check reads the Vietnamese source and, where a learner
# reads it in English, the English catalogue.

MAX_MESSAGE_WORDS = 35  # longer messages are split: elderly readers lose the thread


def source_of(slug: str) -> str:
    return (ROOT / "lessons" / slug / "lesson.md").read_text(encoding="utf-8")


def message_with(slug: str, *words: str) -> str:
    """The one message of a lesson that holds all `words` (the test fails if there is none)."""
    found = [msgid for msgid in messages_of(slug) if all(word in msgid for word in words)]
    assert found, f"no message of {slug} says all of {words}"
    return found[0]


@functools.cache
def english_catalogue() -> dict[str, Message]:
    catalog = read_catalogue(po_path(ROOT / "locales", "en", "lessons"), REGISTRY["en"])
    return {message.id: message for message in catalog if message.id}


@functools.cache
def messages_of(slug: str) -> tuple[str, ...]:
    return tuple(seg.msgid for seg in segment(load_lessons(ROOT / "lessons").lessons[slug]))


def english(msgid: str) -> str:
    message = english_catalogue()[msgid]
    assert message.string and not message.fuzzy, msgid
    return message.string


def steps_of(slug: str) -> list[str]:
    """The text of each step (a numbered item and its indented paragraphs), pictures included."""
    body = source_of(slug).split("## Các bước", 1)[1].split("\n## ", 1)[0]
    return [" ".join(step.split()) for step in re.split(r"^\d+\. ", body, flags=re.M)[1:]]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_lesson_says_tat_may_for_hanging_up(slug):
    # "tắt máy" reads as "switch the phone off"; hanging up is "dập máy"
    assert "tắt máy" not in source_of(slug).lower()


@pytest.mark.parametrize("slug", SLUGS)
def test_no_lesson_names_a_district(slug):
    # two levels of local government since 2025: province and commune
    assert not re.search(r"\b(huyện|quận)\b", source_of(slug).lower())
    assert not any(re.search(r"\bdistricts?\b", english(msgid).lower()) for msgid in messages_of(slug))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_message_is_short(slug):
    long = [msgid for msgid in messages_of(slug) if len(msgid.split()) > MAX_MESSAGE_WORDS]
    assert long == []


@pytest.mark.parametrize("slug", SLUGS)
def test_a_lesson_names_its_sources_in_a_comment_that_learners_never_see(content, slug):
    text = source_of(slug).rstrip()
    assert text.endswith("-->")
    comment = text[text.rindex("<!--") :]
    assert "Nguồn" in comment and re.search(r"\b[a-z0-9-]+\.(?:vn|me|com)\b", comment)
    rendered = Library(content / "lessons", content / "locales").render(
        lesson_of(content, slug), "vi", Output("test", str.capitalize)
    )
    assert "Nguồn" not in rendered.html and "<!--" not in rendered.html
    assert not any("Nguồn" in msgid for msgid in messages_of(slug))


def test_the_vneid_lesson_asks_for_the_approval_sms_before_the_first_step():
    before_steps = source_of("install-vneid").split("## Các bước", 1)[0]
    assert "tin nhắn phê duyệt" in before_steps
    no_approval = message_with("install-vneid", "Chưa nhận được tin nhắn phê duyệt", "công an xã")
    assert no_approval in before_steps and "go to the commune police first" in english(no_approval)
    sender = message_with("install-vneid", "Cuc Canh sat QLHC ve TTXH", "tự mở ứng dụng VNeID")
    assert sender in before_steps and "open the VNeID app yourself" in english(sender)
    expiry = message_with("install-vneid", "OTP", "vài phút")
    assert "few minutes" in english(expiry)


def test_the_health_book_lesson_finds_the_card_under_the_document_wallet():
    card = message_with("health-book-vneid", "**Ví giấy tờ**", "**Thẻ BHYT**", "passcode")
    assert "passcode" in english(card)
    assert "**Tích hợp thông tin**" in message_with("health-book-vneid", "Tổ công nghệ số cộng đồng", "Tích hợp")
    assert "empty" in english(message_with("health-book-vneid", "còn trống"))
    assert "paper health insurance cards" in english(message_with("health-book-vneid", "bằng giấy", "2025"))


def test_the_qr_lesson_says_a_bill_payment_shows_the_power_company_never_chuyen_tien():
    bill = message_with("pay-electricity-qr", "công ty điện lực", "**Mã khách hàng**")
    assert "power company" in english(bill)
    for msgid in messages_of("pay-electricity-qr"):
        if "Chuyển tiền" in msgid:  # only ever as the sign of a fake code
            assert "giả" in msgid and "fake" in english(msgid), msgid
    assert any("Chuyển tiền" in step and "giả" in step for step in steps_of("pay-electricity-qr"))
    by_code = message_with("pay-electricity-qr", "**Thanh toán hóa đơn**", "**Tiền điện**", "mã khách hàng")
    assert "customer code" in english(by_code)
    assert "type the amount" in english(message_with("pay-electricity-qr", "gõ số tiền"))
    assert "fingerprint" in english(message_with("pay-electricity-qr", "khuôn mặt", "vân tay"))


def test_the_zalo_lesson_names_two_step_verification_and_the_block_button():
    step = next(step for step in steps_of("use-zalo") if "**Xác thực 2 lớp**" in step)
    assert "**Tài khoản và bảo mật**" in step and "Xác thực 2 lớp" in step.split("![", 1)[1]  # the picture too
    block = message_with("use-zalo", "**Chặn mã kích hoạt**")
    assert "**Chặn mã kích hoạt** (Block activation code)" in english(block)
    only_app_sms = message_with("use-zalo", "chính ứng dụng Zalo")
    assert "only the text message that the Zalo app itself shows you" in english(only_app_sms)


def test_the_selling_lesson_never_has_the_seller_scan_a_buyers_qr_code():
    scan = message_with("sell-on-zalo", "Không bao giờ quét mã QR", "người mua")
    assert "Scanning a QR code pays money; it never receives money." in english(scan)
    assert "seen only by your Zalo friends" in english(message_with("sell-on-zalo", "**Nhật ký**"))
    assert "selling groups" in english(message_with("sell-on-zalo", "nhóm mua bán"))
    assert "cash on delivery" in english(message_with("sell-on-zalo", "thu tiền hộ", "nhận hàng"))


def test_the_scams_lesson_covers_the_scams_of_2025_and_2026():
    lesson = "avoid-scams"
    assert "home town" in english(message_with(lesson, "cập nhật quê quán"))
    assert "bank's real message thread" in english(message_with(lesson, "tin nhắn thật của ngân hàng"))
    assert "biometrics" in english(message_with(lesson, "sinh trắc học"))
    assert "fake face" in english(message_with(lesson, "gọi video", "giả"))
    assert "get the lost money back" in english(message_with(lesson, "lấy lại tiền"))
    support = message_with(lesson, "tài khoản ngân hàng", "VNeID", "tiền mặt qua xã")
    assert "or in cash through the commune" in english(support)
    help_text = source_of(lesson).split("## Hỏi ai khi cần giúp", 1)[1]
    assert all(number in help_text for number in ("113", "156", "5656"))
    report = message_with(lesson, "113", "156", "5656")
    assert all(number in english(report) for number in ("113", "156", "5656"))


def test_no_home_screen_shows_both_app_stores(monkeypatch):
    from lesson_toolkit.authoring.illustrations import screens

    home = screens.home
    shown: list[set[str]] = []

    def recording_home(d, screen, apps):
        shown.append({name for name, _ in apps})
        return home(d, screen, apps)

    monkeypatch.setattr(screens, "home", recording_home)
    for slug in SLUGS:
        for draw in pictures_for(slug).values():
            draw()
    assert shown, "some picture draws a home screen"
    assert all(not {"CH Play", "App Store"} <= apps for apps in shown)


def test_the_health_cross_is_not_the_red_cross_emblem():
    from lesson_toolkit.authoring.illustrations import icons
    from lesson_toolkit.authoring.illustrations.kit import RED, Picture

    picture = Picture()
    icons.medical(picture.draw, 100, 100, 60)
    colours = {colour for _, colour in picture.image.getcolors()}
    assert RED not in colours
