"""Domain events: what happened to a record, emitted by workflow transitions and record changes.

Events are written to the store's outbox in the same transaction as the change they describe,
and delivered to listeners and notification channels afterwards.  They carry ids and states,
never the record's content, so that personal data does not travel with them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs

__all__ = ["DomainEvent"]


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("event time must be timezone-aware")
    return value


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
    reason: str | None = None
    record_version: int | None = None
    data: dict[str, Any] = attrs.field(factory=dict)

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
