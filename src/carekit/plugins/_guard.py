"""carekit's error policy inside pluggy's call loop.

The manager replaces the function of every (non-wrapper) hook implementation with a
:class:`GuardedImpl` when the plugin is registered.  pluggy still decides the order and runs
the wrappers and monitors; the guard only acts while the typed facade records a call
(:func:`recording`):

* it notes which plugin returned which value, so that the facade can name the plugin of
  every item (scheme conflicts, wrong types, rule findings) even after wrappers ran;
* a raising implementation becomes a :class:`~carekit.errors.PluginError` naming its plugin
  — raised for collecting hooks, collected (and the call continues) for fan-out hooks.

Called outside the facade (``pm.hook.carekit_...()`` directly) the guard is transparent:
the call behaves exactly as plain pluggy.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

import attrs

from carekit.errors import PluginError

__all__ = ["GuardedImpl", "HookCall", "recording"]


@attrs.define(slots=True)
class HookCall:
    """One facade call of one hook, as the guards saw it."""

    hook: str
    fan_out: bool
    #: (plugin name, returned value) per implementation, in pluggy's call order
    returned: list[tuple[str, object]] = attrs.field(factory=list)
    #: the errors of raising implementations of a fan-out hook, in call order
    errors: list[PluginError] = attrs.field(factory=list)


_CURRENT: contextvars.ContextVar[HookCall | None] = contextvars.ContextVar(
    "carekit_hook_call", default=None
)


class recording:  # noqa: N801 - used like a function: ``with recording(...) as call``
    """Record what the implementations of *hook* return or raise while the block runs
    (a class rather than a generator: it runs on every event)."""

    __slots__ = ("_call", "_token")

    def __init__(self, hook: str, *, fan_out: bool) -> None:
        self._call = HookCall(hook=hook, fan_out=fan_out)
        self._token: contextvars.Token[HookCall | None] | None = None

    def __enter__(self) -> HookCall:
        self._token = _CURRENT.set(self._call)
        return self._call

    def __exit__(self, *exc_info: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)
            self._token = None


class GuardedImpl:
    """A hook implementation's function with carekit's error policy around it."""

    __slots__ = ("__wrapped__", "hook", "plugin")

    def __init__(self, function: Callable[..., object], *, plugin: str, hook: str) -> None:
        #: the plugin's own function (``inspect.unwrap`` finds it)
        self.__wrapped__ = function
        #: the name the plugin is registered under
        self.plugin = plugin
        #: the hook this function implements
        self.hook = hook

    def __call__(self, *args: Any, **kwargs: Any) -> object:
        """Call the implementation; record its result or apply the error policy."""
        call = _CURRENT.get()
        if call is None or call.hook != self.hook:
            return self.__wrapped__(*args, **kwargs)
        try:
            result = self.__wrapped__(*args, **kwargs)
        except Exception as exc:
            error = PluginError(f"{type(exc).__name__}: {exc}", plugin=self.plugin, hook=self.hook)
            if not call.fan_out:
                raise error from exc
            error.__cause__ = exc
            call.errors.append(error)
            return None
        call.returned.append((self.plugin, result))
        return result

    def __repr__(self) -> str:
        return f"<GuardedImpl plugin={self.plugin!r} hook={self.hook!r} {self.__wrapped__!r}>"
