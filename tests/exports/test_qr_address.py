"""Where a handout's QR code leads (exports/cli.py, exports/views.py, authoring/core/addresses.py):
the command line refuses a loopback or empty address unless told, a downloaded handout uses the
public address or else the one it was asked at, a local QR code says so on every page, and the
address is printed in words under the code."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from lesson_toolkit.authoring.core.addresses import in_words, usable_base
from tests.conftest import make_app
from tests.exports.support import NEEDS_PDF_TOOLS, SLUG, get_pdf, page_texts, qr_codes

pytestmark = [pytest.mark.usefixtures("lesson"), NEEDS_PDF_TOOLS]
LOCAL_NOTE = "This QR code only opens on the computer that printed this sheet."  # in English handouts
LOCAL_NOTE_VI = "Mã QR này chỉ mở được trên máy tính đã in tờ giấy này."


@pytest.fixture
def local_app(content: Path, tmp_path: Path):
    """The app as `make run` starts it: the QR codes' address is the loopback default."""
    return make_app(content, tmp_path, PUBLIC_BASE_URL="http://127.0.0.1:5000",
                    HANDOUT_CACHE_DIR=str(tmp_path / "cache"))  # fmt: skip


def export(app, *args: str):
    return app.test_cli_runner().invoke(args=["export", *args])


@pytest.mark.parametrize(
    "command",
    [["pdf", SLUG], ["booklet", "--lessons", SLUG], ["site", "--with-pdfs", "PACK"]],
)
@pytest.mark.parametrize("base", ["http://127.0.0.1:5000", "", "http://localhost:8000"])
def test_the_command_line_refuses_qr_codes_that_lead_nowhere(content, tmp_path, command, base):
    app = make_app(content, tmp_path, PUBLIC_BASE_URL=base)
    out = tmp_path / "out"
    command = [str(out) if part == "PACK" else part for part in command]
    extra = [] if command[0] == "site" else ["-o", str(out / "x.pdf" if command[0] == "booklet" else out)]
    result = export(app, *command, *extra)
    assert result.exit_code != 0
    assert "FLASK_PUBLIC_BASE_URL" in result.output and "--allow-local-qr" in result.output
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_a_site_without_handouts_needs_no_public_address(local_app, tmp_path):
    assert export(local_app, "site", str(tmp_path / "pack"), "--lang", "vi").exit_code == 0


def test_told_explicitly_it_prints_local_codes_and_says_so_on_every_page(local_app, tmp_path):
    for lang, note in (("en", LOCAL_NOTE), ("vi", LOCAL_NOTE_VI)):
        result = export(local_app, "pdf", SLUG, "--lang", lang, "--allow-local-qr", "-o", str(tmp_path / lang))
        assert result.exit_code == 0, result.output
        (pdf,) = (tmp_path / lang).glob("*.pdf")
        pages = [page for page in page_texts(pdf.read_bytes()) if page.strip()]
        assert len(pages) > 1
        assert all(note in " ".join(page.split()) for page in pages), lang
    assert qr_codes(pdf.read_bytes(), tmp_path) == [f"http://127.0.0.1:5000/vi/lessons/{SLUG}"]


def test_a_public_address_prints_no_warning_and_the_address_in_words(runner, tmp_path):
    result = runner.invoke(args=["export", "pdf", SLUG, "--lang", "en", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    first = " ".join(page_texts(pdf.read_bytes())[0].split())
    assert LOCAL_NOTE not in first
    # under the QR code, wrapped in its narrow column wherever the layout puts it
    assert f"ortype:lessons.example.org/en/lessons/{SLUG}" in "".join(first.split())


def test_a_downloaded_handout_uses_the_address_it_was_asked_at(local_app, tmp_path):
    """On the cultural house's Wi-Fi the phones reach the laptop at 192.168.1.10: so does the QR."""
    client = local_app.test_client()
    pdf = get_pdf(client, f"http://192.168.1.10:5000/en/lessons/{SLUG}.pdf")
    assert qr_codes(pdf, tmp_path) == [f"http://192.168.1.10:5000/en/lessons/{SLUG}"]
    assert LOCAL_NOTE not in " ".join(page_texts(pdf)[0].split())
    local = get_pdf(client, f"http://127.0.0.1:5000/en/lessons/{SLUG}.pdf")
    assert LOCAL_NOTE in " ".join(page_texts(local)[0].split())


def test_a_configured_public_address_wins_over_the_one_asked_at(client, tmp_path):
    pdf = get_pdf(client, f"http://192.168.1.10:5000/vi/lessons/{SLUG}.pdf")
    assert qr_codes(pdf, tmp_path) == [f"https://lessons.example.org/vi/lessons/{SLUG}"]


def test_make_run_says_where_the_codes_point(local_app):
    result = local_app.test_cli_runner().invoke(args=["export", "address"])
    assert "http://127.0.0.1:5000" in result.output and "FLASK_PUBLIC_BASE_URL" in result.output


def test_serving_the_local_network_says_the_address_phones_open(local_app, monkeypatch):
    """`HOST=0.0.0.0 make run`: the address on the Wi-Fi, and how to point the QR codes there."""
    from lesson_toolkit.authoring.core import addresses

    monkeypatch.setattr(addresses, "network_address", lambda: "192.168.1.10")
    result = local_app.test_cli_runner().invoke(args=["export", "address", "--host", "0.0.0.0", "--port", "8080"])
    assert result.exit_code == 0, result.output
    assert "Phones and laptops on this network open: http://192.168.1.10:8080" in result.output
    assert "export FLASK_PUBLIC_BASE_URL=http://192.168.1.10:8080" in result.output
    named = local_app.test_cli_runner().invoke(args=["export", "address", "--host", "192.168.1.20"])
    assert "open: http://192.168.1.20:5000" in named.output


def test_the_network_address_is_never_loopback():
    from lesson_toolkit.authoring.core.addresses import network_address

    found = network_address()
    assert found is None or not ipaddress.ip_address(found).is_loopback


@pytest.mark.parametrize(
    ("configured", "asked", "base"),
    [
        ("https://baihoc.example.vn/", "http://127.0.0.1:5000/", "https://baihoc.example.vn"),
        ("http://127.0.0.1:5000", "http://192.168.1.10:5000/", "http://192.168.1.10:5000"),
        ("", None, None),
        ("http://[::1]:5000", None, "http://[::1]:5000"),
    ],
)
def test_the_usable_base(configured, asked, base):
    assert usable_base(configured, asked) == base


def test_addresses_in_words():
    assert in_words("https://baihoc.example.vn/vi/lessons/x") == "baihoc.example.vn/vi/lessons/x"
    assert in_words("http://192.168.1.10:5000/") == "192.168.1.10:5000"
