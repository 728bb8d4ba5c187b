"""Record builders for the plugin tests (on top of carekit.testing.records)."""

from __future__ import annotations

import datetime as dt
import uuid

from carekit.model import Record
from carekit.testing.records import BASE_TIME, CITIZEN_ID, STAFF, make_record, records_of_every_kind

__all__ = ["BASE_TIME", "CITIZEN_ID", "STAFF", "citizen_set", "make_record"]


def citizen_set(citizen_id: uuid.UUID = CITIZEN_ID) -> list[Record]:
    """Every kind, plus a relative (private network) who is the contact person, with a CPR."""
    records = records_of_every_kind(citizen_id=citizen_id)
    relative = make_record(
        "network_member",
        1,
        citizen_id=citizen_id,
        side="private",
        role="relative",
        name="Datter Hansen",
        is_contact_person=True,
        phones=[
            {"number": "+45 20 30 40 50", "answers": ["evenings", "weekends"], "label": "Mobil"}
        ],
    )
    out = [
        r.model_copy(update={"cpr": "010190-1234"}) if r.kind == "citizen" else r for r in records
    ]
    return [*out, relative]


def later(days: int) -> dt.date:
    return BASE_TIME.date() + dt.timedelta(days=days)
