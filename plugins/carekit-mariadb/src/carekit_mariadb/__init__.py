"""carekit-mariadb: the carekit storage contract on MariaDB 10.6+, with PyMySQL.

::

    import carekit
    app = carekit.open("mariadb://care:secret@db.example:3306/care")

or, for the store alone::

    from carekit_mariadb import MariaDBStore
    with MariaDBStore("mariadb://root@127.0.0.1:3306/care") as store:
        ...

See ``docs/mariadb.md``: the options, what the backend guarantees and what an adapter author
had to learn writing it.

The names below are imported on first use, so that carekit can load the entry point
(``carekit_mariadb.plugin``) on every ``carekit.open()`` without importing PyMySQL.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carekit_mariadb._errors import MariaDBUnavailableError, UnstorableValueError
    from carekit_mariadb._schema import LATEST
    from carekit_mariadb._settings import DEFAULT_PORT, SCHEMES, MariaDBSettings, parse_url
    from carekit_mariadb._store import MariaDBStore

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_PORT",
    "LATEST",
    "SCHEMES",
    "MariaDBSettings",
    "MariaDBStore",
    "MariaDBUnavailableError",
    "UnstorableValueError",
    "__version__",
    "parse_url",
]

_HOME = {
    "MariaDBUnavailableError": "_errors",
    "UnstorableValueError": "_errors",
    "LATEST": "_schema",
    "DEFAULT_PORT": "_settings",
    "SCHEMES": "_settings",
    "MariaDBSettings": "_settings",
    "parse_url": "_settings",
    "MariaDBStore": "_store",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
