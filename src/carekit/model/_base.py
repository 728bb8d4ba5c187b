"""Building blocks shared by every record: bilingual labels, labelled enums, the workflow
status type and the record envelope.

Labels travel into the JSON Schemas as annotations that validators ignore:
``"x-label": {"da": …, "en": …}`` on every property and ``"x-enumLabels"`` on every enum.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, TypeVar, cast

import pydantic
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    WithJsonSchema,
)
from pydantic._internal._model_construction import ModelMetaclass
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticKnownError, SchemaValidator, ValidationError, core_schema
from pydantic_core.core_schema import ErrorType

from carekit.i18n import Text
from carekit.lifecycle import Workflow
from carekit.model._problems import validation_error

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "ActorKind",
    "CarekitModel",
    "Email",
    "LabelledEnum",
    "NonEmptyStr",
    "PhoneNumber",
    "Record",
    "WorkflowStatus",
    "enum_labels",
    "field",
    "labels",
    "now",
    "status_field",
]

#: The version of the record format.  Bumped on incompatible changes; recorded in every record.
SCHEMA_VERSION = "1.0"

NonEmptyStr = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
#: Danish or international phone number: digits with optional leading +, spaces allowed.
PhoneNumber = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ]{2,19}$")]
#: A plain e-mail shape.  A pattern rather than ``format: email``: validators disagree on
#: what the format allows, and the published contract must mean the same everywhere.  The
#: published pattern is ECMA-262's (``\s`` is its white space: with U+FEFF, without U+0085);
#: the model checks the same set written out, as pydantic's Rust ``\s`` differs.
_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_NO_AT_OR_SPACE = "[^@\t\x0b\x0c \xa0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\n\r\u2028\u2029]+"
Email = Annotated[
    str,
    StringConstraints(
        pattern=f"^{_NO_AT_OR_SPACE}@{_NO_AT_OR_SPACE}\\.{_NO_AT_OR_SPACE}$", max_length=254
    ),
    WithJsonSchema({"maxLength": 254, "pattern": _EMAIL_PATTERN, "type": "string"}),
]

_E = TypeVar("_E", bound=type[StrEnum])
_ENUM_LABELS: dict[type[StrEnum], dict[str, Text]] = {}


def labels(mapping: Mapping[str, tuple[str, str]]) -> Callable[[_E], _E]:
    """Class decorator giving every member of a ``StrEnum`` a Danish and English label."""

    def decorate(cls: _E) -> _E:
        values = {m.value for m in cls}
        missing = values - set(mapping)
        extra = set(mapping) - values
        if missing or extra:
            raise ValueError(
                f"{cls.__name__}: labels missing {missing or '{}'}, extra {extra or '{}'}"
            )
        _ENUM_LABELS[cls] = {value: Text(da, en) for value, (da, en) in mapping.items()}
        return cls

    return decorate


def enum_labels(cls: type[StrEnum]) -> dict[str, Text]:
    """The labels of *cls*'s members (``KeyError`` when it was not decorated with ``labels``)."""
    return _ENUM_LABELS[cls]


class LabelledEnum(StrEnum):
    """A string enum whose members carry Danish and English labels (see :func:`labels`)."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        target = handler.resolve_ref_schema(json_schema)
        target["x-enumLabels"] = {v: t.as_dict() for v, t in _ENUM_LABELS[cls].items()}
        return json_schema

    @property
    def label(self) -> Text:
        """The Danish and English label of this value."""
        return _ENUM_LABELS[type(self)][self.value]


def field(
    da: str,
    en: str,
    description: str,
    default: Any = ...,
    *,
    schema_extra: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A model field with a Danish and English label and a description for the schema.

    ``default=...`` makes it required; pass ``default_factory=`` for lists.  *schema_extra*
    adds JSON Schema keywords pydantic does not derive itself.
    """
    extra: dict[str, Any] = {"x-label": {"da": da, "en": en}, **(schema_extra or {})}
    if "default_factory" in kwargs:
        return Field(title=en, description=description, json_schema_extra=extra, **kwargs)
    return Field(default, title=en, description=description, json_schema_extra=extra, **kwargs)


