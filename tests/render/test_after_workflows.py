"""Every document rendered from the store *after* ``carekit demo`` has walked the workflows,
as a citizen and a care professional would read them (ST-2, ST-10)."""

from __future__ import annotations

import os
import re
from io import BytesIO

import pytest

from carekit.demo import demo_citizens
from carekit.model import AnswerTime, Citizen, Record, SafetyPlan, Situation, SituationType
from carekit.render import DOCUMENTS, pdf_available, render_document

needs_pdf = pytest.mark.skipif(
    not pdf_available() and os.environ.get("CAREKIT_REQUIRE_PDF") != "1",
    reason="PDF TESTS NOT RUN: weasyprint is not installed (pip install weasyprint)",
)
CITIZENS = demo_citizens()
#: Warnings that are right after the walk: Mogens's first talk is still to come.
EXPECTED_WARNINGS = {("alignment", "Mogens"): ["alignment-not-held"]}


def _pages(content: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(content))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    return [(p.extract_text() or "").replace("\xa0", " ") for p in reader.pages]


def _plans(records: list[Record], citizen: Citizen) -> list[SafetyPlan]:
    return [
        r
        for r in records
        if isinstance(r, SafetyPlan) and r.citizen_id == citizen.id and r.status == "active"
    ]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.display_name)
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_document_after_the_workflows_is_plain_language_and_unwarned(
    walked: list[Record], name: str, citizen: Citizen, lang: str
) -> None:
    doc = render_document(name, walked, citizen_id=citizen.id, lang=lang)  # type: ignore[arg-type]  # lang from parametrize is a str, not the Lang literal
    report = doc.language_report
    assert report.lix <= 35, (report.lix, report.text)
    assert report.hits == (), [(h.matched, h.suggestion) for h in report.hits]
    expected = EXPECTED_WARNINGS.get((name, citizen.display_name), [])
    assert [w.code for w in doc.warnings] == expected
    if DOCUMENTS[name].audience == "citizen":
        assert "CPR" not in doc.content
        assert citizen.cpr is None or citizen.cpr[:6] not in doc.content


def test_every_demo_citizen_has_exactly_one_active_plan_after_the_walk(
    walked: list[Record],
) -> None:
    for citizen in CITIZENS:
        assert len(_plans(walked, citizen)) == 1


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.display_name)
def test_every_situation_box_names_a_number_that_answers_at_night_and_at_weekends(
    walked: list[Record], citizen: Citizen
) -> None:
    (plan,) = _plans(walked, citizen)
    page = render_document("safety-plan", walked, citizen_id=citizen.id, lang="da").content
    assert isinstance(page, str)
    boxes = re.findall(r'<section class="block situation.*?</section>', page, re.S)
    assert len(boxes) == len(plan.situations) >= 3
    for situation, box in zip(plan.situations, boxes, strict=True):
        assert plan.unanswered_times(situation) == []
        numbers = [
            c
            for c in plan.contacts_for(situation)
            if c.phone is not None and c.covers(AnswerTime.NIGHTS) and c.covers(AnswerTime.WEEKENDS)
        ]
        assert numbers, situation.type
        hrefs = set(re.findall(r'href="tel:([^"]+)"', box))
        assert any(
            n.phone and re.sub(r"[^0-9]", "", n.phone) in {h.lstrip("+") for h in hrefs}
            for n in numbers
        ), (situation.type, hrefs)
        # Each box says, for each number, when it answers.
        assert box.count("Svarer ") >= len(plan.contacts_for(situation))


@needs_pdf
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.display_name)
def test_the_demo_safety_plan_pdf_is_one_a4_page(
    walked: list[Record], citizen: Citizen, lang: str
) -> None:
    doc = render_document(
        "safety-plan",
        walked,
        citizen_id=citizen.id,
        lang=lang,  # type: ignore[arg-type]  # lang from parametrize is a str, not the Lang literal
        format="pdf",
    )
    assert isinstance(doc.content, bytes)
    pages = _pages(doc.content)
    assert len(pages) == 1
    (plan,) = _plans(walked, citizen)
    for contact in plan.contacts:
        if contact.phone:
            assert contact.phone in pages[0]


def test_large_print_is_printed_large_only_when_recorded(walked: list[Record]) -> None:
    else_, mogens = CITIZENS
    (plan,) = _plans(walked, else_)
    assert plan.large_print
    large = render_document("safety-plan", walked, citizen_id=else_.id).content
    normal = render_document("safety-plan", walked, citizen_id=mogens.id).content
    assert isinstance(large, str)
    assert isinstance(normal, str)
    assert '<html lang="da" class="large-print">' in large
    assert "large-print" not in normal.split("<style>")[0]
    css = large.split("<style>")[1]
    sizes = dict(re.findall(r"(html(?:\.large-print)?) \{ font-size: (\d+)pt; \}", css))
    assert int(sizes["html.large-print"]) > int(sizes["html"])


def test_the_citizens_own_words_and_named_medicine_are_in_the_box(walked: list[Record]) -> None:
    else_ = CITIZENS[0]
    page = render_document("safety-plan", walked, citizen_id=else_.id).content
    assert "»Når hoften gør ondt, bliver jeg bange for at falde«" in page
    assert "Panodil 500 mg" in page
    assert "Ring 112, hvis det er livsfarligt." in page
    en = render_document("safety-plan", walked, citizen_id=else_.id, lang="en").content
    assert "Call 112 if a life is in danger." in en


