"""``carekit.open(url)``: pick the storage backend for a URL and build the application."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from carekit.app._app import Application
from carekit.errors import UnknownBackendError
from carekit.model import now
from carekit.plugins import Plugins, PluginSelection
from carekit.store import default_sqlite_path, mask_url, sqlite_url
from carekit.workflows import DEFAULT, WorkflowConfig

__all__ = ["open_app", "resolve_url"]


def resolve_url(url: str | os.PathLike[str] | None = None) -> str:
    """The store URL to use: *url*, else ``$CAREKIT_DB``, else the default SQLite file.
    A plain path (no ``scheme://``) means a SQLite file."""
    chosen = os.fspath(url) if url is not None else os.environ.get("CAREKIT_DB") or None
    if chosen is None:
        return sqlite_url(default_sqlite_path())
    if "://" not in chosen:
        return sqlite_url(Path(chosen))
    return chosen


def open_app(
    url: str | os.PathLike[str] | None = None,
    *,
    plugins: Sequence[object] = (),
    selection: PluginSelection | None = None,
    config: WorkflowConfig = DEFAULT,
    clock: Callable[[], dt.datetime] = now,
) -> Application:
    """Open carekit on the store at *url* (see :func:`resolve_url`).

    Supported out of the box: ``sqlite:///path`` (the embedded default) and ``memory://``.
    Other schemes come from plugins (``postgresql://`` with ``carekit-postgres``).  An unknown
    scheme raises :class:`~carekit.errors.UnknownBackendError` naming the installed backends.
    """
    resolved = resolve_url(url)
    scheme = resolved.split("://", 1)[0].lower()
    loaded = Plugins.load(selection=selection, plugins=plugins)
    backends = loaded.storage_backends()
    for backend in backends:
        if scheme in backend.schemes:
            store = backend.factory(resolved)
            return Application(store, loaded, config=config, clock=clock)
    installed = sorted({s for b in backends for s in b.schemes})
    raise UnknownBackendError(mask_url(resolved), scheme, installed)
