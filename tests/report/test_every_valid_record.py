"""The report counts every record the schema accepts: a valid record with any optional member
left out (at any depth) or in its smallest form is folded in without an error, as it is in
exports from other vendors (where the model's defaults were never written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from carekit.model import kinds
from carekit.report import ReportOptions, build_report
from carekit.validate import sample_record
from carekit.validate._schemas import validators_for

SEEDS = range(4)


def leaner(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """*record* without one of its object members, for every member at every depth."""

    def walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield (*path, key)
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for n, item in enumerate(value):
                yield from walk(item, (*path, n))

    for path in walk(record, ()):
        copy = _deep_copy(record)
        parent = copy
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
        yield copy


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


@pytest.mark.parametrize("kind", kinds())
def test_every_valid_shape_of_a_kind_is_counted(kind: str) -> None:
    is_valid = validators_for(kind).fast.is_valid
    records: list[dict[str, Any]] = []
    for seed in SEEDS:
        for full in (True, False):
            base = sample_record(kind, seed=seed, full=full)
            assert is_valid(base)
            records.append(base)
            records.extend(r for r in leaner(base) if is_valid(r))
    for by in ("month", "unit", "vendor"):
        options = ReportOptions(as_of=dt.date(2026, 12, 31), by=by, min_cell=1)
        result = build_report(((r, "store") for r in records), options)
        counted = result.used.get(kind, 0) + result.skipped + result.later
        assert counted == len(records)