def test_the_contact_person_badge_is_never_on_a_unit(walked: list[Record]) -> None:
    else_, mogens = CITIZENS
    mogens_page = render_document("safety-plan", walked, citizen_id=mogens.id).content
    assert isinstance(mogens_page, str)
    assert "Afdelingen <span" not in mogens_page  # the unit never carries the badge
    assert mogens_page.count('class="badge"') == 1
    assert 'Sofie Lund <span class="badge">Din kontaktperson</span>' in mogens_page
    assert "Din kontaktperson er Sofie Lund." in mogens_page
    else_page = render_document("safety-plan", walked, citizen_id=else_.id).content
    assert isinstance(else_page, str)
    assert re.search(r"Anna Holm <span class=\"badge\">Din kontaktperson</span>", else_page)


def test_a_plan_agreed_with_the_citizen_speaks_to_the_citizen(walked: list[Record]) -> None:
    page = render_document("safety-plan", walked, citizen_id=CITIZENS[0].id).content
    assert "Vi lavede planen sammen med dig den" in page
    assert "med Else" not in page


def _long_plan(walked: list[Record]) -> list[Record]:
    else_ = CITIZENS[0]
    (plan,) = _plans(walked, else_)
    duty = next(c for c in plan.contacts if c.covers(AnswerTime.NIGHTS) and c.phone)
    extra = [
        Situation(
            type=kind,
            citizen_words="Det sker tit om natten, og så bliver jeg bange",
            warning_signs=["Du får hjertebanken", "Du sveder"],
            self_care=["Sæt dig ned", "Træk vejret langsomt"],
            steps=["Tænd lyset", "Tag din telefon", "Ring til vagten"],
            plan_contact_ids=[duty.id],
        )
        for kind in (SituationType.ANXIETY, SituationType.BREATHING, SituationType.CUSTOM)
    ]
    extra[-1] = extra[-1].model_copy(update={"title": "Hvis du ikke kan finde dine piller"})
    longer = plan.model_copy(update={"situations": [*plan.situations, *extra]})
    return [longer if r is plan else r for r in walked]


def test_a_long_plan_becomes_a_summary_and_the_details(walked: list[Record]) -> None:
    page = render_document("safety-plan", _long_plan(walked), citizen_id=CITIZENS[0].id).content
    assert isinstance(page, str)
    assert 'class="large-print split"' in page
    assert "Sådan gør du, trin for trin" in page
    assert page.count('<section class="block situation') == 12  # 6 in the summary, 6 in detail


@needs_pdf
def test_a_long_plan_has_every_situation_and_number_on_its_first_page(
    walked: list[Record],
) -> None:
    records = _long_plan(walked)
    doc = render_document("safety-plan", records, citizen_id=CITIZENS[0].id, format="pdf")
    assert isinstance(doc.content, bytes)
    pages = _pages(doc.content)
    assert len(pages) > 1
    plan = next(r for r in records if isinstance(r, SafetyPlan) and len(r.situations) == 6)
    for situation in plan.situations:
        title = situation.title or situation.type.label.da
        assert title in pages[0].replace("\n", " "), title
    for contact in plan.contacts:
        if contact.phone and any(contact in plan.contacts_for(s) for s in plan.situations):
            assert contact.phone in pages[0]
    assert "Sådan gør du, trin for trin" not in pages[0]


def test_the_alignment_sheet_shows_the_held_talk_and_when_the_next_one_is(
    walked: list[Record],
) -> None:
    from carekit.model import ExpectationAlignment

    else_ = CITIZENS[0]
    mine = [r for r in walked if isinstance(r, ExpectationAlignment) and r.citizen_id == else_.id]
    held = next(a for a in mine if a.status == "partly_aligned")
    following = next(a for a in mine if a.status == "scheduled")
    assert following.previous_alignment_id == held.id
    doc = render_document("alignment", walked, citizen_id=else_.id, lang="da")
    page = doc.content
    assert isinstance(page, str)
    assert "Vi har ikke haft snakken endnu" not in page
    assert "Vi talte sammen den 30. oktober 2026." in page
    assert "Jeg vil gerne have den samme hjælper hver dag" in page
    assert "Vi taler sammen igen den 11. december 2026." in page
    assert following.scheduled_for.isoformat() == "2026-12-11"
    assert doc.warnings == ()


def test_the_information_leaflet_says_now_why_and_what_next(walked: list[Record]) -> None:
    else_ = CITIZENS[0]
    page = render_document("information", walked, citizen_id=else_.id, lang="da").content
    assert isinstance(page, str)
    for text in (
        "Det sker nu",
        "Jonas skifter forbinding hver tirsdag.",
        "Derfor gør vi det",
        "Så såret holder sig rent og kan hele.",
        "Det kan du regne med",
        "Såret er helet om cirka seks uger.",
        "Vær klar på",
        "Jonas Berg fortalte dig det den 19. oktober 2026.",
    ):
        assert text in page, text
    en = render_document("information", walked, citizen_id=else_.id, lang="en").content
    assert "What happens now" in en
    assert "Why we do it" in en


def test_the_leaflet_warns_while_the_citizen_has_not_understood(records: list[Record]) -> None:
    mogens = CITIZENS[1]
    doc = render_document("information", records, citizen_id=mogens.id)
    assert [w.code for w in doc.warnings] == ["information-not-understood"]
