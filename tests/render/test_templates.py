"""Templates: bilingual strings, autoescaping, vendor overrides, formatting helpers, PDF."""

from __future__ import annotations

import os
import re
import string
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.i18n import Lang
from carekit.language import JargonTerm, parse_jargon
from carekit.model import Citizen, Record, SafetyPlan, Situation, SituationType, Weekday
from carekit.render import (
    DOCUMENTS,
    DocumentTemplateError,
    PdfUnavailableError,
    environment,
    pdf_available,
    render_document,
    tel_href,
)
from carekit.render._format import answers_text, format_date, weekdays_text
from carekit.render._strings import STRINGS

from .conftest import replace

TEMPLATES = resources.files("carekit.render") / "templates"


def _template_sources() -> dict[str, str]:
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in TEMPLATES.iterdir()
        if entry.name.endswith((".html", ".css"))
    }


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- strings --------------------------------------------------------------------------------


def test_every_ui_string_exists_in_danish_and_english_with_the_same_placeholders() -> None:
    for key, text in STRINGS.items():
        assert text.da.strip(), key
        assert text.en.strip(), key
        assert _fields(text.da) == _fields(text.en), key


def test_every_string_key_a_template_uses_is_defined_and_every_string_is_used() -> None:
    sources = "\n".join(_template_sources().values())
    used = set(re.findall(r"""\bt\(\s*"([a-z_]+)\"""", sources))
    used |= {f"side_{side}" for side in ("public", "private")}  # chosen in _documents.py
    assert used - set(STRINGS) == set()
    assert set(STRINGS) - used == set()


def test_every_document_has_its_template_and_a_bilingual_title() -> None:
    names = set(_template_sources())
    for spec in DOCUMENTS.values():
        assert spec.template in names
        assert spec.title.da
        assert spec.title.en
        assert spec.practices
        assert all(re.fullmatch(r"ST-\d+|DC-\d+", p) for p in spec.practices)


# --- the environment ------------------------------------------------------------------------


def test_environment_autoescapes_and_refuses_undefined_values() -> None:
    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.select_template(["base.html"]).environment.autoescape is not False
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


def test_stylesheet_has_large_type_a4_print_and_no_fixed_widths() -> None:
    css = _template_sources()["_style.css"]
    assert "html { font-size: 20px;" in css
    assert "@page { size: A4;" in css
    assert "@media print" in css
    assert not re.search(r"(?<![-\w])(min-)?width:\s*\d+px", css)


# --- vendor overrides -----------------------------------------------------------------------


def test_override_directory_wins_over_the_shipped_template(
    tmp_path: Path, records: list[Record], else_: Citizen
) -> None:
    (tmp_path / "network.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Leverandørens netværk</p>{% endblock %}',
        encoding="utf-8",
    )
    page = render_document("network", records, citizen_id=else_.id, template_dirs=[tmp_path])
    assert "<p>Leverandørens netværk</p>" in page.content
    assert "<h1>Hvem er hvem?</h1>" in page.content  # still the shipped base layout
    other = render_document("visits", records, citizen_id=else_.id, template_dirs=[tmp_path])
    assert "Hvem kommer hos dig?" in other.content


def test_vendor_header_override_appears_on_every_document(
    tmp_path: Path, records: list[Record], else_: Citizen
) -> None:
    (tmp_path / "_vendor_header.html").write_text(
        '<p class="vendor">Hjemmeplejen Nord</p>', encoding="utf-8"
    )
    for name in DOCUMENTS:
        page = render_document(name, records, citizen_id=else_.id, template_dirs=[tmp_path])
        assert '<p class="vendor">Hjemmeplejen Nord</p>' in page.content


