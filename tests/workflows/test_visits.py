"""The visit plan (ST-12): validation with bilingual findings, recurrence expansion, changes
recorded with reasons and the ``VisitChanged`` event they emit."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import RecordValidationError
from carekit.model import (
    PlannedVisit,
    SafetyPlan,
    TimeWindow,
    VisitChange,
    VisitChangeKind,
    Weekday,
    check_rules,
    distinct_helpers,
    parse_record,
    visits_between,
)
from carekit.workflows import VisitChanged, change_visit

from .factories import NURSE, safety_plan

MONDAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
HELPER = uuid.UUID("11111111-2222-4333-8444-555555555555")


def _visit(**overrides: object) -> PlannedVisit:
    fields: dict[str, object] = {
        "who": "Anna Holm",
        "weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday"],
        "window": TimeWindow(start="08:00", end="09:00"),
        "purpose": "Hjælp til bad og tøj",
        "decided_by": "Hjemmeplejen Nord",
        **overrides,
    }
    return PlannedVisit(**fields)


def _findings(visit: PlannedVisit) -> list[tuple[str, str, str, str]]:
    plan = safety_plan(planned_visits=[visit])
    return [
        (f.rule, f.pointer, f.message.da, f.message.en)
        for f in check_rules(plan)
        if f.rule.startswith("visit-")
    ]


# --- validation ---------------------------------------------------------------------------


def test_a_window_that_ends_before_it_starts_is_an_error_in_both_languages() -> None:
    findings = _findings(_visit(window=TimeWindow(start="09:00", end="08:00")))
    assert findings == [
        (
            "visit-window",
            "/planned_visits/0/window",
            "Tidsrummet skal slutte efter, det begynder: 09:00-08:00 går ikke.",
            "The time window must end after it starts: 09:00-08:00 does not.",
        )
    ]


def test_an_empty_window_is_an_error_too() -> None:
    assert [f[0] for f in _findings(_visit(window=TimeWindow(start="08:00", end="08:00")))] == [
        "visit-window"
    ]


def test_a_visit_without_a_named_helper_needs_a_reason() -> None:
    findings = _findings(_visit(who=None))
    assert findings == [
        (
            "visit-helper",
            "/planned_visits/0/helper_id",
            "Skriv, hvem der kommer. Eller skriv, hvorfor der kun kan stå 'en kollega'.",
            "Say who comes. Or say why it can only say 'a colleague'.",
        )
    ]
    assert _findings(_visit(who=None, colleague_reason="Vagtplanen lægges fredag")) == []


def test_a_window_needs_weekdays_or_dates() -> None:
    findings = _findings(_visit(weekdays=[]))
    assert [(f[0], f[3]) for f in findings] == [
        ("visit-days", "Say on which weekdays or dates the visit is.")
    ]
    assert _findings(_visit(weekdays=[], dates=[MONDAY])) == []


@pytest.mark.parametrize("day", ["funday", 3, "Monday"])
def test_an_unknown_weekday_is_refused_in_both_languages(day: object) -> None:
    plan = safety_plan(planned_visits=[_visit()])
    data = plan.model_dump(mode="json")
    data["planned_visits"][0]["weekdays"] = [day]
    with pytest.raises(RecordValidationError) as caught:
        parse_record(data)
    (problem,) = caught.value.problems
    assert problem.pointer == "/planned_visits/0/weekdays/0"
    days = "'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'"
    assert problem.message.da == f"Ugyldig værdi: Skal være en af: {days} eller 'sunday'."
    assert problem.message.en == f"Invalid value: Input should be {days} or 'sunday'"


@pytest.mark.parametrize("text", ["8:00", "24:00", "08:60", "0800", "kl. 8"])
def test_a_time_of_day_must_be_hh_mm(text: str) -> None:
    with pytest.raises(RecordValidationError) as caught:
        TimeWindow(start=text, end="23:00")
    assert [p.pointer for p in caught.value.problems] == ["/start"]


def test_a_change_must_name_a_visit_of_the_plan_and_a_new_time() -> None:
    visit = _visit()
    change = VisitChange(
        visit_id=uuid.uuid4(),
        on=MONDAY,
        change=VisitChangeKind.OTHER_TIME,
        reason="Vi er forsinket",
        changed_at=AT,
        changed_by=NURSE,
    )
    plan = safety_plan(planned_visits=[visit], visit_changes=[change])
    rules = [(f.rule, f.pointer) for f in check_rules(plan) if f.rule.startswith("visit-")]
    assert rules == [
        ("visit-change", "/visit_changes/0/visit_id"),
        ("visit-change", "/visit_changes/0/new_window"),
    ]


# --- recurrence ---------------------------------------------------------------------------


def test_weekly_visits_are_expanded_over_the_range() -> None:
    plan = safety_plan(planned_visits=[_visit()])
    found = visits_between(plan, MONDAY, MONDAY + dt.timedelta(days=13))
    assert [v.on.isoweekday() for v in found] == [1, 2, 3, 4, 5] * 2
    assert {(v.start, v.end) for v in found} == {(dt.time(8), dt.time(9))}


def test_starts_on_ends_on_and_single_dates() -> None:
    weekly = _visit(starts_on=MONDAY + dt.timedelta(days=2), ends_on=MONDAY + dt.timedelta(days=3))
    once = _visit(weekdays=[], dates=[MONDAY + dt.timedelta(days=6)], who="Jonas Berg")
    plan = safety_plan(planned_visits=[weekly, once])
    found = visits_between(plan, MONDAY, MONDAY + dt.timedelta(days=13))
    assert [(v.on.day, v.who) for v in found] == [
        (25, "Anna Holm"),
        (26, "Anna Holm"),
        (29, "Jonas Berg"),
    ]


_clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


@st.composite
def _plans(draw: st.DrawFn) -> tuple[SafetyPlan, dt.date, dt.date]:
    visits = []
    for _ in range(draw(st.integers(1, 3))):
        start, end = sorted(draw(st.lists(_clock, min_size=2, max_size=2, unique=True)))
        visits.append(
            _visit(
                weekdays=draw(st.lists(st.sampled_from(Weekday), max_size=7, unique=True)),
                dates=draw(
                    st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=3)
                ),
                window=TimeWindow(start=start, end=end),
            )
        )
    changes = []
    for visit in visits:
        for day in draw(st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=3)):
            new_start, new_end = sorted(draw(st.lists(_clock, min_size=2, max_size=2, unique=True)))
            kind = draw(st.sampled_from(VisitChangeKind))
            changes.append(
                VisitChange(
                    visit_id=visit.id,
                    on=day,
                    change=kind,
                    who="Bob" if kind is VisitChangeKind.OTHER_HELPER else None,
                    new_date=draw(st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
                    new_window=TimeWindow(start=new_start, end=new_end),
                    reason="Fordi",
                    changed_at=AT,
                    changed_by=NURSE,
                )
            )
    first = draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    last = first + dt.timedelta(days=draw(st.integers(0, 40)))
    return safety_plan(planned_visits=visits, visit_changes=changes), first, last


@given(_plans())
def test_every_expanded_visit_lies_inside_its_window_and_the_range(
    case: tuple[SafetyPlan, dt.date, dt.date],
) -> None:
    plan, start, end = case
    found = visits_between(plan, start, end)
    for v in found:
        assert start <= v.on <= end
        assert v.start < v.end
        change = v.change
        moved = change is not None and change.change is VisitChangeKind.OTHER_TIME
        window = change.new_window if moved and change is not None else v.visit.window
        assert window is not None
        assert (v.start, v.end) == (window.start_time, window.end_time)
        if not moved:
            assert v.visit.falls_on(v.on)
    assert found == sorted(found, key=lambda v: (v.on, v.start, v.end, str(v.visit.id)))


# --- changes ------------------------------------------------------------------------------


def test_a_change_is_recorded_with_its_reason_and_emits_visit_changed_without_free_text() -> None:
    visit = _visit()
    plan = safety_plan(planned_visits=[visit])
    result = change_visit(
        plan,
        visit_id=visit.id,
        on=MONDAY,
        change="other_time",
        new_window=TimeWindow(start="10:00", end="11:00"),
        reason="Anna er hos tandlægen om morgenen",
        actor=NURSE,
        at=AT,
    )
    assert result.plan.visit_changes == [result.change]
    assert result.change.reason == "Anna er hos tandlægen om morgenen"
    (moved,) = visits_between(result.plan, MONDAY, MONDAY)
    assert (moved.start, moved.end, moved.change) == (dt.time(10), dt.time(11), result.change)
    event = result.event
    assert isinstance(event, VisitChanged)
    assert event.name == "VisitChanged"
    assert event.reason is None
    assert event.data == {
        "visit_id": str(visit.id),
        "change": "other_time",
        "planned_on": "2026-11-23",
        "visit_date": "2026-11-23",
        "start": "10:00",
        "end": "11:00",
        "named": True,
    }
    assert "Anna" not in str(event.to_dict())


def test_a_past_visit_or_a_day_it_does_not_fall_on_cannot_be_changed() -> None:
    visit = _visit()
    plan = safety_plan(planned_visits=[visit])
    with pytest.raises(RecordValidationError) as past:
        change_visit(
            plan, visit_id=visit.id, on=dt.date(2026, 11, 16), change="cancelled",
            reason="Syg", actor=NURSE, at=AT,
        )  # fmt: skip
    assert "før, det finder sted" in past.value.problems[0].message.da
    assert "before it takes place" in past.value.problems[0].message.en
    with pytest.raises(RecordValidationError) as saturday:
        change_visit(
            plan, visit_id=visit.id, on=dt.date(2026, 11, 28), change="cancelled",
            reason="Syg", actor=NURSE, at=AT,
        )  # fmt: skip
    assert "ikke planlagt den 2026-11-28" in saturday.value.problems[0].message.da
    with pytest.raises(RecordValidationError):
        change_visit(
            plan, visit_id=uuid.uuid4(), on=MONDAY, change="cancelled",
            reason="Syg", actor=NURSE, at=AT,
        )  # fmt: skip


def test_continuity_counts_distinct_named_helpers_and_colleagues_apart() -> None:
    anna = _visit(helper_id=HELPER, who=None)
    weekend = _visit(
        who=None,
        weekdays=[Weekday.SATURDAY, Weekday.SUNDAY],
        colleague_reason="Vagtplanen lægges fredag",
    )
    plan = safety_plan(planned_visits=[anna, weekend])
    ending = MONDAY + dt.timedelta(days=13)
    assert distinct_helpers(plan, ending) == (1, 4)
    changed = change_visit(
        plan, visit_id=anna.id, on=MONDAY, change="other_helper", who="Bob Madsen",
        reason="Anna er på kursus", actor=NURSE, at=AT,
    ).plan  # fmt: skip
    assert distinct_helpers(changed, ending) == (2, 4)
    cancelled = change_visit(
        changed, visit_id=anna.id, on=MONDAY, change="cancelled", reason="Borgeren er indlagt",
        actor=NURSE, at=AT + dt.timedelta(hours=1),
    ).plan  # fmt: skip
    assert distinct_helpers(cancelled, ending) == (1, 4)
