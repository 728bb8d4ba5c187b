"""Domain events: what happened to a record, emitted by workflow transitions and record changes.

Events are written to the store's outbox in the same transaction as the change they describe,
and delivered to listeners and notification channels afterwards.  They carry ids and states,
never the record's content, so that personal data does not travel with them; a CPR number in
the free text they do carry (``reason``, the strings in ``data``) is masked when the event is
made (:func:`carekit.privacy.mask_cpr_in_text`), so it reaches neither the outbox nor a
listener.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs

from carekit.privacy import mask_cpr_in_text

__all__ = ["DomainEvent"]


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
