"""CPR numbers: validated, never logged, masked unless explicitly asked for."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

import carekit
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records, demo_staff
from carekit.errors import RecordValidationError
from carekit.privacy import is_valid_cpr, mask_cpr, mask_cpr_in_text, normalise_cpr
from carekit.testing.readers import open_reading

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31))


@given(birth_dates, st.integers(0, 3), st.integers(0, 999), st.booleans())
def test_cprs_with_a_real_birth_date_are_valid(
    born: dt.date, digit7: int, rest: int, hyphen: bool
) -> None:
    cpr = f"{born:%d%m%y}{'-' if hyphen else ''}{digit7}{rest:03d}"
    assert is_valid_cpr(cpr)
    assert normalise_cpr(cpr) == f"{born:%d%m%y}-{digit7}{rest:03d}"


@given(st.text(alphabet="0123456789-", max_size=12))
def test_masking_never_leaves_the_serial_number(text: str) -> None:
    masked = mask_cpr_in_text(f"CPR {text} here")
    digits = text.replace("-", "")
    shaped = text.count("-") == 0 or (text.count("-") == 1 and text[6:7] == "-")
    if len(digits) == 10 and shaped and is_valid_cpr(digits):
        assert digits[6:] not in masked.replace(digits[:6], "")


def test_impossible_dates_are_not_valid_cprs() -> None:
    assert not is_valid_cpr("310299-1234")
    assert not is_valid_cpr("000000-0000")
    assert not is_valid_cpr("0101371234x")
    assert mask_cpr("0101374002") == "010137-XXXX"


def test_validation_errors_mask_cpr_numbers() -> None:
    data = demo_citizens()[0].model_dump(mode="json")
    data["cpr"] = "0101374002 "  # trailing space: the pattern fails, the value is echoed
    with pytest.raises(RecordValidationError) as info:
        carekit.parse_record(data)
    assert "4002" not in str(info.value)


def test_nothing_carekit_logs_contains_a_cpr_number(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    class Bad:
        @carekit.hookimpl
        def carekit_on_event(self, event: carekit.DomainEvent) -> None:
            raise RuntimeError("listener down for 010137-4002")

    with open_reading("memory://", plugins=[Bad()]) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        trial = app.trial_actions.list()[0].record
        app.act(trial.id, "start", actor=demo_staff()["anna"])
    cprs = [c.cpr for c in demo_citizens() if c.cpr]
    for record in caplog.records:
        text = record.getMessage()
        for cpr in cprs:
            assert cpr not in text
            assert cpr.replace("-", "") not in text
