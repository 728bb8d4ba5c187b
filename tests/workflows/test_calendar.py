"""Calendar arithmetic in Europe/Copenhagen."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.workflows import COPENHAGEN, Cadence, add_months, local_date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 5, 13), 3, dt.date(2026, 8, 13)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), months=st.integers(0, 120))
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(
    day: dt.date, months: int
) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


# hypothesis takes naive bounds and attaches the time zone itself
_START = dt.datetime(2000, 1, 1)  # noqa: DTZ001
_END = dt.datetime(2100, 1, 1)  # noqa: DTZ001


@given(st.datetimes(_START, _END, timezones=st.just(dt.UTC)))
def test_local_date_is_the_wall_calendar_date_in_copenhagen(moment: dt.datetime) -> None:
    assert local_date(moment) == moment.astimezone(COPENHAGEN).date()


def test_local_date_refuses_naive_datetimes_and_keeps_dates() -> None:
    assert local_date(dt.date(2026, 3, 29)) == dt.date(2026, 3, 29)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(dt.datetime(2026, 3, 29, 0, 30))  # noqa: DTZ001


def test_a_cadence_adds_months_then_weeks_and_days() -> None:
    assert Cadence(months=1, weeks=1, days=1).after(dt.date(2027, 1, 31)) == dt.date(2027, 3, 8)
    assert Cadence(weeks=6).describe() == "6 weeks"


def test_an_empty_or_negative_cadence_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        Cadence()
    with pytest.raises(ValueError, match="months must be >= 0"):
        Cadence(months=-1)
