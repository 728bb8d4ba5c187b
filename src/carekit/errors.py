"""carekit's exceptions: one bilingual error model.

Every error carries a stable machine-readable ``code`` (a class attribute: an API maps it to
an HTTP status, a UI to a help page), a :class:`~carekit.i18n.Text` with the message in
Danish and English (``.text``; ``str(error)`` is the English text), and its context as
attributes.  Messages say what was wrong, where, and what to do.  Personal data (CPR numbers)
is masked in every message.

::

    CarekitError
    ├── RecordValidationError (ValueError)   invalid record data; .problems with JSON pointers
    │   ├── ReferenceIntegrityError          a reference names no record / another citizen's
    │   └── ImmutableFieldError              citizen_id or kind changed by an update
    ├── UnknownKindError (LookupError)       a record kind carekit does not know
    ├── InvalidArgumentError (TypeError)     a public call got an argument of the wrong type
    ├── InvalidQueryError (ValueError)       a query's filter, order or limit cannot be used
    │   └── InvalidCursorError               a page cursor not made by carekit, or for another query
    ├── ClosedError                          the application or store was closed
    ├── WorkflowError
    │   ├── TransitionNotAllowed             action not allowed in the record's current state
    │   ├── UnknownActionError (LookupError) no such action in the record's workflow
    │   ├── GuardFailed                      a guard of an allowed action does not hold
    │   ├── StatusChangeRefused              update()/add() tried to set a status itself
    │   └── InvariantViolated                the change breaks what the record's state requires
    ├── StoreError
    │   ├── ConflictError                    write based on a stale version (optimistic locking)
    │   ├── RecordNotFoundError (LookupError)
    │   ├── UnknownBackendError (LookupError) no installed backend for a URL scheme
    │   ├── StoreClosedError (ClosedError)   the store was closed
    │   └── StoreUnavailableError            backend cannot be reached; retry may succeed
    ├── PluginError                          a plugin failed; .plugin names it
    │   └── DeliveryError                    a notification channel could not deliver
    └── ConfigurationError (ValueError)

Packages add narrower errors under these roots next to their own code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

import attrs

from carekit.i18n import Lang, Text
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "CarekitError",
    "ClosedError",
    "ConfigurationError",
    "ConflictError",
    "DeliveryError",
    "GuardFailed",
    "ImmutableFieldError",
    "InvalidArgumentError",
    "InvalidCursorError",
    "InvalidQueryError",
    "InvariantViolated",
    "PluginError",
    "Problem",
    "ReaderRequiredError",
    "RecordNotFoundError",
    "RecordValidationError",
    "ReferenceIntegrityError",
    "ReportOptionError",
    "StatusChangeRefused",
    "StoreClosedError",
    "StoreError",
    "StoreUnavailableError",
    "TransitionNotAllowed",
    "UnknownActionError",
    "UnknownBackendError",
    "UnknownKindError",
    "WorkflowError",
]


def _masked(text: Text) -> Text:
    return Text(mask_cpr_in_text(text.da), mask_cpr_in_text(text.en))


class CarekitError(Exception):
    """Root of every error carekit raises on purpose.

    ``code`` is stable across releases (``"record.invalid"``, ``"store.conflict"`` …);
    ``text`` holds the message in Danish and English with CPR numbers masked; ``str()`` is
    the English text.  Subclasses pass a :class:`Text`; a plain string (third-party
    subclasses written before the bilingual model) is used for both languages.
    """

    code: ClassVar[str] = "carekit.error"
    text: Text

    def __init__(self, message: Text | str = "", *args: object) -> None:
        if isinstance(message, Text):
            self.text = _masked(message)
        elif not isinstance(self.__dict__.get("text"), Text):
            self.text = _masked(Text(message, message))
        else:
            self.text = _masked(self.text)
        super().__init__(self.text.en, *args)

    def render(self, lang: Lang = "en") -> str:
        """The message in *lang*."""
        return self.text.get(lang)


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
        """``pointer: message [keyword]`` in *lang*."""
        where = self.pointer or "/"
        return f"{where}: {self.message.get(lang)} [{self.keyword}]"


class RecordValidationError(CarekitError, ValueError):
    """A record does not satisfy carekit's model; ``problems`` lists every reason."""

    code: ClassVar[str] = "record.invalid"

    def __init__(self, kind: str | None, problems: Sequence[Problem], record_id: str | None = None):
        self.kind = kind
        self.record_id = record_id
        self.problems = tuple(problems)
        n = len(self.problems)
        what_da = f"{kind}-post" if kind else "Posten"
        what_en = f"{kind} record" if kind else "record"
        if record_id:
            what_da += f" {record_id}"
            what_en += f" {record_id}"
        lines_da = "\n".join(f"  - {p.render('da')}" for p in self.problems)
        lines_en = "\n".join(f"  - {p.render('en')}" for p in self.problems)
        problem_da = "ét problem" if n == 1 else f"{n} problemer"
        problem_en = "1 problem" if n == 1 else f"{n} problems"
        super().__init__(
            Text(
                f"{what_da} er ugyldig ({problem_da}):\n{lines_da}",
                f"{what_en} is invalid ({problem_en}):\n{lines_en}",
            )
        )

    def render(self, lang: Lang = "en") -> str:
        """One line per problem in *lang*."""
        return "\n".join(p.render(lang) for p in self.problems)


