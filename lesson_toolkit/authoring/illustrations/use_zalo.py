"""Pictures of the lesson `use-zalo`: signing up, chatting, calling, a village group and the
privacy and security settings. The app is drawn plainly (a speech bubble for its icon, no logo),
with the Vietnamese labels it shows."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, screens
from lesson_toolkit.authoring.illustrations.install_vneid import sms_code
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    DARK_GREY,
    GREY,
    INK,
    LIGHT_BLUE,
    LIGHT_GREEN,
    LIGHT_RED,
    RED,
    WHITE,
    Box,
    Picture,
    badge,
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
                 heights=[80, 110])  # fmt: skip
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


def zalo_top(d, screen: Box, typed: str = "") -> tuple[Box, Box, Box]:
    """Zalo's blue top bar: the search field (empty: 'Tìm kiếm') and the + button; returns
    (search field, + button, the rest of the screen)."""
    bar, rest = screen.rows([64, 0])
    d.rectangle(bar.xy, fill=LIGHT_BLUE, outline=INK, width=3)
    search = Box(bar.x0 + 8, bar.y0 + 8, bar.x1 - 62, bar.y1 - 8)
    d.rounded_rectangle(search.xy, radius=16, fill=WHITE, outline=INK, width=3)
    icons.magnifier(d, search.x0 + 22, search.cy - 3, 10)
    label = Box(search.x0 + 42, search.y0, search.x1 - 6, search.y1)
    if typed:
        text(d, label, typed, size=26, bold=True, align="left")
    else:
        text(d, label, "Tìm kiếm", size=24, fill=DARK_GREY, align="left")
    plus = Box(bar.x1 - 52, bar.y0 + 8, bar.x1 - 6, bar.y1 - 8)
    icons.plus(d, plus.cx, plus.cy, 15)
    return search, plus, rest


def person_row(d, box: Box, name: str) -> None:
    """A chat or a search result: the person's picture and name."""
    icons.person(d, box.x0 + 34, box.cy - 2, 34, fill=GREY)
    text(d, Box(box.x0 + 76, box.y0, box.x1 - 6, box.y1), name, size=28, bold=True, align="left")
    d.line([(box.x0, box.y1), (box.x1, box.y1)], fill=INK, width=2)


TABS = ("Tin nhắn", "Danh bạ", "Khám phá", "Nhật ký", "Cá nhân")


def tab_bar(d, screen: Box, label: str) -> tuple[Box, Box]:
    """Zalo's tabs along the bottom: a dot for each, the name of the one `label` names written
    under it; returns (that tab, the rest of the screen above the bar)."""
    rest, bar = screen.rows([0, 70])
    d.line([(bar.x0, bar.y0), (bar.x1, bar.y0)], fill=INK, width=3)
    slots = bar.cols([0] * len(TABS))
    chosen = slots[TABS.index(label)]
    for slot, name in zip(slots, TABS, strict=True):
        if name != label:
            d.ellipse((slot.cx - 9, slot.y0 + 16, slot.cx + 9, slot.y0 + 34), fill=GREY, outline=INK, width=3)
    tab = Box(chosen.x1 - 100, bar.y0 + 4, chosen.x1 - 2, bar.y1 - 4)
    icons.person(d, tab.cx, tab.y0 + 16, 16, fill=LIGHT_BLUE)
    text(d, Box(tab.x0, tab.y0 + 30, tab.x1, tab.y1), label, size=22, bold=True)
    return tab, rest


