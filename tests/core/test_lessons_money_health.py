"""Facts of the lessons on the health-insurance card, receiving support payments and the bank
app (issue 16 item 2 a–c) that must never regress. Each check reads the Vietnamese source and,
where a learner reads it in English, the English catalogue; the sources are named in each
lesson's closing comment (checked 2026-12)."""

from __future__ import annotations

import re

import pytest

from lesson_toolkit.authoring.core.lesson import load_lessons
from lesson_toolkit.authoring.core.topics import TOPICS
from tests.core.test_library_content import ROOT, SLUGS, english, message_with, source_of, steps_of

CARD = "health-insurance-card"
BANK = "bank-app-basics"
SUPPORT = "receive-support-payments"
MINE = (CARD, BANK, SUPPORT)
# no picture or step may show a real bank's brand: the lessons draw a plain "Ngân hàng" app
BANK_BRANDS = ("vietcombank", "vietinbank", "bidv", "agribank", "techcombank", "mbbank", "vpbank", "sacombank",
               "acb", "tpbank", "momo", "zalopay")  # fmt: skip


def lesson(slug: str):
    return load_lessons(ROOT / "lessons").lessons[slug]


def test_the_lessons_are_in_the_library_under_fitting_topics():
    assert set(MINE) <= set(SLUGS)
    assert lesson(CARD).topic == "health"
    assert lesson(BANK).topic == lesson(SUPPORT).topic == "money"
    assert all(lesson(slug).topic in TOPICS for slug in MINE)
    assert TOPICS["money"] == "Money and banking"


@pytest.mark.parametrize("slug", MINE)
def test_instructions_start_with_the_action_not_a_pronoun(slug):
    # "Bấm …", never "Bạn bấm …": elderly readers follow short imperative steps
    assert not [step for step in steps_of(slug) if re.match(r"(Bạn|Anh|Chị|Ông|Bà)\b", step)]
    assert "bà con" in source_of(slug).split("## Hỏi ai khi cần giúp", 1)[1]


# --- the health-insurance card --------------------------------------------------------------


def test_the_card_lesson_finds_the_card_in_the_document_wallet_behind_the_passcode():
    steps = steps_of(CARD)
    wallet = next(i for i, step in enumerate(steps) if "**Ví giấy tờ**" in step and "**Thẻ BHYT**" in step)
    assert "passcode" in steps[wallet + 1]
    assert "(Document wallet)" in english(message_with(CARD, "**Ví giấy tờ**", "**Thẻ BHYT**"))
    missing = message_with(CARD, "**Tích hợp thông tin**")
    assert "Tổ công nghệ số cộng đồng" in missing and "community digital team" in english(missing)


def test_the_card_lesson_checks_the_expiry_date_and_that_pensioners_need_not_renew():
    assert "expiry date" in english(message_with(CARD, "ngày hết hạn", "ngày đi khám"))
    pension = message_with(CARD, "lương hưu", "31/12")
    assert "tự gia hạn" in pension and "không phải nộp tiền" in pension
    assert "renewed automatically" in english(pension) and "nothing to pay" in english(pension)


def test_the_card_lesson_says_paper_cards_are_mostly_gone_but_valid_ones_still_count():
    paper = message_with(CARD, "bằng giấy", "2025")
    assert "vẫn dùng được" in paper
    assert "paper health insurance cards" in english(paper) and "still be used" in english(paper)


def test_the_card_lesson_shows_the_vssid_path_and_the_chip_id_card_fallback():
    vssid = message_with(CARD, "**VssID**", "**Quản lý cá nhân**", "**Thẻ BHYT**")
    assert "(Personal management)" in english(vssid)
    buttons = message_with(CARD, "**Hình ảnh thẻ**", "**Sử dụng thẻ**")
    assert "QR code" in english(buttons)
    chip = message_with(CARD, "thẻ căn cước có gắn chip", "nơi khám bệnh")
    assert "chip ID card" in english(chip)


def test_the_card_lesson_names_the_health_book_lesson_by_its_real_title():
    title = lesson("health-book-vneid").title
    assert f"“{title}”" in message_with(CARD, "Sổ sức khỏe điện tử có bài riêng")


def test_the_card_lesson_warns_that_social_insurance_never_calls_for_codes():
    warning = source_of(CARD).split('!!! warning "', 1)[1].split("\n## ", 1)[0]
    assert "không gọi điện" in warning and "kết bạn Zalo" in warning and "dập máy" in warning
    assert "hang up" in english(message_with(CARD, "kẻ lừa đảo", "dập máy"))