def test_first_override_directory_wins(
    tmp_path: Path, records: list[Record], else_: Citizen
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for directory, text in ((first, "A"), (second, "B")):
        directory.mkdir()
        (directory / "_vendor_header.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    page = render_document("network", records, citizen_id=else_.id, template_dirs=[first, second])
    assert "<p>A</p>" in page.content
    assert "<p>B</p>" not in page.content


def test_broken_override_is_a_clear_template_error(
    tmp_path: Path, records: list[Record], else_: Citizen
) -> None:
    (tmp_path / "network.html").write_text("{% block content %}", encoding="utf-8")
    with pytest.raises(DocumentTemplateError) as caught:
        render_document("network", records, citizen_id=else_.id, template_dirs=[tmp_path])
    assert "network.html" in caught.value.template
    assert "Skabelonen" in caught.value.message.da
    assert "template_dirs" in caught.value.message.en
    (tmp_path / "network.html").write_text("{{ no_such_value }}", encoding="utf-8")
    with pytest.raises(DocumentTemplateError, match="no_such_value"):
        render_document("network", records, citizen_id=else_.id, template_dirs=[tmp_path])


def test_override_text_is_checked_for_plain_language_too(
    tmp_path: Path, records: list[Record], else_: Citizen
) -> None:
    (tmp_path / "_vendor_header.html").write_text(
        "<p>Vi vil mobilisere dig efter visitationen.</p>", encoding="utf-8"
    )
    doc = render_document("network", records, citizen_id=else_.id, template_dirs=[tmp_path])
    assert [h.matched for h in doc.language_report.hits] == ["mobilisere", "visitationen"]
    assert [w.code for w in doc.warnings] == ["jargon", "jargon"]


# --- plain-language warnings ----------------------------------------------------------------


def test_jargon_and_hard_text_in_records_become_warnings(
    records: list[Record], else_: Citizen
) -> None:
    hard = (
        "Den sundhedsfaglige vurdering indebærer, at forflytningen fremadrettet gennemføres "
        "under hensyntagen til borgerens funktionsniveau, medmindre omstændighederne "
        "nødvendiggør alternative foranstaltninger i overensstemmelse med retningslinjerne"
    )
    situation = Situation(type=SituationType.PAIN, steps=[hard])
    changed = replace(records, SafetyPlan, else_, situations=[situation] * 6, status="active")
    doc = render_document("safety-plan", changed, citizen_id=else_.id)
    codes = [w.code for w in doc.warnings]
    assert "lix-above-target" in codes
    assert "jargon" in codes
    assert not doc.language_report.passes()
    lix_warning = next(w for w in doc.warnings if w.code == "lix-above-target")
    assert "LIX" in lix_warning.message.da
    assert "target 35" in lix_warning.message.en


def test_extra_jargon_terms_are_added_to_the_shipped_list(
    records: list[Record], else_: Citizen
) -> None:
    terms: list[JargonTerm] = list(parse_jargon("Nøgleboksen\tkassen med nøglen\n", "da"))
    doc = render_document("home-card", records, citizen_id=else_.id, extra_terms=terms)
    assert [h.matched for h in doc.language_report.hits] == ["Nøgleboksen"]


# --- formatting -----------------------------------------------------------------------------

PHONES = st.from_regex(r"\A\+?[0-9][0-9 ]{2,19}\Z")


@given(PHONES)
def test_tel_href_is_the_digits_without_spaces(number: str) -> None:
    href = tel_href(number)
    digits = number.replace(" ", "")
    assert href.startswith("tel:")
    assert " " not in href
    if len(digits) == 8 and not digits.startswith("+"):
        assert href == "tel:+45" + digits
    else:
        assert href == "tel:" + digits


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("+45 70 20 30 40", "tel:+4570203040"),
        ("70 20 30 40", "tel:+4570203040"),
        ("112", "tel:112"),
        ("1813", "tel:1813"),
        ("+46 8 123 456", "tel:+468123456"),
    ],
)
def test_tel_href_examples(number: str, href: str) -> None:
    assert tel_href(number) == href


_DAY_NAMES = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "da": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
}


def _days_read_back(text: str, lang: Lang) -> set[int]:
    """The days a reader gets from *text*: names, and "X til Y" / "X to Y" spans."""
    names = _DAY_NAMES[lang]
    to, conj = ("to", "and") if lang == "en" else ("til", "og")
    days: set[int] = set()
    for part in text.replace(f" {conj} ", ", ").split(", "):
        first, _, last = part.partition(f" {to} ")
        a = names.index(first)
        days.update(range(a, names.index(last) + 1) if last else [a])
    return days