class ReferenceIntegrityError(RecordValidationError):
    """A reference in the record names no stored record, a record of the wrong kind, or a
    record about another citizen; or the record's citizen does not exist."""

    code: ClassVar[str] = "record.reference"


class ImmutableFieldError(RecordValidationError):
    """An update changed a field that never changes (``citizen_id``, ``kind``)."""

    code: ClassVar[str] = "record.immutable_field"


class UnknownKindError(CarekitError, LookupError):
    """A record kind carekit does not know."""

    code: ClassVar[str] = "record.unknown_kind"

    def __init__(self, kind: object, known: Iterable[str]):
        self.kind = kind
        self.known = tuple(sorted(known))
        listing = ", ".join(self.known)
        super().__init__(
            Text(
                f"Ukendt posttype {kind!r}; kendte typer: {listing}",
                f"unknown record kind {kind!r}; known kinds: {listing}",
            )
        )


class InvalidArgumentError(CarekitError, TypeError):
    """A public call got an argument it cannot use; ``parameter`` names it."""

    code: ClassVar[str] = "argument.invalid"

    def __init__(self, parameter: str, expected: Text, got: object):
        self.parameter = parameter
        self.expected = expected
        self.got_type = type(got).__name__
        super().__init__(
            Text(
                f"Argumentet '{parameter}' skal være {expected.da}, ikke {self.got_type}.",
                f"The argument '{parameter}' must be {expected.en}, not {self.got_type}.",
            )
        )


class InvalidQueryError(CarekitError, ValueError):
    """A query got a filter, order or limit it cannot use; ``parameter`` names it and the
    message says what to give instead."""

    code: ClassVar[str] = "query.invalid"

    def __init__(self, parameter: str, text: Text) -> None:
        self.parameter = parameter
        super().__init__(text)


class InvalidCursorError(InvalidQueryError):
    """A page cursor (``after=``) that carekit did not make, that was changed, or that
    belongs to another query (other kind, filters or order).  Start again without one."""

    code: ClassVar[str] = "query.cursor"

    def __init__(self, text: Text) -> None:
        super().__init__(
            "after",
            Text(
                f"Ugyldig markør (after): {text.da}.",
                f"Invalid cursor (after): {text.en}.",
            ),
        )


class ClosedError(CarekitError):
    """The application (or its store) was closed; open a new one with ``carekit.open()``."""

    code: ClassVar[str] = "closed"

    def __init__(self, what: str = "application") -> None:
        self.what = what
        da = "Programmet" if what == "application" else "Lageret"
        super().__init__(
            Text(
                f"{da} er lukket; åbn et nyt med carekit.open().",
                f"The {what} is closed; open a new one with carekit.open().",
            )
        )


class ReaderRequiredError(CarekitError):
    """A read of a citizen's data on an application that knows no reader: every read is
    logged (who, why, through which channel), so open the application with
    ``carekit.open(url, actor=…, purpose=…)`` or read through ``app.session(actor=…,
    purpose=…)``."""

    code: ClassVar[str] = "access.reader_required"

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(
            Text(
                f"{operation}: hver læsning af borgerdata logges, så carekit skal vide, hvem "
                "der læser og hvorfor. Åbn med carekit.open(url, actor=…, purpose=…) eller "
                "læs gennem app.session(actor=…, purpose=…).",
                f"{operation}: every read of a citizen's data is logged, so carekit must know "
                "who is reading and why. Open with carekit.open(url, actor=…, purpose=…) or "
                "read through app.session(actor=…, purpose=…).",
            )
        )


class WorkflowError(CarekitError):
    """Root of workflow errors."""

    code: ClassVar[str] = "workflow.error"


