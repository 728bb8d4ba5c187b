"""Danish calendar dates of RFC 3339 date-times, with and without the per-hour shortcut."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from carekit.report._compute import _local, _local_date

CPH = ZoneInfo("Europe/Copenhagen")


@given(
    # naive on purpose: the offset is drawn separately below
    moment=st.datetimes(
        min_value=dt.datetime(1900, 1, 2),  # noqa: DTZ001
        max_value=dt.datetime(2100, 12, 30),  # noqa: DTZ001
    ),
    hours=st.integers(-14, 14),
    minutes=st.sampled_from([0, 0, 0, 30, 45]),
    zulu=st.booleans(),
    lower=st.booleans(),
)
def test_the_shortcut_gives_the_exact_danish_date(
    moment: dt.datetime, hours: int, minutes: int, zulu: bool, lower: bool
) -> None:
    sign = 1 if hours >= 0 else -1
    offset = dt.timedelta(hours=hours, minutes=sign * minutes)
    aware = moment.replace(tzinfo=dt.timezone(offset))
    text = aware.isoformat()
    if zulu and offset == dt.timedelta(0):
        text = text.replace("+00:00", "z" if lower else "Z")
    if lower:
        text = text.replace("T", "t")
    expected = aware.astimezone(CPH).date()
    assert _local_date(text) == expected
    assert _local(text) == expected
    assert _local(text) == expected  # the second time from the cache


def test_danish_midnight_and_summer_time() -> None:
    assert _local("2026-03-31T21:59:59Z") == dt.date(2026, 3, 31)  # 23:59:59 summer time
    assert _local("2026-03-31T22:00:00Z") == dt.date(2026, 4, 1)
    assert _local("2026-01-31T22:30:00Z") == dt.date(2026, 1, 31)  # 23:30 winter time
    assert _local("2026-01-31T23:00:00+00:00") == dt.date(2026, 2, 1)
    assert _local("2026-03-29T00:59:00Z") == dt.date(2026, 3, 29)  # the night clocks change
