"""carekit: safety, trust and the citizen's dreams at the centre.

A Python SDK for Danish care systems::

    import carekit

    with carekit.open("sqlite:///care.sqlite") as app:
        app.citizens.add(citizen)
        app.act(trial_action.id, "start", actor=anna)
        for item in app.due():
            print(item.reason.da)

Users import from ``carekit`` (and the public subpackages ``carekit.model``,
``carekit.workflows``, ``carekit.store``, ``carekit.validate``, …), never from a private
module.
"""

from carekit._version import __version__
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
    "parse_record",
    "resolve_url",
]
