"""``carekit.open(url)``: pick the storage backend for a URL and build the application."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence

from carekit.app._access import make_reader
from carekit.app._app import Application
from carekit.errors import InvalidArgumentError
from carekit.i18n import Text
from carekit.model import Actor, Channel, Purpose, now
from carekit.plugins import Plugins, PluginSelection
from carekit.store import DATA_KEY_ENV, DATA_KEY_FILE_ENV, resolve_url, select_backend
from carekit.store.backend import SEARCH_KEY_ENV
from carekit.workflows import DEFAULT, WorkflowConfig

__all__ = ["open_app", "resolve_url"]


def open_app(
    url: str | os.PathLike[str] | None = None,
    *,
    plugins: Sequence[object] = (),
    selection: PluginSelection | None = None,
    config: WorkflowConfig = DEFAULT,
    clock: Callable[[], dt.datetime] = now,
    search_key: bytes | str | None = None,
    data_key: bytes | str | None = None,
    actor: Actor | None = None,
    purpose: Purpose | str | None = None,
    channel: Channel | str = Channel.API,
) -> Application:
    """Open carekit on the store at *url*: a URL or a SQLite file path, else ``$CAREKIT_DB``,
    else ``./carekit.sqlite`` (see :func:`~carekit.store.resolve_url`).

    Supported out of the box, whatever the plugin selection: ``sqlite:///path`` (the
    embedded default) and ``memory://``.  Other schemes come from plugins (``postgresql://``
    with ``carekit-postgres``).  The backend is chosen by
    :func:`~carekit.store.select_backend`; an unknown scheme raises
    :class:`~carekit.errors.UnknownBackendError` naming the installed backends.

    *search_key* (else ``$CAREKIT_SEARCH_KEY``) is the secret of the CPR blind index:
    with it, ``app.citizens.query(cpr=…)`` finds a citizen by a keyed hash of the number
    (see ``docs/querying.md``); without it, CPR search is refused.

    *data_key* (else ``$CAREKIT_DATA_KEY``, base64, or ``$CAREKIT_DATA_KEY_FILE``, a file
    holding it) is the store key that wraps each citizen's data key: with it, every new
    version is encrypted per citizen and ``erase_citizen`` can crypto-shred (see
    ``docs/privacy.md``); without it the store is plaintext, as before.

    *actor*, *purpose* and *channel* say who reads through the application and why: every
    read of a citizen's data is logged under them (the read-access log, shown to the citizen
    as "Min log").  Without an actor the application can write but refuses reads
    (:class:`~carekit.errors.ReaderRequiredError`); :meth:`Application.session` binds a
    reader later, e.g. one per request.
    """
    if actor is not None and purpose is None:
        raise InvalidArgumentError(
            "purpose",
            Text(
                "et formål for læsningerne (carekit.model.Purpose), når actor er angivet",
                "a purpose for the reads (carekit.model.Purpose) when actor is given",
            ),
            purpose,
        )
    if actor is None and purpose is not None:
        raise InvalidArgumentError(
            "actor",
            Text("den, der læser (en carekit.model.Actor)", "who reads (a carekit.model.Actor)"),
            actor,
        )
    key = search_key if search_key is not None else os.environ.get(SEARCH_KEY_ENV) or None
    if data_key is None:
        data_key = os.environ.get(DATA_KEY_ENV) or os.environ.get(DATA_KEY_FILE_ENV) or None
    resolved = resolve_url(url)
    loaded = Plugins.load(selection=selection, plugins=plugins)
    backend = select_backend(resolved, loaded.storage_backends())
    store = backend.factory(resolved)
    try:
        app = Application(
            store, loaded, config=config, clock=clock, search_key=key, data_key=data_key
        )
        if actor is None:
            return app
        app._reader = make_reader(actor, purpose, channel)
        return app
    except BaseException:
        store.close()  # a plugin that fails at start-up never leaks the store's connections
        raise
