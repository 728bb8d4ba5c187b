"""Store URLs for PostgreSQL and the options carekit reads from them.

``postgresql://user:password@host:5432/dbname?schema=carekit&pool_max_size=10``

The schemes ``postgresql``, ``postgres`` and ``postgresql+psycopg`` are the same thing.
Query parameters carekit knows are taken out (see :class:`PostgresSettings`); every other one
is handed to libpq unchanged (``sslmode``, ``application_name``, ``target_session_attrs`` …).
The URL shown anywhere (``store.url``, error messages) has its password replaced by ``***``.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

import attrs

from carekit.i18n import Text
from carekit.privacy import quote_password
from carekit.store import InvalidStoreURLError, StoreURL, mask_url

__all__ = [
    "DEFAULT_SCHEMA",
    "SCHEMES",
    "PostgresSettings",
    "mask_password",
    "parse_url",
    "with_overrides",
]

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_SCHEMA = "carekit"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_OWN_OPTIONS = frozenset(
    {"schema", "pool_min_size", "pool_max_size", "audit_reads", "migrate", "pool_timeout"}
)


#: *url* with the password (if any) replaced by ``***``: carekit's own
#: :func:`carekit.store.mask_url`, under the name this package has always exported.
mask_password = mask_url


@attrs.frozen(kw_only=True)
class PostgresSettings:
    """Everything a :class:`~carekit_postgres.PostgresStore` needs to connect.

    ``conninfo`` is what libpq gets (password included, carekit options removed);
    ``masked`` is the URL to show people.
    """

    conninfo: str
    masked: str
    host: str
    port: int
    dbname: str
    user: str | None
    #: The PostgreSQL schema holding carekit's tables.
    schema: str = DEFAULT_SCHEMA
    #: Connections kept open per store (per process).
    pool_min_size: int = 1
    #: Most connections one store opens; threads beyond that wait up to ``pool_timeout``.
    pool_max_size: int = 10
    #: Seconds to wait for a free pooled connection (and to connect at all).
    pool_timeout: float = 10.0
    #: Append a ``read`` audit entry on every ``get()``.
    audit_reads: bool = False
    #: Apply missing migrations when opening (needs the owner role); with ``migrate=0`` an
    #: outdated database is an error instead.
    migrate: bool = True

    @property
    def where(self) -> str:
        """``host:port/dbname`` for messages."""
        return f"{self.host}:{self.port}/{self.dbname}"


def _bad(masked: str, da: str, en: str) -> InvalidStoreURLError:
    return InvalidStoreURLError(masked, Text(da, en))


def _flag(masked: str, options: dict[str, str], name: str, default: bool) -> bool:
    """A yes/no option, read like every store URL's (:meth:`carekit.store.StoreURL.flag`)."""
    return StoreURL(scheme="postgresql", path="", options=options, masked=masked).flag(
        name, default
    )


def _number(masked: str, options: dict[str, str], name: str, default: float) -> float:
    value = options.get(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number <= 0:
        raise _bad(
            masked,
            f"'{name}={value}' skal være et positivt tal",
            f"'{name}={value}' must be a positive number",
        )
    return number


def _check_schema(masked: str, schema: str) -> str:
    if not _SCHEMA_NAME.match(schema):
        raise _bad(
            masked,
            f"schema={schema!r}: brug små bogstaver, cifre og _ (højst 63 tegn)",
            f"schema={schema!r}: use lower-case letters, digits and _ (at most 63 characters)",
        )
    return schema


def _check_pool(masked: str, pool_min: int, pool_max_text: str | None) -> int:
    pool_max = int(
        _number(
            masked,
            {"pool_max_size": pool_max_text} if pool_max_text else {},
            "pool_max_size",
            max(10, pool_min),
        )
    )
    if pool_max < pool_min:
        raise _bad(
            masked,
            "pool_max_size skal være mindst pool_min_size",
            "pool_max_size must be at least pool_min_size",
        )
    return pool_max


def with_overrides(settings: PostgresSettings, **changes: Any) -> PostgresSettings:
    """*settings* with keyword overrides (``PostgresStore(url, schema=…)``), checked like
    URL options."""
    if not changes:
        return settings
    new = attrs.evolve(settings, **changes)
    _check_schema(new.masked, new.schema)
    if new.pool_min_size < 1 or new.pool_max_size < new.pool_min_size:
        raise _bad(
            new.masked,
            "pool_min_size skal være mindst 1 og pool_max_size mindst pool_min_size",
            "pool_min_size must be at least 1 and pool_max_size at least pool_min_size",
        )
    return new


def parse_url(url: str) -> PostgresSettings:
    """Parse a ``postgresql://`` store URL (see the module docstring)."""
    masked = mask_password(url)
    # a raw "/ ? # @" in the password is percent-encoded first, so no piece of it can be read
    # as a host, port or path (and shown in a message)
    url = quote_password(url)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - parses the port, which raises on a bad one
    except ValueError:  # "Invalid IPv6 URL", a port out of range; its text may quote the URL
        raise _bad(
            masked,
            "adressen kan ikke læses; tjek værten (IPv6 i [ ]) og porten",
            "the address cannot be read; check the host (IPv6 in [ ]) and the port",
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise _bad(
            masked,
            f"skemaet skal være et af {', '.join(SCHEMES)}",
            f"the scheme must be one of {', '.join(SCHEMES)}",
        )
    try:
        port = parts.port or 5432
    except ValueError:
        raise _bad(masked, "portnummeret er ugyldigt", "the port number is invalid") from None
    dbname = urllib.parse.unquote(parts.path.lstrip("/"))
    if not dbname:
        raise _bad(
            masked,
            "angiv databasen: postgresql://bruger@vært:5432/database",
            "name the database: postgresql://user@host:5432/dbname",
        )
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    options = {k: v for k, v in query if k in _OWN_OPTIONS}
    passthrough = [(k, v) for k, v in query if k not in _OWN_OPTIONS]
    schema = _check_schema(masked, options.get("schema", DEFAULT_SCHEMA))
    pool_min = int(_number(masked, options, "pool_min_size", 1))
    pool_max = _check_pool(masked, pool_min, options.get("pool_max_size"))
    conninfo = urllib.parse.urlunsplit(
        ("postgresql", parts.netloc, parts.path, urllib.parse.urlencode(passthrough), "")
    )
    return PostgresSettings(
        conninfo=conninfo,
        masked=masked,
        host=parts.hostname or "localhost",
        port=port,
        dbname=dbname,
        user=urllib.parse.unquote(parts.username) if parts.username else None,
        schema=schema,
        pool_min_size=pool_min,
        pool_max_size=pool_max,
        pool_timeout=_number(masked, options, "pool_timeout", 10.0),
        audit_reads=_flag(masked, options, "audit_reads", False),
        migrate=_flag(masked, options, "migrate", True),
    )
