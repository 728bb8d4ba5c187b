"""What JSON Schema 2020-12 means, exactly, for the formats and patterns carekit's schemas use.

* **Formats** (format-assertion vocabulary), as the official JSON-Schema-Test-Suite defines them:

  - ``uuid``: the RFC 4122 string form ``8-4-4-4-12`` ASCII hex digits, any case, nothing
    before or after (no braces, ``urn:uuid:``, missing or extra hyphens, signs, full-width
    digits, spaces or a final newline);
  - ``date``: RFC 3339 ``full-date`` (``YYYY-MM-DD``, a day that exists in that month of the
    proleptic Gregorian calendar; year ``0000`` is valid and a leap year);
  - ``date-time``: RFC 3339 ``date-time``: ``T``/``t``, ``Z``/``z`` or ``±HH:MM`` (hours up to
    23), any number of second-fraction digits, and a leap second ``:60`` exactly when the time
    in UTC is 23:59.

  python-jsonschema's own checks differ (``uuid`` is Python's ``UUID()``, which accepts braces,
  ``urn:uuid:`` and missing hyphens; ``date-time`` is ``rfc3339-validator``): they are not used.

* **Patterns** are ECMA-262 regular expressions.  :func:`translate_pattern` rewrites one into an
  equivalent Python ``re`` or jsonschema-rs (Rust) pattern with no engine-dependent token left:
  ``$`` is the very end of the text (Python: ``\\Z``; Python's ``$`` also matches before a
  final newline), ``\\d``/``\\w``/``\\s`` are ECMA-262's ASCII digits, ASCII word characters
  and ECMA-262 white space + line terminators, ``.`` excludes exactly the four ECMA-262 line
  terminators.  Syntax outside the supported subset raises :class:`UntranslatablePatternError`
  (every published carekit pattern is inside it: tested).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Literal

from jsonschema import Draft202012Validator, FormatChecker, validators

from carekit.schema import build_dialect

__all__ = [
    "ECMA_LINE_TERMINATORS",
    "ECMA_WHITESPACE",
    "FORMATS",
    "DialectValidator",
    "UntranslatablePatternError",
    "format_checker",
    "is_date",
    "is_date_time",
    "is_uuid",
    "spec_validator",
    "translate_pattern",
]

#: ECMA-262 ``WhiteSpace`` (TAB, VT, FF, ZWNBSP, and every ``Zs`` character) and
#: ``LineTerminator`` (LF, CR, LS, PS): what ``\s`` matches.
ECMA_LINE_TERMINATORS = "\n\r\u2028\u2029"
ECMA_WHITESPACE = (
    "\t\x0b\x0c \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\ufeff" + ECMA_LINE_TERMINATORS
)

_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
).fullmatch
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})").fullmatch
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
).fullmatch
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_uuid(value: str) -> bool:
    """RFC 4122 string form."""
    return _UUID(value) is not None


def _day_exists(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (29 if month == 2 and leap else _DAYS[month - 1])


def is_date(value: str) -> bool:
    """RFC 3339 ``full-date``."""
    found = _DATE(value)
    return found is not None and _day_exists(*map(int, found.groups()))


def is_date_time(value: str) -> bool:
    """RFC 3339 ``date-time`` (leap seconds included)."""
    found = _DATE_TIME(value)
    if found is None:
        return False
    year, month, day, hour, minute, second, sign, off_hour, off_minute = found.groups()
    if not _day_exists(int(year), int(month), int(day)):
        return False
    if int(hour) > 23 or int(minute) > 59 or int(second) > 60:
        return False
    offset = 0
    if sign is not None:
        if int(off_hour) > 23 or int(off_minute) > 59:
            return False
        offset = (int(off_hour) * 60 + int(off_minute)) * (1 if sign == "+" else -1)
    if int(second) == 60:  # a leap second happens at 23:59:60 UTC
        return (int(hour) * 60 + int(minute) - offset) % 1440 == 23 * 60 + 59
    return True


#: format name → exact check, for the formats carekit's schemas use.
FORMATS = {"uuid": is_uuid, "date": is_date, "date-time": is_date_time}


class UntranslatablePatternError(ValueError):
    """A pattern uses ECMA-262 syntax :func:`translate_pattern` cannot rewrite exactly."""


Target = Literal["python", "rust"]

_LITERAL_ESCAPES = frozenset(".^$*+?()[]{}|\\/-")
_CONTROL_ESCAPES = {"t": "\\t", "n": "\\n", "r": "\\r", "f": "\\f", "v": "\\x0b", "0": "\\x00"}
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_", "s": ECMA_WHITESPACE}
_NEGATED = {"D": "d", "W": "w", "S": "s"}
_DOT = "[^" + ECMA_LINE_TERMINATORS + "]"
_END = {"python": r"\Z", "rust": "$"}


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """The translation of the escape at ``pattern[i]`` (a backslash) and its length."""
    if i + 1 >= len(pattern):
        raise UntranslatablePatternError(pattern)
    nxt = pattern[i + 1]
    if nxt in _CLASS_ESCAPES:
        body = _CLASS_ESCAPES[nxt]
        return (body if in_class else f"[{body}]"), 2
    if nxt in _NEGATED and not in_class:
        return f"[^{_CLASS_ESCAPES[_NEGATED[nxt]]}]", 2
    if nxt in _LITERAL_ESCAPES:
        return "\\" + nxt, 2
    if nxt in _CONTROL_ESCAPES and not (nxt == "0" and pattern[i + 2 : i + 3].isdigit()):
        return _CONTROL_ESCAPES[nxt], 2
    letter = pattern[i + 2 : i + 3]
    if nxt == "c" and letter.isascii() and letter.isalpha():
        return _code_escape(ord(letter) % 32), 3
    hexa = _HEX.match(pattern, i + 1)
    if hexa is not None:
        return _code_escape(int(hexa.group()[1:], 16)), 1 + len(hexa.group())
    raise UntranslatablePatternError(pattern)


_HEX = re.compile(r"x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}")


def _code_escape(code: int) -> str:
    """A character by its code, written the same way for Python ``re`` and Rust ``regex``."""
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def translate_pattern(pattern: str, target: Target) -> str:  # noqa: PLR0912 - one branch a token
    """*pattern* (ECMA-262, no flags) as a *target* pattern that matches exactly the same
    strings (searched anywhere, as ``pattern`` and ``patternProperties`` do).

    Raises :class:`UntranslatablePatternError` for syntax outside the supported subset
    (lookaround, back-references, ``\\b``, ``\\p{…}``, nested classes, empty classes …).
    """
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            text, size = _escape(pattern, i, in_class)
            out.append(text)
            i += size
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                raise UntranslatablePatternError(pattern)  # a literal [ Python reads as a set
            out.append(char)
        elif char == "[":
            if pattern[i + 1 : i + 2] == "]" or pattern[i + 1 : i + 3] == "^]":
                raise UntranslatablePatternError(pattern)  # ECMA's empty class [] / [^]
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
        elif char == "$":
            out.append(_END[target])
        elif char == ".":
            out.append(_DOT)
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
            if pattern[i + 2 : i + 3] != ":":
                raise UntranslatablePatternError(pattern)  # lookaround, named groups
            out.append("(?:")
            i += 3
            continue
        elif char in "{}" and not _quantifier_brace(pattern, i):
            raise UntranslatablePatternError(pattern)  # a literal brace: engines differ
        else:
            out.append(char)
        i += 1
    if in_class:
        raise UntranslatablePatternError(pattern)
    return "".join(out)


_QUANTIFIER = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")


def _quantifier_brace(pattern: str, i: int) -> bool:
    if pattern[i] == "{":
        return _QUANTIFIER.match(pattern, i) is not None
    start = pattern.rfind("{", 0, i)
    return start >= 0 and _QUANTIFIER.fullmatch(pattern, start, i + 1) is not None


def _python_patterns(node: Any) -> Any:
    """A copy of schema *node* with every pattern translated for Python ``re``."""
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("const", "enum", "default", "examples") or key.startswith("x-"):
            out[key] = value
        elif key in ("properties", "$defs", "dependentSchemas"):
            out[key] = {name: _python_patterns(sub) for name, sub in value.items()}
        elif key == "patternProperties":
            out[key] = {
                translate_pattern(p, "python"): _python_patterns(sub) for p, sub in value.items()
            }
        elif key == "pattern" and isinstance(value, str):
            out[key] = translate_pattern(value, "python")
        else:
            out[key] = _python_patterns(value)
    return out


def format_checker() -> FormatChecker:
    """A python-jsonschema format checker with the exact checks of :data:`FORMATS` (and only
    those: any other format is an annotation)."""
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(functools.partial(_strings_only, check))
    return checker


def _strings_only(check: Callable[[str], bool], value: object) -> bool:
    return not isinstance(value, str) or check(value)  # a format applies to strings only


def spec_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """python-jsonschema made exact: Draft 2020-12 with format assertion by :data:`FORMATS` and
    ECMA-262 pattern semantics.  The slow, independent reference the tests compare with."""
    return Draft202012Validator(_python_patterns(schema), format_checker=format_checker())


#: python-jsonschema's validator class for carekit's dialect (the ``$schema`` of the published
#: schemas), registered so that ``jsonschema.validators.validator_for(schema)`` finds it (and
#: tools built on it, such as hypothesis-jsonschema, need no default): Draft 2020-12's keywords
#: and types, ``check_schema`` against the dialect's meta-schema, and the exact :data:`FORMATS`
#: as ``FORMAT_CHECKER`` (python-jsonschema asserts formats only when given a checker:
#: ``DialectValidator(schema, format_checker=DialectValidator.FORMAT_CHECKER)``).  Its ``$ref``
#: resolution treats the dialect as an opaque one: for the bundle, whose kinds are embedded
#: resources, use :func:`spec_validator` (or ``Draft202012Validator``).
DialectValidator = validators.create(
    meta_schema=build_dialect(),
    validators=Draft202012Validator.VALIDATORS,
    version="carekit",
    type_checker=Draft202012Validator.TYPE_CHECKER,
    format_checker=format_checker(),
)
