"""Facts of three lessons that must never regress (issue 16, item 2 d–f): paying the water bill
and the school by the bank app's bill payment, the National Public Service Portal with a VNeID
login, and spotting false information and the newest scams.

Each check reads the Vietnamese source and, where a learner reads it in English, the English
catalogue (the helpers come from test_library_content). The shape every lesson shares (steps,
pictures, warning, help section, lint, rendering, printing) is checked there for all lessons."""

from __future__ import annotations

import inspect
import re

import pytest

from lesson_toolkit.authoring.illustrations import pictures_for
from tests.core.test_library_content import english, message_with, messages_of, source_of, steps_of

WATER = "pay-water-school-fees"
PORTAL = "public-service-portal"
FALSE_INFO = "spot-false-information"


OURS = [WATER, PORTAL, FALSE_INFO]

# real banks and e-wallets: the pictures draw a plain "Ngân hàng" app, never a brand
BRANDS = ("agribank", "vietcombank", "bidv", "vietinbank", "techcombank", "mbbank", "momo", "zalopay", "viettel money")


def english_of(slug: str, *words: str) -> str:
    return english(message_with(slug, *words))


@pytest.mark.parametrize("slug", OURS)
def test_the_pictures_name_no_real_bank(slug):
    module = inspect.getmodule(next(iter(pictures_for(slug).values())))
    assert module is not None
    code = inspect.getsource(module).lower()
    assert not [brand for brand in BRANDS if brand in code]
    shown = " ".join(messages_of(slug)).lower()  # what learners read (the sources comment may cite a site)
    assert not [brand for brand in BRANDS if brand in shown]


@pytest.mark.parametrize("slug", OURS)
def test_instructions_do_not_start_with_a_pronoun(slug):
    # "Bấm…", not "Bạn bấm…": plain instructions for elderly readers
    starts = [
        msgid for msgid in messages_of(slug) if re.match(r"(?:Bạn|Anh|Chị|Ông|Bà) ", msgid) and msgid != "Bạn cần có"
    ]
    assert all(msgid.startswith("Bà con ") for msgid in starts), starts


# --- pay-water-school-fees ----------------------------------------------------------------


def test_water_is_paid_through_bill_payment_with_the_customer_code():
    steps = steps_of(WATER)
    assert any("**Thanh toán hóa đơn**" in step for step in steps)
    assert any("**Tiền nước**" in step for step in steps)
    code = english_of(WATER, "công ty cấp nước", "mã khách hàng", "**Tiếp tục**")
    assert "water company" in code and "customer code" in code


def test_the_water_payment_is_checked_against_the_notice_before_confirming():
    check = message_with(WATER, "Kiểm tra màn hình", "công ty cấp nước", "giấy báo")
    assert "water company's name" in english(check) and "do not pay" in english(check)
    steps = steps_of(WATER)
    check_step = next(i for i, step in enumerate(steps) if check in step)
    confirm_step = next(i for i, step in enumerate(steps) if step.startswith("Bấm **Xác nhận**"))
    assert check_step < confirm_step


def test_the_school_payment_shows_the_school_and_the_child_never_a_transfer_to_a_person():
    assert "**Học phí**" in message_with(WATER, "**Học phí**", "mã học sinh")
    school = english_of(WATER, "Kiểm tra màn hình", "tên trường")
    assert "school's name" in school and "child" in school
    for msgid in messages_of(WATER):
        if "Chuyển tiền" in msgid and not msgid.startswith("Màn hình"):  # only as the sign of a fake code
            assert "giả" in msgid and "fake" in english(msgid), msgid


def test_public_schools_charge_no_tuition_since_2025():
    # Resolution 217/2025/QH15: no tuition in public schools from the 2025–2026 school year
    free = english_of(WATER, "miễn học phí", "2025–2026")
    assert "pay no tuition" in free and "public schools" in free
    assert "“refund the tuition”" in english_of(WATER, "hoàn tiền học phí")
    assert "dập máy" in message_with(WATER, "hoàn tiền học phí")


def test_never_pay_a_qr_code_a_stranger_sends_and_keep_proof():
    assert "stranger" in english_of(WATER, "Không bao giờ quét mã QR", "người lạ")
    assert "Keep proof" in english_of(WATER, "Giữ lại bằng chứng")
    assert "number you already saved" in english_of(WATER, "nhóm Zalo của lớp")


# --- public-service-portal ----------------------------------------------------------------


