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
``12010137-40021``, ``1.234.567,89``) or inside a UUID (``3f010137-4002-4abc-…``: record ids,
``urn:uuid:`` references), so ordinary numbers and identifiers stay as they are.  Where a
number could be either, it is masked: a leak costs more than a masked order number.

The modulus-11 check is *not* enforced: since 2007 the CPR office issues numbers that fail it.

Credentials are masked the same way: :func:`mask_url` is the one masker for every URL or DSN
carekit or a plugin shows (store URLs, webhook URLs, libpq connection strings).  And what a
record points to outside carekit is checked before it leaves: :func:`check_media_url` lets a
media reference through only as ``https://`` or a carekit ``media://`` reference.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import urllib.parse
from typing import NamedTuple

import attrs

__all__ = [
    "CPR_PATTERN",
    "MEDIA_URL_SCHEMES",
    "CprMaskingFilter",
    "CprMatch",
    "MediaURLProblem",
    "check_media_url",
    "find_cprs",
    "is_valid_cpr",
    "mask_cpr",
    "mask_cpr_in_text",
    "mask_url",
    "mask_urls_in_text",
    "masked_logger",
    "normalise_cpr",
    "quote_password",
]

#: The pattern published in the JSON Schemas (also accepted without the hyphen).
CPR_PATTERN = r"^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}$"
_CPR_RE = re.compile(CPR_PATTERN)
# A CPR number in free text: the date as DDMMYY, DD.MM.YY, DD-MM-YY, DD MM YY or DDMM YY, then
# the serial number after no separator, a hyphen-like dash, a slash or a dot, with optional
# spaces around it.  Not inside a longer number: no digit (or digit and separator) right
# before, no digit (or decimal point and digit) right after.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212/."
_CPR_IN_TEXT = re.compile(
    r"(?<!\d)(?<!\d[.,/\-\u2010-\u2014\u2212])"
    r"(?P<dd>\d{2})(?P<dot>[.\-\u2013 \u00a0]?)(?P<mm>\d{2})(?:(?P=dot)|[ \u00a0])(?P<yy>\d{2})"
    rf"(?:[ \u00a0]*[{_DASHES}][ \u00a0]*|[ \u00a0]?)"
    r"(?P<serial>\d{4})"
    r"(?!\d)(?![.,]\d)",
    re.ASCII,
)

