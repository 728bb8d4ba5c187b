"""Computing the indicators of :mod:`carekit.report._indicators` from records.

Records arrive one at a time as JSON data (a dict shaped by the published schema: from a
store, ``record.model_dump(mode="json")``; from an export, the parsed line that validation
accepted) and are folded into counters at once: memory grows with the number of groups,
periods, citizens with check-ins and staff ids, never with the number of records.  Nothing
personal leaves this module: only counts per indicator, group and period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from carekit.errors import ReportOptionError
from carekit.i18n import Text
from carekit.model import (
    CONTINUITY_DAYS,
    LOW_RATING,
    SafetyPlan,
    distinct_helpers,
    visits_between,
)
from carekit.report._indicators import (
    INDICATORS,
    NO_ORGANISATION,
    NO_UNIT,
    Indicator,
    indicator,
)
from carekit.report._runchart import RunChart, runchart

__all__ = [
    "By",
    "Cell",
    "Computation",
    "GroupSeries",
    "IndicatorResult",
    "ReportOptions",
    "month_of",
    "periods_between",
    "quarter_of",
]

By = Literal["unit", "vendor", "month"]
_CPH = ZoneInfo("Europe/Copenhagen")
_SNAPSHOT = "snapshot"
_ACTIVE_PLAN = frozenset({"active", "review_due"})
_AGREED_PLAN = frozenset({"agreed", "active", "review_due"})
_WEEK_TIMES = ("weekdays", "evenings", "nights", "weekends")
_DEFAULT_ANSWERS = ("weekdays",)  # PlanContact.answers' default
_FOLLOW_UP = dt.timedelta(days=7)
_GAP_AGE_DAYS = 30
_OUTCOMES = {
    "adopt": "dc2-outcome-adopted",
    "adapt": "dc2-outcome-adapted",
    "abandon": "dc2-outcome-abandoned",
}


@attrs.frozen
class ReportOptions:
    """What to report on.  ``as_of``: the report date (snapshot indicators, "up to the report
    date"); ``start``/``end``: the first and last day counted (inclusive, None: open);
    ``by``: the breakdown (``unit``: the citizen's unit, ``Citizen.unit``, with
    :data:`~carekit.report._indicators.NO_UNIT` for citizens without one; ``vendor``: the
    export file or the store; ``month``: no breakdown beyond the periods);
    ``organisation``: only this organisation (records carry none yet: only ``"all"`` matches);
    ``min_cell``: cells counting fewer people or records than this are suppressed;
    ``baseline``: freeze the run-chart median on the first so many periods."""

    as_of: dt.date
    start: dt.date | None = None
    end: dt.date | None = None
    by: By = "month"
    organisation: str | None = None
    min_cell: int = 5
    baseline: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.min_cell < 1:
            raise ReportOptionError(
                "min_cell",
                Text(
                    f"min_cell skal være mindst 1, ikke {self.min_cell}.",
                    f"min_cell must be at least 1, not {self.min_cell}",
                ),
            )
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ReportOptionError(
                "start",
                Text("Startdatoen er efter slutdatoen.", "the start date is after the end date"),
            )
        if self.baseline is not None and self.baseline < 1:
            raise ReportOptionError(
                "baseline",
                Text(
                    f"baseline skal være mindst 1, ikke {self.baseline}.",
                    f"baseline must be at least 1, not {self.baseline}",
                ),
            )


@attrs.frozen
class Cell:
    """One indicator value for one group and period.  ``count``: the people or records behind
    it (what suppression looks at); ``value`` is None when there is nothing to divide by or
    the cell is suppressed (then numerator and denominator are None too)."""

    period: str
    numerator: float | None
    denominator: float | None
    count: int
    value: float | None
    suppressed: bool


@attrs.frozen
class GroupSeries:
    """An indicator's cells for one group, in period order, with their run chart (None for a
    snapshot).  ``chart_points``: the positions in ``cells`` of the values the chart uses."""

    group: str
    cells: tuple[Cell, ...]
    chart: RunChart | None
    chart_points: tuple[int, ...]


@attrs.frozen
class IndicatorResult:
    """One indicator with a series per group."""

    indicator: Indicator
    groups: tuple[GroupSeries, ...]


def month_of(day: dt.date) -> str:
    """``2026-03`` for a day in March 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(day: dt.date) -> str:
    """``2026-Q1`` for a day in January-March 2026."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def _period_start(period: str) -> dt.date:
    year, rest = period.split("-")
    if rest.startswith("Q"):
        return dt.date(int(year), (int(rest[1:]) - 1) * 3 + 1, 1)
    return dt.date(int(year), int(rest), 1)


def _next_start(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def periods_between(first: str, last: str) -> list[str]:
    """Every month (``YYYY-MM``) or quarter (``YYYY-Qn``) from *first* to *last*, inclusive."""
    quarterly = "Q" in first
    step = 3 if quarterly else 1
    label = quarter_of if quarterly else month_of
    day, end = _period_start(first), _period_start(last)
    found = []
    while day <= end:
        found.append(label(day))
        day = _next_start(day, step)
    return found


def _parse(value: str) -> dt.datetime:
    """An RFC 3339 date-time; the few shapes Python does not read (``t``/``z`` in lower case,
    a leap second) are read as the nearest it does."""
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        fixed = value.upper()
        if fixed[17:19] == "60":  # a leap second: the second before it
            fixed = fixed[:17] + "59" + fixed[19:]
        return dt.datetime.fromisoformat(fixed)


def _local_date(value: str) -> dt.date:
    moment = _parse(value)
    try:
        return moment.astimezone(_CPH).date()
    except OverflowError:
        return moment.date()


#: Danish dates by (date and hour, offset): whole-hour offsets and Danish midnight both fall on
#: the hour, so every time within one hour of one offset has the same Danish date.
_DATES: dict[str, dt.date] = {}
_DATES_MAX = 200_000


def _local(value: str) -> dt.date:
    """The Danish calendar date of an RFC 3339 date-time (the date as written when the time
    cannot be moved to Danish time: the first or last day Python knows)."""
    last = value[-1]
    if last in "Zz":
        key = value[:13] + "Z"
    elif value[-2:] == "00" and value[-6] in "+-":
        key = value[:13] + value[-6:]
    else:  # an offset with minutes: no shortcut
        return _local_date(value)
    found = _DATES.get(key)
    if found is None:
        found = _local_date(value)
        if len(_DATES) >= _DATES_MAX:
            _DATES.clear()
        _DATES[key] = found
    return found


def _stamp(value: str) -> float:
    try:
        return _parse(value).timestamp()
    except OverflowError:  # pragma: no cover - year 1 or 9999 at the edge of the offsets
        return 0.0


class Computation:
    """Fold records into the indicators' counters; :meth:`results` makes the cells.

    With ``by="unit"`` a record counts in its citizen's unit: *units* maps citizen ids to
    units (None: no unit) when they are known beforehand (exports: :func:`~carekit.report.
    _exports.citizen_units`); without it the units are learnt from the citizen records as
    they come, so each citizen's record must come before the citizen's other records (as
    the store's reader gives them)."""

    def __init__(self, options: ReportOptions, units: Mapping[str, str | None] | None = None):
        self.options = options
        self.units: dict[str, str | None] = dict(units) if units is not None else {}
        self._learn_units = units is None
        self.matches = options.organisation in (None, NO_ORGANISATION)
        #: (indicator id, group, period) -> [numerator, denominator, count]
        self.cells: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        self.used: dict[str, int] = defaultdict(int)
        #: valid records with a date Python cannot represent, per kind (not used)
        self.skipped: dict[str, int] = defaultdict(int)
        #: valid records created after the report date (not counted)
        self.later = 0
        self.groups: set[str] = set()
        # joins finished in results(): check-ins per (group, citizen), citizens per group,
        # staff ids per (group, month)
        #: (group, citizen) -> [(asked, rating, followed up or None)] as time stamps
        self.check_ins: dict[tuple[str, str], list[tuple[float, int, float | None]]] = defaultdict(
            list
        )
        self.citizens: dict[str, list[dt.date]] = defaultdict(list)
        self.team: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.contributors: dict[tuple[str, str], set[str]] = defaultdict(set)
        #: visit changes counted (a revised plan's successor may carry the same change)
        self._changes_seen: set[object] = set()

    # -- intake -------------------------------------------------------------------------------
    def group_of(self, source: str, record: Mapping[str, Any]) -> str:
        """The breakdown group of *record*, read from *source*."""
        by = self.options.by
        if by == "vendor":
            return source
        if by != "unit":
            return NO_ORGANISATION
        citizen = str(record.get("citizen_id"))
        if self._learn_units and record["kind"] == "citizen":
            self.units[citizen] = record.get("unit")
        return self.units.get(citizen) or NO_UNIT

    def in_range(self, day: dt.date) -> bool:
        o = self.options
        return (o.start is None or day >= o.start) and (o.end is None or day <= o.end)

    def _emit(  # noqa: PLR0917 - called for every record: positional is the cheap call
        self, key: str, group: str, period: str, num: float, den: float, n: int
    ) -> None:
        cell = self.cells[(key, group, period)]
        cell[0] += num
        cell[1] += den
        cell[2] += n

    def add(self, record: Mapping[str, Any], source: str = "store") -> None:
        """Count one record (JSON data of a valid record) read from *source*."""
        if not self.matches:
            return
        try:
            self._add(record, source)
        except (ValueError, OverflowError):
            # a date Python cannot represent (year 0000 is valid RFC 3339): counted, not used
            self.skipped[record["kind"]] += 1

    def _add(self, record: Mapping[str, Any], source: str) -> None:
        kind = record["kind"]
        created = record.get("created_at")  # optional in the schema (a default in the model)
        if created is not None and _local(created) > self.options.as_of:
            self.later += 1  # made after the report date: not counted
            return
        group = self.group_of(source, record)
        self.groups.add(group)
        actor = record["actor"]
        updated = record.get("updated_at")
        if actor["kind"] == "staff" and updated is not None:
            day = _local(updated)
            if self.in_range(day):
                self.team[(group, month_of(day))].add(actor["id"])
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, record, group)
        self.used[kind] += 1

    def add_all(self, records: Iterable[tuple[Mapping[str, Any], str]]) -> None:
        """:meth:`add` every ``(record, source)``."""
        for record, source in records:
            self.add(record, source)

    # -- per kind -----------------------------------------------------------------------------
    def _safety_plan(self, r: Mapping[str, Any], group: str) -> None:
        status = r.get("status", "draft")
        if status in _ACTIVE_PLAN:
            situations = r.get("situations") or []
            acted = bool(situations) and all(
                s.get("self_care") or s.get("steps") or s.get("call_contact_ids")
                for s in situations
            )
            answered = {
                t for c in r.get("contacts") or [] for t in c.get("answers", _DEFAULT_ANSWERS)
            }
            clock = "always" in answered or all(t in answered for t in _WEEK_TIMES)
            self._emit("st10-around-the-clock", group, _SNAPSHOT, acted and clock, 1, 1)
            review = r.get("review_date")
            past = review is not None and dt.date.fromisoformat(review) < self.options.as_of
            self._emit("st10-past-review", group, _SNAPSHOT, past, 1, 1)
            if r.get("planned_visits"):
                self._planned_helpers(r, group)
        if status in _AGREED_PLAN:
            agreement = r.get("agreement")
            both = bool(agreement and agreement["method"] == "both" and agreement.get("understood"))
            self._emit("st4-plan-agreed-both", group, _SNAPSHOT, both, 1, 1)
        for change in r.get("visit_changes") or ():
            day = dt.date.fromisoformat(change["on"])
            # the id is optional in the schema (a default in the model): without it, the
            # change is known by its visit, date and time of recording
            seen = change.get("id") or (change["visit_id"], change["on"], change["changed_at"])
            if seen in self._changes_seen:  # a revised plan's successor carries it on
                continue
            self._changes_seen.add(seen)
            if self.in_range(day):
                early = _local(change["changed_at"]) < day
                self._emit("st12-changes-notified", group, month_of(day), early, 1, 1)

    def _planned_helpers(self, r: Mapping[str, Any], group: str) -> None:
        plan = SafetyPlan.model_validate(r)  # valid already: expanding needs the model
        ending = self.options.as_of
        start = ending - dt.timedelta(days=CONTINUITY_DAYS - 1)
        if any(not v.cancelled for v in visits_between(plan, start, ending)):
            named, colleagues = distinct_helpers(plan, ending)
            self._emit("st12-planned-helpers", group, _SNAPSHOT, named + colleagues, 1, 1)

    def _information(self, r: Mapping[str, Any], group: str) -> None:
        day = _local(r["given_at"])
        if self.in_range(day):
            ok = r["given_how"] == "both" and r.get("understanding", "not_checked") != (
                "not_checked"
            )
            self._emit("st4-information-both-checked", group, month_of(day), ok, 1, 1)

    def _alignment(self, r: Mapping[str, Any], group: str) -> None:
        if r.get("status") == "cancelled":
            return
        as_of = self.options.as_of
        scheduled = dt.date.fromisoformat(r["scheduled_for"])
        held_at = r.get("held_at")
        held = _local(held_at) if held_at else None
        if scheduled <= as_of and self.in_range(scheduled):
            on_time = held is not None and held <= scheduled
            self._emit("st6-alignment-on-time", group, month_of(scheduled), on_time, 1, 1)
        reference = held or scheduled
        for gap in r.get("gaps") or []:
            if not gap.get("resolved"):
                old = (as_of - reference).days > _GAP_AGE_DAYS
                self._emit("st7-open-gaps-over-30-days", group, _SNAPSHOT, old, 1, 1)

    def _check_in(self, r: Mapping[str, Any], group: str) -> None:
        asked = r["asked_at"]
        day = _local(asked)
        rating = r["rating"]
        if self.in_range(day):
            self._emit("st1-check-in-mean", group, month_of(day), rating, 1, 1)
        if rating <= LOW_RATING:  # only low scores are looked at again in results()
            followed = r.get("followed_up_at")
            done = _stamp(followed) if followed else None
        else:
            done = None
        self.check_ins[(group, r["citizen_id"])].append((_stamp(asked), rating, done))

    def _trial(self, r: Mapping[str, Any], group: str) -> None:
        as_of = self.options.as_of
        started = r.get("status", "planned") != "planned"
        start_raw = r.get("start_date")
        start = dt.date.fromisoformat(start_raw) if start_raw else None
        if started and start is not None and start <= as_of and self.in_range(start):
            self._emit("dc2-trials-started", group, quarter_of(start), 1, 0, 0)
        evaluations = r.get("evaluations") or []
        due_raw = r.get("evaluation_date")
        if started and due_raw:
            due = dt.date.fromisoformat(due_raw)
            if due <= as_of and self.in_range(due):
                dates = [_local(e["evaluated_at"]) for e in evaluations]
                on_time = bool(dates) and min(dates) <= due
                self._emit("dc2-evaluated-on-time", group, month_of(due), on_time, 1, 1)
        decision = r.get("decision")
        decided = _local(decision["decided_at"]) if decision else None
        if decision and decided is not None and decided <= as_of and self.in_range(decided):
            for outcome, key in _OUTCOMES.items():
                hit = decision["outcome"] == outcome
                self._emit(key, group, quarter_of(decided), hit, 1, 1)
        for observation in r.get("observations") or []:
            day = _local(observation["observed_at"])
            if day <= as_of and self.in_range(day):
                month = month_of(day)
                self._emit("dc6-observations-per-trial-week", group, month, 1, 0, 0)
                who = observation["observed_by"]
                if who["kind"] == "staff":
                    self.contributors[(group, month)].add(who["id"])
        for evaluation in evaluations:
            day = _local(evaluation["evaluated_at"])
            rater = evaluation["rater"]
            if rater["kind"] == "staff" and day <= as_of and self.in_range(day):
                self.contributors[(group, month_of(day))].add(rater["id"])
        if started and start is not None:
            self._exposure(group, start, decided)

    def _exposure(self, group: str, start: dt.date, decided: dt.date | None) -> None:
        """The running weeks of one trial action, month by month, within the range."""
        o = self.options
        end = min(decided or o.as_of, o.as_of)
        if o.end is not None:
            end = min(end, o.end)
        if o.start is not None:
            start = max(start, o.start)
        day = start
        while day <= end:
            month_end = _next_start(day, 1) - dt.timedelta(days=1)
            last = min(month_end, end)
            days = (last - day).days + 1
            self._emit("dc6-observations-per-trial-week", group, month_of(day), 0, days / 7, 1)
            day = last + dt.timedelta(days=1)

    def _story(self, r: Mapping[str, Any], group: str) -> None:
        created = r.get("created_at")
        if r.get("status") in ("shared", "archived") and created is not None:
            day = _local(created)
            if self.in_range(day):
                self._emit("dc5-stories-shared", group, month_of(day), 1, 0, 1)

    def _citizen(self, r: Mapping[str, Any], group: str) -> None:
        created = r.get("created_at")
        self.citizens[group].append(_local(created) if created else dt.date.min)

    # -- results ------------------------------------------------------------------------------
    def _finish_joins(self) -> None:
        as_of_end = dt.datetime.combine(
            self.options.as_of + dt.timedelta(days=1), dt.time(), tzinfo=_CPH
        ).timestamp()
        window = _FOLLOW_UP.total_seconds()
        for (group, _citizen), rows in self.check_ins.items():
            rows.sort(key=lambda row: row[:2])
            for n, (stamp, rating, done) in enumerate(rows):
                if rating > LOW_RATING or stamp + window > as_of_end:
                    continue
                day = dt.datetime.fromtimestamp(stamp, _CPH).date()
                if not self.in_range(day):
                    continue
                # followed up: the follow-up recorded on the check-in, or (data without it)
                # the citizen asked again, within the window
                followed = (done is not None and done <= stamp + window) or any(
                    stamp < later <= stamp + window for later, _, _ in rows[n + 1 :]
                )
                self._emit("st1-low-score-followed-up", group, month_of(day), followed, 1, 1)
        # every quarter of the range, so a quarter without a trial action is 0, not "no data"
        quarters = self._periods(indicator("dc2-trials-started"))
        for group, created in self.citizens.items():
            for quarter in quarters:
                end = _next_start(_period_start(quarter), 3) - dt.timedelta(days=1)
                number = sum(1 for day in created if day <= end)
                self._emit("dc2-trials-started", group, quarter, 0, number, number)
        for key in self.team.keys() | self.contributors.keys():
            contributors = self.contributors.get(key, set())
            team = self.team.get(key, set()) | contributors
            group, month = key
            self._emit("dc6-team-contributing", group, month, len(contributors), len(team),
                       len(team))  # fmt: skip
        self.check_ins.clear()

    def results(self) -> list[IndicatorResult]:
        """Every indicator's series per group (call once, after the last :meth:`add`)."""
        self._finish_joins()
        groups = sorted(self.groups) or [NO_ORGANISATION]
        found: list[IndicatorResult] = []
        for item in INDICATORS:
            periods = self._periods(item)
            series = []
            for group in groups:
                cells = tuple(
                    self._cell(item, period, self.cells.get((item.id, group, period)))
                    for period in periods
                )
                series.append(self._series(item, group, cells))
            found.append(IndicatorResult(item, tuple(series)))
        return found

    def _periods(self, item: Indicator) -> list[str]:
        if item.period == "snapshot":
            return [_SNAPSHOT]
        label = month_of if item.period == "month" else quarter_of
        o = self.options
        seen = sorted({k[2] for k in self.cells if k[0] == item.id}, key=_period_start)
        first = label(o.start) if o.start is not None else (seen[0] if seen else None)
        if o.end is not None:
            last: str | None = label(o.end)
        elif seen:
            last = seen[-1]
        else:
            last = label(o.as_of) if first is not None else None
        if first is None or last is None or _period_start(first) > _period_start(last):
            return []
        return periods_between(first, last)

    def _cell(self, item: Indicator, period: str, raw: list[float] | None) -> Cell:
        num, den, count = (raw[0], raw[1], int(raw[2])) if raw is not None else (0.0, 0.0, 0)
        k = self.options.min_cell
        if item.measure == "count":
            suppressed = 0 < num < k
            value: float | None = num
            den_shown: float | None = None
        else:
            suppressed = 0 < count < k
            den_shown = den
            value = None if den == 0 else num / den * (item.per if item.measure == "rate" else 1)
        if suppressed:
            return Cell(period, None, None, count, None, True)
        return Cell(period, num, den_shown, count, value, False)

    def _series(self, item: Indicator, group: str, cells: tuple[Cell, ...]) -> GroupSeries:
        if item.period == "snapshot":
            return GroupSeries(group, cells, None, ())
        points = tuple(n for n, c in enumerate(cells) if c.value is not None)
        values = [cells[n].value or 0.0 for n in points]
        baseline = self.options.baseline
        if baseline is not None and baseline > len(values):
            baseline = None
        return GroupSeries(group, cells, runchart(values, baseline=baseline), points)


_HANDLERS = {
    "safety_plan": Computation._safety_plan,
    "information_record": Computation._information,
    "expectation_alignment": Computation._alignment,
    "safety_check_in": Computation._check_in,
    "trial_action": Computation._trial,
    "learning_story": Computation._story,
    "citizen": Computation._citizen,
}
