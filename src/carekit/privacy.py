"""Personal data rules: CPR numbers are validated, never logged, and masked when shown.

A CPR number (personnummer) is ``DDMMYY-SSSS``.  carekit accepts it with or without the
hyphen, checks that the first six digits are a real date, and stores it only where a caller
put it explicitly (``Citizen.cpr``).  Everything that prints, logs or reports text passes it
through :func:`mask_cpr_in_text` first.

In free text the one scanner, :func:`find_cprs`, recognises the spellings people write:
``010137-1234``, ``0101371234``, ``010137 1234``, ``010137 - 1234``, ``010137–1234`` (en dash,
em dash, minus sign, non-breaking hyphen), ``010137/1234`` and ``01.01.37-1234``.  A match
counts only when its first six digits are a birth date the CPR office's century rules allow
for its seventh digit, and when it does not stand inside a longer number (``2147483647``,
``12010137-40021``, ``1.234.567,89``), so ordinary numbers stay as they are.  Where a number
could be either, it is masked: a leak costs more than a masked order number.

The modulus-11 check is *not* enforced: since 2007 the CPR office issues numbers that fail it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import attrs

__all__ = [
    "CPR_PATTERN",
    "CprMaskingFilter",
    "CprMatch",
    "find_cprs",
    "is_valid_cpr",
    "mask_cpr",
    "mask_cpr_in_text",
    "masked_logger",
    "normalise_cpr",
]

#: The pattern published in the JSON Schemas (also accepted without the hyphen).
CPR_PATTERN = r"^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}$"
_CPR_RE = re.compile(CPR_PATTERN)
# A CPR number in free text: the date as DDMMYY or DD.MM.YY, then the serial number after no
# separator, a hyphen-like dash, a slash or a dot, with optional spaces around it.  Not inside
# a longer number: no digit (or digit and separator) right before, no digit (or decimal
# point and digit) right after.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212/."
_CPR_IN_TEXT = re.compile(
    r"(?<!\d)(?<!\d[.,/\-\u2010-\u2014\u2212])"
    r"(?P<dd>\d{2})(?P<dot>\.?)(?P<mm>\d{2})(?P=dot)(?P<yy>\d{2})"
    rf"(?:[ \u00a0]*[{_DASHES}][ \u00a0]*|[ \u00a0]?)"
    r"(?P<serial>\d{4})"
    r"(?!\d)(?![.,]\d)",
    re.ASCII,
)

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


@attrs.frozen
class CprMatch:
    """A CPR number found in free text: where it stands (``text[start:end]``) and its ten
    digits."""

    start: int
    end: int
    digits: str

    @property
    def masked(self) -> str:
        """The masked form, ``DDMMYY-XXXX``."""
        return f"{self.digits[:6]}-XXXX"


def find_cprs(text: str) -> list[CprMatch]:
    """Every plausible CPR number in *text*, in any of the spellings above, in order."""
    found: list[CprMatch] = []
    for m in _CPR_IN_TEXT.finditer(text):
        digits = m["dd"] + m["mm"] + m["yy"] + m["serial"]
        if _birth_date(digits) is not None:
            found.append(CprMatch(m.start(), m.end(), digits))
    return found


def mask_cpr_in_text(text: str) -> str:
    """Mask every plausible CPR number in *text* (any spelling) as ``DDMMYY-XXXX``; all other
    text, numbers included, stays as it is."""
    if not any(c.isdigit() for c in text):
        return text
    parts: list[str] = []
    last = 0
    for match in find_cprs(text):
        parts.append(text[last : match.start])
        parts.append(match.masked)
        last = match.end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


class CprMaskingFilter(logging.Filter):
    """A logging filter that masks every CPR number in a record's message and arguments,
    whatever the level; carekit's own loggers carry it (:func:`masked_logger`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_cpr_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_FILTER = CprMaskingFilter()


def masked_logger(name: str) -> logging.Logger:
    """The logger *name* with :class:`CprMaskingFilter` attached (once): every carekit
    module logs through one of these, so no CPR number reaches a log line."""
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger
