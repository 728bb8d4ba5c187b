"""The visits document "Hvem kommer hos dig?" (ST-12): the next visits with names and times,
the changes with their reasons, the fixed visits with who decided them (and how to disagree
or complain, beside every "decided by"), the citizen's requests, and how many different
helpers come in 14 days.

Helpers are named as the network document names people: a network member only when the
network rule lets them be shown (``may_show``), else "a colleague" with a warning.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from carekit._dates import WEEKDAYS, format_clock, format_date
from carekit.i18n import Lang, Text
from carekit.model import (
    CONTINUITY_DAYS,
    Citizen,
    NetworkMember,
    PlannedVisit,
    Residence,
    SafetyPlan,
    ScheduledVisit,
    VisitChange,
    VisitChangeKind,
    distinct_helpers,
    visits_between,
)
from carekit.render._errors import RenderWarning
from carekit.render._format import weekdays_text

__all__ = ["DAYS_AHEAD", "build_visits"]

#: How many days ahead the document lists the visits (today included).
DAYS_AHEAD = 7

_COLLEAGUE = Text("En kollega", "A colleague")


@attrs.frozen
class HelperView:
    """Who comes: a name and a role, or "a colleague" and why no name can be given."""

    name: str
    role: str | None
    named: bool
    why_not_named: str | None


@attrs.frozen
class SlotView:
    """One visit on one day: the times, who, what for, and what changed."""

    time: str
    helper: HelperView
    purpose: str
    cancelled: bool
    change: str | None


@attrs.frozen
class DayView:
    """One day with its visits."""

    label: str
    slots: tuple[SlotView, ...]


@attrs.frozen
class PlanVisitView:
    """One fixed visit of the plan: who, on which days between which times, what for, who
    decided it."""

    helper: HelperView
    when: str
    purpose: str
    decided_by: str | None
    days: str | None = None  # the weekdays of a visit given in words only (older form)


@attrs.frozen
class ChangeView:
    """One change of a coming visit: the visit as planned, what changed, why, who decided."""

    planned: str
    what: str
    reason: str
    decided_by: str | None


def _time(start: dt.time, end: dt.time, lang: Lang) -> str:
    return f"{format_clock(start, lang)}-{format_clock(end, lang)}"


def _at(day: dt.date, start: dt.time, end: dt.time, lang: Lang) -> str:
    """``25. november 2026 kl. 8.00-9.00`` (da), ``25 November 2026, 8:00-9:00`` (en)."""
    sep = ", " if lang == "en" else " kl. "
    return f"{format_date(day, lang)}{sep}{_time(start, end, lang)}"


def _day_label(day: dt.date, today: dt.date, lang: Lang) -> str:
    da, en = WEEKDAYS[day.weekday()]
    if day == today:
        prefix = Text("I dag", "Today").get(lang)
    elif day == today + dt.timedelta(days=1):
        prefix = Text("I morgen", "Tomorrow").get(lang)
    else:
        prefix = en if lang == "en" else da.capitalize()
    return f"{prefix}, {format_date(day, lang)}"


def _helper(  # noqa: PLR0917 - one call site, every value named there
    helper_id: uuid.UUID | None,
    who: str | None,
    why: str | None,
    role: str | None,
    members: Mapping[uuid.UUID, NetworkMember],
    shown: Mapping[uuid.UUID, bool],
    lang: Lang,
    warnings: list[RenderWarning],
) -> HelperView:
    if helper_id is not None:
        member = members.get(helper_id)
        if member is not None and shown.get(helper_id, False):
            return HelperView(member.name, role or member.role.label.get(lang).lower(), True, None)
        warnings.append(
            RenderWarning(
                "helper-not-shown",
                Text(
                    f"Hjælperen {helper_id} er ikke vist med navn: personen findes ikke, er "
                    "ikke aktiv, eller har ikke sagt ja til deling. Der står 'en kollega'.",
                    f"Helper {helper_id} is not shown by name: they do not exist, are not "
                    "active, or have not consented to sharing. It says 'a colleague'.",
                ),
            )
        )
        return HelperView(_COLLEAGUE.get(lang), role, False, why)
    if who is not None:
        return HelperView(who, role, True, None)
    return HelperView(_COLLEAGUE.get(lang), role, False, why)


def _plan_when(visit: PlannedVisit, lang: Lang) -> str:
    if visit.window is None:
        return visit.when or ""
    parts: list[str] = []
    if visit.weekdays:
        parts.append(weekdays_text(visit.weekdays, lang))
    if visit.dates:
        parts.append(", ".join(format_date(d, lang) for d in sorted(visit.dates)))
    clock = (
        Text("kl. {t}", "{t}")
        .get(lang)
        .format(t=_time(visit.window.start_time, visit.window.end_time, lang))
    )
    return (
        f"{', '.join(parts)}, {clock}".capitalize()
        if lang == "da"
        else (f"{', '.join(parts)}, {clock}")
    )


def _change_text(
    scheduled: ScheduledVisit, change: VisitChange, helper: HelperView, lang: Lang
) -> str:
    if change.change is VisitChangeKind.CANCELLED:
        return Text("Besøget er aflyst.", "The visit is cancelled.").get(lang)
    if change.change is VisitChangeKind.OTHER_HELPER:
        return (
            Text("{name} kommer i stedet.", "{name} comes instead.")
            .get(lang)
            .format(name=helper.name)
        )
    when = _at(scheduled.on, scheduled.start, scheduled.end, lang)
    return Text("Ny tid: {when}.", "New time: {when}.").get(lang).format(when=when)


def build_visits(  # noqa: PLR0917 - the builder's values, in the order _documents has them
    citizen: Citizen,
    plan: SafetyPlan,
    members: Mapping[uuid.UUID, NetworkMember],
    shown: Mapping[uuid.UUID, bool],
    today: dt.date,
    lang: Lang,
) -> tuple[dict[str, Any], list[RenderWarning]]:
    """The visits document's variables (see the module) and its warnings."""
    warnings: list[RenderWarning] = []

    def helper(
        helper_id: uuid.UUID | None, who: str | None, why: str | None, role: str | None
    ) -> HelperView:
        return _helper(helper_id, who, why, role, members, shown, lang, warnings)

    last = today + dt.timedelta(days=DAYS_AHEAD - 1)
    coming = visits_between(plan, today, last)
    days: list[DayView] = []
    changes: list[ChangeView] = []
    for day in sorted({v.on for v in coming}):
        slots = []
        for v in (v for v in coming if v.on == day):
            other = v.change is not None and v.change.change is VisitChangeKind.OTHER_HELPER
            who = helper(v.helper_id, v.who, v.colleague_reason, None if other else v.visit.role)
            change = _change_text(v, v.change, who, lang) if v.change is not None else None
            slots.append(
                SlotView(_time(v.start, v.end, lang), who, v.visit.purpose, v.cancelled, change)
            )
            if v.change is not None and change is not None:
                window = v.visit.window
                planned = (
                    _at(v.change.on, window.start_time, window.end_time, lang)
                    if window
                    else format_date(v.change.on, lang)
                )
                changes.append(ChangeView(planned, change, v.change.reason, v.change.decided_by))
        days.append(DayView(_day_label(day, today, lang), tuple(slots)))
    fixed = [
        PlanVisitView(
            helper(v.helper_id, v.who, v.colleague_reason, v.role),
            _plan_when(v, lang),
            v.purpose,
            v.decided_by,
            weekdays_text(v.weekdays, lang) if v.window is None and v.weekdays else None,
        )
        for v in plan.planned_visits
    ]
    helpers, colleagues = distinct_helpers(plan, today + dt.timedelta(days=CONTINUITY_DAYS - 1))
    context = {
        "days": days,
        "fixed": fixed,
        "changes": changes,
        "requests": list(plan.visit_requests),
        "continuity": {"helpers": helpers, "colleagues": colleagues, "days": CONTINUITY_DAYS},
        "nursing_home": citizen.residence is Residence.NURSING_HOME,
        "days_ahead": DAYS_AHEAD,
    }
    unique = list({(w.code, w.message.en): w for w in warnings}.values())
    return context, unique
