"""The information leaflet after the workflows have run, with preparation soon and in the long
run and the citizen's wishes for the last time of life (ST-3, ST-5), in Danish and English, in
plain language; a transition makes the wishes due and going through them again ends it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from carekit.app import Application
from carekit.demo import demo_citizens, run_demo
from carekit.model import (
    InformationRecord,
    LifeTransition,
    PreparationItem,
    PreparationTerm,
    Record,
)
from carekit.render import render_document
from carekit.testing.readers import open_reading
from carekit.workflows import record_transition, records_for_transition, review_preparation

ELSE = demo_citizens()[0]
AT = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
ITEMS = [
    PreparationItem(
        term=PreparationTerm.SHORT_TERM,
        text="Jonas kommer hver tirsdag, til såret er helet.",
        review_at=[LifeTransition.DISCHARGE],
    ),
    PreparationItem(
        term=PreparationTerm.LONG_TERM,
        text="Når såret er helet, stopper besøgene.",
    ),
    PreparationItem(
        term=PreparationTerm.LONG_TERM,
        text="Vi har talt om, hvad der er vigtigt for dig, hvis du bliver meget syg.",
        advance_care_planning=True,
        wishes=["Jeg vil gerne være hjemme.", "Karen skal være hos mig."],
    ),
]


def _info(app: Application) -> tuple[InformationRecord, int]:
    (row,) = [
        r
        for r in app.store.query(kind="information_record", citizen_id=str(ELSE.id))
        if isinstance(r.record, InformationRecord)
    ]
    assert isinstance(row.record, InformationRecord)
    return row.record, row.version


@pytest.fixture(scope="module")
def app() -> Iterator[Application]:
    with open_reading("memory://") as opened:
        run_demo(opened, echo=lambda _line: None)
        info, version = _info(opened)
        actor = info.given_by
        opened.update(
            info.model_copy(update={"preparation_items": ITEMS}),
            expected_version=version,
            actor=actor,
            at=AT,
        )
        yield opened


def _records(app: Application) -> list[Record]:
    return [row.record for row in app.store.query()]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


EXPECTED = {
    "da": [
        "Det forbereder vi dig på",
        "Snart Jonas kommer hver tirsdag, til såret er helet. Vi taler om det igen ved "
        "udskrivelse fra hospitalet.",
        "På længere sigt Når såret er helet, stopper besøgene.",
        "Dine ønsker for den sidste tid Vi har talt om, hvad der er vigtigt for dig, hvis du "
        "bliver meget syg. Det har du sagt til os. Du kan altid ændre det. Jeg vil gerne være "
        "hjemme. Karen skal være hos mig. Vi taler om det igen ved udskrivelse fra hospitalet, "
        "flytning til plejebolig og start på lindrende pleje.",
    ],
    "en": [
        "What we prepare you for",
        "Soon Jonas kommer hver tirsdag, til såret er helet. We talk about it again at "
        "discharge from hospital.",
        "In the long run Når såret er helet, stopper besøgene.",
        "Your wishes for the last part of life Vi har talt om, hvad der er vigtigt for dig, "
        "hvis du bliver meget syg. This is what you told us. You can always change it.",
        "We talk about it again at discharge from hospital, move to a nursing home and start "
        "of comfort care.",
    ],
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_leaflet_shows_preparation_and_wishes_in_plain_language(
    app: Application, lang: str
) -> None:
    doc = render_document("information", _records(app), citizen_id=ELSE.id, lang=lang)  # type: ignore[arg-type]  # a str from parametrize
    assert isinstance(doc.content, str)
    text = _text(doc.content)
    for part in EXPECTED[lang]:
        assert part in text, (part, text)
    report = doc.language_report
    assert report.lix <= 35, (report.lix, report.text)
    assert report.hits == (), [(h.matched, h.suggestion) for h in report.hits]
    assert [w.code for w in doc.warnings] == []


def test_a_transition_makes_the_wishes_due_and_a_review_ends_it(app: Application) -> None:
    day = dt.date(2026, 11, 30)
    (info,) = records_for_transition(_records(app), str(ELSE.id), "palliative")
    _current, version = _info(app)
    moved = record_transition(info, transition=LifeTransition.PALLIATIVE, on=day)
    app.update(moved, expected_version=version, actor=info.given_by, at=AT)
    (item,) = [i for i in app.due(day) if i.category == "preparation_review"]
    assert item.reason.da == (
        "Start på lindrende pleje: tal igen med borgeren om ønskerne for den sidste tid"
    )
    assert item.responsible == info.given_by
    current, version = _info(app)
    reviewed = review_preparation(current, index=2, on=day, wishes=["Jeg vil gerne på hospice."])
    app.update(reviewed, expected_version=version, actor=info.given_by, at=AT)
    assert [i for i in app.due(day) if i.category == "preparation_review"] == []
    doc = render_document("information", _records(app), citizen_id=ELSE.id, lang="da")
    assert "Jeg vil gerne på hospice." in doc.content
    assert "Jeg vil gerne være hjemme." not in doc.content
