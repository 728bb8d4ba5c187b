"""Lazy references for plugin descriptors: name a factory without importing its module.

carekit imports every entry-point module when it builds a plugin manager (to learn which
hooks a plugin implements), and calls some hooks on every ``carekit.open()`` (storage
backends, rules, schema extensions).  A descriptor returned there must not drag in the
plugin's heavy modules (a database driver, a FHIR model library)::

    from carekit.plugins import lazy_callable

    @hookimpl
    def carekit_storage_backends() -> list[StorageBackend]:
        return [StorageBackend(name="acme", schemes=("acme",), description="…",
                               factory=lazy_callable("acme_carekit._store:AcmeStore.from_url"))]

The target is imported on the first call.  See docs/startup.md.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

__all__ = ["LazyCallable", "lazy_callable"]


class LazyCallable:
    """A callable named ``"package.module:attribute.path"``, imported on first call.

    It compares equal to the object it names (resolving it to compare) and to another
    :class:`LazyCallable` with the same target, so ``descriptor.factory ==
    AcmeStore.from_url`` holds.  Its hash is the target string's (it cannot hash like an
    object it has not imported), so use it as a value, not as a key."""

    __slots__ = ("_lock", "_resolved", "target")

    def __init__(self, target: str) -> None:
        module, sep, attribute = target.partition(":")
        if not sep or not module or not attribute:
            raise ValueError(f"expected 'package.module:attribute', got {target!r}")
        #: ``"package.module:attribute.path"``
        self.target = target
        self._resolved: Any = None
        self._lock = threading.Lock()

    def resolve(self) -> Any:
        """Import the module and return the object the target names (once)."""
        if self._resolved is None:
            with self._lock:
                if self._resolved is None:
                    module_name, _, path = self.target.partition(":")
                    obj: Any = importlib.import_module(module_name)
                    for part in path.split("."):
                        obj = getattr(obj, part)
                    if not callable(obj):
                        raise TypeError(f"{self.target} is not callable")
                    self._resolved = obj
        return self._resolved

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the target (importing it the first time)."""
        return self.resolve()(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyCallable):
            return self.target == other.target
        return bool(self.resolve() == other)

    def __hash__(self) -> int:
        return hash(self.target)

    def __repr__(self) -> str:
        return f"lazy_callable({self.target!r})"


def lazy_callable(target: str) -> LazyCallable:
    """A callable for *target* (``"package.module:attribute.path"``) that imports its module
    only when first called; use it for the ``factory`` of a descriptor."""
    return LazyCallable(target)
