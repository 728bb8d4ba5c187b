"""Each indicator on hand-built records with known answers."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from carekit.errors import ReportOptionError
from carekit.model import (
    PlannedVisit,
    Record,
    TimeWindow,
    VisitChange,
    VisitChangeKind,
    Weekday,
)
from carekit.report import INDICATORS, UNSUPPORTED, ReportOptions, build_report, indicator

from .records import (
    alignment,
    as_json,
    at,
    cells,
    check_in,
    citizen,
    information,
    plan,
    report,
    situation,
    staff,
    story,
    trial,
)


def test_every_declared_indicator_has_a_unique_id_and_both_languages() -> None:
    ids = [i.id for i in INDICATORS] + [u.id for u in UNSUPPORTED]
    assert len(ids) == len(set(ids))
    for item in INDICATORS:
        assert indicator(item.id) is item
        for text in (item.name, item.numerator, item.denominator, item.source):
            assert text.da
            assert text.en


def test_st10_around_the_clock_and_past_review() -> None:
    records: list[Record] = [
        plan("active", situations=[situation()], review="2026-06-01"),  # ok, past review
        plan("active", answers=["weekdays"], situations=[situation()], review="2026-07-01"),
        plan("review_due", situations=[]),  # no situation: not answered
        plan(
            "active",
            answers=["weekdays", "evenings", "nights", "weekends"],
            situations=[situation(), situation()],
            review="2026-06-30",  # the report date itself is not past
        ),
        plan("active", situations=[situation(), situation(acts=False)]),  # one without action
        plan("draft", situations=[situation()], review="2020-01-01"),  # not active: not counted
    ]
    found = cells(report(records))
    clock = found[("st10-around-the-clock", "snapshot")]
    assert (clock.numerator, clock.denominator) == (2, 5)
    past = found[("st10-past-review", "snapshot")]
    assert (past.numerator, past.denominator) == (1, 5)


def test_st4_plans_agreed_orally_and_in_writing_and_understood() -> None:
    records: list[Record] = [
        plan("agreed", agreement="both", understood=True),
        plan("active", agreement="oral", understood=True),
        plan("review_due", agreement="both", understood=False),
        plan("revised", agreement="both", understood=True),  # replaced: not counted
    ]
    cell = cells(report(records))[("st4-plan-agreed-both", "snapshot")]
    assert (cell.numerator, cell.denominator) == (1, 3)


def test_st4_information_per_month() -> None:
    records: list[Record] = [
        information("2026-03-02", "both", "understood"),
        information("2026-03-20", "both", "not_checked"),
        information("2026-03-21", "both", "not_understood"),  # checked, even if not understood
        information("2026-04-02", "oral", "understood"),
    ]
    found = cells(report(records))
    assert found[("st4-information-both-checked", "2026-03")].value == pytest.approx(2 / 3)
    assert found[("st4-information-both-checked", "2026-04")].value == 0


def test_st6_alignments_held_on_time_on_the_danish_date() -> None:
    records: list[Record] = [
        alignment("2026-03-10", at("2026-03-09")),  # early: on time
        alignment("2026-03-12", at("2026-03-12", "23:30:00+00:00")),  # 00:30 on the 13th in DK
        alignment("2026-03-20", at("2026-03-25")),  # late
        alignment("2026-03-25", None, status="scheduled"),  # not held: late
        alignment("2026-03-26", None, status="cancelled"),  # cancelled: not counted
        alignment("2026-07-01", None, status="scheduled"),  # after the report date
    ]
    found = cells(report(records))
    cell = found[("st6-alignment-on-time", "2026-03")]
    assert (cell.numerator, cell.denominator) == (1, 4)
    assert ("st6-alignment-on-time", "2026-07") not in found


def test_st7_open_gaps_older_than_30_days() -> None:
    records: list[Record] = [
        alignment("2026-05-01", at("2026-05-01"), gaps=[False, False, True]),  # 2 open, old
        alignment("2026-06-15", at("2026-06-15"), gaps=[False]),  # open, 15 days
        alignment("2026-05-02", None, status="scheduled", gaps=[False]),  # by schedule: old
        alignment("2026-04-01", None, status="cancelled", gaps=[False]),  # cancelled
    ]
    cell = cells(report(records))[("st7-open-gaps-over-30-days", "snapshot")]
    assert (cell.numerator, cell.denominator) == (3, 4)


def test_st1_mean_score_and_low_scores_followed_up_within_7_days() -> None:
    x, y, z = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    records: list[Record] = [
        check_in(at("2026-03-01"), 1, x),
        check_in(at("2026-03-05"), 4, x),  # 4 days later: followed up
        check_in(at("2026-03-10"), 2, y),
        check_in(at("2026-03-20"), 5, y),  # 10 days later: not within 7
        check_in(at("2026-06-27"), 1, z),  # its 7 days are not over on the report date
    ]
    found = cells(report(records))
    assert found[("st1-check-in-mean", "2026-03")].value == pytest.approx(12 / 4)
    followed = found[("st1-low-score-followed-up", "2026-03")]
    assert (followed.numerator, followed.denominator) == (1, 2)
    assert ("st1-low-score-followed-up", "2026-06") not in found  # not counted yet


def test_st1_a_follow_up_recorded_on_the_check_in_counts() -> None:
    x, y, z = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    records: list[Record] = [
        # followed up after 3 days, never asked again: followed up
        check_in(at("2026-04-01"), 1, x).model_copy(update={"followed_up_at": at("2026-04-04")}),
        # followed up after 9 days: too late
        check_in(at("2026-04-02"), 2, y).model_copy(update={"followed_up_at": at("2026-04-11")}),
        # a good score with a follow-up is not a low score
        check_in(at("2026-04-03"), 4, z).model_copy(update={"followed_up_at": at("2026-04-04")}),
    ]
    followed = cells(report(records))[("st1-low-score-followed-up", "2026-04")]
    assert (followed.numerator, followed.denominator) == (1, 2)


def test_dc2_trials_started_per_10_citizens_per_quarter() -> None:
    records: list[Record] = [citizen("2026-01-01") for _ in range(20)]
    records += [citizen("2026-04-10") for _ in range(10)]
    records += [trial("running", start=f"2026-0{m}-15") for m in (1, 2, 3)]
    records += [trial("planned", start="2026-02-01")]  # planned only: not started
    records += [trial("running", start="2026-05-01")]
    found = cells(report(records))
    q1 = found[("dc2-trials-started", "2026-Q1")]
    assert (q1.numerator, q1.denominator) == (3, 20)
    assert q1.value == pytest.approx(1.5)
    q2 = found[("dc2-trials-started", "2026-Q2")]
    assert (q2.numerator, q2.denominator) == (1, 30)
    bounded = cells(report(records, start=dt.date(2026, 1, 1), end=dt.date(2026, 9, 30)))
    q3 = bounded[("dc2-trials-started", "2026-Q3")]  # citizens, no trial action: 0, not no data
    assert (q3.numerator, q3.denominator, q3.value) == (0, 30, 0)


def test_dc2_evaluated_on_time() -> None:
    records: list[Record] = [
        trial(
            "evaluating",
            start="2026-03-01",
            evaluate_by="2026-03-15",
            evaluated=[("2026-03-14", staff())],
        ),
        trial(
            "evaluating",
            start="2026-03-01",
            evaluate_by="2026-03-20",
            evaluated=[("2026-03-25", staff())],
        ),
        trial("running", start="2026-03-01", evaluate_by="2026-03-22"),  # none yet: late
        trial("planned", evaluate_by="2026-03-22"),  # never started: not counted
        trial("running", start="2026-06-01", evaluate_by="2026-07-22"),  # not due yet
    ]
    cell = cells(report(records))[("dc2-evaluated-on-time", "2026-03")]
    assert (cell.numerator, cell.denominator) == (1, 3)


def test_dc2_outcomes_per_quarter() -> None:
    records: list[Record] = [
        trial("adopted", start="2026-01-01", decided=("adopt", "2026-02-01")),
        trial("adopted", start="2026-01-01", decided=("adopt", "2026-03-01")),
        trial("abandoned", start="2026-01-01", decided=("abandon", "2026-03-02")),
        trial("adapted", start="2026-01-01", decided=("adapt", "2026-04-02")),
    ]
    found = cells(report(records))
    assert found[("dc2-outcome-adopted", "2026-Q1")].value == pytest.approx(2 / 3)
    assert found[("dc2-outcome-abandoned", "2026-Q1")].value == pytest.approx(1 / 3)
    assert found[("dc2-outcome-adapted", "2026-Q1")].value == 0
    assert found[("dc2-outcome-adapted", "2026-Q2")].value == 1


def test_dc5_learning_stories_shared_per_month() -> None:
    records: list[Record] = [
        story("shared", "2026-03-01"),
        story("shared", "2026-03-09"),
        story("draft", "2026-03-10"),
        story("archived", "2026-04-01"),
    ]
    found = cells(report(records))
    assert found[("dc5-stories-shared", "2026-03")].value == 2
    assert found[("dc5-stories-shared", "2026-04")].value == 1


def test_dc6_observations_per_running_trial_week() -> None:
    b = staff("bo")
    records: list[Record] = [
        trial(
            "adopted",
            start="2026-03-01",
            decided=("adopt", "2026-03-14"),
            observed=[(f"2026-03-0{d}", b) for d in (2, 3, 4, 5)],
        ),
    ]
    cell = cells(report(records))[("dc6-observations-per-trial-week", "2026-03")]
    assert cell.numerator == 4
    assert cell.denominator == pytest.approx(2.0)  # 1-14 March: two weeks
    assert cell.value == pytest.approx(2.0)


def test_dc6_share_of_the_team_contributing() -> None:
    a, b, c, d = staff("a"), staff("b"), staff("c"), staff("d")
    records: list[Record] = [
        trial(
            "evaluating",
            start="2026-03-01",
            actor=a,
            updated="2026-03-20",
            observed=[("2026-03-02", b)],
            evaluated=[("2026-03-10", c)],
        ),
        trial("running", start="2026-03-01", actor=d, updated="2026-03-21"),
    ]
    cell = cells(report(records))[("dc6-team-contributing", "2026-03")]
    assert (cell.numerator, cell.denominator) == (2, 4)


def test_records_made_after_the_report_date_are_not_counted() -> None:
    later = information("2026-07-02", "both")
    result = report([later])
    assert ("st4-information-both-checked", "2026-07") not in cells(result)
    assert result.later == 1
    assert result.used == {}
    assert any("after the report date" in n.en for n in result.notes())


def test_from_and_to_bound_the_periods_and_fill_the_gaps() -> None:
    records: list[Record] = [information("2026-02-01", "both"), information("2026-05-01", "both")]
    result = report(records, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    series = next(r for r in result.results if r.indicator.id == "st4-information-both-checked")
    periods = [c.period for c in series.groups[0].cells]
    assert periods == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    values = [c.value for c in series.groups[0].cells]
    assert values == [None, 1, None, None, 1, None]  # months with nothing to divide: no value
    assert series.groups[0].chart_points == (1, 4)


def test_an_empty_group_has_no_values_and_no_signal() -> None:
    both = as_json([information("2026-03-02", "both")], "nord.ndjson")
    both += as_json([citizen()], "syd.ndjson")  # syd has no information at all
    result = build_report(both, ReportOptions(as_of=dt.date(2026, 6, 30), by="vendor", min_cell=1))
    syd = cells(result, "syd.ndjson")
    assert syd[("st4-information-both-checked", "2026-03")].value is None
    series = next(r for r in result.results if r.indicator.id == "st4-information-both-checked")
    chart = next(g for g in series.groups if g.group == "syd.ndjson").chart
    assert chart is not None
    assert chart.values == ()
    assert not chart.signal
    assert cells(result, "nord.ndjson")[("st4-information-both-checked", "2026-03")].value == 1


def test_one_data_point_and_all_points_on_the_median() -> None:
    one = report([information("2026-03-02", "both")])
    series = next(r for r in one.results if r.indicator.id == "st4-information-both-checked")
    chart = series.groups[0].chart
    assert chart is not None
    assert chart.values == (1.0,)
    assert chart.useful == 0
    assert not chart.signal
    flat = report([information(f"2026-0{m}-02", "both") for m in range(1, 7)])
    series = next(r for r in flat.results if r.indicator.id == "st4-information-both-checked")
    chart = series.groups[0].chart
    assert chart is not None
    assert len(chart.values) == 6
    assert chart.useful == 0
    assert not chart.signal
    assert chart.longest_run_limit is None


def test_a_step_change_in_an_indicator_is_a_shift_signal() -> None:
    records: list[Record] = []
    for month in range(1, 13):  # ten information records a month: 0 % for 4 months, then 100 %
        how = "oral" if month <= 4 else "both"
        records += [information(f"2026-{month:02d}-{d:02d}", how) for d in range(1, 11)]
    result = report(records, as_of=dt.date(2026, 12, 31), min_cell=5, baseline=4)
    series = next(r for r in result.results if r.indicator.id == "st4-information-both-checked")
    chart = series.groups[0].chart
    assert chart is not None
    assert chart.median == 0
    assert chart.shift


def test_an_unknown_organisation_gives_an_empty_report_that_says_so() -> None:
    result = report([information("2026-03-02", "both")], organisation="Nord")
    assert sum(result.used.values()) == 0
    assert any("Nord" in n.en for n in result.notes())
    assert sum(report([information("2026-03-02", "both")], organisation="all").used.values()) == 1


def test_an_empty_input_gives_a_report_without_periods() -> None:
    result = report([])
    for r in result.results:
        for g in r.groups:
            assert all(c.value is None for c in g.cells)


def test_options_out_of_range_are_refused_in_both_languages() -> None:
    with pytest.raises(ReportOptionError) as caught:
        ReportOptions(as_of=dt.date(2026, 6, 30), min_cell=0)
    assert caught.value.option == "min_cell"
    assert caught.value.text.da.startswith("min_cell")
    with pytest.raises(ReportOptionError):
        ReportOptions(
            as_of=dt.date(2026, 6, 30), start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1)
        )
    with pytest.raises(ReportOptionError):
        ReportOptions(as_of=dt.date(2026, 6, 30), baseline=0)


def test_a_date_python_cannot_represent_is_counted_not_used() -> None:
    data = information("2026-03-02", "both").model_dump(mode="json")
    data["given_at"] = "0000-03-02T10:00:00+01:00"  # RFC 3339 allows year 0000; Python does not
    result = build_report([(data, "x")], ReportOptions(as_of=dt.date(2026, 6, 30), min_cell=1))
    assert result.skipped == 1
    assert result.used == {}
    assert any("not used: 1" in n.en for n in result.notes())


def test_st12_visit_changes_notified_before_the_day_of_the_visit() -> None:
    visit = uuid.uuid4()

    def change(on: str, changed: str, *, same_id: uuid.UUID | None = None) -> VisitChange:
        return VisitChange(
            id=same_id or uuid.uuid4(),
            visit_id=visit,
            on=dt.date.fromisoformat(on),
            change=VisitChangeKind.CANCELLED,
            reason="Anna er på kursus",
            changed_at=dt.datetime.fromisoformat(changed),
            changed_by=staff(),
        )

    kept = uuid.uuid4()
    early = change("2026-03-10", "2026-03-08T09:00:00+01:00", same_id=kept)
    late_evening_before = change("2026-03-12", "2026-03-11T23:30:00+01:00")  # the day before
    same_day = change("2026-03-13", "2026-03-13T07:00:00+01:00")  # the morning of the visit
    # 23:30 UTC on the 12th is 00:30 on the 13th in Denmark: the day of the visit, not before
    utc_midnight = change("2026-03-13", "2026-03-12T23:30:00+00:00")
    april = change("2026-04-02", "2026-03-30T12:00:00+02:00")
    first = plan("revised").model_copy(update={"visit_changes": [early, same_day]})
    successor = plan("active").model_copy(
        update={"visit_changes": [early, late_evening_before, utc_midnight, april]}
    )
    found = cells(report([first, successor]))
    march = found[("st12-changes-notified", "2026-03")]
    assert (march.numerator, march.denominator) == (2, 4)  # early once, though on two plans
    assert found[("st12-changes-notified", "2026-04")].value == 1
    assert "st12-changes-notified" not in {u.id for u in UNSUPPORTED}


def test_st12_planned_helpers_per_citizen_in_the_14_days_up_to_the_report_date() -> None:
    # the report date is Tuesday 30 June 2026: the 14 days are 17 to 30 June
    weekdays = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY]
    window = TimeWindow(start="08:00", end="09:00")
    anna = PlannedVisit(
        who="Anna Holm", weekdays=[*weekdays, Weekday.FRIDAY], window=window, purpose="Bad"
    )
    weekend = PlannedVisit(
        weekdays=[Weekday.SATURDAY, Weekday.SUNDAY],
        window=window,
        colleague_reason="Vagtplanen lægges om fredagen",
        purpose="Bad",
    )
    bob_once = VisitChange(
        visit_id=anna.id,
        on=dt.date(2026, 6, 24),
        change=VisitChangeKind.OTHER_HELPER,
        who="Bob Madsen",
        reason="Anna er på kursus",
        changed_at=at("2026-06-20"),
        changed_by=staff(),
    )
    cancelled = VisitChange(
        visit_id=weekend.id,
        on=dt.date(2026, 6, 20),
        change=VisitChangeKind.CANCELLED,
        reason="Borgeren er hos sin datter",
        changed_at=at("2026-06-18"),
        changed_by=staff(),
    )
    planned = plan("active").model_copy(
        update={"planned_visits": [anna, weekend], "visit_changes": [bob_once, cancelled]}
    )
    over = PlannedVisit(who="Sara", dates=[dt.date(2026, 5, 1)], window=window, purpose="Bad")
    ended = plan("active").model_copy(update={"planned_visits": [over]})
    words = plan("active").model_copy(
        update={"planned_visits": [PlannedVisit(who="Sara", when="Hver dag", purpose="Bad")]}
    )
    cell = cells(report([planned, ended, words]))[("st12-planned-helpers", "snapshot")]
    # Anna and Bob, plus three weekend visits by a colleague (21, 27, 28 June; 20 June cancelled)
    assert (cell.numerator, cell.denominator) == (5, 1)
    assert indicator("st12-planned-helpers").higher_is_better is False
