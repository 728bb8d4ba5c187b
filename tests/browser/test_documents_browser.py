"""Every document, for both demo citizens, as a phone and an A4 page show it: no horizontal
scrolling at 360 px, no serious or critical axe-core violations, large type, tel: links, and
a PDF that Chromium prints with the content in it.  Screenshots are kept as artefacts under
``artifacts/browser/<test>/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from carekit.demo import demo_citizens, demo_records
from carekit.model import Citizen
from carekit.render import DOCUMENTS, render_access_log, render_citizen_export, render_document
from carekit.testing.readers import TEST_READER, open_reading

from .harness import A4_WIDTH, PHONE_WIDTH, SERIOUS_IMPACTS, Chromium, pdf_text, serve_html

pytestmark = pytest.mark.browser

CITIZENS = {c.display_name: c for c in demo_citizens()}
CASES = [(doc, name) for doc in DOCUMENTS for name in CITIZENS]


def _html(document: str, citizen: Citizen, lang: str = "da") -> str:
    rendered = render_document(document, demo_records(), citizen_id=citizen.id, lang=lang)  # type: ignore[arg-type]  # lang from parametrize is a str, not the Lang literal
    assert isinstance(rendered.content, str)
    return rendered.content


@pytest.mark.parametrize(("document", "name"), CASES)
def test_document_fits_a_phone_and_an_a4_page_without_serious_axe_violations(
    chromium: Chromium, axe_js: Path, artifacts: Path, document: str, name: str
) -> None:
    html = _html(document, CITIZENS[name])
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        phone_png = page.screenshot(artifacts / f"{document}-{name}-{PHONE_WIDTH}.png", PHONE_WIDTH)
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth]"
        )
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        a4_png = page.screenshot(artifacts / f"{document}-{name}-{A4_WIDTH}.png", A4_WIDTH)
        violations = page.axe(axe_js, SERIOUS_IMPACTS)
    assert phone_png.is_file()
    assert a4_png.is_file()
    assert max(overflow) <= PHONE_WIDTH, f"horizontal scroll at {PHONE_WIDTH}px: {overflow}"
    assert font_size >= 18
    assert violations == [], [(v.id, v.impact, v.help, v.targets) for v in violations]


@pytest.mark.parametrize("name", list(CITIZENS))
def test_phone_numbers_are_large_tel_links_with_normalised_numbers(
    chromium: Chromium, name: str
) -> None:
    html = _html("safety-plan", CITIZENS[name])
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        page.set_width(PHONE_WIDTH)
        links = page.evaluate(
            "[...document.querySelectorAll('a.tel')].map(a => [a.getAttribute('href'), "
            "parseFloat(getComputedStyle(a).fontSize), a.getBoundingClientRect().height])"
        )
    hrefs = {href for href, _, _ in links}
    assert "tel:112" in hrefs
    assert all(href.startswith("tel:") and " " not in href for href in hrefs)
    # big enough to read and to hit with a finger (WCAG 2.5.8 asks for at least 24 px)
    assert all(size >= 24 and height >= 44 for _, size, height in links), links


def test_chromium_prints_the_safety_plan_to_pdf_with_its_content(
    chromium: Chromium, artifacts: Path
) -> None:
    html = _html("safety-plan", CITIZENS["Else"])
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        path = page.pdf(artifacts / "safety-plan-Else.pdf")
    text = pdf_text(path).replace("\xa0", " ")  # numbers are kept on one line with NBSP
    for expected in (
        "Hvis du får ondt",
        "Hvis du falder",
        "Hvis du har brug for mere hjælp",
        "112",
        "+45 70 20 30 40",
        "1813",
    ):
        assert expected in text
    assert "010137" not in text  # a citizen's sheet carries no CPR number, not even masked


def test_english_documents_have_no_serious_axe_violations(
    chromium: Chromium, axe_js: Path, artifacts: Path
) -> None:
    for document in DOCUMENTS:
        html = _html(document, CITIZENS["Else"], "en")
        with serve_html(html) as url, chromium.new_page() as page:
            page.goto(url)
            assert page.evaluate("document.documentElement.lang") == "en"
            page.screenshot(artifacts / f"{document}-Else-en-{PHONE_WIDTH}.png", PHONE_WIDTH)
            assert page.axe(axe_js, SERIOUS_IMPACTS) == [], document


def _access_log_html(lang: str) -> str:
    """Else's "Min log" after Anna and Bob read her records."""
    from carekit.demo import DEMO_IMPORTER, demo_staff

    else_ = CITIZENS["Else"]
    with open_reading("memory://") as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        for who in ("anna", "bob"):
            with app.session(actor=demo_staff()[who], purpose="care") as session:
                session.safety_plans.list(citizen_id=else_.id)
                session.citizen_records(else_.id)
        rendered = render_access_log(app.access_log(else_.id), lang=lang)  # type: ignore[arg-type]  # lang from parametrize is a str
    assert isinstance(rendered.content, str)
    return rendered.content


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_access_log_fits_a_phone_and_an_a4_page_without_serious_axe_violations(
    chromium: Chromium, axe_js: Path, artifacts: Path, lang: str
) -> None:
    html = _access_log_html(lang)
    assert "Bob Madsen" in html
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        phone_png = page.screenshot(artifacts / f"access-log-{lang}-{PHONE_WIDTH}.png", PHONE_WIDTH)
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth]"
        )
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        violations = page.axe(axe_js, SERIOUS_IMPACTS)
    assert phone_png.is_file()
    assert max(overflow) <= PHONE_WIDTH, f"horizontal scroll at {PHONE_WIDTH}px: {overflow}"
    assert font_size >= 18
    assert violations == [], [(v.id, v.impact, v.help, v.targets) for v in violations]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_export_summary_fits_a_phone_without_serious_axe_violations(
    chromium: Chromium, axe_js: Path, artifacts: Path, lang: str
) -> None:
    from carekit.testing.export import seed_export_store

    else_ = CITIZENS["Else"]
    with open_reading("memory://") as app:
        seed_export_store(app)
        with app.session(actor=TEST_READER, purpose="citizen_request") as reader:
            document = reader.export_citizen(else_.id, include_cpr=False)
    html = render_citizen_export(document, lang=lang).html  # type: ignore[arg-type]  # lang from parametrize is a str
    assert "Bob Madsen" in html
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        phone_png = page.screenshot(
            artifacts / f"citizen-export-{lang}-{PHONE_WIDTH}.png", PHONE_WIDTH
        )
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth]"
        )
        violations = page.axe(axe_js, SERIOUS_IMPACTS)
    assert phone_png.is_file()
    assert max(overflow) <= PHONE_WIDTH, f"horizontal scroll at {PHONE_WIDTH}px: {overflow}"
    assert violations == [], [(v.id, v.impact, v.help, v.targets) for v in violations]
