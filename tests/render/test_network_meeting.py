"""A network meeting recorded after the workflows have run shows on "Hvem er hvem?" with what
was agreed and when the next one is, in Danish and English and plain language; the next meeting
comes due for the team (ST-11)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carekit.demo import demo_citizens, run_demo
from carekit.model import CareNetwork, Record
from carekit.render import render_document
from carekit.testing.readers import open_reading
from carekit.workflows import record_network_meeting

ELSE = demo_citizens()[0]
AT = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def after() -> tuple[list[Record], list[tuple[str, dt.date]]]:
    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        (row,) = app.store.query(kind="care_network", citizen_id=str(ELSE.id))
        network = row.record
        assert isinstance(network, CareNetwork)
        held = record_network_meeting(
            network,
            held_on=dt.date(2026, 11, 20),
            participant_ids=network.member_ids[:2],
            agreed=["Karen ringer til Anna, hvis hun er bekymret.", "Anna kommer til koret."],
            next_meeting=dt.date(2027, 2, 19),
            at=AT,
        )
        app.update(held, expected_version=row.version, actor=network.actor, at=AT)
        due: list[tuple[str, dt.date]] = [
            (i.category, i.due_on)
            for i in app.due(dt.date(2027, 2, 19))
            if i.category == "network_meeting"
        ]
        return [r.record for r in app.store.query()], due


def _text(content: str | bytes) -> str:
    assert isinstance(content, str)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))


EXPECTED = {
    "da": "Vi holdt møde den 20. november 2026. Det aftalte vi: Karen ringer til Anna, hvis hun "
    "er bekymret. Anna kommer til koret. Næste møde er den 19. februar 2027.",
    "en": "We met on 20 November 2026. This is what we agreed: Karen ringer til Anna, hvis hun "
    "er bekymret. Anna kommer til koret. The next meeting is on 19 February 2027.",
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_meeting_and_the_next_one_show_in_plain_language(
    after: tuple[list[Record], list[tuple[str, dt.date]]], lang: str
) -> None:
    records, _due = after
    doc = render_document("network", records, citizen_id=ELSE.id, lang=lang)  # type: ignore[arg-type]  # a str from parametrize
    assert EXPECTED[lang] in _text(doc.content)
    assert doc.language_report.lix <= 35
    assert doc.language_report.hits == ()
    assert doc.warnings == ()


def test_the_next_meeting_is_due(after: tuple[list[Record], list[tuple[str, dt.date]]]) -> None:
    _records, due = after
    assert due == [("network_meeting", dt.date(2027, 2, 19))]
