"""``carekit demo`` walks the shift's list and a representative's consent (#19 points 2 and
6): the day shift's "what to watch" for Else's unit shows her Thursday routine, the list is
read as Anna (access-logged per citizen), and the learning story is shared as widely as
Peter's consent allows, on the legal basis recorded on the consent."""

from __future__ import annotations

import pytest

from carekit.demo import demo_citizens, demo_records, demo_staff, run_demo
from carekit.i18n import Lang
from carekit.model import Consent, ConsentBasis, ConsentGiver, check_rules
from carekit.testing.readers import open_reading


def _walk(lang: Lang) -> list[str]:
    lines: list[str] = []
    with open_reading("memory://") as app:
        run_demo(app, lang=lang, echo=lines.append)
    return lines


def _section(lines: list[str], heading: str) -> list[str]:
    start = lines.index(heading)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("== "))
    return [line.strip() for line in lines[start + 1 : end] if line.strip()]


@pytest.mark.parametrize(
    ("lang", "heading", "expected"),
    [
        (
            "da",
            "== Hold øje med på vagten (DC-2, DC-6)",
            [
                "Dagvagt, torsdag 19. november 2026, Hjemmeplejen Nord:",
                "Else",
                "Fast rutine: Vi flytter torsdagens besøg, så Birthe kan hente Else kl. 18.",
                "Listen som dokument til vagten er læst med personalets sprogregler: i orden.",
            ],
        ),
        (
            "en",
            "== What to watch on the shift (DC-2, DC-6)",
            [
                "Day shift, Thursday 19 November 2026, Hjemmeplejen Nord:",
                "Else",
                "Routine: Vi flytter torsdagens besøg, så Birthe kan hente Else kl. 18.",
                "The list as a document for the shift is read with the staff's language rules: "
                "it passes.",
            ],
        ),
    ],
)
def test_the_demo_shows_the_shift_list_of_a_unit(
    lang: Lang, heading: str, expected: list[str]
) -> None:
    lines = _walk(lang)
    assert _section(lines, heading) == expected
    assert not any("Mogens" in line for line in _section(lines, heading))  # another unit


def test_the_demo_names_the_legal_basis_of_peters_consent() -> None:
    da, en = _walk("da"), _walk("en")
    assert (
        "Fortællingen deles med hele enheden, som samtykket tillader. Peter gav samtykket; "
        "hjemmel: fremtidsfuldmagt, der omfatter personlige forhold."
    ) in [line.strip() for line in da]
    assert (
        "The story is shared with the whole unit, as the consent allows. Peter gave the "
        "consent; legal basis: lasting power of attorney (fremtidsfuldmagt) covering personal "
        "matters."
    ) in [line.strip() for line in en]


def test_the_shift_list_is_read_as_anna_and_logged_per_citizen() -> None:
    anna = demo_staff()["anna"]
    else_ = demo_citizens()[0]
    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        logged = [e for e in app.store.access_log(actor_id=anna.id) if e.operation == "shift_watch"]
    assert [e.citizen_id for e in logged] == [str(else_.id)]


def test_the_demo_citizens_belong_to_units_and_their_consents_pass_the_rules() -> None:
    else_, mogens = demo_citizens()
    assert (else_.unit, mogens.unit) == ("Hjemmeplejen Nord", "Plejecentret Lyngen, afd. B")
    consents = [r for r in demo_records() if isinstance(r, Consent)]
    assert consents
    for consent in consents:
        assert [x.rule for x in check_rules(consent)] == []
        assert consent.lawfully_given
    by_peter = [c for c in consents if c.given_by is ConsentGiver.RELATIVE]
    assert [c.legal_basis for c in by_peter] == [ConsentBasis.LASTING_POWER_OF_ATTORNEY]
