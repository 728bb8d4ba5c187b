"""The demo's quality report in a browser: readable at 1280 px without horizontal scrolling,
printable on A4 with its content, and no serious or critical axe-core violations, in Danish
and English.  Screenshots and the PDF are kept under ``artifacts/browser/<test>/``."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from carekit.cli import cli
from carekit.cli._mounts import mount_all

from .harness import A4_WIDTH, SERIOUS_IMPACTS, Chromium, pdf_text, serve_html

pytestmark = pytest.mark.browser

SCREEN_WIDTH = 1280


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mount_all(cli)
    db = tmp_path_factory.mktemp("report") / "carekit-demo.sqlite"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)], env={"CAREKIT_DB": ""})
    assert result.exit_code == 0, result.output
    return db


def _report(db: Path, lang: str) -> str:
    out = db.parent / f"report-{lang}.html"
    result = CliRunner().invoke(
        cli,
        ["report", "--db", str(db), "--lang", lang, "--min-cell", "1", "-o", str(out)],
        env={"CAREKIT_DB": ""},
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_demo_report_reads_at_1280_px_and_on_a4_without_serious_axe_violations(
    chromium: Chromium, axe_js: Path, artifacts: Path, demo_store: Path, lang: str
) -> None:
    html = _report(demo_store, lang)
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        screen = page.screenshot(artifacts / f"report-{lang}-{SCREEN_WIDTH}.png", SCREEN_WIDTH)
        screen_overflow = page.evaluate("document.documentElement.scrollWidth")
        charts = page.evaluate(
            "[...document.querySelectorAll('svg.runchart')].map(s => "
            "[s.getBoundingClientRect().width, s.getAttribute('aria-label')])"
        )
        a4 = page.screenshot(artifacts / f"report-{lang}-{A4_WIDTH}.png", A4_WIDTH)
        a4_overflow = page.evaluate("document.documentElement.scrollWidth")
        violations = page.axe(axe_js, SERIOUS_IMPACTS)
        pdf = page.pdf(artifacts / f"report-{lang}.pdf")
    assert screen.is_file()
    assert a4.is_file()
    assert screen_overflow <= SCREEN_WIDTH, f"horizontal scroll at {SCREEN_WIDTH}px"
    assert a4_overflow <= A4_WIDTH, f"horizontal scroll at {A4_WIDTH}px"
    assert charts, "no run chart drawn"
    assert all(200 <= width <= 640 for width, _ in charts), charts
    assert all(label and ("median" in label) for _, label in charts)
    assert violations == [], [(v.id, v.impact, v.help, v.targets) for v in violations]
    text = unicodedata.normalize("NFKC", pdf_text(pdf))  # the PDF's "fi" ligatures as letters
    heading = "Kvalitetsrapport" if lang == "da" else "Quality report"
    assert heading in text
    assert ("Definitioner" if lang == "da" else "Definitions") in text
