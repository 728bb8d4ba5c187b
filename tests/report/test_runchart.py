"""The Anhøj run-chart rules (Anhøj & Olesen 2014; qicharts2's definitions)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import ReportOptionError
from carekit.report import crossings_limit, longest_run_limit, runchart


def _qbinom_05(size: int) -> int:
    """R's qbinom(0.05, size, 0.5) by exact fractions, the slow obvious way."""
    cumulative = Fraction(0)
    for c in range(size + 1):
        cumulative += Fraction(math.comb(size, c), 2**size)
        if cumulative >= Fraction(1, 20):
            return c
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    ("useful", "run_limit", "cross_limit"),
    # the table of critical values in Anhøj & Olesen 2014 / qicharts2's vignette
    [
        (10, 6, 2),
        (11, 6, 2),
        (12, 7, 3),
        (14, 7, 4),
        (17, 7, 5),
        (20, 7, 6),
        (22, 7, 7),
        (24, 8, 8),
        (30, 8, 10),
        (50, 9, 19),
        (100, 10, 41),
    ],
)
def test_limits_match_the_published_table(useful: int, run_limit: int, cross_limit: int) -> None:
    assert longest_run_limit(useful) == run_limit
    assert crossings_limit(useful) == cross_limit


def test_the_crossings_limit_is_the_exact_binomial_quantile() -> None:
    for useful in range(1, 300):
        assert crossings_limit(useful) == _qbinom_05(useful - 1), useful
        assert longest_run_limit(useful) == round(math.log2(useful) + 3)


def test_a_rising_series_has_too_few_crossings_but_no_shift() -> None:
    chart = runchart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert chart.median == 5.5
    assert (chart.useful, chart.longest_run, chart.crossings) == (10, 5, 1)
    assert (chart.longest_run_limit, chart.crossings_limit) == (6, 2)
    assert chart.few_crossings
    assert not chart.shift
    assert chart.signal


def test_an_alternating_series_has_no_signal() -> None:
    chart = runchart([1, 3] * 6)
    assert chart.crossings == 11
    assert chart.longest_run == 1
    assert not chart.signal
    assert chart.run_points == ()


def test_a_long_run_after_a_frozen_baseline_is_a_shift() -> None:
    values = [3, 1] * 5 + [5] * 10  # the baseline ends below its median
    chart = runchart(values, baseline=10)
    assert chart.median == 2  # of the baseline only
    assert chart.longest_run == 10
    assert chart.longest_run_limit == 7
    assert chart.shift
    assert chart.run_points == tuple(range(10, 20))  # the points to highlight


def test_without_the_baseline_the_median_moves_and_the_shift_is_smaller() -> None:
    chart = runchart([1, 3] * 5 + [5] * 10)
    assert chart.median == 4
    assert chart.longest_run == 10  # ten 5s above 4; the baseline points all below
    assert chart.crossings == 1


def test_points_on_the_median_neither_count_nor_break_a_run() -> None:
    # median 5; the 5s are not useful; the run of 6s and 7s continues across them
    values = [1, 2, 3, 5, 6, 5, 7, 5, 8, 9]
    chart = runchart(values)
    assert chart.median == 5
    assert chart.useful == 7
    assert chart.longest_run == 4  # 6, 7, 8, 9 (the 5s between skipped)
    assert chart.crossings == 1


def test_all_points_on_the_median() -> None:
    chart = runchart([4, 4, 4, 4, 4])
    assert chart.median == 4
    assert chart.useful == 0
    assert chart.longest_run_limit is None
    assert chart.crossings_limit is None
    assert not chart.signal


def test_small_series() -> None:
    empty = runchart([])
    assert empty.median is None
    assert not empty.signal
    one = runchart([7])
    assert one.median == 7
    assert one.useful == 0
    assert not one.signal
    two = runchart([1, 2])
    assert (two.useful, two.crossings, two.longest_run) == (2, 1, 1)
    assert (two.longest_run_limit, two.crossings_limit) == (4, 0)
    assert not two.signal


def test_bad_input_is_refused() -> None:
    with pytest.raises(ReportOptionError, match="baseline") as caught:
        runchart([1, 2, 3], baseline=4)
    assert caught.value.code == "report.option"
    assert caught.value.option == "baseline"
    assert "mellem 1 og 3" in caught.value.text.da
    with pytest.raises(ValueError, match="baseline"):
        runchart([1, 2, 3], baseline=4)
    with pytest.raises(ValueError, match="baseline"):
        runchart([1, 2, 3], baseline=0)
    with pytest.raises(ValueError, match="finite"):
        runchart([1, float("nan")])


def test_as_dict_names_every_rule() -> None:
    data = runchart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).as_dict()
    assert data["few_crossings"] is True
    assert data["shift"] is False
    assert data["signal"] is True


@given(
    level=st.floats(-1000, 1000),
    noise=st.lists(st.sampled_from([-1.0, 0.0, 1.0]), min_size=1, max_size=24),
    shifted=st.integers(12, 48),
    step=st.floats(10, 1e6),
    up=st.booleans(),
)
def test_a_large_step_shift_fires_the_shift_rule(
    level: float, noise: list[float], shifted: int, step: float, up: bool
) -> None:
    baseline = [level + n for n in noise]
    after = [level + (step if up else -step)] * shifted
    chart = runchart(baseline + after, baseline=len(baseline))
    assert chart.shift
    assert chart.longest_run >= shifted
    assert set(range(len(baseline), len(baseline) + shifted)) <= set(chart.run_points)


@given(st.lists(st.floats(-1e6, 1e6), max_size=60))
def test_the_counts_hold_for_any_series(values: list[float]) -> None:
    chart = runchart(values)
    assert chart.useful <= len(values)
    if chart.useful:
        assert 1 <= chart.longest_run <= chart.useful
        assert chart.crossings <= chart.useful - 1
    else:
        assert chart.longest_run == 0
        assert chart.crossings == 0
        assert not chart.signal
