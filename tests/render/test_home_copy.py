"""The citizen's own copy of the home agreement and the staff card's greeting and room moves,
rendered from the store after the workflows have run, in Danish and English, in plain
language (ST-8, ST-9)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from carekit.app import Application
from carekit.demo import demo_citizens, run_demo
from carekit.model import Citizen, HomeAgreement, Record
from carekit.render import render_document
from carekit.testing.readers import open_reading
from carekit.workflows import hand_over_home_copy, record_room_move, review_home

ELSE, MOGENS = demo_citizens()
AT = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 23)


def _home(app: Application, citizen: Citizen) -> tuple[HomeAgreement, int]:
    (row,) = app.store.query(kind="home_agreement", citizen_id=str(citizen.id))
    assert isinstance(row.record, HomeAgreement)
    return row.record, row.version


@pytest.fixture(scope="module")
def app() -> Iterator[Application]:
    with open_reading("memory://") as opened:
        run_demo(opened, echo=lambda _line: None)
        home, version = _home(opened, MOGENS)
        home = home.model_copy(
            update={
                "greeting": "Sig godmorgen, og brug mit fornavn.",
                "introduction": "Sig dit navn, og hvorfor du kommer.",
            }
        )
        home = hand_over_home_copy(home, on=TODAY, at=AT)
        home = review_home(home, on=TODAY, next_review=dt.date(2027, 2, 23), at=AT)
        home = record_room_move(
            home, to_room="stue 12", planned_on=dt.date(2026, 11, 30), reason="Mere lys", at=AT
        )
        opened.update(home, expected_version=version, actor=home.actor, at=AT)
        yield opened


def _records(app: Application) -> list[Record]:
    return [row.record for row in app.store.query()]


def _text(content: str | bytes) -> str:
    assert isinstance(content, str)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))


EXPECTED = {
    "da": [
        "Her står det, vi har aftalt med dig om din stue. Det er din kopi.",
        "Vi banker på. Vi venter, til du siger: kom ind. Sådan vil du hilses: Sig godmorgen, "
        "og brug mit fornavn. Sådan siger vi, hvem vi er: Sig dit navn, og hvorfor du kommer.",
        "Det flytter vi ikke Fuglebrættet i vinduet",
        "Flytning til en anden stue stue 12 den 30. november 2026. Vi har ikke spurgt dig "
        "endnu. Vi flytter dig ikke uden dit ja.",
        "Vi aftalte det med dig den 23. november 2026.",
        "Vi taler om aftalen igen senest den 23. februar 2027.",
        "Vil du ændre noget? Så sig det til os.",
    ],
    "en": [
        "This is what we agreed with you about your room. It is your copy.",
        "We knock. We wait until you say: come in. How you want to be greeted: Sig godmorgen, "
        "og brug mit fornavn.",
        "What we do not move Fuglebrættet i vinduet",
        "Moving to another room stue 12 on 30 November 2026. We have not asked you yet. We "
        "will not move you without your yes.",
        "We talk about the agreement again by 23 February 2027.",
    ],
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_residents_copy_speaks_to_them_in_plain_language(app: Application, lang: str) -> None:
    doc = render_document("home", _records(app), citizen_id=MOGENS.id, lang=lang, as_of=TODAY)  # type: ignore[arg-type]  # a str from parametrize
    text = _text(doc.content)
    for part in EXPECTED[lang]:
        assert part in text, (part, text)
    assert doc.language_report.lix <= 35, doc.language_report.lix
    assert doc.language_report.hits == ()
    assert doc.warnings == ()


def test_else_reads_about_her_own_home_with_her_cat(app: Application) -> None:
    doc = render_document("home", _records(app), citizen_id=ELSE.id, lang="da", as_of=TODAY)
    text = _text(doc.content)
    assert "Her står det, vi har aftalt med dig om dit hjem. Det er din kopi." in text
    assert "Vi ringer på." in text
    assert "Vi tager futter på." in text
    assert "Dine dyr Misse (kat): Må ikke komme ud" in text
    assert "Nøglen Nøgleboks." in text


def test_the_staff_card_shows_the_greeting_and_warns_about_a_move_without_a_yes(
    app: Application,
) -> None:
    doc = render_document("home-card", _records(app), citizen_id=MOGENS.id, lang="da", as_of=TODAY)
    text = _text(doc.content)
    assert (
        "Når du kommer ind Sådan vil borgeren hilses: Sig godmorgen, og brug mit fornavn. "
        "Sådan præsenterer du dig: Sig dit navn, og hvorfor du kommer."
    ) in text
    assert (
        "Til stue 12 den 30. november 2026: Ikke spurgt endnu. Flyt ikke Mogens, før Mogens "
        "har sagt ja."
    ) in text
    assert [w.code for w in doc.warnings] == ["room-move-without-consent"]
    assert doc.warnings[0].message.en.startswith(
        "The resident has not agreed to the move to stue 12"
    )
    after = render_document(
        "home-card", _records(app), citizen_id=MOGENS.id, as_of=dt.date(2026, 12, 1)
    )
    assert after.warnings == ()  # the day has passed: no warning about a move that is over


def test_the_review_is_due_for_the_team(app: Application) -> None:
    items = [i for i in app.due(dt.date(2027, 2, 23)) if i.category == "home_agreement_review"]
    assert [(i.citizen_id, i.due_on) for i in items] == [(str(MOGENS.id), dt.date(2027, 2, 23))]