def test_the_portal_is_typed_by_hand_at_its_real_address():
    first = steps_of(PORTAL)[0]
    assert "tự gõ" in first and "**dichvucong.gov.vn**" in first and "**.gov.vn**" in first
    assert "type the address **dichvucong.gov.vn** yourself" in english_of(PORTAL, "tự gõ", "dichvucong.gov.vn")
    fake = english_of(PORTAL, "trang giả", "gần giống")
    assert "fake pages" in fake and ".gov.vn" in fake
    assert "hang up" in english_of(PORTAL, "nộp phạt giao thông", "dập máy")


def test_the_portal_is_logged_in_with_the_electronic_identity_and_confirmed_in_vneid():
    steps = steps_of(PORTAL)
    assert any("**Đăng nhập**" in step for step in steps)
    assert any("**tài khoản định danh điện tử**" in step for step in steps)
    confirm = english_of(PORTAL, "mở ứng dụng VNeID để xác nhận")
    assert "open the VNeID app to confirm" in confirm
    assert "Confirm only when you yourself" in english_of(PORTAL, "Chỉ xác nhận khi chính mình")
    needs = source_of(PORTAL).split("## Các bước", 1)[0]
    assert "mức độ 2" in needs and "công an xã" in needs


def test_a_file_is_submitted_and_followed_by_its_code():
    steps = steps_of(PORTAL)
    search = next(i for i, step in enumerate(steps) if "ô tìm kiếm" in step)
    submit = next(i for i, step in enumerate(steps) if "**Nộp hồ sơ**" in step)
    follow = next(i for i, step in enumerate(steps) if "**mã hồ sơ**" in step)
    assert search < submit < follow
    assert "file code" in english_of(PORTAL, "**mã hồ sơ**")
    # labels the sources do not show are given as possibly different, never invented
    assert "its name may differ" in english_of(PORTAL, "nút nộp trực tuyến", "tên nút có thể khác")


def test_the_commune_one_stop_desk_helps():
    help_text = source_of(PORTAL).split("## Hỏi ai khi cần giúp", 1)[1]
    assert "Trung tâm Phục vụ hành chính công của xã" in help_text and "bộ phận một cửa" in help_text
    assert "one-stop desk" in english_of(PORTAL, "bộ phận một cửa")


# --- spot-false-information ---------------------------------------------------------------


def test_false_news_in_zalo_groups_is_not_forwarded():
    first = steps_of(FALSE_INFO)[0]
    assert "nhóm Zalo" in first and "Đừng chia sẻ vội" in first
    assert "Do not share it in a hurry" in english_of(FALSE_INFO, "nhóm Zalo", "chia sẻ ngay")
    warning = english_of(FALSE_INFO, "Chia sẻ tin sai sự thật")
    assert "summoned by the police" in warning
    assert "tell the group that it was false" in english_of(FALSE_INFO, "Lỡ chia sẻ tin sai")


def test_the_newest_tricks_are_all_named():
    lesson = FALSE_INFO
    assert "blue tick" in english_of(lesson, "trang giả mạo công an", "dấu tích xanh")
    assert "artificial intelligence (AI)" in english_of(lesson, "trí tuệ nhân tạo (AI)")
    assert "mouth that does not match the words" in english_of(lesson, "miệng không khớp lời")
    assert "“you won a prize”" in english_of(lesson, "“trúng thưởng”")
    assert "“light work, high pay”" in english_of(lesson, "“việc nhẹ lương cao”")


def test_checking_goes_through_the_commune_and_official_sources():
    assert ".gov.vn" in english_of(FALSE_INFO, "**.gov.vn**")
    ask = english_of(FALSE_INFO, "Chưa chắc thì hỏi", "công an xã")
    assert "commune police" in ask and "not a number in the message" in ask


def test_reporting_numbers_are_given_as_in_lesson_facts():
    help_text = source_of(FALSE_INFO).split("## Hỏi ai khi cần giúp", 1)[1]
    assert all(number in help_text for number in ("113", "156", "5656"))
    report = message_with(FALSE_INFO, "113", "156", "5656")
    assert report == message_with("avoid-scams", "113", "156", "5656")  # one wording, one translation


def test_the_lesson_complements_avoid_scams_rather_than_repeating_it():
    # it points to the scams lesson for codes and calls, and shares none of its steps
    assert "“Phòng tránh lừa đảo qua điện thoại”" in source_of(FALSE_INFO)
    assert not set(steps_of(FALSE_INFO)) & set(steps_of("avoid-scams"))
    assert "“Stay safe from phone scams”" in english_of(FALSE_INFO, "Phòng tránh lừa đảo qua điện thoại")
