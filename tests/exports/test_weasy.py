"""WeasyPrint's side of the handouts: fonts loaded once per thread, the bytes unchanged by it."""

from __future__ import annotations

import threading

from weasyprint.text.fonts import FontConfiguration

from lesson_toolkit.exports import weasy
from tests.exports.support import pdf_fonts

HTML = """<html lang="vi"><body style="font-family: 'Noto Sans', 'DejaVu Sans', sans-serif">
<h1>Trả tiền điện bằng mã QR</h1><p>Mở ứng dụng ngân hàng. <b>Đừng</b> đưa mã cho ai.</p>
<p><i>khê̱</i> <code>*123#</code></p></body></html>"""


def render(font_config=None) -> bytes:
    return weasy.html_to_pdf(
        HTML, "file:///nowhere/", lang="vi", title="QR", identifier="0123456789abcdef", pictures=lambda path: None,
        font_config=font_config,
    )  # fmt: skip


def test_a_thread_loads_its_fonts_once():
    first = weasy.thread_font_config()
    render()
    assert weasy.thread_font_config() is first
    assert isinstance(first, FontConfiguration)


def test_shared_fonts_give_the_same_bytes_as_fresh_ones(tmp_path):
    shared = [render(), render()]
    fresh = render(FontConfiguration())
    assert shared[0] == shared[1] == fresh
    fonts = pdf_fonts(fresh, tmp_path)
    assert len(fonts) >= 2 and all(font["emb"] == "yes" for font in fonts)  # regular, bold, mono…


def test_every_thread_prints_with_its_own_fonts():
    found = []
    thread = threading.Thread(target=lambda: found.append((weasy.thread_font_config(), render())))
    thread.start()
    thread.join(timeout=60)
    ((theirs, pdf),) = found
    assert theirs is not weasy.thread_font_config()
    assert pdf == render()
