"""ST-11: a network meeting is recorded with who took part and what was agreed, the next one
comes due in due(), and a meeting that breaks a rule is refused with a bilingual reason."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from carekit.errors import RecordValidationError
from carekit.model import CareNetwork
from carekit.workflows import due, record_network_meeting

from . import factories as f

NOON = dt.datetime.combine(f.TODAY, dt.time(12), f.AT.tzinfo)
ANNA, KAREN = uuid.uuid4(), uuid.uuid4()


def network(next_meeting: dt.date | None = None) -> CareNetwork:
    return CareNetwork(
        citizen_id=f.CITIZEN,
        actor=f.NURSE,
        created_at=f.AT,
        updated_at=f.AT,
        member_ids=[ANNA, KAREN],
        next_meeting=next_meeting,
    )


def test_next_meeting_comes_due_and_recording_the_meeting_moves_it_on() -> None:
    planned = network(f.TODAY)
    (item,) = due([planned], f.TODAY)
    assert item.category == "network_meeting"
    assert item.pointer == "/next_meeting"
    assert item.reason.da == "Netværksmødet skal holdes. Skriv bagefter, hvad I aftalte"
    held = record_network_meeting(
        planned,
        held_on=f.TODAY,
        participant_ids=[ANNA, str(KAREN)],
        agreed=["Karen ringer til Anna hver fredag.", "  "],
        next_meeting=f.TODAY + dt.timedelta(days=60),
        at=NOON,
    )
    assert due([held], f.TODAY + dt.timedelta(days=59)) == []
    assert [i.due_on for i in due([held], f.TODAY + dt.timedelta(days=60))] == [
        f.TODAY + dt.timedelta(days=60)
    ]
    assert held.latest_meeting is not None
    assert held.latest_meeting.agreed == ["Karen ringer til Anna hver fredag."]
    assert held.latest_meeting.participant_ids == [ANNA, KAREN]


def test_without_a_next_meeting_nothing_comes_due() -> None:
    held = record_network_meeting(
        network(f.TODAY), held_on=f.TODAY, participant_ids=[ANNA], agreed=[], next_meeting=None,
        at=NOON,
    )  # fmt: skip
    assert due([held], f.TODAY + dt.timedelta(days=365)) == []


@pytest.mark.parametrize(
    ("changes", "pointer", "da"),
    [
        (
            {"held_on": f.TODAY + dt.timedelta(days=1)},
            "/meetings/0/held_on",
            f"Mødet den {(f.TODAY + dt.timedelta(days=1)).isoformat()} er ikke holdt endnu. "
            "Skriv det bagefter.",
        ),
        ({"participant_ids": []}, "/meetings/0/participant_ids", None),
        ({"participant_ids": [uuid.UUID(int=7)]}, "/meetings/0/participant_ids", None),
        (
            {"next_meeting": f.TODAY},
            "/next_meeting",
            "Næste møde skal ligge efter dette møde. Vælg en senere dato.",
        ),
    ],
)
def test_a_meeting_that_breaks_a_rule_is_refused(
    changes: dict[str, object], pointer: str, da: str | None
) -> None:
    args: dict[str, object] = {
        "held_on": f.TODAY,
        "participant_ids": [ANNA],
        "agreed": [],
        "next_meeting": None,
        **changes,
    }
    with pytest.raises(RecordValidationError) as refused:
        record_network_meeting(network(), at=NOON, **args)  # type: ignore[arg-type]  # parametrized
    (problem,) = refused.value.problems
    assert (problem.keyword, problem.pointer) == ("network-meeting", pointer)
    if da is not None:
        assert problem.message.da == da
    else:
        assert problem.message.da.startswith("Skriv, hvem fra netværket der var med.")
    if changes.get("participant_ids") == [uuid.UUID(int=7)]:
        assert problem.message.en.endswith(f"Not in the network: {uuid.UUID(int=7)}.")
