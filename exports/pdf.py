"""HTML to PDF with WeasyPrint. No Flask here: the handout module gives finished HTML."""

from __future__ import annotations

import io
import logging

from weasyprint import HTML
from weasyprint.urls import URLFetcher

log = logging.getLogger(__name__)

# WeasyPrint logs every unsupported CSS property at WARNING; handouts don't need that noise.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def html_to_pdf(html: str, base_url: str, *, lang: str, title: str) -> bytes:
    """Render a PDF; the same HTML gives the same bytes (no timestamps are written)."""
    # Handouts only ever load local pictures and inline QR codes: never the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    document.metadata.title = title
    document.metadata.lang = lang
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_identifier=b"lesson-toolkit-handout")
    return buffer.getvalue()
