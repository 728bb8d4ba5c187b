"""Domain events: what happened to a record, emitted by workflow transitions and record changes.

Events are written to the store's outbox in the same transaction as the change they describe,
and delivered to listeners and notification channels afterwards.  They carry ids and states,
never the record's content, so that personal data does not travel with them; a CPR number in
the free text they do carry (``reason``, the strings in ``data``) is masked when the event is
made (:func:`carekit.privacy.mask_cpr_in_text`), so it reaches neither the outbox nor a
listener.

:func:`to_cloudevent` turns an event into a CloudEvents 1.0 event (structured JSON mode) for
systems outside the process: ids, kind, version, states and the actor's id only — never
``reason`` or ``data``, whose free text may name a person.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import attrs

from carekit.privacy import mask_cpr_in_text

__all__ = ["CLOUDEVENT_TYPE_PREFIX", "DomainEvent", "cloudevent_type", "to_cloudevent"]

#: The reverse-DNS prefix of every CloudEvents ``type`` carekit emits.
CLOUDEVENT_TYPE_PREFIX = "dk.carekit"


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("event time must be timezone-aware")
    return value


def _masked(value: Any) -> Any:
    """*value* with every CPR number in its strings masked (dicts and lists walked)."""
    if isinstance(value, str):
        return mask_cpr_in_text(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


def _masked_reason(value: str | None) -> str | None:
    return None if value is None else mask_cpr_in_text(value)


def _masked_data(value: dict[str, Any]) -> dict[str, Any]:
    return {k: _masked(v) for k, v in value.items()}


@attrs.frozen(kw_only=True)
class DomainEvent:
    """Something that happened to one record.

    ``name`` is the event type, e.g. ``TrialActionAdopted`` or ``RecordCreated``;
    ``action``/``from_state``/``to_state`` are set for workflow transitions.
    """

    name: str
    kind: str
    record_id: str
    citizen_id: str
    actor_id: str
    at: dt.datetime = attrs.field(validator=lambda _i, _a, v: _aware(v))
    id: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    action: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = attrs.field(default=None, converter=_masked_reason)
    record_version: int | None = None
    data: dict[str, Any] = attrs.field(factory=dict, converter=_masked_data)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the event's fields, with ``at`` as an ISO 8601 string."""
        out = attrs.asdict(self)
        out["at"] = self.at.isoformat()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DomainEvent:
        """The event *data* describes, as :meth:`to_dict` wrote it (``at`` parsed back)."""
        values = dict(data)
        values["at"] = dt.datetime.fromisoformat(values["at"])
        return cls(**values)


def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def cloudevent_type(name: str, kind: str) -> str:
    """The CloudEvents ``type`` of the event *name* on a record of *kind*:
    ``dk.carekit.<kind>.<what happened>``, where what happened is the event name without the
    kind's own prefix (``TrialActionAdopted`` → ``dk.carekit.trial_action.adopted``) or
    without ``Record`` (``RecordCreated`` on a ``dream`` → ``dk.carekit.dream.created``), in
    snake case; any other name is used whole (``ExpectationsAligned`` →
    ``dk.carekit.expectation_alignment.expectations_aligned``)."""
    what = name
    for prefix in (_camel(kind), "Record"):
        if name.startswith(prefix) and name != prefix and name[len(prefix)].isupper():
            what = name[len(prefix) :]
            break
    return f"{CLOUDEVENT_TYPE_PREFIX}.{kind}.{_snake(what)}"


def to_cloudevent(event: DomainEvent, *, source: str) -> dict[str, Any]:
    """*event* as a CloudEvents 1.0 event in structured JSON mode (a JSON-ready dict).

    ``id`` is the event's id — the same on every delivery, so a receiver can use it as its
    idempotency key; ``source`` is given by the caller (``urn:carekit:<store>``); ``subject``
    is the record id.  ``data`` holds ids, the kind, the version, the states and the action
    only: never the record's content, the event's ``reason`` or its ``data`` strings."""
    data: dict[str, Any] = {
        "name": event.name,
        "kind": event.kind,
        "record_id": event.record_id,
        "citizen_id": event.citizen_id,
        "record_version": event.record_version,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "actor": {"id": mask_cpr_in_text(event.actor_id)},
    }
    return {
        "specversion": "1.0",
        "id": event.id,
        "source": source,
        "type": cloudevent_type(event.name, event.kind),
        "subject": event.record_id,
        "time": event.at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": data,
    }
