"""Pictures of the lesson `spot-false-information`: false news forwarded in Zalo groups, fake
pages of the State, videos and voices made by AI, "you won a prize", "light work, high pay",
and checking with the commune before believing or forwarding.

Every name, page, number and message is made up; the fake things are crossed out or marked
with a warning, and the safe ones carry a tick.
"""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, kit, objects
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREY,
    INK,
    LIGHT_BLUE,
    LIGHT_RED,
    RED,
    WHITE,
    YELLOW,
    Box,
    Picture,
    caption,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

ALARM = "KHẨN CẤP! Mai mất điện cả tỉnh. Chia sẻ ngay!"


def big_chat(d, screen: Box, name: str, messages: list[tuple[str, bool]], heights: list[float]) -> list[Box]:
    """A chat drawn with large words (fewer of them): a title bar, then the bubbles; returns them."""
    body = title_bar(d, screen, name)
    boxes = []
    y = body.y0
    for (words, mine), height in zip(messages, heights, strict=True):
        box = Box(body.x0 + (30 if mine else 0), y, body.x1 - (0 if mine else 30), y + height)
        d.rounded_rectangle(box.xy, radius=16, fill=LIGHT_BLUE if mine else WHITE, outline=INK, width=4)
        text(d, box.inset(12, 8), words, size=32, bold=True, align="left", min_size=22)
        boxes.append(box)
        y += height + 14
    return boxes


def forward_button(d, box: Box) -> None:
    """The 'Chia sẻ' (forward) button under a message."""
    d.rounded_rectangle(box.xy, radius=box.h / 2, fill=WHITE, outline=INK, width=4)
    text(d, box.inset(10, 2), "Chia sẻ", size=26, bold=True)