# --- the bank app ---------------------------------------------------------------------------


def test_the_bank_lesson_checks_the_name_the_app_shows_before_confirming():
    steps = steps_of(BANK)
    name = next(i for i, step in enumerate(steps) if "tên người nhận" in step and "dừng lại" in step)
    confirm = next(i for i, step in enumerate(steps) if "**Xác nhận**" in step)
    assert name < confirm, "the name is checked before the transfer is confirmed"
    assert "Check carefully" in english(message_with(BANK, "Ứng dụng tự hiện tên người nhận"))


def test_the_bank_lesson_stops_at_the_apps_fraud_warning_and_never_pays_strangers_who_call():
    assert "cancel the transaction" in english(message_with(BANK, "dấu hiệu lừa đảo", "hủy giao dịch"))
    strangers = message_with(BANK, "Không bao giờ chuyển tiền cho người lạ gọi điện")
    assert "number saved in your phone" in english(strangers)


def test_the_bank_lesson_registers_the_face_in_the_app_or_at_the_counter_with_the_chip_id_card():
    in_app = message_with(BANK, "thẻ căn cước", "đọc chip", "khuôn mặt")
    assert "reads the chip" in english(in_app)
    counter = message_with(BANK, "quầy", "thẻ căn cước")
    assert "counter" in english(counter)
    assert "(biometrics)" in english(message_with(BANK, "(sinh trắc học)"))


def test_the_bank_lesson_warns_that_biometrics_help_by_phone_is_a_scam():
    warning = source_of(BANK).split('!!! warning "', 1)[1].split("\n!!! ", 1)[0]
    assert "sinh trắc học" in warning and "dập máy" in warning
    assert "Hang up" in english(message_with(BANK, "“giúp đăng ký sinh trắc học”"))


@pytest.mark.parametrize("slug", MINE)
def test_no_real_bank_is_named_or_drawn(slug):
    from lesson_toolkit.authoring.illustrations import LESSON_MODULES

    module = ROOT / "lesson_toolkit" / "authoring" / "illustrations" / f"{LESSON_MODULES[slug]}.py"
    shown = source_of(slug).rsplit("<!--", 1)[0]  # the closing comment names sources, learners never see it
    for text in (shown.lower(), module.read_text(encoding="utf-8").lower().split('"""', 2)[2]):
        assert not [brand for brand in BANK_BRANDS if re.search(rf"\b{brand}\b", text)]


# --- support payments and pensions ----------------------------------------------------------


def test_support_arrives_in_a_vneid_linked_account_or_in_cash_through_the_commune():
    ways = message_with(SUPPORT, "tài khoản ngân hàng đã liên kết với VNeID", "tiền mặt", "xã")
    assert ways in steps_of(SUPPORT)[0]
    assert "or in cash at a paying point organised by the commune" in english(ways)
    link = message_with(SUPPORT, "**An sinh xã hội**", "**Tài khoản hưởng an sinh xã hội**")
    assert "(Social security payment account)" in english(link)
    assert "in cash" in english(message_with(SUPPORT, "Không có tài khoản ngân hàng"))


def test_the_state_never_asks_for_a_code_a_fee_or_a_link():
    never = message_with(SUPPORT, "Nhà nước không bao giờ", "mã OTP", "phí", "đường link")
    assert "dập máy" in never and "hang up" in english(never)
    warning = source_of(SUPPORT).split('!!! warning "', 1)[1].split("\n## ", 1)[0]
    assert "phí" in warning and "mã OTP" in warning and "dập máy" in warning


def test_the_learner_checks_the_balance_in_their_own_app_never_through_a_link():
    check = message_with(SUPPORT, "tự mở ứng dụng ngân hàng", "số dư")
    assert "đường link" in check and "open your bank app yourself" in english(check)


def test_the_pension_scams_and_the_sent_by_mistake_scam_are_named():
    fake_officers = message_with(SUPPORT, "“tăng lương hưu”", "kết bạn Zalo")
    assert "raise your pension" in english(fake_officers)
    mistake = message_with(SUPPORT, "“chuyển nhầm”")
    assert "Đừng tự chuyển lại" in mistake and "công an xã" in mistake
    assert "Do not send it back yourself" in english(mistake)


def test_a_missing_payment_goes_to_the_commune_not_to_someone_who_asks_a_fee():
    missing = message_with(SUPPORT, "chưa nhận được tiền hỗ trợ")
    assert "Ủy ban nhân dân xã" in missing and "People's Committee" in english(missing)
