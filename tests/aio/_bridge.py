"""A blocking face on :class:`carekit.aio.AsyncApplication`, so that the sync conformance
kits (``carekit.testing.contract``) drive the *async* application: every call goes from
the test's thread into an event loop (an anyio blocking portal), is awaited there as the
async app's coroutine, and runs in the async app's worker thread."""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from anyio.from_thread import BlockingPortal, start_blocking_portal

import carekit
from carekit.aio import AsyncApplication, AsyncRepository

__all__ = ["BlockingAsyncApp", "open_through_async"]


class _Blocking:
    """Attribute access on *target*: coroutine methods become blocking calls through the
    portal, async repositories get the same treatment, everything else is passed on."""

    def __init__(self, portal: BlockingPortal, target: object) -> None:
        self._portal = portal
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if isinstance(value, AsyncRepository):
            return _Blocking(self._portal, value)
        if inspect.iscoroutinefunction(value):
            return self._blocking(value)
        return value

    def _blocking(self, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._portal.call(functools.partial(method, *args, **kwargs))

        return call


class BlockingAsyncApp(_Blocking):
    """``carekit.open(url)``'s interface, implemented by ``carekit.open_async(url)``."""

    def __init__(self, url: str, **options: Any) -> None:
        self._stack = ExitStack()
        portal = self._stack.enter_context(start_blocking_portal(backend="asyncio"))
        app: AsyncApplication = portal.call(functools.partial(self._open, url, **options))
        super().__init__(portal, app)
        self.async_app = app
        # the loop outlives close() (a closed app must still answer ClosedError); it stops
        # when the bridge is left (__exit__) or garbage-collected
        self._stop = weakref.finalize(self, self._stack.close)

    @staticmethod
    async def _open(url: str, **options: Any) -> AsyncApplication:
        return await carekit.open_async(url, **options)

    def close(self) -> None:
        """Close the async application (``await app.close()``)."""
        self._portal.call(self.async_app.close)

    def __enter__(self) -> BlockingAsyncApp:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.close()
        finally:
            self._stop()


def open_through_async(url: str, **options: Any) -> BlockingAsyncApp:
    """A stand-in for ``carekit.open`` whose application is the async one."""
    return BlockingAsyncApp(url, **options)
