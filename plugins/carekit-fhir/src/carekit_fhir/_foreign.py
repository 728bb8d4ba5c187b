"""CarePlan, Goal and Task written by another system (no carekit record extension) → safety
plan, dream and trial action fields.

Only what the resource says is carried; every element a mapping uses is marked
(:meth:`ImportContext.use`), the import reports the rest with its FHIR path.  A carekit field
the record needs and the resource does not have is an ``error`` finding naming the field and
the FHIR element that would carry it: carekit never makes one up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from carekit_fhir import _codes as c
from carekit_fhir._reading import ImportContext
from carekit_fhir._status import STATUS_TABLE

__all__ = ["FOREIGN", "care_plan_to_safety_plan", "goal_to_dream", "task_to_trial_action"]

_FSIII_REVERSE = {code: kind for kind, (code, _d) in c.FSIII_SITUATION.items()}


def _reverse(workflow: str, value: str | None) -> tuple[str | None, list[str]]:
    """(first carekit state with FHIR *value*, every state with it)."""
    states = [s for s, m in STATUS_TABLE[workflow].items() if m.value == value]
    return (states[0] if states else None), states


def _status(
    data: dict[str, Any], workflow: str, value: str | None, where: str, ctx: ImportContext
) -> None:
    if "status" in data:  # the record extension names the exact state
        ctx.use(where)
        return
    state, states = _reverse(workflow, value)
    if state is None:
        ctx.add(
            "error",
            where,
            f"Status '{value}' har ingen carekit-tilstand i arbejdsgangen {workflow}.",
            f"The status '{value}' has no carekit state in the {workflow} workflow.",
            code="status",
            element=where.rsplit(".", 1)[-1],
        )
        return
    ctx.use(where)
    data["status"] = state
    if len(states) > 1:
        ctx.add(
            "information",
            where,
            f"'{value}' svarer til flere carekit-tilstande ({', '.join(states)}); posten får "
            f"'{state}', den første i arbejdsgangen.",
            f"'{value}' matches several carekit states ({', '.join(states)}); the record gets "
            f"'{state}', the first in the workflow.",
            code="status-ambiguous",
            element=where.rsplit(".", 1)[-1],
        )


def _missing(field: str, element: str, where: str, rtype: str, ctx: ImportContext) -> None:
    ctx.add(
        "error",
        f"{where}.{element}",
        f"{rtype} mangler {element}, som carekit-feltet '{field}' kræver; uden det kan "
        "ressourcen ikke blive en carekit-post.",
        f"The {rtype} lacks {element}, which the carekit field '{field}' needs; without it the "
        "resource cannot become a carekit record.",
        code="required",
        resource=rtype,
        element=element,
    )


def _base(resource: Any, kind: str, where: str, address: str, ctx: ImportContext) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind, **ctx.envelope(resource)}
    data["id"] = ctx.record_id(resource, address)
    for i, ident in enumerate(resource.identifier or ()):
        if ident.system == c.RECORD_ID_SYSTEM:
            ctx.use(f"{where}.identifier[{i}]")
    for i, extension in enumerate(resource.extension or ()):
        if extension.url == c.EXT_RECORD:
            ctx.use(f"{where}.extension[{i}]")
    return data


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _situation(detail: Any, here: str, ctx: ImportContext) -> dict[str, Any] | None:
    """One CarePlan activity as a situation; None when it is a custom one without a title."""
    situation: dict[str, Any] = {"type": "custom"}
    concept = detail.code
    for j, coded in enumerate(concept.coding or () if concept else ()):
        found = None
        if coded.system == c.FSIII_SYSTEM:
            found = _FSIII_REVERSE.get(coded.code or "")
        elif coded.system == c.SITUATION_SYSTEM:
            found = coded.code
        if found is not None:
            situation["type"] = found
            ctx.use(f"{here}.code.coding[{j}]")
    if concept is not None and concept.text:
        situation["title"] = concept.text
        ctx.use(f"{here}.code.text")
    if detail.description:
        situation["steps"] = [detail.description]
        ctx.use(f"{here}.description")
    contacts = [
        ctx.reference_id(p, f"{here}.performer[{k}]") for k, p in enumerate(detail.performer or ())
    ]
    if contacts:
        situation["call_contact_ids"] = [x for x in contacts if x is not None]
    if situation["type"] == "custom" and "title" not in situation:
        return None
    ctx.use(f"{here}.status", f"{here}.kind")
    return situation


def care_plan_to_safety_plan(
    plan: Any, where: str, address: str, ctx: ImportContext
) -> dict[str, Any] | None:
    data = _base(plan, "safety_plan", where, address, ctx)
    data.setdefault("citizen_id", ctx.reference_id(plan.subject, f"{where}.subject"))
    _status(data, "safety-plan", plan.status, f"{where}.status", ctx)
    if plan.intent == "plan":
        ctx.use(f"{where}.intent")
    for i, concept in enumerate(plan.category or ()):
        for j, coded in enumerate(concept.coding or ()):
            if coded.system == c.KIND_SYSTEM:
                ctx.use(f"{where}.category[{i}].coding[{j}]")
    if plan.replaces:
        data["previous_plan_id"] = ctx.reference_id(plan.replaces[0], f"{where}.replaces[0]")
    situations = []
    for i, activity in enumerate(plan.activity or ()):
        if activity.detail is None:
            continue
        situation = _situation(activity.detail, f"{where}.activity[{i}].detail", ctx)
        if situation is None:
            _missing("situations.title", "activity.detail.code.text", where, "CarePlan", ctx)
            return None
        situations.append(situation)
    data["situations"] = situations
    ctx.add(
        "information",
        where,
        "En sikkerhedsplan fra et andet system får carekits alarmnummer 112; kontakter, "
        "aftale og skriftlig kopi tilføjes i carekit.",
        "A safety plan from another system gets carekit's emergency number 112; contacts, "
        "agreement and written copy are added in carekit.",
        code="default-value",
        resource="CarePlan",
    )
    return data


def goal_to_dream(goal: Any, where: str, address: str, ctx: ImportContext) -> dict[str, Any] | None:
    data = _base(goal, "dream", where, address, ctx)
    data.setdefault("citizen_id", ctx.reference_id(goal.subject, f"{where}.subject"))
    _status(data, "dream", goal.lifecycleStatus, f"{where}.lifecycleStatus", ctx)
    ok = True
    if goal.description is not None and goal.description.text:
        data["text"] = goal.description.text
        ctx.use(f"{where}.description.text")
    else:
        _missing("text", "description.text", where, "Goal", ctx)
        ok = False
    for i, concept in enumerate(goal.category or ()):
        for j, coded in enumerate(concept.coding or ()):
            if (coded.system, coded.code) == (c.KL_CARE_SOCIAL_SYSTEM, c.KL_GOAL_CITIZEN_WISHES[0]):
                data["wording"] = "citizen_words"
                ctx.use(f"{where}.category[{i}].coding[{j}]")
            elif coded.system == c.KIND_SYSTEM:
                ctx.use(f"{where}.category[{i}].coding[{j}]")
    start = _date(goal.startDate)
    if start is not None:
        data["noticed_on"] = start
        ctx.use(f"{where}.startDate")
    else:
        _missing("noticed_on", "startDate", where, "Goal", ctx)
        ok = False
    expressed = goal.expressedBy
    if (expressed is not None and expressed.type == "Patient") or (
        expressed is not None and (expressed.reference or "").startswith("Patient/")
    ):
        data["noticed_via"] = "said"
        ctx.use(f"{where}.expressedBy")
    for name, element in (("wording", "category"), ("noticed_via", "expressedBy")):
        if name not in data:
            _missing(name, element, where, "Goal", ctx)
            ok = False
    if "noticed_by" not in data:  # FHIR R4 Goal has no element for who noticed it
        _missing("noticed_by", "extension (carekit record)", where, "Goal", ctx)
        ok = False
    return data if ok else None


def task_to_trial_action(
    task: Any, where: str, address: str, ctx: ImportContext
) -> dict[str, Any] | None:
    data = _base(task, "trial_action", where, address, ctx)
    data.setdefault("citizen_id", ctx.reference_id(task.for_fhir, f"{where}.for"))
    ok = True
    for j, coded in enumerate(task.businessStatus.coding or () if task.businessStatus else ()):
        if coded.system == c.STATE_SYSTEM and coded.code in STATUS_TABLE["trial-action"]:
            data.setdefault("status", coded.code)
            ctx.use(f"{where}.businessStatus.coding[{j}]")
    _status(data, "trial-action", task.status, f"{where}.status", ctx)
    if task.intent == "plan":
        ctx.use(f"{where}.intent")
    if task.code is not None and task.code.text:
        data["title"] = task.code.text
        ctx.use(f"{where}.code")
    else:
        _missing("title", "code.text", where, "Task", ctx)
        ok = False
    if task.description:
        data["change_of_practice"] = task.description
        ctx.use(f"{where}.description")
    else:
        _missing("change_of_practice", "description", where, "Task", ctx)
        ok = False
    data["dream_ids"] = _task_dreams(task, where, ctx)
    if not data["dream_ids"]:
        _missing("dream_ids", "focus", where, "Task", ctx)
        ok = False
    _task_dates(task, data, where, ctx)
    return data if ok else None


def _task_dreams(task: Any, where: str, ctx: ImportContext) -> list[Any]:
    dreams = []
    if task.focus is not None:
        dreams.append(ctx.reference_id(task.focus, f"{where}.focus"))
    for i, item in enumerate(task.input or ()):
        if item.valueReference is not None:
            dreams.append(
                ctx.reference_id(item.valueReference, f"{where}.input[{i}].valueReference")
            )
            ctx.use(f"{where}.input[{i}].type")
    return list(dict.fromkeys(d for d in dreams if d is not None))


def _task_dates(task: Any, data: dict[str, Any], where: str, ctx: ImportContext) -> None:
    if task.executionPeriod is not None and _date(task.executionPeriod.start):
        data["start_date"] = _date(task.executionPeriod.start)
        ctx.use(f"{where}.executionPeriod.start")
    if task.restriction is not None and task.restriction.period is not None:
        end = _date(task.restriction.period.end)
        if end is not None:
            data["evaluation_date"] = end
            ctx.use(f"{where}.restriction.period.end")


#: FHIR resource type -> the mapping of a resource written by another system.
FOREIGN = {
    "CarePlan": care_plan_to_safety_plan,
    "Goal": goal_to_dream,
    "Task": task_to_trial_action,
}
