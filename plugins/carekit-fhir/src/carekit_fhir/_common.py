"""Shared building blocks: identifiers, references, codings and the carekit record extension.

Every resource built from a record carries

- an identifier ``urn:ietf:rfc:3986`` | ``urn:uuid:<id>`` (the record id, or a stable UUID5 of it
  for second resources such as a PractitionerRole), used for conditional create/update;
- the extension :data:`~carekit_fhir._codes.EXT_RECORD` with the record envelope (kind, schema
  version, times, actor, exact workflow state and vendor extensions), so that a round trip
  keeps every field.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.reference import Reference

from carekit.model import Actor, Record
from carekit.workflows import local_date
from carekit_fhir import _codes as c

__all__ = [
    "ExportContext",
    "Resource",
    "codeable",
    "coding",
    "derived_id",
    "ext",
    "ext_value",
    "find_ext",
    "find_exts",
    "record_content",
    "record_extension",
    "record_identifier",
    "urn",
]

#: Any fhir.resources resource model (they share no narrower public base with typed fields).
Resource = Any

_DERIVED_NS = uuid.UUID("0b6f4a53-3d4c-4f0e-a0f0-6b8f5f3b2a11")


def urn(value: uuid.UUID | str) -> str:
    return f"urn:uuid:{value}"


def derived_id(record_id: uuid.UUID, part: str) -> uuid.UUID:
    """A stable id for a second resource made from one record (``PractitionerRole``, …)."""
    return uuid.uuid5(_DERIVED_NS, f"{record_id}/{part}")


def record_identifier(value: uuid.UUID) -> Identifier:
    return Identifier(system=c.RECORD_ID_SYSTEM, value=urn(value))


def coding(system: str, code: str, display: str | None = None) -> Coding:
    return Coding(system=system, code=code, display=display)


def codeable(*codings: Coding, text: str | None = None) -> CodeableConcept:
    return CodeableConcept(coding=list(codings) or None, text=text)


def ext(url: str, **value: Any) -> Extension:
    """``Extension(url=url, valueX=…)``; nested extensions with ``extension=[…]``."""
    return Extension(url=url, **value)


def find_exts(extensions: Sequence[Extension] | None, url: str) -> list[Extension]:
    return [e for e in extensions or () if e.url == url]


def find_ext(extensions: Sequence[Extension] | None, url: str) -> Extension | None:
    found = find_exts(extensions, url)
    return found[0] if found else None


def ext_value(extensions: Sequence[Extension] | None, url: str) -> Any:
    """The ``value[x]`` of the first extension with *url*, or None."""
    found = find_ext(extensions, url)
    if found is None:
        return None
    for name in (
        "valueString",
        "valueCode",
        "valueBoolean",
        "valueDate",
        "valueDateTime",
        "valueInteger",
        "valueReference",
        "valueCodeableConcept",
    ):
        value = getattr(found, name, None)
        if value is not None:
            return value
    return None


def record_extension(record: Record) -> Extension:
    """The envelope of *record* as one complex extension."""
    parts = [
        ext("kind", valueCode=record.kind),
        ext("schemaVersion", valueString=record.schema_version),
        ext("createdAt", valueDateTime=record.created_at),
        ext("updatedAt", valueDateTime=record.updated_at),
        ext("actorId", valueString=record.actor.id),
        ext("actorKind", valueCode=record.actor.kind.value),
        ext("citizenId", valueString=urn(record.citizen_id)),
    ]
    if record.actor.name is not None:
        parts.append(ext("actorName", valueString=record.actor.name))
    if record.actor.role is not None:
        parts.append(ext("actorRole", valueString=record.actor.role))
    state = getattr(record, "status", None)
    if isinstance(state, str):
        parts.append(ext("state", valueCode=state))
    if record.extensions:
        parts.append(
            ext("vendorExtensions", valueString=json.dumps(record.extensions, sort_keys=True))
        )
    parts.append(ext("content", valueString=record_content(record)))
    return ext(c.EXT_RECORD, extension=parts)


#: Fields the record extension's ``content`` never carries: the CPR number travels only in the
#: DK Core CPR identifier (where the privacy rules expect it), never a second time.
CONTENT_OMITS: frozenset[str] = frozenset({"cpr"})


def record_content(record: Record) -> str:
    """The record as canonical JSON (sorted keys, no CPR): the ``content`` part of the record
    extension, from which an import rebuilds the record exactly."""
    data = record.model_dump(mode="json", exclude=set(CONTENT_OMITS))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def envelope_from_extension(extension: Extension) -> dict[str, Any]:
    """Record fields from the carekit record extension (inverse of :func:`record_extension`)."""
    subs = extension.extension or []
    actor: dict[str, Any] = {
        "id": ext_value(subs, "actorId"),
        "kind": ext_value(subs, "actorKind"),
        "name": ext_value(subs, "actorName"),
        "role": ext_value(subs, "actorRole"),
    }
    out: dict[str, Any] = {"actor": Actor.model_validate(actor)}
    for key, name in (
        ("schema_version", "schemaVersion"),
        ("created_at", "createdAt"),
        ("updated_at", "updatedAt"),
        ("status", "state"),
    ):
        value = ext_value(subs, name)
        if value is not None:
            out[key] = value
    citizen = ext_value(subs, "citizenId")
    if isinstance(citizen, str):
        out["citizen_id"] = _uuid_of(citizen)
    vendor = ext_value(subs, "vendorExtensions")
    if isinstance(vendor, str):
        out["extensions"] = json.loads(vendor)
    return out


@attrs.define
class ExportContext:
    """What an export knows while building resources: which records are in the bundle (for
    ``urn:uuid`` references), and the resources made so far."""

    #: record id -> (resource type, fullUrl uuid) of the resource references should point at
    in_bundle: dict[uuid.UUID, tuple[str, uuid.UUID]] = attrs.field(factory=dict)
    entries: list[tuple[str, Resource]] = attrs.field(factory=list)  # (fullUrl, resource)
    consents: dict[uuid.UUID, Any] = attrs.field(factory=dict)
    #: "today" on the Europe/Copenhagen calendar, as everywhere in carekit (a consent
    #: withdrawn at 00:30 Danish time is no longer active that day)
    today: dt.date = attrs.field(factory=lambda: local_date(dt.datetime.now(dt.UTC)))

    def add(self, full_url_id: uuid.UUID, resource: Resource) -> None:
        self.entries.append((urn(full_url_id), resource))

    def ref(self, record_id: uuid.UUID, display: str | None = None) -> Reference:
        """A reference to the resource made from record *record_id*: ``urn:uuid`` when it is
        in the bundle, always with the record identifier so it resolves on the server too."""
        target = self.in_bundle.get(record_id)
        return Reference(
            reference=urn(target[1]) if target else None,
            type=target[0] if target else None,
            identifier=record_identifier(record_id),
            display=display,
        )

    def patient(self, record: Record) -> Reference:
        return self.ref(record.citizen_id)


def ref_record_id(reference: Reference | None) -> uuid.UUID | None:
    """The carekit record id a reference carries (identifier first, then ``urn:uuid``)."""
    if reference is None:
        return None
    ident = reference.identifier
    if ident is not None and ident.system == c.RECORD_ID_SYSTEM and ident.value:
        return _uuid_of(ident.value)
    if reference.reference and reference.reference.startswith("urn:uuid:"):
        return _uuid_of(reference.reference)
    return None


def _uuid_of(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value.removeprefix("urn:uuid:"))
    except ValueError:
        return None


def record_id_of(identifiers: Iterable[Identifier] | None) -> uuid.UUID | None:
    for ident in identifiers or ():
        if ident.system == c.RECORD_ID_SYSTEM and ident.value:
            return _uuid_of(ident.value)
    return None
