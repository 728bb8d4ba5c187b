"""Choosing the storage backend for a store URL: the one place carekit does it.

``--db`` on every command, ``$CAREKIT_DB``, ``carekit.open(...)`` and :func:`open_store` take
the same forms, normalised by :func:`resolve_url`: a URL (``sqlite:///care.sqlite``,
``memory://``, ``postgresql://...``) or a plain file path, which means a SQLite file.  The
backend is then the one whose ``schemes`` contain the URL's scheme
(:func:`select_backend`); ``carekit.open()`` passes the plugins' backends, :func:`open_store`
the built-in ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from carekit.errors import UnknownBackendError
from carekit.store._protocol import StorageBackend
from carekit.store._url import default_sqlite_path, parse_store_url, sqlite_url

__all__ = ["DB_ENV", "resolve_url", "select_backend"]

#: The environment variable naming the store when no URL is given.
DB_ENV = "CAREKIT_DB"


def resolve_url(url: str | os.PathLike[str] | None = None) -> str:
    """The store URL to use: *url*, else ``$CAREKIT_DB``, else the default SQLite file
    (:func:`~carekit.store.default_sqlite_path`).  A plain path (no ``scheme://``) means a
    SQLite file, so ``care.sqlite`` and ``sqlite:///care.sqlite`` open the same store."""
    chosen = os.fspath(url) if url is not None else os.environ.get(DB_ENV) or None
    if chosen is None:
        return sqlite_url(default_sqlite_path())
    if "://" not in chosen:
        return sqlite_url(Path(chosen))
    return chosen


def select_backend(url: str, backends: Iterable[StorageBackend]) -> StorageBackend:
    """The backend among *backends* whose ``schemes`` contain *url*'s scheme.

    Raises :class:`~carekit.errors.UnknownBackendError` naming the installed schemes (and
    the URL with its password masked) when none does, and
    :class:`~carekit.store.InvalidStoreURLError` when *url* is not a store URL.
    """
    parsed = parse_store_url(url)
    candidates = list(backends)
    for backend in candidates:
        if parsed.scheme in backend.schemes:
            return backend
    installed = sorted({scheme for backend in candidates for scheme in backend.schemes})
    raise UnknownBackendError(parsed.masked, parsed.scheme, installed)
