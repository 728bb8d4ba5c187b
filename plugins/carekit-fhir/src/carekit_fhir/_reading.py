"""State of one import: the bundle's resources by address, findings, kept unknown codes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.reference import Reference

from carekit.ehr import Finding, FindingSeverity
from carekit.i18n import Text
from carekit.model import Actor, ActorKind
from carekit_fhir import _codes as c
from carekit_fhir._common import envelope_from_extension, find_ext, record_id_of, ref_record_id

__all__ = ["ImportContext"]

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
        self.findings.append(
            Finding(severity, location, Text(da, en), code=code, resource=resource, element=element)
        )

    def resolve(self, reference: Reference | None, location: str) -> Any:
        """The bundle resource *reference* points at, or None (reported when it has a literal
        reference that points nowhere in the bundle)."""
        if reference is None or not reference.reference:
            return None
        target = self.lookup(reference.reference)
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

    def lookup(self, address: str) -> Any:
        """The bundle resource at *address* (fullUrl, ``Type/id`` or a server URL), or None."""
        found = self.by_address.get(address)
        if found is None and "/" in address:
            # absolute URL of a server resource: match on its last Type/id
            found = self.by_address.get("/".join(address.rstrip("/").split("/")[-2:]))
        return found[1] if found is not None else None

    def record_id(self, resource: Any, address: str) -> uuid.UUID:
        """The carekit id of *resource*: its record identifier, else a stable UUID5 of its
        address (reported, so that the vendor knows the id is made up)."""
        found = record_id_of(resource.identifier if isinstance(resource.identifier, list) else [])
        if found is not None:
            return found
        return uuid.uuid5(_IMPORT_NS, address)

    def reference_id(self, reference: Reference | None, location: str) -> uuid.UUID | None:
        """The carekit record id behind a reference, following it into the bundle."""
        if reference is None:
            return None
        target = self.resolve(reference, location)
        direct = ref_record_id(reference)
        if direct is not None:
            return direct
        if target is not None:
            return self.record_id(target, self.canonical.get(id(target), reference.reference or ""))
        return None

    def envelope(self, resource: Any) -> dict[str, Any]:
        extension: Extension | None = find_ext(resource.extension, c.EXT_RECORD)
        if extension is None:
            return {"actor": _IMPORT_ACTOR, "created_at": self.now, "updated_at": self.now}
        return envelope_from_extension(extension)

    def keep_unknown(
        self, kept: dict[str, Any], location: str, system: str | None, code: str | None
    ) -> None:
        """Remember an unknown code under the record's ``dk.carekit.fhir`` extension."""
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
