"""Run-chart analysis with the Anhøj rules (Anhøj & Olesen 2014, PLoS ONE 9(11): e113825).

Pure functions, no I/O.  The definitions are those of the R package qicharts2:

* the **centre line** is the median of the series, or of the *baseline* (the first
  ``baseline`` points), frozen, when given;
* points exactly on the median are not *useful*: they neither break nor make a run and are not
  counted in ``n``;
* **unusually long runs** (shift): the longest run of useful points on one side of the median
  is longer than ``round(log2(n) + 3)``;
* **unusually few crossings**: the number of times the line of useful points crosses the median
  is smaller than the lower 5 % quantile of Binomial(n − 1, 0.5), i.e. R's
  ``qbinom(0.05, n - 1, 0.5)``: the smallest *c* with P(X ≤ c) ≥ 0.05, computed exactly with
  integers.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import attrs

from carekit.errors import ReportOptionError
from carekit.i18n import Text

__all__ = ["RunChart", "crossings_limit", "longest_run_limit", "runchart"]

#: The tail probability of the crossings rule.
CROSSINGS_ALPHA = (1, 20)  # 0.05 as a fraction, so the quantile is exact


def longest_run_limit(useful: int) -> int | None:
    """``round(log2(n) + 3)`` for *useful* points (None when there are none)."""
    if useful < 1:
        return None
    return round(math.log2(useful) + 3)


def crossings_limit(useful: int) -> int | None:
    """The lower 5 % quantile of Binomial(*useful* − 1, 0.5), as R's ``qbinom(0.05, n-1, 0.5)``
    (None when there are no useful points).  Exact: P(X ≤ c) = Σ C(n−1, k) / 2^(n−1)."""
    if useful < 1:
        return None
    trials = useful - 1
    total = 1 << trials
    num, den = CROSSINGS_ALPHA
    cumulative = 0
    for c in range(trials + 1):
        cumulative += math.comb(trials, c)
        if cumulative * den >= num * total:  # P(X <= c) >= 0.05
            return c
    return trials  # pragma: no cover - the loop always returns by c == trials


@attrs.frozen
class RunChart:
    """The Anhøj analysis of one series.

    ``median``: the centre line (None for an empty series); ``useful``: points not on it;
    ``longest_run`` / ``longest_run_limit``; ``crossings`` / ``crossings_limit``;
    ``shift`` and ``few_crossings``: whether each rule fires; ``signal``: either does;
    ``run_points``: indexes (into the values) of the points in the longest run(s), for drawing.
    """

    values: tuple[float, ...]
    median: float | None
    baseline: int | None
    useful: int
    longest_run: int
    longest_run_limit: int | None
    crossings: int
    crossings_limit: int | None
    shift: bool
    few_crossings: bool
    run_points: tuple[int, ...]

    @property
    def signal(self) -> bool:
        """Whether either Anhøj rule fires (non-random variation)."""
        return self.shift or self.few_crossings

    def as_dict(self) -> dict[str, object]:
        """The analysis as JSON data."""
        return {
            "median": self.median,
            "baseline": self.baseline,
            "useful": self.useful,
            "longest_run": self.longest_run,
            "longest_run_limit": self.longest_run_limit,
            "crossings": self.crossings,
            "crossings_limit": self.crossings_limit,
            "shift": self.shift,
            "few_crossings": self.few_crossings,
            "signal": self.signal,
        }


def runchart(values: Sequence[float], *, baseline: int | None = None) -> RunChart:
    """The Anhøj run-chart analysis of *values* (in time order).

    *baseline*: the median is that of the first *baseline* values, frozen; the rules are
    applied to the whole series against it (as qicharts2's ``freeze``).  Raises
    :class:`~carekit.errors.ReportOptionError` (a ``ValueError``) for a baseline outside
    1..len(values) or a value that is not a finite number.
    """
    points = tuple(float(v) for v in values)
    if any(not math.isfinite(v) for v in points):
        raise ReportOptionError(
            "values",
            Text(
                "Værdierne i et seriediagram skal være endelige tal.",
                "run-chart values must be finite numbers",
            ),
        )
    if baseline is not None and not 1 <= baseline <= len(points):
        raise ReportOptionError(
            "baseline",
            Text(
                f"baseline skal være mellem 1 og {len(points)}, ikke {baseline}.",
                f"baseline must be between 1 and {len(points)}, not {baseline}",
            ),
        )
    if not points:
        return RunChart((), None, baseline, 0, 0, None, 0, None, False, False, ())
    centre = statistics.median(points[:baseline] if baseline else points)
    # side of each point: +1 above, -1 below, 0 on the median (not useful)
    sides = [(1 if v > centre else -1 if v < centre else 0) for v in points]
    useful_at = [i for i, s in enumerate(sides) if s != 0]
    useful = len(useful_at)
    longest = 0
    runs: list[tuple[int, int]] = []  # (start, end) in useful_at positions
    crossings = 0
    start = 0
    for pos in range(1, useful + 1):
        if pos == useful or sides[useful_at[pos]] != sides[useful_at[pos - 1]]:
            runs.append((start, pos))
            longest = max(longest, pos - start)
            if pos < useful:
                crossings += 1
            start = pos
    run_limit = longest_run_limit(useful)
    cross_limit = crossings_limit(useful)
    shift = run_limit is not None and longest > run_limit
    few = cross_limit is not None and crossings < cross_limit
    marked: list[int] = []
    if shift:
        for a, b in runs:
            if b - a > (run_limit or 0):
                marked.extend(useful_at[a:b])
    return RunChart(
        values=points,
        median=centre,
        baseline=baseline,
        useful=useful,
        longest_run=longest,
        longest_run_limit=run_limit,
        crossings=crossings,
        crossings_limit=cross_limit,
        shift=shift,
        few_crossings=few,
        run_points=tuple(marked),
    )
