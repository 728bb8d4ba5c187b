"""ST-8/ST-9: the citizen's copy of the home agreement, its review in due(), and a move to
another room only with the resident's consent — each rule refused with a bilingual reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from carekit.errors import RecordValidationError
from carekit.model import HomeAgreement, KeyArrangement, Residence, RoomMoveConsent
from carekit.workflows import (
    confirm_room_move,
    due,
    hand_over_home_copy,
    record_room_move,
    review_home,
)

from . import factories as f

NOON = dt.datetime.combine(f.TODAY, dt.time(12), f.AT.tzinfo)


def home(**fields: Any) -> HomeAgreement:
    return HomeAgreement(
        citizen_id=f.CITIZEN,
        actor=f.NURSE,
        created_at=f.AT,
        updated_at=f.AT,
        setting=Residence.NURSING_HOME,
        key=KeyArrangement.NOT_APPLICABLE,
        **fields,
    )


def test_a_review_date_makes_the_agreement_due_with_a_bilingual_reason() -> None:
    agreement = home()
    assert due([agreement], f.TODAY + dt.timedelta(days=400)) == []
    reviewed = review_home(
        agreement, on=f.TODAY, next_review=f.TODAY + dt.timedelta(days=90), at=NOON
    )
    assert reviewed.agreed_with_citizen_on == f.TODAY
    (item,) = due([reviewed], f.TODAY + dt.timedelta(days=90))
    assert item.category == "home_agreement_review"
    assert item.pointer == "/review_date"
    assert item.reason.da == "Aftalen om hjemmet skal tales igennem med borgeren igen"


def test_a_review_in_the_future_or_with_no_later_next_date_is_refused() -> None:
    with pytest.raises(RecordValidationError) as future:
        review_home(
            home(),
            on=f.TODAY + dt.timedelta(days=1),
            next_review=f.TODAY + dt.timedelta(days=90),
            at=NOON,
        )
    assert future.value.problems[0].keyword == "home-review"
    with pytest.raises(RecordValidationError) as same:
        review_home(home(), on=f.TODAY, next_review=f.TODAY, at=NOON)
    (problem,) = same.value.problems
    assert problem.pointer == "/review_date"
    assert problem.message.da == "Næste gennemgang skal ligge efter denne. Vælg en senere dato."


def test_the_citizens_copy_is_recorded_and_not_in_the_future() -> None:
    assert hand_over_home_copy(home(), on=f.TODAY, at=NOON).citizen_copy_on == f.TODAY
    with pytest.raises(RecordValidationError) as later:
        hand_over_home_copy(home(), on=f.TODAY + dt.timedelta(days=2), at=NOON)
    assert later.value.problems[0].pointer == "/citizen_copy_on"


def test_a_room_move_is_confirmed_only_with_the_residents_yes() -> None:
    soon = f.TODAY + dt.timedelta(days=5)
    asked = record_room_move(home(), to_room="stue 12", planned_on=soon, reason="Mere lys", at=NOON)
    assert asked.moves_without_consent() == [0]
    with pytest.raises(RecordValidationError) as refused:
        confirm_room_move(asked, index=0)
    (problem,) = refused.value.problems
    assert (problem.keyword, problem.pointer) == ("room-move", "/room_moves/0/consent")
    assert problem.message.da == (
        "Borgeren har ikke sagt ja til at flytte til stue 12. Flyt ikke borgeren uden "
        "samtykke. Tal med borgeren først."
    )
    agreed = record_room_move(
        asked,
        to_room="stue 14",
        planned_on=soon,
        reason="Mere lys",
        at=NOON,
        consent="agreed",
        asked_on=f.TODAY,
        citizen_words="Ja, hvis fuglebrættet kommer med.",
    )
    assert confirm_room_move(agreed, index=1).to_room == "stue 14"
    assert agreed.moves_without_consent() == [0]


@pytest.mark.parametrize(
    ("kwargs", "pointer", "en"),
    [
        (
            {"planned_on": f.TODAY - dt.timedelta(days=1)},
            "/room_moves/0/planned_on",
            "A move must be recorded before it happens, so the resident can say yes or no.",
        ),
        (
            {"consent": RoomMoveConsent.DECLINED},
            "/room_moves/0/asked_on",
            "Record when the resident was asked.",
        ),
        (
            {"consent": "agreed", "asked_on": f.TODAY + dt.timedelta(days=9)},
            "/room_moves/0/asked_on",
            "The resident must be asked before the move, not after.",
        ),
    ],
)
def test_a_room_move_that_breaks_a_rule_is_refused(
    kwargs: dict[str, object], pointer: str, en: str
) -> None:
    args: dict[str, object] = {"planned_on": f.TODAY + dt.timedelta(days=5), **kwargs}
    with pytest.raises(RecordValidationError) as refused:
        record_room_move(home(), to_room="stue 12", reason="Mere lys", at=NOON, **args)  # type: ignore[arg-type]  # parametrized
    (problem,) = refused.value.problems
    assert (problem.keyword, problem.pointer, problem.message.en) == ("room-move", pointer, en)


def test_confirming_a_move_that_is_not_there_says_so() -> None:
    with pytest.raises(RecordValidationError) as missing:
        confirm_room_move(home(), index=3)
    assert missing.value.problems[0].message.da == "Aftalen har ingen flytning nummer 4."
