"""Export of plans and the dream cycle: SafetyPlan, HomeAgreement, Routine → CarePlan;
Dream → Goal; TrialAction → Task (linked to its Goals) + Observations; Perspective →
Communication."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.careplan import CarePlan, CarePlanActivity, CarePlanActivityDetail
from fhir.resources.R4B.careteam import CareTeam, CareTeamParticipant
from fhir.resources.R4B.communication import Communication, CommunicationPayload
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.task import Task, TaskInput, TaskOutput, TaskRestriction

from carekit.model import (
    Actor,
    Dream,
    HomeAgreement,
    Perspective,
    PlannedVisit,
    Routine,
    SafetyPlan,
    Situation,
    TrialAction,
    Weekday,
)
from carekit_fhir import _codes as c
from carekit_fhir._common import (
    ExportContext,
    codeable,
    coding,
    derived_id,
    ext,
    record_extension,
    record_identifier,
)
from carekit_fhir._status import fhir_status

__all__ = [
    "dream_to_goal",
    "home_agreement_to_care_plan",
    "perspective_to_communication",
    "routine_to_care_plan",
    "safety_plan_to_care_plan",
    "trial_action_to_task",
]


def _actor(actor: Actor | None) -> Reference | None:
    if actor is None:
        return None
    return Reference(display=actor.name or actor.id)


def _kind(record_kind: str, label: str) -> Any:
    return codeable(coding(c.KIND_SYSTEM, record_kind, label))


def _notes(*texts: str | None) -> list[Annotation] | None:
    notes = [Annotation(text=t) for t in texts if t]
    return notes or None


def _situation(situation: Situation, ctx: ExportContext) -> CarePlanActivity:
    codings = []
    if situation.type.value in c.FSIII_SITUATION:
        codings.append(coding(c.FSIII_SYSTEM, *c.FSIII_SITUATION[situation.type.value]))
    codings.append(coding(c.SITUATION_SYSTEM, situation.type.value, situation.type.label.da))
    lines = [
        *(f"Advarselstegn: {s}" for s in situation.warning_signs),
        *(f"Det kan du selv gøre: {s}" for s in situation.self_care),
        *(f"{i}. {s}" for i, s in enumerate(situation.steps, start=1)),
    ]
    if situation.call_when:
        lines.append(f"Ring, når: {situation.call_when}")
    return CarePlanActivity(
        detail=CarePlanActivityDetail(
            kind="CommunicationRequest",
            code=codeable(*codings, text=situation.title or situation.type.label.da),
            status="not-started",
            description="\n".join(lines) or None,
            performer=[ctx.ref(m) for m in situation.call_contact_ids] or None,
        )
    )


def safety_plan_to_care_plan(plan: SafetyPlan, ctx: ExportContext) -> None:
    # The plan's numbers and when they answer: a CareTeam with telecom + the members behind them.
    team_id = derived_id(plan.id, "CareTeam")
    telecom = [
        ContactPoint(
            system="phone",
            value=contact.phone,
            rank=rank,
            extension=[
                *(ext(c.EXT_ANSWERS, valueCode=a.value) for a in contact.answers),
                ext(c.EXT_PHONE_LABEL, valueString=contact.name),
                *([ext(c.EXT_HOURS, valueString=contact.hours)] if contact.hours else []),
                ext(c.EXT_IS_CONTACT_PERSON, valueBoolean=contact.is_contact_person),
            ],
        )
        for rank, contact in enumerate(plan.contacts, start=1)
    ]
    telecom.append(
        ContactPoint(
            system="phone",
            value=plan.emergency_number,
            rank=len(telecom) + 1,
            extension=[
                ext(c.EXT_ANSWERS, valueCode="always"),
                ext(c.EXT_PHONE_LABEL, valueString="Alarmnummer"),
            ],
        )
    )
    members = [ct.member_id for ct in plan.contacts if ct.member_id is not None]
    ctx.add(
        team_id,
        CareTeam(
            identifier=[record_identifier(plan.id)],
            status="active",
            name="Sikkerhedsplanens telefonnumre",
            category=[_kind(plan.kind, "Sikkerhedsplan")],
            subject=ctx.patient(plan),
            telecom=telecom,
            participant=[CareTeamParticipant(member=ctx.ref(m)) for m in members] or None,
        ),
    )
    activities = [_situation(s, ctx) for s in plan.situations]
    for visit in plan.planned_visits:
        who = visit.who or ("" if visit.helper_id else "En kollega")
        when = visit.when or _visit_when(visit)
        activities.append(
            CarePlanActivity(
                detail=CarePlanActivityDetail(
                    kind="Appointment",
                    code=codeable(text=visit.purpose),
                    status="scheduled",
                    scheduledString=when or None,
                    description=(
                        f"{who}"
                        + (f" ({visit.role})" if visit.role else "")
                        + (f". Besluttet af: {visit.decided_by}" if visit.decided_by else "")
                    ).strip()
                    or None,
                    performer=[
                        ctx.ref(visit.helper_id, who or None)
                        if visit.helper_id
                        else Reference(display=who)
                    ],
                )
            )
        )
    notes = []
    if plan.agreement is not None:
        notes.append(
            f"Aftalt {plan.agreement.method.label.da.lower()} med {plan.agreement.agreed_with} "
            f"{plan.agreement.agreed_at.date().isoformat()}"
            + ("; giver mening for borgeren" if plan.agreement.understood else "")
        )
    if plan.written_copy is not None and plan.written_copy.kept_where:
        notes.append(f"Den skriftlige plan ligger: {plan.written_copy.kept_where}")
    if plan.review_date is not None:
        notes.append(f"Følges op: {plan.review_date.isoformat()}")
    ctx.add(
        plan.id,
        CarePlan(
            identifier=[record_identifier(plan.id)],
            status=fhir_status("safety-plan", plan.status).value,
            intent="plan",
            category=[_kind(plan.kind, "Sikkerhedsplan")],
            title=f"Sikkerhedsplan, version {plan.plan_version}",
            subject=ctx.patient(plan),
            replaces=[ctx.ref(plan.previous_plan_id)] if plan.previous_plan_id else None,
            author=_actor(plan.responsible),
            careTeam=[Reference(reference=f"urn:uuid:{team_id}", type="CareTeam")],
            activity=activities or None,
            note=_notes(*notes),
            extension=[record_extension(plan)],
        ),
    )


_WEEKDAYS_DA = ("man", "tir", "ons", "tor", "fre", "lør", "søn")


def _visit_when(visit: PlannedVisit) -> str:
    """A structured visit's days and time window in short Danish words (the record itself,
    with every field, travels in the record extension)."""
    if visit.window is None:
        return ""
    order = list(Weekday)
    days = [_WEEKDAYS_DA[order.index(d)] for d in sorted(set(visit.weekdays), key=order.index)]
    days += [d.isoformat() for d in sorted(visit.dates)]
    return f"{', '.join(days)} kl. {visit.window.start}-{visit.window.end}"


def home_agreement_to_care_plan(home: HomeAgreement, ctx: ExportContext) -> None:
    rules = []
    if home.knock:
        rules.append("Bank på")
    if home.ring_bell:
        rules.append("Ring på")
    if home.wait_for_answer:
        rules.append("Vent på svar")
    rules.append(f"Nøgle: {home.key.label.da}" + (f" ({home.key_note})" if home.key_note else ""))
    if home.shoe_covers:
        rules.append("Brug futter")
    rules += [f"Kæledyr: {p.kind}" + (f" - {p.note}" if p.note else "") for p in home.pets]
    rules += [f"Må ikke flyttes: {x}" for x in home.do_not_move]
    rules += [f"Sådan skal rummet se ud: {x}" for x in home.room_wishes]
    rules += home.other
    ctx.add(
        home.id,
        CarePlan(
            identifier=[record_identifier(home.id)],
            status="active",
            intent="plan",
            category=[_kind(home.kind, "Aftale om hjemmet")],
            title=f"Aftale om hjemmet ({home.setting.label.da})",
            subject=ctx.patient(home),
            created=home.agreed_with_citizen_on,
            activity=[
                CarePlanActivity(
                    detail=CarePlanActivityDetail(status="in-progress", description=rule)
                )
                for rule in rules
            ],
            extension=[record_extension(home)],
        ),
    )


def routine_to_care_plan(routine: Routine, ctx: ExportContext) -> None:
    ctx.add(
        routine.id,
        CarePlan(
            identifier=[record_identifier(routine.id)],
            status="active" if routine.active else "revoked",
            intent="plan",
            category=[_kind(routine.kind, "Rutine")],
            title="Rutine",
            description=routine.description,
            subject=ctx.patient(routine),
            period=Period(start=routine.since),
            goal=[ctx.ref(d) for d in routine.dream_ids] or None,
            activity=[CarePlanActivity(reference=ctx.ref(routine.trial_action_id))],
            extension=[record_extension(routine)],
        ),
    )


def dream_to_goal(dream: Dream, ctx: ExportContext) -> None:
    categories = [_kind(dream.kind, "Drøm")]
    if dream.wording.value == "citizen_words":
        categories.insert(0, codeable(coding(c.KL_CARE_SOCIAL_SYSTEM, *c.KL_GOAL_CITIZEN_WISHES)))
    ctx.add(
        dream.id,
        Goal(
            identifier=[record_identifier(dream.id)],
            lifecycleStatus=fhir_status("dream", dream.status).value,
            category=categories,
            description=codeable(text=dream.text),
            subject=ctx.patient(dream),
            startDate=dream.noticed_on,
            expressedBy=ctx.patient(dream) if dream.noticed_via.value == "said" else None,
            note=_notes(
                f"Opdaget via: {dream.noticed_via.label.da}",
                f"Hypotese: {dream.hypothesis}" if dream.hypothesis else None,
                f"Faglig begrundelse: {dream.professional_grounds}"
                if dream.professional_grounds
                else None,
            ),
            extension=[record_extension(dream)],
        ),
    )


def trial_action_to_task(action: TrialAction, ctx: ExportContext) -> None:
    status = fhir_status("trial-action", action.status)
    task_ref = Reference(
        reference=f"urn:uuid:{action.id}", type="Task", identifier=record_identifier(action.id)
    )
    ctx.add(
        action.id,
        Task(
            identifier=[record_identifier(action.id)],
            status=status.value,
            businessStatus=codeable(
                coding(c.STATE_SYSTEM, status.business_status or action.status)
            ),
            intent="plan",
            code=codeable(coding(c.FSIII_SYSTEM, *c.FSIII_MOTIVATION), text=action.title),
            description=action.change_of_practice,
            focus=ctx.ref(action.dream_ids[0]),
            for_fhir=ctx.patient(action),
            partOf=[ctx.ref(action.previous_cycle_id)] if action.previous_cycle_id else None,
            executionPeriod=Period(start=action.start_date) if action.start_date else None,
            restriction=(
                TaskRestriction(period=Period(end=action.evaluation_date))
                if action.evaluation_date
                else None
            ),
            owner=_actor(action.responsible[0]) if action.responsible else None,
            input=[
                TaskInput(type=codeable(text="Drøm"), valueReference=ctx.ref(d))
                for d in action.dream_ids
            ],
            output=(
                [
                    TaskOutput(
                        type=codeable(text="Beslutning"),
                        valueString=action.decision.outcome.label.da,
                    )
                ]
                if action.decision
                else None
            ),
            note=_notes(
                f"Forudsigelse: {action.prediction}" if action.prediction else None,
                f"Det lærte vi: {action.learned}" if action.learned else None,
                f"Runde {action.cycle}",
            ),
            extension=[record_extension(action)],
        ),
    )
    signs = {s.id: s.description for s in action.signs}
    for i, obs in enumerate(action.observations):
        ctx.add(
            derived_id(action.id, f"observation/{i}"),
            Observation(
                identifier=[record_identifier(derived_id(action.id, f"observation/{i}"))],
                status="final",
                category=[codeable(coding(c.KL_CARE_SOCIAL_SYSTEM, *c.KL_OBSERVATION))],
                code=codeable(text=signs.get(obs.sign_id, "Tegn")),
                subject=ctx.patient(action),
                focus=[task_ref],
                effectiveDateTime=obs.observed_at,
                performer=[_actor(obs.observed_by)],
                valueBoolean=obs.present,
                note=_notes(obs.note),
            ),
        )
    for i, evaluation in enumerate(action.evaluations):
        oid = derived_id(action.id, f"evaluation/{i}")
        ctx.add(
            oid,
            Observation(
                identifier=[record_identifier(oid)],
                status="final",
                category=[codeable(coding(c.KL_CARE_SOCIAL_SYSTEM, *c.KL_EVALUATION))],
                code=codeable(text=f"Evaluering ({evaluation.rated_by.label.da})"),
                subject=ctx.patient(action),
                focus=[task_ref],
                effectiveDateTime=evaluation.evaluated_at,
                performer=[_actor(evaluation.rater)],
                valueCodeableConcept=codeable(
                    coding(
                        f"{c.CAREKIT_BASE}/CodeSystem/evaluation-result",
                        evaluation.result.value,
                        evaluation.result.label.da,
                    )
                ),
                component=(
                    [
                        ObservationComponent(
                            code=codeable(text="Livsglæde (1-5)"), valueInteger=evaluation.joy_score
                        )
                    ]
                    if evaluation.joy_score is not None
                    else None
                ),
                note=_notes(evaluation.note),
            ),
        )


def perspective_to_communication(perspective: Perspective, ctx: ExportContext) -> None:
    ctx.add(
        perspective.id,
        Communication(
            identifier=[record_identifier(perspective.id)],
            status="completed",
            category=[
                _kind(perspective.kind, "Nyt perspektiv"),
                codeable(text=perspective.source.label.da),
            ],
            subject=ctx.patient(perspective),
            about=[ctx.ref(d) for d in perspective.dream_ids] or None,
            sent=dt.datetime.combine(perspective.recorded_on, dt.time(), dt.UTC),
            sender=(
                Reference(display=perspective.source_name) if perspective.source_name else None
            ),
            payload=[CommunicationPayload(contentString=perspective.content)],
            extension=[record_extension(perspective)],
        ),
    )
