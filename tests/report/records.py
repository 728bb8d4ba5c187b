"""Hand-built records for the report tests (built with the models, so they are valid)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from carekit.model import (
    Actor,
    ActorKind,
    Agreement,
    Citizen,
    Decision,
    Evaluation,
    ExpectationAlignment,
    Gap,
    InformationRecord,
    LearningStory,
    PlanContact,
    Record,
    SafetyCheckIn,
    SafetyPlan,
    Sign,
    SignObservation,
    Situation,
    TrialAction,
)
from carekit.report import Cell, QualityReport, ReportOptions, build_report

CITIZEN = uuid.UUID("00000000-0000-4000-8000-000000000001")


def staff(name: str = "anna") -> Actor:
    return Actor(id=f"staff-{name}", kind=ActorKind.STAFF)


def at(day: str, time: str = "10:00:00+01:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}")


def citizen(created: str = "2026-01-01", cid: uuid.UUID | None = None) -> Citizen:
    ident = cid or uuid.uuid4()
    return Citizen(
        id=ident,
        citizen_id=ident,
        actor=staff(),
        created_at=at(created),
        updated_at=at(created),
        display_name="Karen Testesen",
        cpr="010190-0000",
        residence="own_home",
    )


def situation(*, acts: bool = True) -> Situation:
    return Situation(type="fall", steps=["Ring"] if acts else [])


def plan(
    status: str,
    *,
    answers: Iterable[str] = ("always",),
    situations: Iterable[Situation] = (),
    review: str | None = None,
    agreement: str | None = None,
    understood: bool = False,
) -> SafetyPlan:
    return SafetyPlan(
        citizen_id=CITIZEN,
        actor=staff(),
        status=status,
        contacts=[PlanContact(name="Vagt", phone="70 70 70 70", answers=list(answers))],
        situations=list(situations),
        review_date=dt.date.fromisoformat(review) if review else None,
        agreement=Agreement(
            method=agreement,
            agreed_at=at("2026-01-05"),
            agreed_with="borger",
            understood=understood,
        )
        if agreement
        else None,
        created_at=at("2026-01-02"),
        updated_at=at("2026-01-02"),
    )


def information(given: str, how: str, understanding: str = "understood") -> InformationRecord:
    return InformationRecord(
        citizen_id=CITIZEN,
        actor=staff(),
        topic="Medicin",
        now="Vi skifter",
        why="Fordi",
        what_next="Ro",
        given_how=how,
        given_by=staff(),
        given_at=at(given),
        understanding=understanding,
        created_at=at(given),
        updated_at=at(given),
    )


def alignment(
    scheduled: str,
    held: dt.datetime | None = None,
    *,
    status: str = "held",
    gaps: Iterable[bool] = (),
) -> ExpectationAlignment:
    return ExpectationAlignment(
        citizen_id=CITIZEN,
        actor=staff(),
        status=status,
        scheduled_for=dt.date.fromisoformat(scheduled),
        held_at=held,
        gaps=[Gap(description="Tider", resolved=resolved) for resolved in gaps],
        created_at=at("2026-01-01"),
        updated_at=at("2026-01-01"),
    )


def check_in(asked: dt.datetime, rating: int, cid: uuid.UUID = CITIZEN) -> SafetyCheckIn:
    return SafetyCheckIn(
        citizen_id=cid,
        actor=staff(),
        rating=rating,
        asked_by=staff(),
        method="in_person",
        asked_at=asked,
        created_at=asked,
        updated_at=asked,
    )


def trial(
    status: str,
    *,
    start: str | None = None,
    evaluate_by: str | None = None,
    evaluated: Iterable[tuple[str, Actor]] = (),
    decided: tuple[str, str] | None = None,
    observed: Iterable[tuple[str, Actor]] = (),
    actor: Actor | None = None,
    updated: str = "2026-01-01",
) -> TrialAction:
    sign = Sign(description="smiler")
    return TrialAction(
        citizen_id=CITIZEN,
        actor=actor or staff(),
        status=status,
        title="Kaffe",
        dream_ids=[uuid.uuid4()],
        change_of_practice="Kaffe i haven",
        start_date=dt.date.fromisoformat(start) if start else None,
        evaluation_date=dt.date.fromisoformat(evaluate_by) if evaluate_by else None,
        signs=[sign],
        observations=[
            SignObservation(sign_id=sign.id, observed_at=at(day), observed_by=who)
            for day, who in observed
        ],
        evaluations=[
            Evaluation(evaluated_at=at(day), rated_by="staff", rater=who, result="as_predicted")
            for day, who in evaluated
        ],
        decision=Decision(outcome=decided[0], decided_at=at(decided[1]), decided_by=staff())
        if decided
        else None,
        created_at=at("2026-01-01"),
        updated_at=at(updated),
    )


def story(status: str, created: str) -> LearningStory:
    return LearningStory(
        citizen_id=CITIZEN,
        actor=staff(),
        status=status,
        title="Haven",
        narrative="Det gik",
        learned="Meget",
        created_at=at(created),
        updated_at=at(created),
    )


def as_json(records: Iterable[Record], source: str = "store") -> list[tuple[dict[str, Any], str]]:
    return [(r.model_dump(mode="json"), source) for r in records]


def report(records: Iterable[Record], **options: Any) -> QualityReport:
    options.setdefault("as_of", dt.date(2026, 6, 30))
    options.setdefault("min_cell", 1)
    return build_report(as_json(records), ReportOptions(**options))


def cells(result: QualityReport, group: str = "all") -> Mapping[tuple[str, str], Cell]:
    """(indicator id, period) -> cell for *group*."""
    return {
        (r.indicator.id, c.period): c
        for r in result.results
        for g in r.groups
        if g.group == group
        for c in g.cells
    }
