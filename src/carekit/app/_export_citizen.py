"""The GDPR export of one citizen (articles 15 and 20): everything the store holds about
them as one machine-readable JSON document.

:func:`export_citizen` reads through the store protocol only, so it works on every backend
(memory, SQLite, PostgreSQL, MariaDB and vendors' own):

* every version of every record about the citizen (``Store.query(citizen_id=…)`` for the
  record ids, ``Store.history()`` for their versions), and the versions that no longer
  decode (named, never shown);
* the audit rows about the citizen (``Store.audit_log(citizen_id=…)``);
* the read-access log rows about the citizen (``Store.access_log(citizen_id=…)``): who read,
  when, why and through which channel;
* the outbox entries about the citizen: domain events and notifications whose payload
  names the citizen.  The protocol has no per-citizen outbox lookup, so the export reads
  the whole outbox (``Store.outbox()``) and keeps the citizen's entries: a cost that grows
  with the outbox, not with the citizen.

The export is a read: it leaves one access-log entry (operation ``export_citizen``) under
the session's reader, whose purpose must be ``citizen_request`` or ``export``; when the
full CPR number is included (it is the citizen's own data) a second entry with purpose
``reveal`` says so, as for ``export fhir --include-cpr``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import orjson

from carekit.app._access import Reader, access_entries
from carekit.errors import InvalidArgumentError
from carekit.i18n import Text
from carekit.model import Citizen, Purpose, Record
from carekit.privacy import mask_cpr
from carekit.store import EVENT_TOPIC, AccessEntry, AuditEntry, OutboxItem, StoredRecord

if TYPE_CHECKING:
    from carekit.app._app import Application

__all__ = ["EXPORT_FORMAT", "EXPORT_FORMAT_VERSION", "EXPORT_PURPOSES", "export_citizen"]

#: The ``format`` marker of the document.
EXPORT_FORMAT: Final = "carekit.citizen-export"
#: The ``format_version`` of the document; raised when a field changes meaning or goes.
EXPORT_FORMAT_VERSION: Final = 1
#: The purposes an export may be read for.
EXPORT_PURPOSES: Final = (Purpose.CITIZEN_REQUEST, Purpose.EXPORT)
#: The operation named in the access log.
OPERATION: Final = "export_citizen"

#: What the document leaves out, and why (also in ``docs/privacy.md``).
NOT_INCLUDED: Final = (
    Text(
        "Modtageradresser i udbakken (personale og pårørendes kontaktoplysninger) og "
        "fejltekster fra afsendelser: de handler om andre end dig.",
        "Recipient addresses in the outbox (contact details of staff and relatives) and "
        "delivery error texts: they are about other people than you.",
    ),
    Text(
        "Indholdet af versioner, der ikke længere kan læses: de er nævnt med nummer og årsag.",
        "The content of versions that can no longer be read: they are listed by number and reason.",
    ),
    Text(
        "Dette udtræk selv: det står i adgangsloggen fra næste udtræk.",
        "This export itself: it is in the access log from the next export on.",
    ),
)


def _check_purpose(reader: Reader) -> None:
    if reader.purpose not in EXPORT_PURPOSES:
        raise InvalidArgumentError(
            "purpose",
            Text(
                "et udtræk til borgeren læses med formålet citizen_request eller export "
                "(app.session(actor=…, purpose='citizen_request'))",
                "a citizen's export is read for the purpose citizen_request or export "
                "(app.session(actor=…, purpose='citizen_request'))",
            ),
            reader.purpose.value,
        )


def _record_data(record: Record, *, include_cpr: bool) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(record.model_dump_json())
    if isinstance(record, Citizen) and record.cpr is not None and not include_cpr:
        data["cpr"] = mask_cpr(record.cpr)
    return data


def _version(stored: StoredRecord[Record], *, include_cpr: bool) -> dict[str, Any]:
    return {
        "version": stored.version,
        "stored_at": stored.stored_at.isoformat(),
        "record": _record_data(stored.record, include_cpr=include_cpr),
    }


def _audit(entry: AuditEntry) -> dict[str, Any]:
    data = attrs.asdict(entry)
    data["at"] = entry.at.isoformat()
    return data


def _access(entry: AccessEntry) -> dict[str, Any]:
    data = attrs.asdict(entry)
    data["at"] = entry.at.isoformat()
    data["kinds"] = list(entry.kinds)
    data["record_ids"] = list(entry.record_ids)
    return data


def _notification(value: object) -> dict[str, Any] | None:
    """The parts of a notification payload that concern the citizen: no recipient
    address."""
    if not isinstance(value, Mapping):
        return None
    recipient = value.get("recipient")
    kept = {k: value.get(k) for k in ("key", "type", "lang", "subject", "body", "record_id")}
    kept["citizen_id"] = value.get("citizen_id")
    if isinstance(recipient, Mapping):
        kept["recipient"] = {"id": recipient.get("id"), "kind": recipient.get("kind")}
    return kept


def _outbox_entry(item: OutboxItem, citizen_id: str) -> dict[str, Any] | None:
    """*item* as the export shows it, or ``None`` when it is not about the citizen."""
    payload = item.payload
    shown: dict[str, Any] | None
    if item.topic == EVENT_TOPIC:
        shown = dict(payload) if payload.get("citizen_id") == citizen_id else None
    elif isinstance(payload.get("notification"), Mapping):  # one delivery of a notification
        shown = _notification(payload["notification"])
        if shown is not None:
            shown = {"channel": payload.get("channel"), "notification": shown}
        if shown is None or shown["notification"]["citizen_id"] != citizen_id:
            shown = None
    else:
        shown = _notification(payload)
        if shown is None or shown["citizen_id"] != citizen_id:
            shown = None
    if shown is None:
        return None
    return {
        "id": item.id,
        "topic": item.topic,
        "status": item.status,
        "attempts": item.attempts,
        "created_at": item.created_at.isoformat(),
        "payload": shown,
    }


def _reader(reader: Reader) -> dict[str, Any]:
    actor = reader.actor
    return {
        "actor_id": actor.id,
        "name": actor.name,
        "role": actor.role,
        "kind": actor.kind.value,
        "purpose": reader.purpose.value,
        "channel": reader.channel.value,
    }


def _citizen(app: Application, citizen_id: str) -> Citizen:
    """The citizen's latest readable version (an unreadable latest version does not stop
    the export: it is listed as unreadable)."""
    versions = app.store.history(citizen_id)  # RecordNotFoundError: no such record
    if not versions:  # every version unreadable: the store's own error says so
        app.store.get(citizen_id)
    found = versions[-1].record
    if not isinstance(found, Citizen):
        raise InvalidArgumentError(
            "citizen_id",
            Text(
                f"id'et på en borger (post {citizen_id} er af typen {found.LABEL.da})",
                f"the id of a citizen (record {citizen_id} is of kind {found.LABEL.en})",
            ),
            citizen_id,
        )
    return found


def _unreadable(rows: object) -> list[dict[str, Any]]:
    return [
        {"record_id": u.record_id, "version": u.version, "reason": u.reason}
        for u in getattr(rows, "unreadable", ())
    ]


def export_citizen(
    app: Application, reader: Reader, citizen_id: str, *, include_cpr: bool = True
) -> dict[str, Any]:
    """Everything *app*'s store holds about the citizen, as JSON-ready data (see the module
    docstring), read by *reader* and logged."""
    _check_purpose(reader)
    store = app.store
    citizen = _citizen(app, citizen_id)
    citizen_id = str(citizen.id)
    heads = store.query(citizen_id=citizen_id)
    unreadable = _unreadable(heads)
    # a record whose latest version is unreadable still has its readable versions exported
    ids = [h.record_id for h in heads] + [u["record_id"] for u in unreadable]
    records: list[dict[str, Any]] = []
    latest: list[Record] = []
    for record_id in dict.fromkeys(ids):
        versions = store.history(record_id)
        unreadable.extend(_unreadable(versions))
        if not versions:
            continue
        latest.append(versions[-1].record)
        records.append(
            {
                "record_id": record_id,
                "kind": versions[-1].record.kind,
                "versions": [_version(v, include_cpr=include_cpr) for v in versions],
            }
        )
    audit = [_audit(e) for e in store.audit_log(citizen_id=citizen_id)]
    reads = [_access(e) for e in store.access_log(citizen_id=citizen_id)]
    outbox = [
        shown
        for item in store.outbox(limit=None)
        if (shown := _outbox_entry(item, citizen_id)) is not None
    ]
    at = app.clock()
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": at.isoformat(),
        "generated_by": _reader(reader),
        "citizen_id": citizen_id,
        "cpr_included": include_cpr and citizen.cpr is not None,
        "records": records,
        "unreadable_versions": _unique(unreadable),
        "audit": audit,
        "access_log": reads,
        "outbox": outbox,
        "not_included": [t.as_dict() for t in NOT_INCLUDED],
    }
    _log(app, reader, records=latest, citizen=citizen, at=at, include_cpr=include_cpr)
    return document


def _unique(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = {(r["record_id"], r["version"]): r for r in rows}
    return [seen[k] for k in sorted(seen)]


def _log(
    app: Application,
    reader: Reader,
    *,
    records: Sequence[Record],
    citizen: Citizen,
    at: dt.datetime,
    include_cpr: bool,
) -> None:
    entries = access_entries(reader, OPERATION, records, at=at, citizens=[str(citizen.id)])
    if include_cpr and citizen.cpr is not None:
        revealed = Reader(reader.actor, Purpose.REVEAL, reader.channel)
        entries += access_entries(revealed, OPERATION, [citizen], at=at)
    app.store.log_access(entries)
