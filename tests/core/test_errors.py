"""One bilingual error model: every carekit error has a stable code of its own and a
message in Danish and English (no English inside the Danish)."""

from __future__ import annotations

import pytest

import carekit.errors as errors_module
from carekit.errors import (
    CarekitError,
    ClosedError,
    ConflictError,
    InvalidArgumentError,
    RecordNotFoundError,
    StoreClosedError,
    UnknownBackendError,
    UnknownKindError,
)
from carekit.i18n import Text
from carekit.store import StoreCorruptError
from carekit.validate import InputNotFoundError

CLASSES = [
    getattr(errors_module, name)
    for name in errors_module.__all__
    if isinstance(getattr(errors_module, name), type)
    and issubclass(getattr(errors_module, name), CarekitError)
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_declares_its_own_stable_code(cls: type[CarekitError]) -> None:
    assert "code" in vars(cls), f"{cls.__name__} inherits its code"
    codes = [c.code for c in CLASSES]
    assert codes.count(cls.code) == 1


@pytest.mark.parametrize(
    "error",
    [
        RecordNotFoundError("r-1"),
        ConflictError("r-1", 1, 2),
        UnknownBackendError("mongodb://x", "mongodb", ["sqlite"]),
        UnknownKindError("castle", ["citizen"]),
        InvalidArgumentError("actor", Text("en Actor", "an Actor"), {"id": "x"}),
        ClosedError(),
        StoreClosedError(),
        StoreCorruptError("r-1", 2, "1 validation error(s)"),
        InputNotFoundError("export.ndjson"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_speak_danish_and_english(error: CarekitError) -> None:
    assert error.text.da != error.text.en
    assert str(error) == error.text.en
    assert error.render("da") == error.text.da
    for english in (" is ", " not ", " the ", "must"):
        assert english not in error.text.da, error.text.da


def test_cpr_numbers_are_masked_in_both_languages() -> None:
    error = RecordNotFoundError("010137-4002")
    assert "4002" not in error.text.da
    assert "4002" not in error.text.en
