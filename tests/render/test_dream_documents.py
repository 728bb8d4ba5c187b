"""The dream documents, rendered from the store AFTER the demo walk has run every workflow
(#19): the adopted routine reaches the visit sheet and the staff card, the running trial
action's signs reach the staff card and the watch sheet, the citizen's dream sheet is plain
language, and staff documents are read with the staff rule set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from carekit.demo import demo_citizens, run_demo
from carekit.language import check_html
from carekit.model import Citizen, Record, TrialAction
from carekit.render import STAFF_WORDS, for_audience, render_document
from carekit.testing.readers import open_reading


@pytest.fixture(scope="module")
def walked() -> Iterator[list[Record]]:
    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        yield [r for c in demo_citizens() for r in app.citizen_records(c.id)]


def _page(name: str, records: list[Record], citizen: Citizen, lang: str = "da") -> str:
    doc = render_document(name, records, citizen_id=citizen.id, lang=lang)  # type: ignore[arg-type]  # a str from the test, not the Lang literal
    assert isinstance(doc.content, str)
    return doc.content


ELSE, MOGENS = demo_citizens()
CHOIR = "Vi flytter torsdagens besøg, så Birthe kan hente Else kl. 18."


def test_the_adopted_routine_is_on_elses_visit_sheet_and_staff_card(walked: list[Record]) -> None:
    visits = _page("visits", walked, ELSE)
    assert "Det gør vi nu hver gang" in visits
    assert CHOIR in visits
    card = _page("home-card", walked, ELSE)
    assert "Faste rutiner" in card
    assert CHOIR in card


def test_the_running_trial_actions_sign_is_on_mogens_staff_card_and_watch_sheet(
    walked: list[Record],
) -> None:
    (board,) = [r for r in walked if isinstance(r, TrialAction) and r.status == "running"]
    sign = board.signs[0].description
    for name in ("home-card", "watch"):
        page = _page(name, walked, MOGENS)
        assert "Tegn at holde øje med" in page
        assert sign in page
        assert "Prøvehandling: Foderbræt ved vinduet" in page
        assert "Sofie" in page  # the whole team, not one person
        assert "Jonas" in page
    english = _page("watch", walked, MOGENS, "en")
    assert "Signs to watch" in english
    assert "Trial action: Foderbræt ved vinduet" in english


def test_the_dream_sheet_tells_the_citizen_what_is_tried_and_how_it_goes(
    walked: list[Record],
) -> None:
    else_page = _page("dreams", walked, ELSE)
    assert "Det drømmer du om — og det prøver vi" in else_page
    assert "Jeg vil gerne synge i koret igen" in else_page
    assert "Med dine egne ord" in else_page
    assert CHOIR in else_page  # now done every time
    mogens_page = _page("dreams", walked, MOGENS)
    assert "Vi sætter et foderbræt op ved vinduet." in mogens_page
    assert "Vi er i gang." in mogens_page
    assert "Det gik ikke, som vi håbede. Vi stoppede." in mogens_page
    assert "Vi taler med dig om det den 28. november 2026." in mogens_page
    english = _page("dreams", walked, MOGENS, "en")
    assert "Your dreams — and what we try" in english
    assert "We have started." in english


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("citizen", demo_citizens(), ids=lambda c: c.display_name)
@pytest.mark.parametrize("name", ["dreams", "watch", "visits", "home-card"])
def test_after_the_walk_documents_are_plain_language(
    walked: list[Record], name: str, citizen: Citizen, lang: str
) -> None:
    doc = render_document(name, walked, citizen_id=citizen.id, lang=lang)  # type: ignore[arg-type]  # a str from the test, not the Lang literal
    assert doc.language_report.lix <= 35, (doc.language_report.lix, doc.language_report.text)
    assert doc.language_report.hits == ()
    assert not [w for w in doc.warnings if w.code in ("jargon", "lix-above-target")]


def test_two_rule_sets_professional_words_pass_for_staff_and_not_for_the_citizen() -> None:
    html = "<p>Vi skal evaluere prøvehandlingen og observere tegnene i dag.</p>"
    citizen = check_html(html, "da")
    assert {h.term for h in citizen.hits} == {"evaluere", "observere"}
    assert for_audience(citizen, "citizen").hits == citizen.hits
    assert for_audience(citizen, "staff").hits == ()
    assert {"evaluere", "observere"} <= STAFF_WORDS
    medical = check_html("<p>Hun har dysfagi.</p>", "da")
    assert [h.term for h in for_audience(medical, "staff").hits] == ["dysfagi"]  # still jargon
    unit_words = check_html("<p>Vi bruger mestring.</p>", "da")
    assert for_audience(unit_words, "staff", ["mestring"]).hits == ()


def test_a_retired_routine_leaves_the_sheets(walked: list[Record]) -> None:
    from carekit.model import Routine

    retired = [
        r.retire(dt.date(2026, 11, 20), "Koret holder juleferie") if isinstance(r, Routine) else r
        for r in walked
    ]
    assert CHOIR not in _page("visits", retired, ELSE)
    assert CHOIR not in _page("home-card", retired, ELSE)