def status_field(workflow: Workflow, description: str) -> Any:
    """The ``status`` field of a workflow record: labelled, defaulting to the workflow's
    initial state (the table is the one source of the default)."""
    return field("Status", "Status", description, workflow.initial)


class WorkflowStatus:
    """``Annotated[str, WorkflowStatus(TABLE)]``: a status whose allowed values (and their
    labels) come from a workflow table, the one source of truth."""

    def __init__(self, workflow: Workflow):
        self.workflow = workflow

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.literal_schema(list(self.workflow.state_names))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["type"] = "string"
        json_schema["x-enumLabels"] = {s.name: s.label.as_dict() for s in self.workflow.states}
        json_schema["x-workflow"] = self.workflow.name
        return json_schema


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


class _CarekitModelMeta(ModelMetaclass):
    """Constructing a model (``SafetyPlan(...)``) with invalid data raises
    :class:`~carekit.errors.RecordValidationError` (a ``ValueError``), like
    :func:`~carekit.model.parse_record`: every problem with its JSON pointer, in Danish and
    English.  Done here, not in ``__init__``, because pydantic calls a custom ``__init__``
    for nested models too; ``__call__`` is only the constructor call."""

    def __call__(cls, *args: Any, **data: Any) -> Any:  # noqa: N805 - a metaclass method
        try:
            return super().__call__(*args, **data)
        except pydantic.ValidationError as exc:
            kind = getattr(cls, "KIND", "") or None
            record_id = data.get("id")
            raise validation_error(
                kind, exc, record_id=str(record_id) if record_id is not None else None
            ) from None


#: The text forms JSON Schema 2020-12 allows for ``format: uuid`` (RFC 4122), ``date`` and
#: ``date-time`` (RFC 3339 syntax; pydantic then checks the calendar).  pydantic alone also
#: reads ``urn:uuid:``, braces and 32 bare digits, and for a datetime a space for ``T``, ``+0200``,
#: no seconds, and a number of seconds since 1970.
_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
).fullmatch
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
_DATE_TIME_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
).fullmatch


_TemporalKind = Literal["date", "datetime"]
_TEMPORAL_FORMS = {
    "date": (_DATE_TEXT, "YYYY-MM-DD"),
    "datetime": (_DATE_TIME_TEXT, "YYYY-MM-DDTHH:MM:SS and Z or +HH:MM"),
}


def _uuid_text(value: Any) -> Any:
    if isinstance(value, str) and _UUID_TEXT(value) is None:
        raise PydanticKnownError(
            "uuid_parsing", {"error": "expected the form 123e4567-e89b-12d3-a456-426614174000"}
        )
    return value


class _Temporal:
    """The check before a date or datetime validator: the RFC 3339 text form, then the value
    read by that validator as a JSON string (in strict mode pydantic refuses a Python ``str``,
    which is what a JSON string is once a function has seen it)."""

    def __init__(self, schema: core_schema.CoreSchema, name: _TemporalKind):
        self.reader = SchemaValidator(schema)
        self.form, self.expected = _TEMPORAL_FORMS[name]
        self.error: ErrorType = "date_parsing" if name == "date" else "datetime_parsing"

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if self.form(value) is None:
            raise PydanticKnownError(self.error, {"error": f"expected {self.expected}"})
        try:  # the form has only ASCII digits, letters and -:.+, so it is a JSON string as is
            return self.reader.validate_json(f'"{value}"', strict=True)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise PydanticKnownError(cast("ErrorType", first["type"]), first.get("ctx")) from None


def _integral_number(value: Any) -> Any:
    # JSON Schema's "integer" is any number without a fractional part: 1.0 is the integer 1
    if type(value) is float and value.is_integer():
        return int(value)
    return value


_EXACT: dict[str, Callable[[Any], Any]] = {"uuid": _uuid_text, "int": _integral_number}


