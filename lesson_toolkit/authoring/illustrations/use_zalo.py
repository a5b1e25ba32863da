"""Pictures of the lesson `use-zalo`: signing up, chatting, calling, a village group and the
privacy and security settings. The app is drawn plainly (a speech bubble for its icon, no logo),
with the Vietnamese labels it shows."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, screens
from lesson_toolkit.authoring.illustrations.install_vneid import sms_code
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREY,
    INK,
    LIGHT_GREEN,
    LIGHT_RED,
    RED,
    Box,
    Picture,
    button,
    input_box,
    list_row,
    ring,
    switch,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

CHAT = screens.app_icon("chat")


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 40)
    screens.chat(d, screen, "Con gái", [("Mẹ khỏe không ạ?", False), ("Mẹ khỏe. Tối nay gọi video nhé!", True)],
                 heights=[70, 100])  # fmt: skip
    icons.group(d, 540, 190, 110)
    icons.video(d, 540, 420, 50)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    _, go = screens.store_page(d, screen, "Zalo", CHAT, None, "Cài đặt")
    ring(d, go, pad=6)
    icons.tap(p, go)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Tạo tài khoản")
    label, number, _, go = body.rows([40, 60, 0, 64], gap=10)
    text(d, label, "Số điện thoại", size=24, align="left")
    input_box(d, number, "0912345678")
    button(d, go, "Tiếp tục")
    ring(d, number, pad=6)
    return p


def step_3() -> Picture:
    p = Picture()
    sms_code(p, "Mã kích hoạt")
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    boxes = screens.chat(d, screen, "Bà Lan", [("Chào cháu!", False), ("Cháu chào bà ạ.", True)],
                         typing="Cuối tuần cháu về", heights=[60, 60])  # fmt: skip
    ring(d, boxes["send"], pad=4)
    icons.tap(p, boxes["send"], angle=30)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    boxes = screens.chat(d, screen, "Con gái", [("Mẹ ơi, gọi video cho con nhé!", False)], heights=[100])
    ring(d, boxes["voice"], pad=3)
    ring(d, boxes["video"], pad=3)
    # the other phone: a video call, with the red button to hang up
    call = draw_phone(d, 380)
    d.rectangle(call.inset(2).xy, fill=GREY)
    icons.person(d, call.cx, call.cy - 40, 110, fill=LIGHT_GREEN)
    end = Box(call.cx - 40, call.y1 - 100, call.cx + 40, call.y1 - 20)
    d.ellipse(end.xy, fill=LIGHT_RED, outline=RED, width=6)
    icons.handset(d, end.cx, end.cy + 6, 22, colour=RED, hang_up=True)
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    messages = [("Trưởng thôn: Sáng mai 8 giờ họp ở nhà văn hóa.", False), ("Chị Mai: Vâng ạ.", False),
                ("Tôi sẽ đến.", True)]  # fmt: skip
    screens.chat(d, screen, "Thôn Bản Chang", messages, heights=[120, 56, 56])
    icons.group(d, 540, 220, 120)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Quyền riêng tư")
    settings = [("Hiện trạng thái truy cập", False), ("Hiện trạng thái “Đã xem”", False),
                ("Cho người lạ nhắn tin", False), ("Cho người lạ tìm thấy", False)]  # fmt: skip
    for row, (label, on) in zip(body.rows([0] * len(settings), gap=6), settings, strict=True):
        d.line([(row.x0, row.y1), (row.x1, row.y1)], fill=INK, width=2)
        text(d, Box(row.x0, row.y0, row.x1 - 76, row.y1), label, size=22, align="left", min_size=16)
        switch(d, row.x1 - 66, row.cy - 17, on)
    return p


def step_8() -> Picture:
    """Cá nhân › Tài khoản và bảo mật: the Xác thực 2 lớp switch (ringed) and, below, the
    Kiểm tra bảo mật row that lists the logged-in devices."""
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Tài khoản và bảo mật")
    head, two, check, devices, _ = body.rows([36, 70, 60, 60, 0], gap=8)
    text(d, head, "Bảo mật", size=22, bold=True, align="left")
    d.line([(two.x0, two.y1), (two.x1, two.y1)], fill=INK, width=2)
    text(d, Box(two.x0, two.y0, two.x1 - 76, two.y1), "Xác thực 2 lớp", size=24, bold=True, align="left")
    toggle = Box(two.x1 - 66, two.cy - 17, two.x1 - 6, two.cy + 17)
    switch(d, toggle.x0, toggle.y0, True)
    ring(d, toggle, pad=8)
    list_row(d, check, "Kiểm tra bảo mật", size=24)
    list_row(d, devices, "Thiết bị đăng nhập", size=24)
    icons.shield(d, 540, 200, 90)
    icons.tick(d, 540, 400, 50)
    return p
