""" "Hvem kommer hos dig?" rendered from the store after the demo has walked the workflows and
changed a visit: the next visits with names and times, the change with its reason, every
"decided by" with the way to disagree, the citizen's wishes, and continuity (ST-12)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carekit.demo import demo_citizens
from carekit.model import NetworkMember, Record, SafetyPlan
from carekit.render import render_document

ELSE, MOGENS = demo_citizens()
#: The Tuesday before Bob comes instead of Anna (Wednesday 25 November 2026).
TUESDAY = dt.date(2026, 11, 24)
APPEAL = {
    "da": "Er du uenig? Så sig det til din kontaktperson. Du kan også klage.",
    "en": "Do you disagree? Then tell your contact person. You can also complain.",
}


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def _page(records: list[Record], citizen: object, lang: str, as_of: dt.date = TUESDAY) -> str:
    doc = render_document(
        "visits",
        records,
        citizen_id=citizen.id,  # type: ignore[attr-defined]  # a demo citizen
        lang=lang,  # type: ignore[arg-type]  # lang from parametrize is a str
        as_of=as_of,
    )
    assert doc.warnings == ()
    assert doc.language_report.lix <= 35
    assert doc.language_report.hits == ()
    assert isinstance(doc.content, str)
    return doc.content


def test_else_sees_who_comes_tomorrow_and_why_it_changed_in_danish(walked: list[Record]) -> None:
    page = _page(walked, ELSE, "da")
    text = _text(page)
    assert "Dine næste besøg" in text
    assert "I dag, 24. november 2026 8.00-9.00 : Anna Holm (hjemmehjælper)" in text
    assert "13.00-14.00 : Jonas Berg (sygeplejerske). Se til såret på benet." in text
    assert "I morgen, 25. november 2026 8.00-9.00 : Bob Madsen. Hjælp til bad og tøj." in text
    assert (
        "Bob Madsen kommer i stedet. Det var planlagt til 25. november 2026 kl. 8.00-9.00." in text
    )
    assert "Derfor: Anna er på kursus den dag" in text
    assert "Lørdag, 28. november 2026 8.00-9.00 : En kollega (hjemmehjælper)" in text
    assert "Derfor står der ikke et navn: Vi lægger vagterne til weekenden om fredagen" in text
    assert "De næste 14 dage kommer 3 forskellige hjælpere." in text
    assert "4 gange kommer en kollega, som vi ikke kan nævne endnu." in text
    assert "Den samme hjælper : »Jeg vil helst have Anna hver gang«" in text
    assert "Hjælperens køn : »Helst en kvinde til badet«" in text
    # an appeal beside every "decided by": three fixed visits and one change
    assert text.count("Besluttet af") == 4
    assert text.count(APPEAL["da"]) == 4


def test_else_reads_the_same_in_english(walked: list[Record]) -> None:
    text = _text(_page(walked, ELSE, "en"))
    assert "Your next visits" in text
    assert "Tomorrow, 25 November 2026 8:00-9:00 : Bob Madsen. Hjælp til bad og tøj." in text
    assert "Bob Madsen comes instead. It was planned for 25 November 2026, 8:00-9:00." in text
    assert "Why: Anna er på kursus den dag" in text
    assert "In the next 14 days 3 different helpers come." in text
    assert text.count("Decided by") == text.count(APPEAL["en"]) == 4


@pytest.mark.parametrize(
    ("lang", "intro", "next_heading", "fixed_heading"),
    [
        (
            "da",
            "hvem der kommer ind til dig i din bolig",
            "Hvem hjælper dig de næste dage",
            "Din faste hjælp",
        ),
        (
            "en",
            "who comes in to you in your room",
            "Who helps you in the next days",
            "Your regular help",
        ),
    ],
)
def test_a_nursing_home_resident_gets_fitting_headings(
    walked: list[Record], lang: str, intro: str, next_heading: str, fixed_heading: str
) -> None:
    text = _text(_page(walked, MOGENS, lang))
    assert intro in text
    assert next_heading in text
    assert fixed_heading in text
    assert "hjem til dig" not in text
    assert "Sofie Lund (kontaktperson)" in text or "Sofie Lund (contact person)" in text


def test_after_the_change_has_passed_the_plan_still_answers(walked: list[Record]) -> None:
    later = dt.date(2026, 12, 7)  # a Monday, after Bob's Wednesday
    text = _text(_page(walked, ELSE, "da", later))
    assert "Bob Madsen" not in text
    assert "Det er lavet om" not in text
    assert "I dag, 7. december 2026 8.00-9.00 : Anna Holm" in text


def test_a_helper_who_may_not_be_shown_is_a_colleague_with_a_warning(
    walked: list[Record],
) -> None:
    plan = next(
        r
        for r in walked
        if isinstance(r, SafetyPlan) and r.citizen_id == ELSE.id and r.status == "active"
    )
    anna_id = plan.planned_visits[0].helper_id
    hidden = [
        r.model_copy(update={"status": "inactive"})
        if isinstance(r, NetworkMember) and r.id == anna_id
        else r
        for r in walked
    ]
    doc = render_document("visits", hidden, citizen_id=ELSE.id, as_of=TUESDAY)
    assert [w.code for w in doc.warnings] == ["helper-not-shown"]
    assert isinstance(doc.content, str)
    assert "Anna Holm (hjemmehjælper)" not in _text(doc.content)
    assert "En kollega (hjemmehjælper)" in _text(doc.content)


def test_a_moved_and_a_cancelled_visit_show_the_new_time_and_the_reasons(
    walked: list[Record],
) -> None:
    from carekit.model import TimeWindow
    from carekit.workflows import change_visit

    plan = next(
        r
        for r in walked
        if isinstance(r, SafetyPlan) and r.citizen_id == ELSE.id and r.status == "active"
    )
    anna, _weekend, jonas = plan.planned_visits
    at = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)
    moved = change_visit(
        plan, visit_id=anna.id, on=dt.date(2026, 11, 26), change="other_time",
        new_window=TimeWindow(start="10:00", end="11:00"), reason="Bussen er forsinket",
        actor=plan.actor, at=at,
    ).plan  # fmt: skip
    cancelled = change_visit(
        moved, visit_id=jonas.id, on=TUESDAY, change="cancelled",
        reason="Såret er helet", decided_by="Egen læge", actor=plan.actor, at=at,
    ).plan  # fmt: skip
    records = [cancelled if r is plan else r for r in walked]
    text = _text(_page(records, ELSE, "da"))
    assert "13.00-14.00 : Jonas Berg (sygeplejerske) Aflyst" in text
    assert "Besøget er aflyst. Det var planlagt til 24. november 2026 kl. 13.00-14.00." in text
    assert "Derfor: Såret er helet" in text
    assert "Torsdag, 26. november 2026 10.00-11.00 : Anna Holm (hjemmehjælper)" in text
    assert "Ny tid: 26. november 2026 kl. 10.00-11.00." in text
    assert "Derfor: Bussen er forsinket" in text
    assert text.count("Besluttet af") == text.count(APPEAL["da"]) == 6
    en = _text(_page(records, ELSE, "en"))
    assert "The visit is cancelled. It was planned for 24 November 2026, 13:00-14:00." in en
    assert "New time: 26 November 2026, 10:00-11:00." in en
