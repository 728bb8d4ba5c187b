"""carekit's exceptions.  Every one carries its context as attributes and a message that says
what was wrong, where, and what to do.  Personal data (CPR numbers) is masked in messages.

::

    CarekitError
    ├── RecordValidationError (ValueError)   invalid record data; .problems with JSON pointers
    ├── UnknownKindError (LookupError)       a record kind carekit does not know
    ├── WorkflowError
    │   ├── TransitionNotAllowed             action not allowed in the record's current state
    │   └── GuardFailed                      a guard of an allowed action does not hold
    ├── StoreError
    │   ├── ConflictError                    write based on a stale version (optimistic locking)
    │   ├── RecordNotFoundError (LookupError)
    │   ├── UnknownBackendError (LookupError) no installed backend for a URL scheme
    │   └── StoreUnavailableError            backend cannot be reached; retry may succeed
    ├── PluginError                          a plugin failed; .plugin names it
    │   └── DeliveryError                    a notification channel could not deliver
    └── ConfigurationError (ValueError)

Packages add narrower errors under these roots next to their own code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from carekit.i18n import Lang, Text
from carekit.privacy import mask_cpr_in_text

__all__ = [
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
]


class CarekitError(Exception):
    """Root of every error carekit raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with a record.

    ``pointer`` is an RFC 6901 JSON pointer into the record ("" is the record itself),
    ``keyword`` the JSON Schema keyword (or model rule) that failed, ``message`` says what is
    wrong and how to fix it, in Danish and English, with CPR numbers masked.
    """

    pointer: str
    keyword: str
    message: Text

    def render(self, lang: Lang = "en") -> str:
        where = self.pointer or "/"
        return f"{where}: {self.message.get(lang)} [{self.keyword}]"


class RecordValidationError(CarekitError, ValueError):
    """A record does not satisfy carekit's model; ``problems`` lists every reason."""

    def __init__(self, kind: str | None, problems: Sequence[Problem], record_id: str | None = None):
        self.kind = kind
        self.record_id = record_id
        self.problems = tuple(problems)
        what = f"{kind} record" if kind else "record"
        if record_id:
            what += f" {record_id}"
        lines = "\n".join(f"  - {p.render('en')}" for p in self.problems)
        super().__init__(
            mask_cpr_in_text(f"{what} is invalid ({len(self.problems)} problem(s)):\n{lines}")
        )

    def render(self, lang: Lang = "en") -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class UnknownKindError(CarekitError, LookupError):
    """A record kind carekit does not know."""

    def __init__(self, kind: object, known: Iterable[str]):
        self.kind = kind
        self.known = tuple(sorted(known))
        super().__init__(f"unknown record kind {kind!r}; known kinds: {', '.join(self.known)}")


class WorkflowError(CarekitError):
    """Root of workflow errors."""


class TransitionNotAllowed(WorkflowError):
    """An action was tried that the record's current state does not allow."""

    def __init__(
        self, *, workflow: str, record_id: str, state: str, action: str, allowed: Iterable[str]
    ):
        self.workflow = workflow
        self.record_id = record_id
        self.state = state
        self.action = action
        self.allowed = tuple(allowed)
        allowed_text = ", ".join(self.allowed) if self.allowed else "none (final state)"
        super().__init__(
            f"{workflow} {record_id} is {state!r}: action {action!r} is not allowed; "
            f"allowed now: {allowed_text}"
        )


class GuardFailed(WorkflowError):
    """An allowed action's guard does not hold for this record."""

    def __init__(
        self, *, workflow: str, record_id: str, state: str, action: str, reasons: Sequence[Text]
    ):
        self.workflow = workflow
        self.record_id = record_id
        self.state = state
        self.action = action
        self.reasons = tuple(reasons)
        text = "; ".join(r.en for r in self.reasons)
        super().__init__(f"{workflow} {record_id} ({state}): cannot {action}: {text}")


class StoreError(CarekitError):
    """Root of storage errors.  A storage error stops the operation; nothing is half-written."""


class ConflictError(StoreError):
    """A write was based on a version that is no longer the latest.  Re-read, re-apply, retry."""

    def __init__(self, record_id: str, expected: int | None, actual: int | None):
        self.record_id = record_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"record {record_id}: write based on version {expected}, but the stored version is "
            f"{actual}; read the record again, re-apply the change and retry"
        )


class RecordNotFoundError(StoreError, LookupError):
    def __init__(self, record_id: str, version: int | None = None):
        self.record_id = record_id
        self.version = version
        at = f" version {version}" if version is not None else ""
        super().__init__(f"no record {record_id}{at} in this store")


class UnknownBackendError(StoreError, LookupError):
    def __init__(self, url: str, scheme: str, installed: Iterable[str]):
        self.url = url
        self.scheme = scheme
        self.installed = tuple(sorted(installed))
        hint = " (pip install carekit-postgres)" if scheme.startswith("postgres") else ""
        super().__init__(
            f"no storage backend for URL scheme {scheme!r}; installed backends: "
            f"{', '.join(self.installed) or 'none'}. Is the plugin for {scheme!r} installed?{hint}"
        )


class StoreUnavailableError(StoreError):
    """The backend could not be reached or the connection dropped; the operation was rolled
    back and may be retried."""


class PluginError(CarekitError):
    """A plugin raised; ``plugin`` names it, ``hook`` the hook that was called."""

    def __init__(self, message: str, *, plugin: str, hook: str | None = None):
        self.plugin = plugin
        self.hook = hook
        where = f" in hook {hook}" if hook else ""
        super().__init__(f"plugin {plugin!r}{where}: {message}")


class DeliveryError(PluginError):
    """A notification channel could not deliver.

    ``retryable`` says whether trying later may help."""

    def __init__(self, message: str, *, plugin: str, retryable: bool = True):
        self.retryable = retryable
        super().__init__(message, plugin=plugin, hook="carekit_notification_channels")


class ConfigurationError(CarekitError, ValueError):
    """carekit was configured wrongly (environment variable, URL, option)."""
