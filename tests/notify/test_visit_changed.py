"""A changed visit reaches the citizen (and the relatives the directory lists) before the
visit, through the real routing and dispatcher, with exact Danish and English texts that
carry no reason and no name (ST-12)."""

from __future__ import annotations

import datetime as dt

import pytest

from carekit.demo import demo_citizens, run_demo
from carekit.model import Record, SafetyPlan, TimeWindow, VisitChangeKind
from carekit.notify import Dispatcher, Recipient, RecordConsents, Routing, StaticDirectory
from carekit.testing.readers import open_reading
from carekit.workflows import change_visit

from .conftest import FakeChannel

ELSE = demo_citizens()[0]
CITIZEN = Recipient(id=str(ELSE.id), kind="citizen", display_name="Else", addresses={"sms": "1"})
KAREN = Recipient(
    id="karen", kind="relative", display_name="Karen", lang="en", addresses={"email": "k@x.dk"}
)
LINK = "https://care.example.dk/{citizen_id}/{record_id}"


def _routing() -> Routing:
    directory = StaticDirectory(recipients=[CITIZEN, KAREN], relatives={str(ELSE.id): ["karen"]})
    return Routing(directory=directory, link_template=LINK)


def test_the_demo_change_reaches_else_and_karen_with_their_texts() -> None:
    sms, email = (
        FakeChannel("sms", requires_address=True),
        FakeChannel("email", requires_address=True),
    )
    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        (event,) = [e for e in app.events() if e.name == "VisitChanged"]
        assert event.reason is None
        assert "Bob" not in str(event.to_dict())
        assert "kursus" not in str(event.to_dict())
        Dispatcher(app.store, [sms, email], routing=_routing()).drain()
    (to_else,) = [n for n in sms.sent if n.type == "notice.visit_changed"]
    (to_karen,) = [n for n in email.sent if n.type == "notice.visit_changed"]
    link = f"https://care.example.dk/{ELSE.id}/{event.record_id}"
    assert to_else.subject == "En anden kommer hos dig"
    assert to_else.body == (
        "Hej Else.\n\nEn anden, end vi havde sagt, kommer onsdag den 25. november 2026 mellem "
        "kl. 8.00 og 9.00. Du kan se hvem og hvorfor på dit ark om besøg. Ring til os, hvis du "
        f"har spørgsmål.\n\nSe mere her: {link}"
    )
    assert to_karen.subject == "Someone else will visit"
    assert to_karen.body == (
        "Hello Karen.\n\nSomeone other than we said will visit the person you are close to on "
        "Wednesday 25 November 2026 between 8:00 and 9:00. Call us if you have questions."
        f"\n\nSee more here: {link}"
    )


def _plan(walked_plan: SafetyPlan, kind: str) -> tuple[SafetyPlan, object]:
    visit = walked_plan.planned_visits[0]
    result = change_visit(
        walked_plan,
        visit_id=visit.id,
        on=dt.date(2026, 11, 24),
        change=kind,
        new_date=dt.date(2026, 11, 26) if kind == "other_time" else None,
        new_window=TimeWindow(start="10:30", end="11:15") if kind == "other_time" else None,
        reason="Fordi",
        actor=walked_plan.actor,
        at=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
    )
    return result.plan, result.event


EXPECTED = {
    "other_time": (
        ("Dit besøg er flyttet", "A visit has moved"),
        "Hej Else.\n\nVi har flyttet dit besøg. Vi kommer nu torsdag den 26. november 2026 "
        "mellem kl. 10.30 og 11.15. Du kan se hvorfor på dit ark om besøg. Hvis tiden ikke "
        "passer, så ring til os.",
        "Hello Karen.\n\nWe have moved a visit to the person you are close to. We now come on "
        "Thursday 26 November 2026 between 10:30 and 11:15. Call us if you have questions.",
    ),
    "cancelled": (
        ("Dit besøg er aflyst", "A visit is cancelled"),
        "Hej Else.\n\nVi kommer ikke tirsdag den 24. november 2026 mellem kl. 8.00 og 9.00. "
        "Besøget er aflyst. Du kan se hvorfor på dit ark om besøg. Ring til os, hvis du får "
        "brug for hjælp.",
        "Hello Karen.\n\nWe will not visit the person you are close to on Tuesday 24 November "
        "2026 between 8:00 and 9:00. The visit is cancelled. Call us if you have questions.",
    ),
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_kind_of_change_has_its_own_text(walked_records: list[Record], kind: str) -> None:
    plan = next(
        r
        for r in walked_records
        if isinstance(r, SafetyPlan) and r.citizen_id == ELSE.id and r.status == "active"
    )
    _changed, event = _plan(plan, kind)
    routed = _routing().route_event(
        event,  # type: ignore[arg-type]  # a VisitChanged
        on=dt.date(2026, 11, 23),
        consents=RecordConsents(walked_records),
    )
    to_else, to_karen = routed
    subjects, da, en = EXPECTED[kind]
    assert (to_else.subject, to_karen.subject) == subjects
    assert to_else.body.split("\n\nSe mere her:")[0] == da
    assert to_karen.body.split("\n\nSee more here:")[0] == en
    assert to_else.type == to_karen.type == "notice.visit_changed"


def test_a_changed_visit_is_stored_with_a_record_updated_and_a_visit_changed_event() -> None:
    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        names = [e.name for e in app.events()]
        at = names.index("VisitChanged")
        assert names[at - 1] == "RecordUpdated"
        coming = app.visits_between(ELSE.id, dt.date(2026, 11, 25), dt.date(2026, 11, 25))
        (bob,) = [v for v in coming if v.change is not None]
        assert bob.change is not None
        assert (bob.who, bob.start, bob.change.change) == (
            "Bob Madsen",
            dt.time(8),
            VisitChangeKind.OTHER_HELPER,
        )
        assert bob.change.reason == "Anna er på kursus den dag"


def test_a_bad_change_is_refused_with_a_bilingual_finding_and_nothing_is_stored() -> None:
    from carekit.errors import RecordValidationError

    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        plan = next(
            r.record
            for r in app.store.query(kind="safety_plan")
            if r.record.citizen_id == ELSE.id and getattr(r.record, "status", "") == "active"
        )
        assert isinstance(plan, SafetyPlan)
        before = len(app.events())
        visit = plan.planned_visits[0]
        with pytest.raises(RecordValidationError) as window:
            app.change_visit(
                plan.id, actor=plan.actor, at=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
                visit_id=visit.id, on=dt.date(2026, 11, 24), change="other_time",
                new_window=TimeWindow(start="11:00", end="10:00"), reason="Forsinket",
            )  # fmt: skip
        (problem,) = window.value.problems
        assert (problem.keyword, problem.pointer) == ("visit-window", "/visit_changes/1/new_window")
        assert problem.message.da.startswith("Tidsrummet skal slutte efter, det begynder")
        assert problem.message.en.startswith("The time window must end after it starts")
        with pytest.raises(RecordValidationError) as helper:
            app.change_visit(
                plan.id, actor=plan.actor, at=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
                visit_id=visit.id, on=dt.date(2026, 11, 24), change="other_helper",
                reason="Anna er syg",
            )  # fmt: skip
        (problem,) = helper.value.problems
        assert problem.keyword == "visit-helper"
        assert "hvorfor der kun kan stå 'en kollega'" in problem.message.da
        assert len(app.events()) == before
