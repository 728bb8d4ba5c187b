"""A relative's part in each situation is structured on the safety plan and read back to the
citizen on "Hvem er hvem?", in Danish and English and plain language (ST-11); a relative the
sheet may not show is left out."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carekit.demo import demo_citizens, run_demo
from carekit.model import NetworkMember, Record, RelativePart, RelativeRole, SafetyPlan
from carekit.render import render_document
from carekit.testing.readers import open_reading

ELSE = demo_citizens()[0]
AT = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def records() -> list[Record]:
    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        members = {
            r.record.name: r.record
            for r in app.store.query(kind="network_member", citizen_id=str(ELSE.id))
            if isinstance(r.record, NetworkMember)
        }
        (row,) = [
            r
            for r in app.store.query(kind="safety_plan", citizen_id=str(ELSE.id))
            if getattr(r.record, "status", "") == "active"
        ]
        plan = row.record
        assert isinstance(plan, SafetyPlan)
        karen, birthe = members["Karen (datter)"].id, members["Birthe fra kirkekoret"].id
        roles = {
            "fall": [
                RelativeRole(member_id=karen, part=RelativePart.COMES_WHEN_CALLED),
                RelativeRole(member_id=birthe, part=RelativePart.CALLED_FIRST),  # not shown
            ],
            "pain": [
                RelativeRole(
                    member_id=karen, part=RelativePart.TOLD_AFTERWARDS, note="Kun efter kl. 16."
                )
            ],
        }
        situations = [
            s.model_copy(update={"relative_roles": roles.get(s.type.value, [])})
            for s in plan.situations
        ]
        app.update(
            plan.model_copy(update={"situations": situations}),
            expected_version=row.version,
            actor=plan.actor,
            at=AT,
        )
        return [r.record for r in app.store.query()]


def _text(content: str | bytes) -> str:
    assert isinstance(content, str)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))


EXPECTED = {
    "da": [
        "Det gør dine pårørende",
        "Hvis du falder Karen (datter) kommer, når der bliver ringet.",
        "Hvis du får ondt Karen (datter) får besked bagefter. Kun efter kl. 16.",
    ],
    "en": [
        "What your relatives do",
        "If you fall Karen (datter) comes when called.",
        "If you are in pain Karen (datter) is told afterwards. Kun efter kl. 16.",
    ],
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_each_relatives_part_reads_back_per_situation(records: list[Record], lang: str) -> None:
    doc = render_document("network", records, citizen_id=ELSE.id, lang=lang)  # type: ignore[arg-type]  # a str from parametrize
    text = _text(doc.content)
    for part in EXPECTED[lang]:
        assert part in text, (part, text)
    assert "Birthe fra kirkekoret ringes" not in text  # not shared: never shown
    assert doc.language_report.lix <= 35
    assert doc.language_report.hits == ()
    assert doc.warnings == ()