def post(d, box: Box, page: str, words: str, verified: bool = False, size: int = 30) -> Box:
    """A social-network post: the page's name (with a blue tick), then its words; returns the
    words' box."""
    d.rounded_rectangle(box.xy, radius=14, fill=WHITE, outline=INK, width=4)
    head, body = box.inset(12, 8).rows([58, 0], gap=4)
    icons.person(d, head.x0 + 22, head.cy + 4, 24, fill=GREY)
    name = Box(head.x0 + 50, head.y0, head.x1 - (40 if verified else 0), head.y1)
    text(d, name, page, size=28, bold=True, align="left", min_size=20)
    if verified:
        cx, cy = head.x1 - 18, head.cy
        d.ellipse((cx - 16, cy - 16, cx + 16, cy + 16), fill=LIGHT_BLUE, outline=INK, width=3)
        d.line([(cx - 8, cy), (cx - 2, cy + 7), (cx + 9, cy - 7)], fill=INK, width=4)
    text(d, body, words, size=size, bold=True, align="left", min_size=20)
    return body


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    (alarm,) = big_chat(d, screen, "Nhóm thôn", [(ALARM, False)], heights=[190])
    forward = Box(alarm.x0 + 10, alarm.y1 + 20, alarm.x0 + 150, alarm.y1 + 76)
    forward_button(d, forward)
    icons.warning(d, 540, 170, 100)
    icons.magnifier(d, 540, 400, 60)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    (alarm,) = big_chat(d, screen, "Nhóm thôn", [(ALARM, False)], heights=[190])
    forward = Box(alarm.x0 + 10, alarm.y1 + 20, alarm.x0 + 150, alarm.y1 + 76)
    forward_button(d, forward)
    icons.cross(d, forward.x1 + 40, forward.cy, 30)
    icons.warning(d, 540, 150, 90)
    caption(d, Box(400, 300, 700, 420), "Dừng lại! Đừng chia sẻ vội", size=32)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    # a message that names no source, and a notice of the State: the second can be checked
    hearsay = Box(30, 40, 420, 250)
    post(d, hearsay, "Tin chuyển tiếp", "Nghe nói sắp phải nộp tiền…", size=34)
    caption(d, Box(40, 264, 410, 334), "Nguồn: không rõ", fill=LIGHT_RED, size=32)
    icons.warning(d, 560, 150, 80)
    official = Box(30, 350, 500, 520)
    d.rounded_rectangle(official.xy, radius=14, fill=WHITE, outline=INK, width=4)
    top, bottom = official.inset(14, 10).rows([60, 0], gap=4)
    text(d, top, "Trang của cơ quan nhà nước", size=30, bold=True, align="left", min_size=20)
    text(d, bottom, "… .gov.vn", size=34, bold=True, align="left")
    icons.tick(d, 600, 435, 60)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Trang", back=True)
    page, message, _ = body.rows([170, 160, 0], gap=12)
    post(d, page, "Công an hỗ trợ", "Lấy lại tiền bị lừa!", verified=True, size=30)
    d.rounded_rectangle(message.xy, radius=16, fill=LIGHT_RED, outline=INK, width=4)
    text(d, message.inset(12, 8), "Nộp phí 2 triệu để lấy lại tiền", size=32, bold=True, min_size=22)
    icons.cross(d, message.x1 - 4, message.y0 + 4, 36)
    icons.warning(d, 630, 100, 56)
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Video", back=True)
    frame, words, _ = body.rows([220, 110, 0], gap=10)
    d.rectangle(frame.xy, fill=GREY, outline=INK, width=4)
    icons.person(d, frame.cx, frame.cy - 6, 80, fill=WHITE)
    # the mouth does not match the words: a closed mouth under a line of sound
    d.line([(frame.cx - 14, frame.cy - 34), (frame.cx + 14, frame.cy - 34)], fill=INK, width=4)
    tag = Box(frame.x1 - 78, frame.y0 + 10, frame.x1 - 10, frame.y0 + 56)
    d.rounded_rectangle(tag.xy, radius=10, fill=YELLOW, outline=INK, width=4)
    text(d, tag, "AI?", size=28, bold=True)
    d.rounded_rectangle(words.xy, radius=14, fill=WHITE, outline=INK, width=3)
    text(d, words.inset(10, 6), "“Mọi người chuyển tiền vào tài khoản này…”", size=24, bold=True, min_size=16)
    signs = ["Miệng không khớp lời", "Mặt cử động lạ", "Giọng đều đều, lạ"]
    for i, sign in enumerate(signs):
        box = Box(380, 60 + i * 140, 700, 170 + i * 140)
        caption(d, box, sign, size=28)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    (prize,) = big_chat(d, screen, "Số lạ", [("Bạn trúng xe máy! Nộp phí nhận quà: nhan-qua.top", False)], [230])
    icons.cross(d, prize.x1 + 6, prize.y0 + 6, 36)
    gift = Box(450, 140, 650, 330)
    d.rectangle(gift.xy, fill=YELLOW, outline=INK, width=6)
    d.rectangle((gift.cx - 16, gift.y0, gift.cx + 16, gift.y1), fill=LIGHT_RED, outline=INK, width=4)
    d.rectangle((gift.x0 - 14, gift.y0 - 40, gift.x1 + 14, gift.y0), fill=YELLOW, outline=INK, width=6)
    icons.warning(d, 550, 430, 60)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    offer, fee = big_chat(
        d,
        screen,
        "Tuyển người",
        [("Thả tim video, nhận 500.000 đ mỗi ngày!", False), ("Nạp 3 triệu để nhận việc lớn", False)],
        [170, 130],
    )
    icons.cross(d, fee.x1 + 10, fee.y0 + 10, 34)
    money = Box(440, 150, 680, 290)
    d.rectangle(money.xy, fill=objects.WHITE, outline=INK, width=6)
    d.ellipse((money.cx - 40, money.cy - 40, money.cx + 40, money.cy + 40), outline=INK, width=5)
    text(d, Box(money.cx - 36, money.cy - 36, money.cx + 36, money.cy + 36), "đ", size=50, bold=True)
    kit.arrow(d, (560, 300), (560, 420), colour=RED)
    text(d, Box(420, 430, 700, 500), "Mất tiền", size=34, bold=True, fill=RED)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    icons.building(d, Box(40, 150, 330, 500), "XÃ")
    icons.person(d, 450, 260, 90)
    icons.person(d, 620, 260, 90, fill=GREY)
    speech = Box(380, 40, 700, 150)
    d.rounded_rectangle(speech.xy, radius=30, fill=WHITE, outline=INK, width=5)
    d.polygon([(430, 146), (420, 186), (470, 148)], fill=WHITE)
    d.line([(430, 150), (420, 186), (470, 150)], fill=INK, width=5)
    text(d, speech.inset(16, 10), "Tin này có thật không?", size=32, bold=True)
    icons.tick(d, 540, 460, 50)
    return p


def step_8() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    alarm, fix = big_chat(d, screen, "Nhóm thôn", [(ALARM, False), ("Tin đó sai. Đừng chia sẻ nữa.", True)], [170, 130])
    icons.cross(d, alarm.x1 + 30, alarm.cy, 26)
    icons.tick(d, 520, 330, 70)
    caption(d, Box(390, 80, 700, 200), "Báo lại cho nhóm: tin này sai", size=30)
    return p
