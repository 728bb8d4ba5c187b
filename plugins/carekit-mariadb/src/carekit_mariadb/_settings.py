"""Store URLs for MariaDB and the options carekit reads from them (no driver import here).

``mariadb://user:password@host:3306/dbname?audit_reads=1&pool_size=8``

The database must exist (``CREATE DATABASE care CHARACTER SET utf8mb4``); carekit creates
its tables in it on first open.  The URL shown anywhere (``store.url``, ``repr()``, error
messages) has its password replaced by ``***`` (:func:`carekit.store.mask_url`).
"""

from __future__ import annotations

import re
import urllib.parse

import attrs

from carekit.i18n import Text
from carekit.store import InvalidStoreURLError, mask_url

__all__ = ["DEFAULT_PORT", "SCHEMES", "MariaDBSettings", "parse_url"]

SCHEMES = ("mariadb",)
DEFAULT_PORT = 3306
_DB_NAME = re.compile(r"^[A-Za-z0-9_$]{1,64}$")
_OPTIONS = frozenset({"audit_reads", "pool_size", "connect_timeout", "lock_wait_timeout"})


@attrs.frozen(kw_only=True)
class MariaDBSettings:
    """Everything a :class:`~carekit_mariadb.MariaDBStore` needs to connect.  ``password``
    is kept out of ``repr()``; ``masked`` is the URL to show people."""

    host: str
    port: int = DEFAULT_PORT
    user: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    database: str
    masked: str
    #: Append a ``read`` audit entry on every ``get()``.
    audit_reads: bool = False
    #: Most connections one store keeps open; more threads wait for a free one.
    pool_size: int = 8
    #: Seconds to wait when connecting.
    connect_timeout: int = 10
    #: Seconds a statement waits for a row lock (``innodb_lock_wait_timeout``).
    lock_wait_timeout: int = 30

    @property
    def where(self) -> str:
        """``host:port/database`` for messages (never the user or password)."""
        return f"{self.host}:{self.port}/{self.database}"


def _bad(masked: str, da: str, en: str) -> InvalidStoreURLError:
    return InvalidStoreURLError(masked, Text(da, en))


def _positive(masked: str, name: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise _bad(
            masked,
            f"'{name}={value}' skal være et helt tal over 0",
            f"'{name}={value}' must be a whole number above 0",
        )
    return int(value)


def parse_url(url: str) -> MariaDBSettings:
    """Read ``mariadb://user:password@host:port/dbname?options``.

    The password may contain ``@``, ``:`` and ``/`` unencoded (everything up to the last
    ``@`` of the authority is user information); percent-encoding is decoded.
    """
    masked = mask_url(url)
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        raise _bad(
            masked,
            "skriv den som mariadb://bruger:adgangskode@vært:3306/database",
            "write it as mariadb://user:password@host:3306/database",
        )
    rest, _, query = rest.partition("?")
    userinfo, at, hostpart = rest.rpartition("@")
    if not at:
        userinfo, hostpart = "", rest
    netloc, slash, path = hostpart.partition("/")
    database = urllib.parse.unquote(path.strip("/"))
    if not slash or not _DB_NAME.match(database):
        raise _bad(
            masked,
            "angiv databasens navn efter værten (bogstaver, cifre og _), fx "
            "mariadb://care@db:3306/care",
            "name the database after the host (letters, digits and _), e.g. "
            "mariadb://care@db:3306/care",
        )
    host, colon, port_text = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
    port = DEFAULT_PORT
    if colon:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise _bad(
                masked,
                f"porten {port_text!r} er ikke et portnummer",
                f"the port {port_text!r} is not a port number",
            )
        port = int(port_text)
    if not host:
        raise _bad(masked, "angiv en vært, fx 127.0.0.1", "name a host, e.g. 127.0.0.1")
    user: str | None = None
    password: str | None = None
    if userinfo:
        name, has_password, secret = userinfo.partition(":")
        user = urllib.parse.unquote(name) or None
        password = urllib.parse.unquote(secret) if has_password else None
    options = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise _bad(
            masked,
            f"ukendte indstillinger {', '.join(unknown)}; kendte: {', '.join(sorted(_OPTIONS))}",
            f"unknown options {', '.join(unknown)}; known: {', '.join(sorted(_OPTIONS))}",
        )
    flag = options.get("audit_reads", "0").strip().lower()
    if flag not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
        raise _bad(
            masked,
            f"'audit_reads={flag}' skal være 1 eller 0",
            f"'audit_reads={flag}' must be 1 or 0",
        )
    numbers = {
        name: _positive(masked, name, options[name])
        for name in ("pool_size", "connect_timeout", "lock_wait_timeout")
        if name in options
    }
    return MariaDBSettings(
        host=host,
        port=port,
        user=user,
        password=password,
        database=database,
        masked=masked,
        audit_reads=flag in {"1", "true", "yes", "on"},
        **numbers,
    )
