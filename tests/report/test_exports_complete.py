"""carekit.report's __all__ is complete and true (as tests/core/test_exports.py does for the
other public packages)."""

from __future__ import annotations

import inspect

import carekit.report as report


def test_every_name_in_all_exists() -> None:
    for name in report.__all__:
        assert hasattr(report, name), name


def test_every_public_class_and_function_is_exported() -> None:
    for attr, value in vars(report).items():
        if attr.startswith("_") or not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if getattr(value, "__module__", "").startswith("carekit"):
            assert attr in report.__all__, attr
