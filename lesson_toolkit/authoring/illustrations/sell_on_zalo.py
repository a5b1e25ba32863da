"""Pictures of the lesson `sell-on-zalo`: photos of the produce (oranges), the post, the chat
with a buyer, checking the payment in the bank app, and the parcel."""

from __future__ import annotations

from lesson_toolkit.authoring.illustrations import icons, objects, screens
from lesson_toolkit.authoring.illustrations.kit import (
    CENTRE_X,
    GREEN,
    GREY,
    INK,
    LIGHT_GREEN,
    ORANGE,
    WHITE,
    YELLOW,
    Box,
    Picture,
    button,
    field,
    ring,
    text,
    title_bar,
)
from lesson_toolkit.authoring.illustrations.kit import phone as draw_phone

POST = "Cam sành Bắc Kạn, mới hái hôm qua. Thùng 10 kg: 250.000 đ. Giao tận nhà."


def basket(d, box: Box) -> None:
    """A basket full of oranges."""
    r = box.w / 8
    for i, x in enumerate((0.2, 0.4, 0.6, 0.8, 0.3, 0.5, 0.7)):
        y = box.y0 + (r * 1.2 if i < 4 else r * 0.4)
        d.ellipse((box.x0 + box.w * x - r, y - r, box.x0 + box.w * x + r, y + r), fill=ORANGE, outline=INK, width=4)
    body = [
        (box.x0, box.y0 + r * 1.5),
        (box.x1, box.y0 + r * 1.5),
        (box.x1 - box.w * 0.1, box.y1),
        (box.x0 + box.w * 0.1, box.y1),
    ]
    d.polygon(body, fill=YELLOW, outline=INK, width=5)
    for k in (0.45, 0.7):  # the weave, following the basket's slanted sides
        y = box.y0 + r * 1.5 + (box.y1 - box.y0 - r * 1.5) * k
        d.line([(box.x0 + box.w * 0.1 * k + 4, y), (box.x1 - box.w * 0.1 * k - 4, y)], fill=INK, width=3)


def photo(d, box: Box) -> Box:
    """A photo frame; returns its inside."""
    d.rectangle(box.xy, fill=WHITE, outline=INK, width=5)
    return box.inset(12)


def cover() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 380)
    body = title_bar(d, screen, "Nhật ký", back=False)
    words, picture = body.rows([130, 0], gap=10)
    text(d, words, POST, size=22, align="left", valign="top", min_size=16)
    basket(d, picture.inset(20, 10))
    basket(d, Box(40, 250, 330, 480))
    icons.sun(d, 130, 110, 46)
    return p


def step_1() -> Picture:
    p = Picture()
    d = p.draw
    d.rectangle((60, 330, 660, 500), fill=GREY, outline=INK, width=5)  # a plain cloth
    for x in (200, 300, 400, 500):
        icons.orange_fruit(d, x, 330, 48)
    icons.sun(d, 600, 110, 50)
    icons.tick(d, 100, 110, 50)
    return p


def step_2() -> Picture:
    p = Picture()
    d = p.draw
    frames = Box(20, 90, 700, 450).cols([0, 0, 0], gap=20)
    whole, close, size = (photo(d, frame) for frame in frames)
    basket(d, whole.inset(10, 50))
    icons.orange_fruit(d, close.cx, close.cy + 20, 80)
    icons.orange_fruit(d, size.x0 + 48, size.cy - 40, 34)
    icons.hand(p, size.x0 + 108, size.cy - 70, scale=0.55)
    return p


def step_3() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Bài viết mới")
    lines = ["Cam sành Bắc Kạn", "Hái ngày 15/11", "Thùng 10 kg", "Giá 250.000 đ", "Giao tận nhà"]
    for row, line in zip(body.rows([0] * len(lines), gap=4), lines, strict=True):
        text(d, row, line, size=27, bold=True, align="left")
    return p


def step_4() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    body = title_bar(d, screen, "Nhật ký", back=False)
    words, picture, go = body.rows([110, 0, 64], gap=10)
    text(d, words, POST, size=22, align="left", valign="top", min_size=16)
    basket(d, picture.inset(30, 4))
    button(d, go, "Đăng")
    ring(d, go, pad=5)
    icons.tap(p, go)
    return p


def step_5() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, CENTRE_X)
    messages = [("Cho tôi 2 thùng, giao thứ Bảy được không?", False),
                ("Được ạ. 500.000 đ, phí giao 30.000 đ.", True), ("Đồng ý!", False)]  # fmt: skip
    screens.chat(d, screen, "Khách hàng", messages, heights=[140, 140, 56])
    return p


def step_6() -> Picture:
    p = Picture()
    d = p.draw
    screen = draw_phone(d, 30)
    body = title_bar(d, screen, "Ngân hàng", back=False)
    head, amount, note, _ = body.rows([50, 90, 90, 0], gap=8)
    text(d, head, "Tiền vào tài khoản", size=24, bold=True, align="left")
    d.rounded_rectangle(amount.xy, radius=12, fill=LIGHT_GREEN, outline=INK, width=4)
    text(d, amount.inset(10), "+530.000 đ", size=36, bold=True, fill=GREEN)
    field(d, note, "Nội dung", "Mua 2 thùng cam")
    ring(d, amount, pad=6)
    icons.tick(d, 540, 160, 70)
    objects.paper(d, Box(420, 280, 660, 480))
    text(d, Box(430, 300, 650, 460), "Gửi hàng", size=36, bold=True)
    return p


def step_7() -> Picture:
    p = Picture()
    d = p.draw
    box = Box(90, 150, 450, 460)
    d.polygon([(box.x0, box.y0), (box.x0 + 80, box.y0 - 70), (box.x1 + 80, box.y0 - 70), (box.x1, box.y0)],
              fill=YELLOW, outline=INK, width=6)  # fmt: skip
    d.polygon([(box.x1, box.y0), (box.x1 + 80, box.y0 - 70), (box.x1 + 80, box.y1 - 70), (box.x1, box.y1)],
              fill=GREY, outline=INK, width=6)  # fmt: skip
    icons.parcel(d, box)
    receipt = Box(540, 200, 690, 460)
    objects.paper(d, receipt)
    text(d, receipt.inset(14).rows([60, 0])[0], "Biên nhận", size=26, bold=True)
    for i in range(4):
        y = receipt.y0 + 110 + i * 34
        d.line([(receipt.x0 + 18, y), (receipt.x1 - 18, y)], fill=GREY, width=8)
    return p