def step_4() -> Picture:
    """1: the search field at the top, with the name typed; 2: in the chat, the send arrow."""
    p = Picture()
    d = p.draw
    left = draw_phone(d, 20)
    search, _, rest = zalo_top(d, left, typed="Bà Lan")
    result = rest.inset(8, 10).rows([44, 76, 0])[1]
    person_row(d, result, "Bà Lan")
    ring(d, search, pad=5)
    badge(d, search.cx, search.y1 + 34, 1)
    right = draw_phone(d, 390)
    boxes = screens.chat(d, right, "Bà Lan", [("Chào cháu!", False), ("Cháu chào bà ạ.", True)],
                         typing="Mai cháu về ạ", heights=[60, 80])  # fmt: skip
    ring(d, boxes["send"], pad=4)
    badge(d, boxes["send"].cx - 4, boxes["send"].y0 - 40, 2)
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
    """The village's group chat; beside it, the + button and Tạo nhóm, to make a family group."""
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 20)
    messages = [("Trưởng thôn: Sáng mai 8 giờ họp ở nhà văn hóa.", False), ("Tôi sẽ đến.", True)]
    screens.chat(d, screen, "Thôn Bản Chang", messages, heights=[150, 50])
    right = draw_phone(d, 390)
    _, plus, rest = zalo_top(d, right)
    menu = Box(rest.x1 - 236, rest.y0 + 6, rest.x1 - 4, rest.y0 + 170)
    d.rounded_rectangle(menu.xy, radius=10, fill=WHITE, outline=INK, width=4)
    add_friend, make_group = menu.inset(10, 6).rows([0, 0], gap=6)
    text(d, add_friend, "Thêm bạn", size=26, align="left")
    icons.group(d, make_group.x0 + 22, make_group.cy + 2, 20)
    text(d, Box(make_group.x0 + 50, make_group.y0, make_group.x1, make_group.y1), "Tạo nhóm", size=28, bold=True,
         align="left")  # fmt: skip
    ring(d, plus, pad=4)
    badge(d, plus.x0 - 34, plus.cy, 1)
    ring(d, make_group, pad=6)
    badge(d, menu.x0 - 38, make_group.cy, 2)
    return p


def me_screen(d, screen: Box, marked: str) -> tuple[Box, Box]:
    """Zalo's Cá nhân tab: the person's name, then its rows; returns (the tab, the row `marked`)."""
    tab, rest = tab_bar(d, screen, "Cá nhân")
    head, *rows = rest.inset(10, 10).rows([90, 56, 56, 0], gap=10)
    icons.person(d, head.x0 + 36, head.cy - 4, 40, fill=LIGHT_BLUE)
    text(d, Box(head.x0 + 80, head.cy - 20, head.x1, head.cy + 20), "Nguyễn Văn A", size=26, bold=True, align="left")
    d.line([(head.x0, head.y1), (head.x1, head.y1)], fill=INK, width=3)
    boxes = {}
    for row, label in zip(rows, ("Tài khoản và bảo mật", "Quyền riêng tư"), strict=False):
        list_row(d, row, label, size=24)
        boxes[label] = row
    return tab, boxes[marked]


def path_to(d, screen: Box, marked: str) -> None:
    """The left phone of steps 7 and 8: 1 the Cá nhân tab, 2 the row to open."""
    tab, row = me_screen(d, screen, marked)
    ring(d, tab, pad=2)
    badge(d, tab.cx, tab.y0 - 34, 1)
    ring(d, row, pad=4)
    badge(d, row.x1 - 36, row.y0 - 14, 2)


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    path_to(d, draw_phone(d, 20), "Quyền riêng tư")
    screen = draw_phone(d, 390)
    body = title_bar(d, screen, "Quyền riêng tư")
    settings = [("Hiện trạng thái truy cập", False), ("Hiện trạng thái “Đã xem”", False),
                ("Cho người lạ nhắn tin", False), ("Cho người lạ tìm thấy, kết bạn", False)]  # fmt: skip
    for row, (label, on) in zip(body.rows([0] * len(settings), gap=6), settings, strict=True):
        d.line([(row.x0, row.y1), (row.x1, row.y1)], fill=INK, width=2)
        text(d, Box(row.x0, row.y0, row.x1 - 74, row.y1), label, size=24, align="left")
        switch(d, row.x1 - 66, row.cy - 17, on)
    return p


def step_8() -> Picture:
    """Cá nhân › Tài khoản và bảo mật: the Xác thực 2 lớp switch (ringed) and, below, the
    Kiểm tra bảo mật row that lists the logged-in devices."""
    p = Picture()
    d = p.draw
    path_to(d, draw_phone(d, 20), "Tài khoản và bảo mật")
    screen = draw_phone(d, 390)
    body = title_bar(d, screen, "Tài khoản và bảo mật")
    head, two, check, _ = body.rows([36, 60, 56, 0], gap=10)
    text(d, head, "Bảo mật", size=24, bold=True, align="left")
    d.line([(two.x0, two.y1), (two.x1, two.y1)], fill=INK, width=2)
    text(d, Box(two.x0, two.y0, two.x1 - 76, two.y1), "Xác thực 2 lớp", size=25, bold=True, align="left")
    toggle = Box(two.x1 - 66, two.cy - 17, two.x1 - 2, two.cy + 17)
    switch(d, toggle.x0, toggle.y0, True)
    ring(d, toggle, pad=8)
    badge(d, toggle.cx, toggle.y0 - 44, 3)
    list_row(d, check, "Kiểm tra bảo mật", size=26)
    return p
