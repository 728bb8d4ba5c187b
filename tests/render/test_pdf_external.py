"""A PDF loads nothing from outside: a ``data:`` URL is read inline, any other address is
never fetched and the PDF is refused with a clear bilingual error (#15 point 1) - never a
crash, also through a vendor's template override."""

from __future__ import annotations

import base64
import os
import socket
import threading
from pathlib import Path

import pytest

from carekit.demo import demo_citizens, demo_records
from carekit.render import ExternalResourceError, pdf_available, render_document
from carekit.render._pdf import html_to_pdf

pytestmark = pytest.mark.skipif(
    not pdf_available() and os.environ.get("CAREKIT_REQUIRE_PDF") != "1",
    reason="PDF TESTS NOT RUN: weasyprint is not installed (pip install weasyprint)",
)

#: A 1×1 transparent PNG.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )
).decode()


def test_a_data_url_is_read_inline() -> None:
    pdf = html_to_pdf(f'<p>Logo</p><img src="data:image/png;base64,{PNG}">')
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="https://vendor.example/logo.png">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        "<style>@font-face { font-family: x; src: url(http://fonts.example/x.woff) }"
        " p { font-family: x }</style>",
    ],
)
def test_any_other_address_is_refused_in_danish_and_english(reference: str) -> None:
    with pytest.raises(ExternalResourceError) as caught:
        html_to_pdf(f"<p>x</p>{reference}")
    assert "En PDF henter intet udefra" in caught.value.text.da
    assert "A PDF loads nothing from outside" in caught.value.text.en
    assert caught.value.code == "render.external_resource"


def test_nothing_is_fetched() -> None:
    """A server on this machine sees no request while the PDF is refused."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(2)
    port = server.getsockname()[1]
    seen: list[bool] = []

    def accept() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        seen.append(True)
        conn.close()

    thread = threading.Thread(target=accept)
    thread.start()
    with pytest.raises(ExternalResourceError):
        html_to_pdf(f'<img src="http://127.0.0.1:{port}/logo.png">')
    thread.join()
    server.close()
    assert seen == []


def test_a_vendor_header_with_a_remote_logo_gives_the_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "_vendor_header.html").write_text(
        '<img src="https://vendor.example/logo.png" alt="Leverandør">', encoding="utf-8"
    )
    citizen = demo_citizens()[0]
    with pytest.raises(ExternalResourceError) as caught:
        render_document(
            "safety-plan",
            demo_records(),
            citizen_id=citizen.id,
            format="pdf",
            template_dirs=[tmp_path],
        )
    assert caught.value.urls == ("https://vendor.example/logo.png",)
    html = render_document(
        "safety-plan", demo_records(), citizen_id=citizen.id, template_dirs=[tmp_path]
    )
    assert "vendor.example/logo.png" in str(html.content)  # HTML is the browser's to load
