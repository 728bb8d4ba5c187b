"""Deterministic, valid records of every kind, for tests (yours and adapter authors').

Every builder takes ``n`` (a sequence number that makes the record id distinct) and a
``citizen_id``; the same arguments always give the same record, so tests can compare with
``==``.  Ids are UUID5s, times are fixed, no real person is described and no CPR number is
used (``Citizen.cpr`` stays ``None``).

::

    from carekit.testing.records import make_record, records_of_every_kind
    plan = make_record("safety_plan", n=3)
    changed = touch(plan, status="active", review_date=date(2026, 12, 1))
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from typing import Any

from carekit.model import Actor, ActorKind, Record, kinds, record_type, references

__all__ = [
    "BASE_TIME",
    "CITIZEN_ID",
    "STAFF",
    "make_record",
    "prerequisites",
    "record_builders",
    "record_id_for",
    "records_of_every_kind",
    "touch",
]

_NAMESPACE = uuid.UUID("6f1c2f0e-4c6e-4d1e-9a55-0c0a4b1e2f30")
#: The default citizen every builder refers to.
CITIZEN_ID = uuid.uuid5(_NAMESPACE, "citizen:0")
#: Every record's ``created_at``/``updated_at`` unless given.
BASE_TIME = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
#: The staff member who made the records.
STAFF = Actor(id="staff-1", kind=ActorKind.STAFF, name="Test Medarbejder", role="SSA")


def record_id_for(kind: str, n: int = 0) -> uuid.UUID:
    """The id :func:`make_record` gives record *n* of *kind*."""
    return uuid.uuid5(_NAMESPACE, f"{kind}:{n}")


def _uid(label: str, n: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{label}:{n}")


def _day(n: int, offset: int) -> dt.date:
    return dt.date(2026, 11, 1) + dt.timedelta(days=offset + n % 60)


def _citizen(n: int) -> dict[str, Any]:
    return {
        "display_name": f"Borger {n}",
        "residence": "own_home",
        "preferred_language": "da",
        "interpreter_needed": False,
        "life_story": "Har været tømrer og holder af at gå ture ved havnen.",
    }


def _consent(n: int) -> dict[str, Any]:
    return {
        "purpose": "share_with_network",
        "given_by": "citizen",
        "given_at": BASE_TIME,
        "recorded_by": STAFF,
        "valid_until": _day(n, 365),
        "renew_by": _day(n, 300),
    }


def _care_network(n: int) -> dict[str, Any]:
    return {
        "member_ids": [record_id_for("network_member", n)],
        "coordination": "Kontaktpersonen samler op hver fredag.",
        "next_meeting": _day(n, 20),
    }


def _network_member(n: int) -> dict[str, Any]:
    return {
        "status": "active",
        "name": f"Hjemmeplejen Team {n}",
        "role": "home_care",
        "side": "public",
        "phones": [{"number": "+45 70 10 20 30", "answers": ["weekdays"]}],
        "consent_to_share": True,
        "is_contact_person": True,
    }


def _safety_plan(n: int) -> dict[str, Any]:
    return {
        "status": "active",
        "plan_version": 1,
        "contacts": [
            {
                "id": str(_uid("plan-contact", n)),
                "name": "Hjemmeplejens vagttelefon",
                "phone": "70102030",
                "answers": ["weekdays", "evenings", "nights", "weekends"],
            },
        ],
        "emergency_number": "112",
        # an active plan satisfies what its state requires (workflow invariants)
        "agreement": {
            "method": "both",
            "agreed_at": BASE_TIME.isoformat(),
            "agreed_with": f"Borger {n}",
            "understood": True,
        },
        "written_copy": {"handed_over_at": BASE_TIME.isoformat(), "kept_where": "På køleskabet"},
        "situations": [
            {
                "type": "fall",
                "steps": ["Bliv liggende og ring på nødkaldet."],
                "call_when": "Hvis du ikke kan rejse dig.",
                # the situation's own numbers answer around the clock (an invariant of the
                # states in use)
                "plan_contact_ids": [str(_uid("plan-contact", n))],
            },
        ],
        "review_date": _day(n, 30),
        "responsible": STAFF,
    }


def _home_agreement(n: int) -> dict[str, Any]:
    return {
        "setting": "own_home",
        "key": "key_box",
        "shoe_covers": True,
        "pets": [{"kind": "kat", "name": "Mis"}],
        "do_not_move": ["Stolen ved vinduet"],
        "agreed_with_citizen_on": _day(n, 0),
    }


def _information_record(n: int) -> dict[str, Any]:
    return {
        "topic": "Ny besøgsplan",
        "now": "Vi kommer to gange om dagen i denne uge.",
        "why": "Du er lige kommet hjem fra hospitalet.",
        "what_next": "Om en uge taler vi om, hvad du har brug for.",
        "preparation": "short_term",
        "given_how": "both",
        "given_by": STAFF,
        "given_at": BASE_TIME,
        "understanding": "understood",
    }


def _expectation_alignment(n: int) -> dict[str, Any]:
    return {
        "status": "scheduled",
        "scheduled_for": _day(n, 10),
        "responsible": STAFF,
        "participants": [{"name": "Borgeren", "role": "borger"}],
        "offered": ["Hjælp til bad to gange om ugen"],
        "citizen_expectations": ["At det er den samme hjælper"],
    }


def _safety_check_in(n: int) -> dict[str, Any]:
    return {
        "rating": 1 + n % 5,
        "asked_by": STAFF,
        "method": "in_person",
        "asked_at": BASE_TIME,
        "approach": ["calmer"],
    }


def _dream(n: int) -> dict[str, Any]:
    return {
        "status": "noticed",
        "text": "At komme ned til havnen igen",
        "wording": "citizen_words",
        "noticed_via": "said",
        "noticed_by": STAFF,
        "noticed_on": _day(n, 0),
    }


def _perspective(n: int) -> dict[str, Any]:
    return {
        "source": "relative",
        "content": "Han lyser op, når vi taler om både.",
        "dream_ids": [record_id_for("dream", n)],
        "recorded_on": _day(n, 1),
    }


def _trial_action(n: int) -> dict[str, Any]:
    return {
        "status": "planned",
        "title": "Gåtur til havnen",
        "dream_ids": [record_id_for("dream", n)],
        "change_of_practice": "Vi går en tur til havnen hver tirsdag i stedet for træning.",
        "prediction": "Han bliver gladere og mere aktiv.",
        "responsible": [STAFF],
        "start_date": _day(n, 5),
        "evaluation_date": _day(n, 40),
        "signs": [{"id": _uid("sign", n), "description": "smiler"}],
    }


def _routine(n: int) -> dict[str, Any]:
    return {
        "description": "Gåtur til havnen hver tirsdag.",
        "trial_action_id": record_id_for("trial_action", n),
        "dream_ids": [record_id_for("dream", n)],
        "since": _day(n, 50),
    }


def _learning_story(n: int) -> dict[str, Any]:
    return {
        "status": "draft",
        "title": "Havnen",
        "narrative": "Vi prøvede at gå til havnen, og det gav mere ro om aftenen.",
        "learned": "Små ture betyder meget.",
        "trial_action_ids": [record_id_for("trial_action", n)],
        "sharing_scope": "team",
        "authors": [STAFF],
    }


_BUILDERS: dict[str, Callable[[int], dict[str, Any]]] = {
    "citizen": _citizen,
    "consent": _consent,
    "care_network": _care_network,
    "network_member": _network_member,
    "safety_plan": _safety_plan,
    "home_agreement": _home_agreement,
    "information_record": _information_record,
    "expectation_alignment": _expectation_alignment,
    "safety_check_in": _safety_check_in,
    "dream": _dream,
    "perspective": _perspective,
    "trial_action": _trial_action,
    "routine": _routine,
    "learning_story": _learning_story,
}


def record_builders() -> dict[str, Callable[[int], dict[str, Any]]]:
    """The field builders by kind (a copy); each returns the kind-specific fields."""
    return dict(_BUILDERS)


def make_record(
    kind: str,
    n: int = 0,
    *,
    citizen_id: uuid.UUID | str | None = None,
    **overrides: Any,
) -> Record:
    """A valid record of *kind*, number *n*, about *citizen_id* (default :data:`CITIZEN_ID`).

    For kind ``citizen`` the record id *is* the citizen id (``record_id_for("citizen", n)``
    unless given; :data:`CITIZEN_ID` is citizen 0).  *overrides* replace fields and
    the result is validated, so a bad override raises
    :class:`~carekit.errors.RecordValidationError`-like pydantic errors at once.
    """
    cls = record_type(kind)
    if citizen_id is not None:
        cid = uuid.UUID(str(citizen_id))
    else:
        cid = record_id_for("citizen", n) if kind == "citizen" else CITIZEN_ID
    data: dict[str, Any] = {
        "id": cid if kind == "citizen" else record_id_for(kind, n),
        "kind": kind,
        "citizen_id": cid,
        "created_at": BASE_TIME,
        "updated_at": BASE_TIME,
        "actor": STAFF,
    }
    data.update(_BUILDERS[kind](n))
    data.update(overrides)
    return cls.model_validate(data)


def records_of_every_kind(n: int = 0, *, citizen_id: uuid.UUID | str | None = None) -> list[Record]:
    """One record of each of the 14 kinds, in :func:`carekit.model.kinds` order."""
    return [make_record(kind, n, citizen_id=citizen_id) for kind in kinds()]


def touch(record: Record, *, minutes: int = 1, **changes: Any) -> Record:
    """A changed, re-validated copy of *record* with ``updated_at`` moved *minutes* on."""
    data = record.model_dump()
    data.update(changes)
    data["updated_at"] = record.updated_at + dt.timedelta(minutes=minutes)
    return type(record).model_validate(data)


@functools.cache
def _numbers(kind: str) -> dict[str, int]:
    return {str(record_id_for(kind, n)): n for n in range(1000)}


def _number_of(record_id: str, kind: str) -> int | None:
    return _numbers(kind).get(record_id)


def prerequisites(*records: Record) -> list[Record]:
    """The records a store must hold before *records* can be written: each one's citizen and
    every record it refers to (recursively), in an order that can be written one by one.

    The store refuses a record whose citizen or references do not exist (referential
    integrity, docs/write-contract.md).  The builders refer to record ``n`` of the referenced
    kind about the same citizen, so the prerequisites are built with :func:`make_record`
    too; a reference that no builder made raises ``ValueError`` naming the pointer.
    The *records* themselves are left out, and so is anything they include among each other.
    """
    given = {r.record_id for r in records}
    out: dict[str, Record] = {}

    def need(record: Record) -> None:
        citizen = str(record.citizen_id)
        if record.kind != "citizen" and citizen not in given and citizen not in out:
            n = _number_of(citizen, "citizen")
            out[citizen] = make_record("citizen", n or 0, citizen_id=citizen)
        for ref in references(record):
            if ref.target_id in given or ref.target_id in out:
                continue
            n = _number_of(ref.target_id, ref.target_kind)
            if n is None:
                raise ValueError(
                    f"{record.kind} {record.record_id}: the reference at {ref.pointer} names "
                    f"{ref.target_kind} {ref.target_id}, which no make_record() builder makes; "
                    "store that record yourself first"
                )
            target = make_record(ref.target_kind, n, citizen_id=citizen)
            need(target)
            out[target.record_id] = target

    for record in records:
        need(record)
    return list(out.values())
