"""State of one import: the bundle's resources by address, the one identity map (resource →
carekit record id) every reference is rewritten through, the elements each mapping used (the
rest is reported), findings, and kept unknown codes."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

import attrs
import pydantic
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.reference import Reference

from carekit.ehr import Finding, FindingSeverity
from carekit.i18n import Text
from carekit.model import Actor, ActorKind
from carekit.privacy import mask_cpr_in_text
from carekit_fhir import _codes as c
from carekit_fhir._common import envelope_from_extension, find_ext, record_id_of, ref_record_id

__all__ = ["ImportContext"]

_ENTRY = re.compile(r"Bundle\.entry\[(\d+)\]")
_IMPORT_NS = uuid.UUID("5d0c1c0e-8a51-4a0a-9d0e-1f5c2b8b9a77")
_IMPORT_ACTOR = Actor(id="fhir-import", kind=ActorKind.SYSTEM, name="FHIR import")


@attrs.define
class ImportContext:
    #: address (fullUrl, ``Type/id``) -> (entry index, resource)
    by_address: dict[str, tuple[int, Any]] = attrs.field(factory=dict)
    #: id(resource) -> the address its made-up record id is derived from (its fullUrl)
    canonical: dict[int, str] = attrs.field(factory=dict)
    findings: list[Finding] = attrs.field(factory=list)
    now: dt.datetime = attrs.field(factory=lambda: dt.datetime.now(dt.UTC))
    #: entry index -> the address of that entry's resource (for contained ``#id`` references)
    entry_address: dict[int, str] = attrs.field(factory=dict)
    #: the identity map: id(resource) -> its carekit record id, the same for every reference
    ids: dict[int, uuid.UUID] = attrs.field(factory=dict)
    #: FHIR paths a mapping has carried into a record (everything else is reported)
    used: set[str] = attrs.field(factory=set)
    #: id(resource) -> the citizen it belongs to when the resource itself names none
    #: (a PractitionerRole or Practitioner is tied to a citizen by the CareTeam it is in)
    citizen_of: dict[int, uuid.UUID] = attrs.field(factory=dict)
    #: id(resource) -> its FHIR path (``Bundle.entry[3].resource``, ``….contained[0]``)
    paths: dict[int, str] = attrs.field(factory=dict)
    #: id(resource) -> the JSON it was read from (compared and reported as sent)
    raw: dict[int, Mapping[str, Any]] = attrs.field(factory=dict)
    #: record ids of resources that could not become records (their dependants fail too)
    failed: set[uuid.UUID] = attrs.field(factory=set)

    def path_of(self, resource: Any) -> str:
        """The FHIR path of a bundle resource."""
        return self.paths.get(id(resource), "")

    def use(self, *paths: str) -> None:
        """Mark *paths* (and everything under them) as carried into a record."""
        self.used.update(paths)

    def take_name(self, names: Any, where: str) -> str | None:
        """The first usable ``HumanName`` as one string (``text``, else given + family); marks
        exactly the parts it used."""
        for i, name in enumerate(names or ()):
            if name.text:
                self.use(f"{where}.name[{i}].text")
                return str(name.text)
            parts = [*(name.given or ()), name.family or ""]
            joined = " ".join(p for p in parts if p)
            if joined:
                self.use(f"{where}.name[{i}].given", f"{where}.name[{i}].family")
                return joined
        return None

    def use_extensions(self, extensions: Any, where: str, known: frozenset[str]) -> None:
        """Mark the extensions with a *known* URL as carried."""
        for i, extension in enumerate(extensions or ()):
            if extension.url in known:
                self.use(f"{where}.extension[{i}]")

    def add(
        self,
        severity: FindingSeverity,
        location: str,
        da: str,
        en: str,
        *,
        code: str,
        resource: str | None = None,
        element: str | None = None,
    ) -> None:
        # Findings echo what was sent (a resourceType, a code, a reference): CPR numbers are
        # masked in every one of them, in both languages and in the location.
        self.findings.append(
            Finding(
                severity,
                mask_cpr_in_text(location),
                Text(mask_cpr_in_text(da), mask_cpr_in_text(en)),
                code=code,
                resource=mask_cpr_in_text(resource) if resource else resource,
                element=mask_cpr_in_text(element) if element else element,
            )
        )

    def resolve(self, reference: Reference | None, location: str) -> Any:
        """The bundle resource *reference* points at, or None (reported when it has a literal
        reference that points nowhere in the bundle)."""
        if reference is None or not reference.reference:
            return None
        target = self.lookup(reference.reference, location)
        if target is None:
            if ref_record_id(reference) is None:
                self.add(
                    "error",
                    location,
                    f"Referencen '{reference.reference}' peger ikke på noget i bundtet. Tag den "
                    "ressource med, den peger på, eller ret referencen.",
                    f"The reference '{reference.reference}' points to nothing in the bundle. "
                    "Include the resource it points to, or correct the reference.",
                    code="unresolved-reference",
                    element=location.rsplit(".", 1)[-1],
                )
            else:
                self.add(
                    "information",
                    location,
                    f"Referencen '{reference.reference}' er ikke i bundtet; carekit bruger dens "
                    "identifikator.",
                    f"The reference '{reference.reference}' is not in the bundle; carekit uses "
                    "its identifier.",
                    code="unresolved-reference",
                    element=location.rsplit(".", 1)[-1],
                )
            return None
        return target

    def lookup(self, address: str, location: str = "") -> Any:
        """The bundle resource at *address* (fullUrl, ``Type/id``, a server URL, or ``#id`` of
        a resource contained in the entry *location* is in), or None."""
        if address.startswith("#"):
            entry = _ENTRY.match(location)
            container = self.entry_address.get(int(entry.group(1))) if entry else None
            found = self.by_address.get(f"{container}{address}") if container else None
            return found[1] if found is not None else None
        found = self.by_address.get(address)
        if found is None and "/" in address:
            # absolute URL of a server resource: match on its last Type/id
            found = self.by_address.get("/".join(address.rstrip("/").split("/")[-2:]))
        return found[1] if found is not None else None

    def record_id(self, resource: Any, address: str) -> uuid.UUID:
        """The carekit id of *resource*, fixed once per import (the identity map): its carekit
        record identifier, else the UUID of its ``urn:uuid`` fullUrl, else a stable UUID5 of
        its address."""
        known = self.ids.get(id(resource))
        if known is not None:
            return known
        idents = getattr(resource, "identifier", None)
        found = record_id_of(idents if isinstance(idents, list) else [idents] if idents else [])
        if found is None:
            address = self.canonical.get(id(resource), address)
            found = _urn_uuid(address) or uuid.uuid5(_IMPORT_NS, address)
        self.ids[id(resource)] = found
        return found

    def reference_id(self, reference: Reference | None, location: str) -> uuid.UUID | None:
        """The carekit record id behind a reference: the identity map's id of the bundle
        resource it points at, else the record identifier the reference carries."""
        if reference is None:
            return None
        self.use(location)
        target = self.resolve(reference, location)
        if target is not None:
            return self.record_id(target, self.canonical.get(id(target), reference.reference or ""))
        return ref_record_id(reference)

    def envelope(self, resource: Any) -> dict[str, Any]:
        extension: Extension | None = find_ext(resource.extension, c.EXT_RECORD)
        if extension is None:
            return {"actor": _IMPORT_ACTOR, "created_at": self.now, "updated_at": self.now}
        try:
            return envelope_from_extension(extension)
        except (pydantic.ValidationError, ValueError):
            where = self.path_of(resource)
            self.add(
                "error",
                f"{where}.extension",
                "carekits record-udvidelse er ufuldstændig (aktør, tider eller tilstand); "
                "ressourcen kan ikke læses som en carekit-post.",
                "carekit's record extension is incomplete (actor, times or state); the "
                "resource cannot be read as a carekit record.",
                code="record-invalid",
                element="extension",
            )
            return {}

    def keep_unknown(
        self, kept: dict[str, Any], location: str, system: str | None, code: str | None
    ) -> None:
        """Remember an unknown code under the record's ``dk.carekit.fhir`` extension."""
        self.use(location)
        kept.setdefault("unknown_codes", []).append(
            {"location": location, "system": system, "code": code}
        )
        self.add(
            "warning",
            location,
            f"Koden '{code}' ({system}) kendes ikke af carekit; den er gemt under "
            f"extensions['{c.EXTENSION_NAMESPACE}'].",
            f"The code '{code}' ({system}) is unknown to carekit; it is kept under "
            f"extensions['{c.EXTENSION_NAMESPACE}'].",
            code="unknown-code",
            element=location.rsplit(".", 1)[-1],
        )


def _urn_uuid(address: str) -> uuid.UUID | None:
    if not address.startswith("urn:uuid:"):
        return None
    try:
        return uuid.UUID(address.removeprefix("urn:uuid:"))
    except ValueError:
        return None