class TransitionNotAllowed(WorkflowError):
    """An action of the workflow was tried that the record's current state does not allow
    (HTTP: 409).  ``allowed`` lists the actions allowed now."""

    code: ClassVar[str] = "workflow.action_not_allowed"

    def __init__(
        self,
        *,
        workflow: str,
        record_id: str,
        state: str,
        action: str,
        allowed: Iterable[str],
        message: Text | None = None,
    ):
        self.workflow = workflow
        self.record_id = record_id
        self.state = state
        self.action = action
        self.allowed = tuple(allowed)
        if message is None:
            listing = ", ".join(self.allowed)
            message = Text(
                f"{workflow} {record_id} er {state!r}: handlingen {action!r} er ikke tilladt; "
                f"tilladt nu: {listing or 'ingen (sluttilstand)'}",
                f"{workflow} {record_id} is {state!r}: action {action!r} is not allowed; "
                f"allowed now: {listing or 'none (final state)'}",
            )
        super().__init__(message)


class UnknownActionError(WorkflowError, LookupError):
    """The record's workflow has no action of that name (HTTP: 400).  ``actions`` lists the
    workflow's actions."""

    code: ClassVar[str] = "workflow.unknown_action"

    def __init__(self, *, workflow: str, record_id: str, action: str, actions: Iterable[str]):
        self.workflow = workflow
        self.record_id = record_id
        self.action = action
        self.actions = tuple(actions)
        listing = ", ".join(self.actions)
        super().__init__(
            Text(
                f"Arbejdsgangen {workflow} har ingen handling {action!r}. Handlingerne er: "
                f"{listing}.",
                f"The {workflow} workflow has no action {action!r}. Its actions are: {listing}.",
            )
        )


class GuardFailed(WorkflowError):
    """An allowed action's guard does not hold for this record (HTTP: 409/422)."""

    code: ClassVar[str] = "workflow.guard_failed"

    def __init__(
        self,
        *,
        workflow: str,
        record_id: str,
        state: str,
        action: str,
        reasons: Sequence[Text],
        message: Text | None = None,
    ):
        self.workflow = workflow
        self.record_id = record_id
        self.state = state
        self.action = action
        self.reasons = tuple(reasons)
        if message is None:
            message = Text(
                f"{workflow} {record_id} ({state}): kan ikke {action}: "
                + "; ".join(r.da for r in self.reasons),
                f"{workflow} {record_id} ({state}): cannot {action}: "
                + "; ".join(r.en for r in self.reasons),
            )
        super().__init__(message)


class StatusChangeRefused(WorkflowError):
    """``update()`` changed a record's status, or ``add()`` stored a workflow record in a
    state other than its workflow's initial state.  Statuses change only through
    ``Application.act()``; records that arrive in a later state go through
    ``Application.import_records()``."""

    code: ClassVar[str] = "workflow.status_owned"

    def __init__(
        self,
        *,
        kind: str,
        record_id: str,
        current: str | None,
        requested: str,
        allowed: Iterable[str] = (),
    ):
        self.kind = kind
        self.record_id = record_id
        self.current = current
        self.requested = requested
        self.allowed = tuple(allowed)
        listing = ", ".join(self.allowed)
        if current is None:
            da = (
                f"En ny {kind}-post ({record_id}) skal starte i tilstanden {listing!r}, ikke "
                f"{requested!r}. Tilstanden skifter kun med act(); poster, der allerede er i "
                "en senere tilstand, indlæses med import_records()."
            )
            en = (
                f"A new {kind} record ({record_id}) must start in state {listing!r}, not "
                f"{requested!r}. States change only through act(); records already in a later "
                "state are loaded with import_records()."
            )
        else:
            da = (
                f"{kind} {record_id}: update() kan ikke ændre tilstanden fra {current!r} til "
                f"{requested!r}. Brug act() med en af de tilladte handlinger: "
                f"{listing or 'ingen (sluttilstand)'}."
            )
            en = (
                f"{kind} {record_id}: update() cannot change the state from {current!r} to "
                f"{requested!r}. Use act() with one of the actions allowed now: "
                f"{listing or 'none (final state)'}."
            )
        super().__init__(Text(da, en))


