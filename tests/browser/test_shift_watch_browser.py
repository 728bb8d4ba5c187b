"""The shift's list ("Hold øje med på vagten", #19) after the demo walk, as a phone and an
A4 page show it: no horizontal scrolling at 360 px, large type, no serious or critical
axe-core violations, in Danish and English.  Screenshots under ``artifacts/browser/``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carekit.demo import run_demo
from carekit.render import render_shift_watch
from carekit.testing.readers import open_reading

from .harness import A4_WIDTH, PHONE_WIDTH, SERIOUS_IMPACTS, Chromium, serve_html

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_shift_list_fits_a_phone_and_an_a4_page_without_serious_axe_violations(
    chromium: Chromium, axe_js: Path, artifacts: Path, tmp_path: Path, lang: str
) -> None:
    with open_reading(str(tmp_path / "demo.sqlite")) as app:
        run_demo(app, echo=lambda _line: None)
        watch = app.shift_watch(day=dt.date(2026, 11, 19), shift="day")
    html = render_shift_watch(watch, lang=lang).html  # type: ignore[arg-type]  # lang from parametrize is a str
    assert "Mogens" in html
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        phone = page.screenshot(artifacts / f"shift-watch-{lang}-{PHONE_WIDTH}.png", PHONE_WIDTH)
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth]"
        )
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        a4 = page.screenshot(artifacts / f"shift-watch-{lang}-{A4_WIDTH}.png", A4_WIDTH)
        violations = page.axe(axe_js, SERIOUS_IMPACTS)
    assert phone.is_file()
    assert a4.is_file()
    assert max(overflow) <= PHONE_WIDTH, f"horizontal scroll at {PHONE_WIDTH}px: {overflow}"
    assert font_size >= 18
    assert violations == [], [(v.id, v.impact, v.help, v.targets) for v in violations]