def _exact(node: Any) -> Any:
    """Core schema *node* with :data:`_EXACT`'s check before every uuid, date, datetime and
    int validator, so that a model reads exactly what its published JSON Schema allows."""
    if isinstance(node, list):
        return [_exact(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")  # not a string in a "fields" mapping with a field named "type"
    function = node.get("function")
    if kind == "function-before" and isinstance(function, dict):
        done = function.get("function")
        if done in _EXACT.values() or isinstance(done, _Temporal):
            return node  # already done (a nested model's schema)
    out = {key: _exact(value) for key, value in node.items()}
    if not isinstance(kind, str):
        return out
    check = _EXACT.get(kind)
    if kind in _TEMPORAL_FORMS:
        check = _Temporal(cast("core_schema.CoreSchema", out), cast("_TemporalKind", kind))
    if check is not None:
        return core_schema.no_info_before_validator_function(
            check, cast("core_schema.CoreSchema", out)
        )
    return out


class CarekitModel(BaseModel, metaclass=_CarekitModelMeta):
    """Base of every carekit model: unknown fields are refused, instances are immutable
    (derive changed copies with ``model_copy(update=...)``).

    Values are read exactly as the published JSON Schema defines them: a UUID only in its
    RFC 4122 text form, a date and a datetime only in RFC 3339 syntax, and a number with no
    fractional part (``1.0``) as an integer.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        return _exact(handler(source))  # type: ignore[no-any-return]

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        use_enum_values=False,
        ser_json_timedelta="iso8601",
    )


@labels(
    {
        "staff": ("Medarbejder", "Staff member"),
        "citizen": ("Borger", "Citizen"),
        "relative": ("Pårørende", "Relative"),
        "volunteer": ("Frivillig", "Volunteer"),
        "partner": ("Samarbejdspartner", "Partner organisation"),
        "system": ("System", "System"),
    }
)
class ActorKind(LabelledEnum):
    """What kind of actor someone is: staff, the borger, a relative (pårørende), a volunteer, a
    partner organisation or a system."""

    STAFF = "staff"
    CITIZEN = "citizen"
    RELATIVE = "relative"
    VOLUNTEER = "volunteer"
    PARTNER = "partner"
    SYSTEM = "system"


class Actor(CarekitModel):
    """Who did something: a staff member, the citizen, a relative, a volunteer, a system."""

    id: NonEmptyStr = field("Id", "Id", "The actor's id in the vendor's system (not a CPR number).")
    kind: ActorKind = field("Type", "Kind", "What kind of actor this is.")
    name: NonEmptyStr | None = field("Navn", "Name", "Display name.", None)
    role: NonEmptyStr | None = field(
        "Rolle", "Role", "Job title or role, e.g. 'social- og sundhedsassistent'.", None
    )


_EXTENSION_KEY = r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$"


class Record(CarekitModel):
    """The envelope every stored record carries."""

    KIND: ClassVar[str] = ""
    PRACTICES: ClassVar[tuple[str, ...]] = ()
    LABEL: ClassVar[Text] = Text("", "")

    id: uuid.UUID = field("Id", "Id", "The record's id (UUID).", default_factory=uuid.uuid4)
    kind: str = field("Type", "Kind", "The record kind.")
    schema_version: Annotated[str, StringConstraints(pattern=r"^1\.[0-9]+$")] = field(
        "Skemaversion", "Schema version", "Version of the carekit record format.", SCHEMA_VERSION
    )
    citizen_id: uuid.UUID = field(
        "Borger-id", "Citizen id", "The pseudonymous id of the citizen the record is about."
    )
    created_at: AwareDatetime = field(
        "Oprettet",
        "Created at",
        "When the record was first created (with time zone).",
        default_factory=now,
    )
    updated_at: AwareDatetime = field(
        "Ændret", "Updated at", "When this version was made (with time zone).", default_factory=now
    )
    actor: Actor = field("Udført af", "Actor", "Who made this version of the record.")
    extensions: dict[Annotated[str, StringConstraints(pattern=_EXTENSION_KEY)], dict[str, Any]] = (
        field(
            "Udvidelser",
            "Extensions",
            "Vendor data, namespaced by a reverse domain name such as 'dk.acme'. carekit keeps it "
            "as it is and never interprets it.",
            default_factory=dict,
            # pydantic emits patternProperties only; without this the key pattern would not bind
            schema_extra={"additionalProperties": False},
        )
    )

    @property
    def record_id(self) -> str:
        """The record's ``id`` as a string (the key the store uses)."""
        return str(self.id)

    def due_on(self) -> dt.date | None:
        """The next date something is due on this record (a review, an evaluation, …), or
        None.  Stores index it; ``due()`` explains it."""
        return None
