"""The async twin of the application: ``await carekit.open_async(url)`` →
:class:`AsyncApplication`, whose methods are coroutines with the names and semantics of
:class:`carekit.Application`.

Every call runs the synchronous application's work in a worker thread
(``anyio.to_thread.run_sync``, at most ``max_threads`` at a time), so the event loop never
waits for SQLite, PostgreSQL or a PDF.  One store is shared by those threads; the stores are
thread-safe (``carekit.store.Store``).  On PostgreSQL this is psycopg's *synchronous* pool
used from threads, not psycopg's async pool.  See docs/async.md.
"""

from carekit.aio._app import DEFAULT_MAX_THREADS, AsyncApplication, OpeningApplication, open_async
from carekit.aio._repository import AsyncRepository

__all__ = [
    "DEFAULT_MAX_THREADS",
    "AsyncApplication",
    "AsyncRepository",
    "OpeningApplication",
    "open_async",
]
