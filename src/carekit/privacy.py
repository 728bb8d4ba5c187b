"""Personal data rules: CPR numbers are validated, never logged, and masked when shown.

A CPR number (personnummer) is ``DDMMYY-SSSS``.  carekit accepts it with or without the
hyphen, checks that the first six digits are a real date, and stores it only where a caller
put it explicitly (``Citizen.cpr``).  Everything that prints, logs or reports text passes it
through :func:`mask_cpr_in_text` first.

The modulus-11 check is *not* enforced: since 2007 the CPR office issues numbers that fail it.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["CPR_PATTERN", "is_valid_cpr", "mask_cpr", "mask_cpr_in_text", "normalise_cpr"]

#: The pattern published in the JSON Schemas (also accepted without the hyphen).
CPR_PATTERN = r"^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}$"
_CPR_RE = re.compile(CPR_PATTERN)
# Anything in free text that looks like a CPR number: six digits, optional hyphen/space, four.
_CPR_IN_TEXT = re.compile(r"(?<!\d)(\d{6})[-\s]?(\d{4})(?!\d)")

_CENTURY_BY_DIGIT7 = {
    # (7th digit) -> list of (year range upper bound, century) - from the CPR office rules
    0: ((99, 1900),),
    1: ((99, 1900),),
    2: ((99, 1900),),
    3: ((99, 1900),),
    4: ((36, 2000), (99, 1900)),
    5: ((57, 2000), (99, 1800)),
    6: ((57, 2000), (99, 1800)),
    7: ((57, 2000), (99, 1800)),
    8: ((57, 2000), (99, 1800)),
    9: ((36, 2000), (99, 1900)),
}


def normalise_cpr(value: str) -> str:
    """``DDMMYYSSSS`` or ``DDMMYY-SSSS`` → ``DDMMYY-SSSS``."""
    digits = value.replace("-", "")
    return f"{digits[:6]}-{digits[6:]}"


def _birth_date(digits: str) -> dt.date | None:
    day, month, yy, digit7 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    for upper, century in _CENTURY_BY_DIGIT7[digit7]:
        if yy <= upper:
            try:
                return dt.date(century + yy, month, day)
            except ValueError:
                return None
    return None  # pragma: no cover - every digit has a 99 upper bound


def is_valid_cpr(value: str) -> bool:
    """True when *value* has the CPR shape and its first six digits are a real birth date."""
    if not _CPR_RE.match(value):
        return False
    return _birth_date(value.replace("-", "")) is not None


def mask_cpr(value: str) -> str:
    """Show only the birth date part: ``010190-1234`` → ``010190-XXXX``."""
    digits = value.replace("-", "")
    if len(digits) != 10:
        return "XXXXXX-XXXX"
    return f"{digits[:6]}-XXXX"


def mask_cpr_in_text(text: str) -> str:
    """Mask everything in *text* that looks like a CPR number."""
    return _CPR_IN_TEXT.sub(lambda m: f"{m.group(1)}-XXXX", text)