class InvariantViolated(WorkflowError):
    """The record would no longer satisfy what its current state requires (the state's
    invariants in the workflow table).  ``failed`` names them; ``reasons`` says each one in
    Danish and English."""

    code: ClassVar[str] = "workflow.invariant_violated"

    def __init__(
        self,
        *,
        kind: str,
        record_id: str,
        state: str,
        state_label: Text,
        failed: Sequence[str],
        reasons: Sequence[Text],
    ):
        self.kind = kind
        self.record_id = record_id
        self.state = state
        self.failed = tuple(failed)
        self.reasons = tuple(reasons)
        super().__init__(
            Text(
                f"{kind} {record_id} er '{state_label.da}' og skal fortsat opfylde: "
                + "; ".join(r.da for r in self.reasons),
                f"{kind} {record_id} is '{state_label.en}' and must still satisfy: "
                + "; ".join(r.en for r in self.reasons),
            )
        )


class StoreError(CarekitError):
    """Root of storage errors.  A storage error stops the operation; nothing is half-written."""

    code: ClassVar[str] = "store.error"


class ConflictError(StoreError):
    """A write was based on a version that is no longer the latest.  Re-read, re-apply, retry
    (``Application.modify()`` does it for you).  HTTP: 409."""

    code: ClassVar[str] = "store.conflict"

    def __init__(self, record_id: str, expected: int | None, actual: int | None):
        self.record_id = record_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            Text(
                f"Post {record_id}: ændringen bygger på version {expected}, men den gemte "
                f"version er {actual}. Læs posten igen, lav ændringen igen og prøv igen.",
                f"record {record_id}: write based on version {expected}, but the stored version "
                f"is {actual}; read the record again, re-apply the change and retry",
            )
        )


class RecordNotFoundError(StoreError, LookupError):
    """No record (or no such version of it) in this store.  HTTP: 404."""

    code: ClassVar[str] = "store.not_found"

    def __init__(self, record_id: str, version: int | None = None):
        self.record_id = record_id
        self.version = version
        at_da = f" version {version}" if version is not None else ""
        super().__init__(
            Text(
                f"Ingen post {record_id}{at_da} i dette lager",
                f"no record {record_id}{at_da} in this store",
            )
        )


class UnknownBackendError(StoreError, LookupError):
    """No installed storage backend handles the URL's scheme."""

    code: ClassVar[str] = "store.unknown_backend"

    def __init__(self, url: str, scheme: str, installed: Iterable[str]):
        self.url = url
        self.scheme = scheme
        self.installed = tuple(sorted(installed))
        hint = " (pip install carekit-postgres)" if scheme.startswith("postgres") else ""
        listing = ", ".join(self.installed)
        super().__init__(
            Text(
                f"Intet lager-plugin til URL-skemaet {scheme!r}; installerede: "
                f"{listing or 'ingen'}. Er plugin'et til {scheme!r} installeret?{hint}",
                f"no storage backend for URL scheme {scheme!r}; installed backends: "
                f"{listing or 'none'}. Is the plugin for {scheme!r} installed?{hint}",
            )
        )


class StoreClosedError(ClosedError, StoreError):
    """The store was closed; every later call is refused."""

    code: ClassVar[str] = "store.closed"

    def __init__(self) -> None:
        super().__init__("store")


class StoreUnavailableError(StoreError):
    """The backend could not be reached or the connection dropped; the operation was rolled
    back and may be retried."""

    code: ClassVar[str] = "store.unavailable"


class PluginError(CarekitError):
    """A plugin raised; ``plugin`` names it, ``hook`` the hook that was called."""

    code: ClassVar[str] = "plugin.error"

    def __init__(self, message: str | Text, *, plugin: str, hook: str | None = None):
        self.plugin = plugin
        self.hook = hook
        msg = message if isinstance(message, Text) else Text(message, message)
        where_da = f" i hook {hook}" if hook else ""
        where_en = f" in hook {hook}" if hook else ""
        super().__init__(
            Text(
                f"udvidelsen {plugin!r}{where_da} fejlede: {msg.da}",
                f"plugin {plugin!r}{where_en}: {msg.en}",
            )
        )


class DeliveryError(PluginError):
    """A notification channel could not deliver.

    ``retryable`` says whether trying later may help."""

    code: ClassVar[str] = "plugin.delivery"

    def __init__(self, message: str | Text, *, plugin: str, retryable: bool = True):
        self.retryable = retryable
        super().__init__(message, plugin=plugin, hook="carekit_notification_channels")


class ConfigurationError(CarekitError, ValueError):
    """carekit was configured wrongly (environment variable, URL, option)."""

    code: ClassVar[str] = "configuration"


class ReportOptionError(CarekitError, ValueError):
    """An option of the quality report, or an argument of a run chart, is out of range
    (:mod:`carekit.report`); ``option`` names it."""

    code: ClassVar[str] = "report.option"

    def __init__(self, option: str, message: Text):
        self.option = option
        super().__init__(message)