@given(st.lists(st.sampled_from(Weekday), min_size=1), st.sampled_from(["da", "en"]))
def test_weekdays_read_back_as_the_same_days_in_week_order(days: list[Weekday], lang: Lang) -> None:
    text = weekdays_text(days, lang)
    order = list(Weekday)
    wanted = {order.index(d) for d in days}
    if len(wanted) == 7:
        assert text == ("every day" if lang == "en" else "alle dage")
        return
    assert _days_read_back(text, lang) == wanted
    named = [n for n in _DAY_NAMES[lang] if n in text.split(", ") or n in text.split(" ")]
    assert named == sorted(named, key=_DAY_NAMES[lang].index)  # in week order
    assert all(text.count(n) == 1 for n in named)


@pytest.mark.parametrize(
    ("days", "da", "en"),
    [
        ([0, 1, 2, 3, 4], "mandag til fredag", "Monday to Friday"),
        ([5, 6], "lørdag og søndag", "Saturday and Sunday"),
        ([0, 1, 2, 5], "mandag til onsdag og lørdag", "Monday to Wednesday and Saturday"),
        ([0, 2, 4], "mandag, onsdag og fredag", "Monday, Wednesday and Friday"),
        ([1], "tirsdag", "Tuesday"),
    ],
)
def test_weekdays_in_words(days: list[int], da: str, en: str) -> None:
    chosen = [list(Weekday)[n] for n in days]
    assert (weekdays_text(chosen, "da"), weekdays_text(chosen, "en")) == (da, en)


def test_dates_are_written_out_in_each_language() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 7)
    assert format_date(day, "da") == "7. november 2026"
    assert format_date(day, "en") == "7 November 2026"


def test_answer_times_read_as_a_short_sentence() -> None:
    from carekit.model import AnswerTime

    assert answers_text([AnswerTime.WEEKDAYS], "kl. 8-15", "da") == "Svarer på hverdage kl. 8-15."
    assert answers_text([AnswerTime.EVENINGS, AnswerTime.WEEKENDS], None, "en") == (
        "Answers evenings, weekends and holidays."
    )
    assert answers_text([AnswerTime.NIGHTS, AnswerTime.ALWAYS], None, "da") == (
        "Svarer hele døgnet."
    )


# --- PDF ------------------------------------------------------------------------------------

# CI sets CAREKIT_REQUIRE_PDF=1: then a missing weasyprint fails instead of skipping.
needs_pdf = pytest.mark.skipif(
    not pdf_available() and os.environ.get("CAREKIT_REQUIRE_PDF") != "1",
    reason="PDF TESTS NOT RUN: weasyprint is not installed (pip install weasyprint)",
)


def test_missing_weasyprint_is_a_bilingual_pdf_error(
    monkeypatch: pytest.MonkeyPatch, records: list[Record], else_: Citizen
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert not pdf_available()
    with pytest.raises(PdfUnavailableError) as caught:
        render_document("network", records, citizen_id=else_.id, format="pdf")
    assert "pip install weasyprint" in caught.value.message.da
    assert "Or choose HTML" in caught.value.message.en


@needs_pdf
@pytest.mark.parametrize("lang", ["da", "en"])
def test_pdf_is_a4_and_holds_names_numbers_and_headings_but_no_cpr(
    records: list[Record], else_: Citizen, lang: str
) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    doc = render_document("safety-plan", records, citizen_id=else_.id, lang=lang, format="pdf")  # type: ignore[arg-type]  # lang from parametrize is a str, not the Lang literal
    assert isinstance(doc.content, bytes)
    assert doc.content.startswith(b"%PDF-")
    assert doc.media_type == "application/pdf"
    reader = PdfReader(BytesIO(doc.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = "\n".join(p.extract_text() or "" for p in reader.pages).replace("\xa0", " ")
    headings = (
        ("Hvis du får ondt", "Hvis du falder", "Hvis du har brug for mere hjælp")
        if lang == "da"
        else ("If you are in pain", "If you fall", "If you need more help")
    )
    for expected in (
        *headings,
        "Else",
        "Anna",
        "+45 70 20 30 40",
        "+45 70 20 30 99",
        "112",
        "1813",
    ):
        assert expected in text, expected
    assert "010137" not in text
    assert "4002" not in text
    assert doc.language_report.lix <= 35  # the check runs on the HTML the PDF is made from
