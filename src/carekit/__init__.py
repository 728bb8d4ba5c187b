"""carekit: safety, trust and the citizen's dreams at the centre.

A Python SDK for Danish care systems::

    import carekit

    with carekit.open("sqlite:///care.sqlite", actor=anna, purpose="care") as app:
        app.citizens.add(citizen)
        app.act(trial_action.id, "start", actor=anna)
        for item in app.due():
            print(item.reason.da)

Users import from ``carekit`` (and the public subpackages ``carekit.model``,
``carekit.workflows``, ``carekit.store``, ``carekit.validate``, …), never from a private
module.

``import carekit`` is cheap: the names below are imported on first use (PEP 562
``__getattr__``), so ``carekit --version`` or a program that only needs
:class:`~carekit.i18n.Text` never pays for the pydantic models.  ``carekit.model``,
``carekit.store`` and the other public subpackages are attributes too, imported on first
access.  See docs/startup.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from carekit._version import __version__

if TYPE_CHECKING:
    from carekit.aio import open_async
    from carekit.app import ActResult, Application, Repository, resolve_url
    from carekit.app import open_app as open
    from carekit.errors import (
        CarekitError,
        ConfigurationError,
        ConflictError,
        DeliveryError,
        GuardFailed,
        PluginError,
        Problem,
        RecordNotFoundError,
        RecordValidationError,
        StoreError,
        StoreUnavailableError,
        TransitionNotAllowed,
        UnknownBackendError,
        UnknownKindError,
        WorkflowError,
    )
    from carekit.events import DomainEvent
    from carekit.hookspecs import hookimpl
    from carekit.i18n import Text
    from carekit.model import Actor, ActorKind, Record, parse_record

__all__ = [
    "ActResult",
    "Actor",
    "ActorKind",
    "Application",
    "CarekitError",
    "ConfigurationError",
    "ConflictError",
    "DeliveryError",
    "DomainEvent",
    "GuardFailed",
    "PluginError",
    "Problem",
    "Record",
    "RecordNotFoundError",
    "RecordValidationError",
    "Repository",
    "StoreError",
    "StoreUnavailableError",
    "Text",
    "TransitionNotAllowed",
    "UnknownBackendError",
    "UnknownKindError",
    "WorkflowError",
    "__version__",
    "hookimpl",
    "open",
    "open_async",
    "parse_record",
    "resolve_url",
]

_ERRORS = (
    "CarekitError",
    "ConfigurationError",
    "ConflictError",
    "DeliveryError",
    "GuardFailed",
    "PluginError",
    "Problem",
    "RecordNotFoundError",
    "RecordValidationError",
    "StoreError",
    "StoreUnavailableError",
    "TransitionNotAllowed",
    "UnknownBackendError",
    "UnknownKindError",
    "WorkflowError",
)

#: public name -> (module, attribute in that module)
_LAZY: dict[str, tuple[str, str]] = {
    "ActResult": ("carekit.app", "ActResult"),
    "Application": ("carekit.app", "Application"),
    "Repository": ("carekit.app", "Repository"),
    "resolve_url": ("carekit.app", "resolve_url"),
    "open": ("carekit.app", "open_app"),
    "open_async": ("carekit.aio", "open_async"),
    "DomainEvent": ("carekit.events", "DomainEvent"),
    "hookimpl": ("carekit.hookspecs", "hookimpl"),
    "Text": ("carekit.i18n", "Text"),
    "Actor": ("carekit.model", "Actor"),
    "ActorKind": ("carekit.model", "ActorKind"),
    "Record": ("carekit.model", "Record"),
    "parse_record": ("carekit.model", "parse_record"),
    **{name: ("carekit.errors", name) for name in _ERRORS},
}

#: Subpackages reachable as attributes (``carekit.model.now()`` after ``import carekit``).
_SUBPACKAGES = frozenset(
    {
        "aio",
        "app",
        "cli",
        "demo",
        "ehr",
        "errors",
        "events",
        "hookspecs",
        "i18n",
        "language",
        "lifecycle",
        "model",
        "notify",
        "plugins",
        "privacy",
        "render",
        "schema",
        "store",
        "testing",
        "validate",
        "workflows",
    }
)


def __getattr__(name: str) -> Any:
    """Import a public name (or a public subpackage) the first time it is used."""
    target = _LAZY.get(name)
    if target is not None:
        value = getattr(importlib.import_module(target[0]), target[1])
        globals()[name] = value  # later lookups skip this function
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBPACKAGES})
