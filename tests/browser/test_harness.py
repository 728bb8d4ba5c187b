"""The browser harness works: screenshots, axe-core, PDF printing, a local server."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .harness import (
    A4_WIDTH,
    PHONE_WIDTH,
    SERIOUS_IMPACTS,
    Chromium,
    pdf_text,
    png_size,
    serve_html,
)

pytestmark = pytest.mark.browser

ACCESSIBLE = """<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Din plan</title>
<style>body { font: 22px/1.5 sans-serif; margin: 1rem; color: #111; background: #fff; }
a { color: #0645ad; }</style></head>
<body><main>
<h1>Din plan for hjælp</h1>
<p>Vi kommer hver dag kl. 8. Ring til os, hvis du har brug for mere hjælp.</p>
<p><a href="tel:+4570203040">Ring 70 20 30 40</a></p>
</main></body></html>"""

INACCESSIBLE = """<!doctype html>
<html><head><title>Plan</title></head>
<body>
<img src="x.png">
<input type="text">
<p>Tekst</p>
</body></html>"""


def test_server_binds_to_loopback_and_stops_itself() -> None:
    with serve_html("<p>hej</p>") as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"<p>hej</p>"
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


@pytest.mark.parametrize("width", [PHONE_WIDTH, A4_WIDTH])
def test_screenshot_is_a_png_of_the_viewport_width(
    chromium: Chromium, artifacts: Path, width: int
) -> None:
    with serve_html(ACCESSIBLE) as url, chromium.new_page() as page:
        page.goto(url)
        path = page.screenshot(artifacts / f"plan-{width}.png", width)
    assert path.is_file()
    png_width, png_height = png_size(path)
    assert png_width == width
    assert png_height > 100


def test_accessible_page_has_no_serious_axe_violations(chromium: Chromium, axe_js: Path) -> None:
    with serve_html(ACCESSIBLE) as url, chromium.new_page() as page:
        page.goto(url)
        assert page.axe(axe_js, SERIOUS_IMPACTS) == []


def test_inaccessible_page_has_serious_axe_violations(chromium: Chromium, axe_js: Path) -> None:
    with serve_html(INACCESSIBLE) as url, chromium.new_page() as page:
        page.goto(url)
        violations = page.axe(axe_js, SERIOUS_IMPACTS)
    ids = {v.id for v in violations}
    assert {"image-alt", "label"} <= ids
    assert {v.impact for v in violations} <= SERIOUS_IMPACTS
    assert all(v.targets for v in violations)


def test_pdf_print_contains_the_page_text(chromium: Chromium, artifacts: Path) -> None:
    with serve_html(ACCESSIBLE) as url, chromium.new_page() as page:
        page.goto(url)
        path = page.pdf(artifacts / "plan.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    text = pdf_text(path)
    assert "Din plan for hjælp" in text
    assert "Ring 70 20 30 40" in text


def test_html_file_can_be_served(tmp_path: Path, chromium: Chromium) -> None:
    file = tmp_path / "brev.html"
    file.write_text(ACCESSIBLE, encoding="utf-8")
    with serve_html(file) as url, chromium.new_page() as page:
        page.goto(url)
        assert page.evaluate("document.querySelector('a').href") == "tel:+4570203040"
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "22px"
