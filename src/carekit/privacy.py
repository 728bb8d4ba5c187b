"""Personal data rules: CPR numbers are validated, never logged, and masked when shown.

A CPR number (personnummer) is ``DDMMYY-SSSS``.  carekit accepts it with or without the
hyphen, checks that the first six digits are a real date, and stores it only where a caller
put it explicitly (``Citizen.cpr``).  Everything that prints, logs or reports text passes it
through :func:`mask_cpr_in_text` first.

The modulus-11 check is *not* enforced: since 2007 the CPR office issues numbers that fail it.

Credentials are masked the same way: :func:`mask_url` is the one masker for every URL or DSN
carekit or a plugin shows (store URLs, webhook URLs, libpq connection strings).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

__all__ = [
    "CPR_PATTERN",
    "is_valid_cpr",
    "mask_cpr",
    "mask_cpr_in_text",
    "mask_url",
    "normalise_cpr",
]

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


# ----------------------------------------------------------------------------- credentials
#: What replaces a password (or another secret) in a shown URL.
_MASK = "***"
#: Query parameters (URL) and keywords (libpq ``key=value`` DSN) whose value is a secret.
_SECRET_NAMES = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "sslpassword",
        "secret",
        "token",
        "access_token",
        "api_key",
        "apikey",
    }
)
# host[:port] (and libpq's host1:5432,host2:5432), up to the path, query or fragment
_HOST_PART = re.compile(r"^(?:\[[0-9A-Za-z:.%]*\]|[^/?#@\[\]\s]*)(?::[0-9]*)?(?:,[^/?#@\s]*)*$")
_DSN_SECRET = re.compile(
    r"(?i)\b(" + "|".join(sorted(_SECRET_NAMES)) + r")(\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)"
)


def _mask_query(query: str) -> str:
    if not query:
        return query
    parts = []
    for part in query.split("&"):
        name, eq, _value = part.partition("=")
        if eq and urllib.parse.unquote_plus(name).strip().lower() in _SECRET_NAMES:
            parts.append(f"{name}={_MASK}")
        else:
            parts.append(part)
    return "&".join(parts)


def _credentials_end(rest: str, colon: int) -> int:
    """Where the password that starts after *colon* ends: the last ``@`` after it that is
    followed by something shaped like a host (``-1``: no password here)."""
    at = rest.rfind("@")
    while at > colon:
        after = rest[at + 1 :]
        cut = min(
            (i for i in (after.find("/"), after.find("?"), after.find("#")) if i >= 0),
            default=len(after),
        )
        if _HOST_PART.match(after[:cut]):
            return at
        at = rest.rfind("@", 0, at)
    return -1


def mask_url(url: str) -> str:
    """*url* with every password or secret replaced by ``***``.

    * ``scheme://user:password@host/…`` → ``scheme://user:***@host/…``, whatever the password
      holds, written raw or percent-encoded: ``/ ? # @ :`` included.  The password runs from
      the first ``:`` after the user name to the **last** ``@`` that is followed by a host,
      so an unencoded ``@``, ``/``, ``?`` or ``#`` in it is masked whole.  (When the query
      also holds a raw ``@``, more than the password may be masked, never less.)
    * secret query parameters (``?password=…``, ``sslpassword``, ``token``, ``secret`` …)
      become ``***``;
    * a libpq key/value DSN (``host=db password=…``) has its ``password=`` value masked.

    The user name, host, path and other options are kept; a URL without a secret is
    returned unchanged.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme or "/" in scheme or " " in scheme:
        return _DSN_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{_MASK}", url)
    colon = rest.find(":")
    if not rest.startswith("/") and colon >= 0 and not any(ch in rest[:colon] for ch in "/?#@"):
        end = _credentials_end(rest, colon)
        if end >= 0:
            rest = f"{rest[: colon + 1]}{_MASK}{rest[end:]}"
    head, question, tail = rest.partition("?")
    if question:
        query, hash_, fragment = tail.partition("#")
        rest = f"{head}?{_mask_query(query)}{hash_}{fragment}"
    return f"{scheme}://{rest}"