# A UUID in its canonical 8-4-4-4-12 hex form, not inside a longer hex run: its digits may look
# like a CPR number (``3f010137-4002-…``, ``…-a0101374002b``), but they are an identifier.
_UUID_IN_TEXT = re.compile(
    r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-"
    r"[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])"
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
    """Every plausible CPR number in *text*, in any of the spellings above, in order (none
    that lies inside a UUID)."""
    found: list[CprMatch] = []
    uuids: list[tuple[int, int]] | None = None
    for m in _CPR_IN_TEXT.finditer(text):
        digits = m["dd"] + m["mm"] + m["yy"] + m["serial"]
        if _birth_date(digits) is None:
            continue
        if uuids is None:  # only looked for once something CPR-shaped is found
            uuids = [u.span() for u in _UUID_IN_TEXT.finditer(text)] if "-" in text else []
        if any(start < m.end() and m.start() < end for start, end in uuids):
            continue
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
        """Mask *record*'s message in place; never drops a record."""
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


def quote_password(url: str) -> str:
    """*url* with its password percent-encoded, found by the same rule as :func:`mask_url`
    (from the first ``:`` after the user name to the last ``@`` followed by a host), so that a
    URL parser reads a raw ``/ ? # @ :`` in the password as part of it instead of cutting the
    URL there - and never shows a piece of the password as a host, port or path.  A URL
    without a password, or whose credentials cannot be told apart, is returned unchanged."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        return url
    colon = rest.find(":")
    if rest.startswith("/") or colon < 0 or any(ch in rest[:colon] for ch in "/?#@"):
        return url
    end = _credentials_end(rest, colon)
    if end < 0:
        return url
    password = urllib.parse.quote(urllib.parse.unquote(rest[colon + 1 : end]), safe="")
    return f"{scheme}://{rest[: colon + 1]}{password}{rest[end:]}"


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
        if end < 0:  # no host after any "@" (e.g. an unclosed "[::1"): mask to the last "@"
            last = rest.rfind("@")
            end = last if last > colon else -1
        if end >= 0:
            rest = f"{rest[: colon + 1]}{_MASK}{rest[end:]}"
    head, question, tail = rest.partition("?")
    if question:
        query, hash_, fragment = tail.partition("#")
        rest = f"{head}?{_mask_query(query)}{hash_}{fragment}"
    return f"{scheme}://{rest}"


_URL_IN_TEXT = re.compile(r"(?i)(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]*://[^\s'\"<>]+")


def mask_urls_in_text(text: str) -> str:
    """*text* with :func:`mask_url` applied to every ``scheme://…`` in it (up to the next
    space or quote) and to libpq ``password=…`` pairs: the last line of defence for messages
    that quote a URL."""
    masked = _URL_IN_TEXT.sub(lambda m: mask_url(m.group(0)), text)
    return _DSN_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{_MASK}", masked)


# ----------------------------------------------------------------------------- media URLs
#: The schemes a media reference may have when it leaves carekit (an export, a document).
MEDIA_URL_SCHEMES = ("https", "media")
_MEDIA_MAX = 2048
_MEDIA_STORE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MEDIA_PATH = re.compile(r"^(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+/?$")


class MediaURLProblem(NamedTuple):
    """Why a media URL may not leave carekit: a stable ``reason`` and the message in Danish
    (``da``) and English (``en``) - wrap them in :class:`carekit.i18n.Text`.  The URL itself is
    not repeated (it may hold a name or a token)."""

    reason: str
    da: str
    en: str


def _media_problem(reason: str, da: str, en: str) -> MediaURLProblem:
    return MediaURLProblem(
        reason,
        f"{da} Brug https://… eller en carekit-reference media://lager/sti.",
        f"{en}; use https://… or a carekit reference media://store/path",
    )


def _shape_problem(value: object) -> MediaURLProblem | None:
    if not isinstance(value, str) or not value:
        return _media_problem("empty", "Medie-URL'en er tom.", "the media URL is empty")
    if len(value) > _MEDIA_MAX:
        return _media_problem(
            "too_long",
            f"Medie-URL'en er længere end {_MEDIA_MAX} tegn.",
            f"the media URL is longer than {_MEDIA_MAX} characters",
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return _media_problem(
            "characters",
            "Medie-URL'en indeholder mellemrum eller kontroltegn.",
            "the media URL contains spaces or control characters",
        )
    return None


def _scheme_problem(parts: urllib.parse.SplitResult, host: str | None) -> MediaURLProblem | None:
    scheme = parts.scheme.lower()
    if scheme not in MEDIA_URL_SCHEMES:
        shown = f"{scheme}:" if scheme else "uden skema"
        shown_en = f"{scheme}:" if scheme else "no scheme"
        return _media_problem(
            "scheme",
            f"Medie-URL'en har et skema, der ikke må eksporteres ({shown}).",
            f"the media URL has a scheme that may not be exported ({shown_en})",
        )
    if parts.username is not None or parts.password is not None:
        return _media_problem(
            "credentials",
            "Medie-URL'en indeholder et brugernavn eller en adgangskode.",
            "the media URL contains a user name or password",
        )
    if scheme == "https":
        if not host:
            return _media_problem(
                "host", "Medie-URL'en mangler en vært.", "the media URL names no host"
            )
        return None
    segments = parts.path.split("/")
    if (
        not _MEDIA_STORE.match(parts.netloc)
        or not _MEDIA_PATH.match(parts.path)
        or ".." in segments
        or "." in segments
        or parts.query
        or parts.fragment
    ):
        return _media_problem(
            "reference",
            "Carekit-referencen skal være media://lager/sti uden .., ? eller #.",
            "a carekit reference is media://store/path without .., ? or #",
        )
    return None


def check_media_url(value: object) -> MediaURLProblem | None:
    """``None`` when *value* may be exported as a media item's URL, else why not.

    Allowed: ``https://host/…`` (no user name or password in it) and a carekit reference
    into the vendor's media store, ``media://store/path`` (no ``..``, no query).  Refused:
    every other scheme (``http:`` sends the file in clear; ``data:`` embeds it; ``file:``,
    ``javascript:``, ``ftp:`` …), relative paths, whitespace or control characters, and
    anything longer than 2048 characters.
    """
    problem = _shape_problem(value)
    if problem is not None or not isinstance(value, str):
        return problem
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return _media_problem(
            "malformed", "Medie-URL'en kan ikke læses.", "the media URL cannot be read"
        )
    return _scheme_problem(parts, host)
