"""ST-5: preparation items soon and in the long run, the advance care planning talk with the
citizen's wishes, and a review at the transitions of life (discharge, a move to a nursing home,
palliative care) that shows in due() and ends when the item is gone through again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import RecordValidationError
from carekit.model import (
    AgreementMethod,
    InformationRecord,
    LifeTransition,
    PreparationItem,
    PreparationTerm,
    Understanding,
)
from carekit.workflows import due, record_transition, records_for_transition, review_preparation

from . import factories as f

ACP = PreparationItem(
    term=PreparationTerm.LONG_TERM,
    text="Vi har talt om, hvad der er vigtigt for dig, hvis du bliver meget syg.",
    advance_care_planning=True,
    wishes=["Jeg vil gerne være hjemme.", "Karen skal være der."],
)
SOON = PreparationItem(
    term=PreparationTerm.SHORT_TERM,
    text="Du kommer hjem fra hospitalet på fredag.",
    review_at=[LifeTransition.DISCHARGE],
)
LATER = PreparationItem(term=PreparationTerm.LONG_TERM, text="Vi taler om en plejebolig.")


def info(*items: PreparationItem, **overrides: Any) -> InformationRecord:
    fields: dict[str, Any] = {
        "topic": "Forberedende samtale",
        "now": "Vi taler om, hvad der skal ske.",
        "why": "Så vi ved, hvad du ønsker.",
        "what_next": "Vi taler om det igen.",
        "given_how": AgreementMethod.BOTH,
        "given_by": f.NURSE,
        "given_at": f.AT,
        "understanding": Understanding.UNDERSTOOD,
        "preparation_items": list(items),
        **overrides,
    }
    return InformationRecord(
        citizen_id=f.CITIZEN, actor=f.NURSE, created_at=f.AT, updated_at=f.AT, **fields
    )


def test_an_advance_care_planning_item_is_reviewed_at_every_transition() -> None:
    assert ACP.triggers == tuple(LifeTransition)
    assert SOON.triggers == (LifeTransition.DISCHARGE,)
    assert LATER.triggers == ()


@pytest.mark.parametrize("transition", list(LifeTransition))
def test_a_transition_makes_the_wishes_due_on_its_day_with_a_bilingual_reason(
    transition: LifeTransition,
) -> None:
    record = info(ACP, LATER)
    assert record.due_on() is None
    day = f.TODAY + dt.timedelta(days=5)
    moved = record_transition(record, transition=transition, on=day)
    assert moved.due_on() == day
    assert due([moved], day - dt.timedelta(days=1)) == []
    (item,) = due([moved], day)
    assert item.category == "preparation_review"
    assert item.pointer == "/preparation_items/0/reviewed_on"
    assert item.responsible == f.NURSE
    assert item.reason.da == (
        f"{transition.label.da}: tal igen med borgeren om ønskerne for den sidste tid"
    )
    assert item.reason.en == (
        f"{transition.label.en}: talk again with the citizen about their wishes for the last "
        "time of life"
    )


def test_a_discharge_makes_the_short_term_item_due_too_and_a_review_ends_it() -> None:
    day = f.TODAY + dt.timedelta(days=2)
    moved = record_transition(info(SOON, ACP), transition="discharge", on=day)
    items = due([moved], day)
    assert [i.pointer for i in items] == [
        "/preparation_items/0/reviewed_on",
        "/preparation_items/1/reviewed_on",
    ]
    assert items[0].reason.da == (
        "Udskrivelse fra hospitalet: gennemgå igen med borgeren, hvad vi har forberedt"
    )
    done = review_preparation(moved, index=0, on=day)
    done = review_preparation(done, index=1, on=day, wishes=["Jeg vil gerne på hospice."])
    assert due([done], day + dt.timedelta(days=30)) == []
    assert done.preparation_items[1].wishes == ["Jeg vil gerne på hospice."]
    assert done.preparation_items[1].reviewed_on == day
    # a later transition makes it due again
    again = record_transition(done, transition="palliative", on=day + dt.timedelta(days=40))
    (item,) = due([again], day + dt.timedelta(days=40))
    assert item.pointer == "/preparation_items/1/reviewed_on"


def test_a_not_understood_recheck_and_a_review_both_show() -> None:
    record = info(ACP, understanding=Understanding.NOT_UNDERSTOOD)
    moved = record_transition(record, transition="palliative", on=f.TODAY)
    categories = sorted(i.category for i in due([moved], f.TODAY + dt.timedelta(days=10)))
    assert categories == ["information_recheck", "preparation_review"]
    assert moved.due_on() == f.TODAY


def test_the_same_transition_twice_on_one_day_is_refused() -> None:
    moved = record_transition(info(ACP), transition="discharge", on=f.TODAY)
    with pytest.raises(RecordValidationError) as refused:
        record_transition(moved, transition="discharge", on=f.TODAY)
    (problem,) = refused.value.problems
    assert (problem.keyword, problem.pointer) == ("preparation-transition", "/transitions")
    assert problem.message.da == (
        f"Overgangen 'Udskrivelse fra hospitalet' den {f.TODAY.isoformat()} er allerede skrevet på."
    )


def test_a_review_without_a_transition_before_it_or_without_wishes_is_refused() -> None:
    record = info(ACP, LATER)
    with pytest.raises(RecordValidationError) as not_due:
        review_preparation(record, index=0, on=f.TODAY)
    (problem,) = not_due.value.problems
    assert problem.keyword == "preparation-review"
    assert problem.message.en == (
        "Preparation item 1 is not waiting to be reviewed. Record the transition first."
    )
    moved = record_transition(record, transition="move_to_nursing_home", on=f.TODAY)
    with pytest.raises(RecordValidationError) as early:
        review_preparation(moved, index=0, on=f.TODAY - dt.timedelta(days=1))
    assert early.value.problems[0].pointer == "/preparation_items/0/reviewed_on"
    with pytest.raises(RecordValidationError) as empty:
        review_preparation(moved, index=0, on=f.TODAY, wishes=["  "])
    assert empty.value.problems[0].pointer == "/preparation_items/0/wishes"
    assert empty.value.problems[0].message.da.startswith(
        "Skriv borgerens ønsker for den sidste tid med borgerens egne ord"
    )


def test_records_for_transition_finds_the_citizens_records_that_name_it() -> None:
    with_wishes, soon_only, nothing = info(ACP), info(SOON), info(LATER)
    found = records_for_transition([with_wishes, soon_only, nothing], str(f.CITIZEN), "palliative")
    assert found == [with_wishes]
    found = records_for_transition([with_wishes, soon_only, nothing], str(f.CITIZEN), "discharge")
    assert found == [with_wishes, soon_only]


@given(
    reviewed=st.none() | st.integers(-20, 20),
    transitions=st.lists(
        st.tuples(st.sampled_from(list(LifeTransition)), st.integers(-20, 20)), max_size=4
    ),
)
def test_an_item_is_due_exactly_when_a_transition_it_names_came_after_its_review(
    reviewed: int | None, transitions: list[tuple[LifeTransition, int]]
) -> None:
    def day(n: int) -> dt.date:
        return f.TODAY + dt.timedelta(days=n)

    item = SOON.model_copy(update={"reviewed_on": day(reviewed) if reviewed is not None else None})
    record = info(item)
    for kind, n in {(k, n) for k, n in transitions}:
        record = record_transition(record, transition=kind, on=day(n))
    pending = [
        day(n)
        for kind, n in transitions
        if kind is LifeTransition.DISCHARGE and (reviewed is None or reviewed < n)
    ]
    assert record.due_on() == (min(pending) if pending else None)
