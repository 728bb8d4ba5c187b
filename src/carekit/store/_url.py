"""Store URLs: ``memory://``, ``sqlite:///relative.sqlite``, ``sqlite:////absolute/path``.

Query parameters are backend options (``?audit_reads=1&synchronous=full``).  Passwords are
masked whenever a URL is shown (``postgresql://care:***@db/care``): :func:`mask_url` is the one
masker of carekit and of its plugins, :func:`parse_flag` the one reader of yes/no options.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import attrs

from carekit.i18n import Text
from carekit.privacy import mask_url
from carekit.store._errors import InvalidStoreURLError

__all__ = [
    "DEFAULT_SQLITE_NAME",
    "StoreURL",
    "default_sqlite_path",
    "mask_url",
    "parse_flag",
    "parse_store_url",
    "sqlite_url",
]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})

#: The file name of the default embedded database.
DEFAULT_SQLITE_NAME = "carekit.sqlite"


def parse_flag(value: str) -> bool | None:
    """A yes/no option: ``1/true/yes/on`` is True, ``0/false/no/off`` False (any case, spaces
    around ignored), anything else None."""
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


@attrs.frozen
class StoreURL:
    """A parsed store URL.  ``path`` is the part after ``scheme://`` without the query
    (for SQLite a file path); ``options`` are the query parameters."""

    scheme: str
    path: str
    options: Mapping[str, str]
    masked: str

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean option (``1/true/yes/on`` or ``0/false/no/off``)."""
        value = self.options.get(name)
        if value is None:
            return default
        flag = parse_flag(value)
        if flag is not None:
            return flag
        raise InvalidStoreURLError(
            self.masked,
            Text(
                f"'{name}={value}' skal være 1 eller 0",
                f"'{name}={value}' must be 1 or 0",
            ),
        )


def parse_store_url(url: str) -> StoreURL:
    """Split a store URL into scheme, path and options (SQLAlchemy's SQLite convention:
    three slashes then a relative path, four slashes for an absolute one)."""
    masked = mask_url(url)
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        raise InvalidStoreURLError(
            masked,
            Text(
                "angiv den som skema://sti, fx sqlite:///carekit.sqlite eller memory://",
                "write it as scheme://path, e.g. sqlite:///carekit.sqlite or memory://",
            ),
        )
    path, _, query = rest.partition("?")
    options = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not path.startswith("/") or path == "/":
            raise InvalidStoreURLError(
                masked,
                Text(
                    "en SQLite-URL skal have en filsti: sqlite:///relativ.sqlite eller "
                    "sqlite:////absolut/sti.sqlite",
                    "a SQLite URL needs a file path: sqlite:///relative.sqlite or "
                    "sqlite:////absolute/path.sqlite",
                ),
            )
        path = urllib.parse.unquote(path[1:])
        if path in (":memory:", ""):
            raise InvalidStoreURLError(
                masked,
                Text(
                    "SQLite i hukommelsen deles ikke mellem tråde; brug memory://",
                    "in-memory SQLite is not shared between threads; use memory://",
                ),
            )
    return StoreURL(scheme=scheme, path=path, options=options, masked=masked)


def default_sqlite_path() -> Path:
    """Where the embedded store lives when nothing else is configured:
    ``./carekit.sqlite`` in the current working directory.

    A visible file next to the application (like ``git`` or ``sqlite3`` would make) rather
    than a hidden per-user data directory: care data must be where the operator's backup
    and access control already apply.  Set ``CAREKIT_DB`` to choose another place.
    """
    return Path.cwd() / DEFAULT_SQLITE_NAME


def sqlite_url(path: str | Path, **options: str) -> str:
    """The ``sqlite://`` URL for *path* (absolute paths get the four-slash form)."""
    text = Path(path).as_posix()
    query = f"?{urllib.parse.urlencode(options)}" if options else ""
    return f"sqlite:///{urllib.parse.quote(text)}{query}"
