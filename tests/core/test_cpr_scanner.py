"""The one CPR scanner: every common spelling found, ordinary numbers left alone."""

from __future__ import annotations

import datetime as dt
import importlib
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.privacy import find_cprs, is_valid_cpr, mask_cpr_in_text

#: (date part, serial) joined by every spelling the issue lists, and more people write
SPELLINGS = [
    "{d}-{s}",
    "{d}{s}",
    "{d} {s}",
    "{d} - {s}",
    "{d}\u2013{s}",  # en dash
    "{d} \u2013 {s}",
    "{d}\u2014{s}",  # em dash
    "{d}\u2212{s}",  # minus sign
    "{d}\u2011{s}",  # non-breaking hyphen
    "{d}/{s}",
    "{d}.{s}",
    "{d}\u00a0{s}",  # no-break space
    "{dd}.{mm}.{yy}-{s}",
    "{dd}.{mm}.{yy}{s}",
    "{dd}.{mm}.{yy} {s}",
    "{dd} {mm} {yy} {s}",  # grouped in pairs, as read aloud
    "{dd}-{mm}-{yy}-{s}",
    "{dd}{mm} {yy} {s}",
    "{dd}\u2013{mm}\u2013{yy}\u2013{s}",
]

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31))


def _spell(spelling: str, born: dt.date, serial: str) -> str:
    return spelling.format(
        d=f"{born:%d%m%y}", s=serial, dd=f"{born:%d}", mm=f"{born:%m}", yy=f"{born:%y}"
    )


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_is_found_and_masked(spelling: str) -> None:
    cpr = _spell(spelling, dt.date(1937, 1, 1), "4002")
    text = f"Borgeren ({cpr}) ringede."
    (match,) = find_cprs(text)
    assert match.digits == "0101374002"
    assert text[match.start : match.end] == cpr
    assert mask_cpr_in_text(text) == "Borgeren (010137-XXXX) ringede."


@given(
    born=births,
    digit7=st.integers(0, 3),
    rest=st.integers(0, 999),
    spelling=st.sampled_from(SPELLINGS),
    before=st.sampled_from(["", "CPR: ", "nr. ", "(", "\n", "Else, "]),
    after=st.sampled_from(["", ".", ")", " i dag", ",", "\n"]),
)
def test_no_serial_number_survives_masking(
    born: dt.date, digit7: int, rest: int, spelling: str, before: str, after: str
) -> None:
    serial = f"{digit7}{rest:03d}"
    text = before + _spell(spelling, born, serial) + after
    masked = mask_cpr_in_text(text)
    assert serial not in masked.replace(f"{born:%d%m%y}", "")
    assert f"{born:%d%m%y}-XXXX" in masked


@pytest.mark.parametrize(
    "text",
    [
        "2147483647",  # a 32-bit integer: month 47
        "id 310299-1234",  # 31 February
        "tlf. 12345678",
        "+45 20 12 34 56",
        "+4520123456",
        "1.234.567,89 kr.",
        "Beløb 0101374002,50",  # a decimal amount, not a CPR
        "3,0101374002",
        "12010137-40021",  # inside a longer number
        "x12010137-4002",
        "2026-01-01T10:30:00Z",
        "12.10.2026 10:30",
        "12-10-2026 1030",  # a date with a four-digit year and a time
        "20 12 34 56 78",  # a phone number in pairs: ten digits, but day 20 month 12 year 34…
        "tlf. 20 30 40 50",
        "Version 1.0.1374002",
        "uuid 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
        # UUIDs whose digits look like a CPR number (record ids, urn:uuid references)
        "3f010137-4002-4abc-8def-0123456789ab",
        "urn:uuid:12345678-1234-1234-1234-a0101374002b",
        '{"id": "3F010137-4002-4ABC-8DEF-0123456789AB"}',
    ],
)
def test_ordinary_numbers_are_not_masked(text: str) -> None:
    assert find_cprs(text) == []
    assert mask_cpr_in_text(text) == text


def test_a_cpr_next_to_a_uuid_is_still_masked() -> None:
    text = "3f010137-4002-4abc-8def-0123456789ab 010137-4002, 0101374002-4abc"
    assert mask_cpr_in_text(text) == (
        "3f010137-4002-4abc-8def-0123456789ab 010137-XXXX, 010137-XXXX-4abc"
    )


@given(st.uuids())
def test_no_uuid_is_ever_changed_by_masking(value: object) -> None:
    for text in (str(value), f"urn:uuid:{value}", str(value).upper()):
        assert mask_cpr_in_text(text) == text


@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_a_ten_digit_number_is_masked_only_when_it_could_be_a_cpr(number: int) -> None:
    text = f"Ordre {number:010d} er sendt"
    masked = mask_cpr_in_text(text)
    assert (masked != text) == is_valid_cpr(f"{number:010d}")


@given(st.text(max_size=200))
def test_masking_keeps_all_other_text(text: str) -> None:
    masked = mask_cpr_in_text(text)
    if not find_cprs(text):
        assert masked == text
    # masking is idempotent: a masked text has nothing more to mask
    assert mask_cpr_in_text(masked) == masked


def test_precision_on_ordinary_ten_digit_numbers() -> None:
    """Of all ten-digit numbers, only those whose first six digits form a birth date the
    century rules allow are masked: about 4 % — so phone numbers (8 digits), amounts and ids
    with an impossible day or month are left alone."""
    step = 9_999_991  # about 1,000 numbers spread over the whole range
    numbers = [f"{n:010d}" for n in range(0, 10_000_000_000, step)]
    masked = [n for n in numbers if mask_cpr_in_text(n) != n]
    assert all(is_valid_cpr(n) for n in masked)
    assert len(masked) / len(numbers) < 0.05


@pytest.mark.parametrize("name", ["carekit.app", "carekit.notify", "carekit.plugins"])
@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_carekit_loggers_mask_cprs_at_every_level(
    name: str, level: int, caplog: pytest.LogCaptureFixture
) -> None:
    # the modules that own the loggers attach the filter when they are imported
    for module in ("carekit.app", "carekit.notify", "carekit.plugins._facade"):
        importlib.import_module(module)

    logger = logging.getLogger(name)
    with caplog.at_level(logging.DEBUG, logger=name):
        logger.log(level, "note for %s: %s", "010137\u20134002", "ring 01.01.37-4002")
    (record,) = [r for r in caplog.records if r.name == name]
    assert record.getMessage() == "note for 010137-XXXX: ring 010137-XXXX"
    assert "4002" not in caplog.text
