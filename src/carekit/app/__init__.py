"""The application facade: ``carekit.open(url)`` → :class:`Application`."""

from carekit.app._access import Reader
from carekit.app._app import ActResult, Application, Listener
from carekit.app._erase import HeldRecord, RetentionError, RetentionRules
from carekit.app._events import EventPage, EventType, default_source, event_types
from carekit.app._open import open_app, resolve_url
from carekit.app._query import DEFAULT_LIMIT, MAX_LIMIT, Page
from carekit.app._repository import Repository

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "ActResult",
    "Application",
    "EventPage",
    "EventType",
    "HeldRecord",
    "Listener",
    "Page",
    "Reader",
    "Repository",
    "RetentionError",
    "RetentionRules",
    "default_source",
    "event_types",
    "open_app",
    "resolve_url",
]
