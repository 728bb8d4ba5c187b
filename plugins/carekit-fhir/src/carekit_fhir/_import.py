"""A FHIR Bundle (JSON text, bytes or data) → carekit records + findings.  Never raises for
bad input: not JSON, not a Bundle, unknown resource types, invalid elements and references
that point nowhere all become findings."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pydantic
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource as FhirResource

from carekit.ehr import ImportResult
from carekit.errors import RecordValidationError
from carekit.model import Record, record_type
from carekit.privacy import mask_cpr_in_text
from carekit_fhir._codes import KIND_SYSTEM
from carekit_fhir._network import (
    care_team_to_network,
    practitioner_role_to_member,
    related_person_to_member,
)
from carekit_fhir._patient import patient_to_citizen
from carekit_fhir._reading import ImportContext

__all__ = ["IMPORTABLE", "import_bundle"]

#: The resource types that become carekit records.
IMPORTABLE = ("Patient", "RelatedPerson", "Practitioner", "PractitionerRole", "CareTeam")


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _load(data: bytes | str | Mapping[str, Any], ctx: ImportContext) -> Any:
    if isinstance(data, Mapping):
        return data
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        ctx.add(
            "error",
            "",
            f"Indholdet er ikke gyldig JSON ({exc}). Send et FHIR Bundle i JSON.",
            f"The content is not valid JSON ({exc}). Send a FHIR Bundle as JSON.",
            code="json",
        )
        return None


def _resource_model(rtype: object) -> Any:
    """The fhir.resources model of resource type *rtype*, or None (datatypes are not
    resources)."""
    if not isinstance(rtype, str) or not rtype.isidentifier():
        return None
    try:
        model = get_fhir_model_class(rtype)
    except (ValueError, KeyError):
        return None
    return model if issubclass(model, FhirResource) else None


def _validate_entries(raw: Mapping[str, Any], ctx: ImportContext) -> list[tuple[int, Any, str]]:
    """Every entry's resource validated with its fhir.resources model: (index, model, address)."""
    out: list[tuple[int, Any, str]] = []
    entries = raw.get("entry") or []
    if not isinstance(entries, list):
        ctx.add(
            "error",
            "Bundle.entry",
            "Bundle.entry skal være en liste.",
            "Bundle.entry must be a list.",
            code="structure",
            resource="Bundle",
            element="entry",
        )
        return out
    for i, entry in enumerate(entries):
        where = f"Bundle.entry[{i}]"
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            ctx.add(
                "error",
                f"{where}.resource",
                "Posten har ingen ressource.",
                "The entry has no resource.",
                code="structure",
                element="resource",
            )
            continue
        rtype = resource.get("resourceType")
        model = _resource_model(rtype)
        if model is None:
            ctx.add(
                "error",
                f"{where}.resource.resourceType",
                f"Ressourcetypen '{rtype}' findes ikke i FHIR R4. Ret resourceType.",
                f"The resource type '{rtype}' does not exist in FHIR R4. Correct resourceType.",
                code="unknown-resource-type",
                element="resourceType",
            )
            continue
        try:
            parsed = model.model_validate(resource)
        except pydantic.ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
                element = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
                msg = mask_cpr_in_text(str(err["msg"]))
                ctx.add(
                    "error",
                    f"{where}.resource{_path(loc)}",
                    f"Ugyldigt element i {rtype}: {msg}. Ret værdien eller fjern elementet.",
                    f"Invalid element in {rtype}: {msg}. Correct the value or remove the element.",
                    code="invalid",
                    resource=str(rtype),
                    element=element or None,
                )
            continue
        full_url = entry.get("fullUrl")
        address = full_url if isinstance(full_url, str) else f"{rtype}/{resource.get('id', i)}"
        ctx.by_address[address] = (i, parsed)
        ctx.canonical[id(parsed)] = address
        if resource.get("id"):
            ctx.by_address[f"{rtype}/{resource['id']}"] = (i, parsed)
        out.append((i, parsed, address))
    return out


def _bundle_shell(raw: Mapping[str, Any], ctx: ImportContext) -> bool:
    if raw.get("resourceType") != "Bundle":
        rtype = raw.get("resourceType")
        ctx.add(
            "error",
            "Bundle.resourceType" if rtype else "",
            f"Forventede et FHIR Bundle, fik resourceType '{rtype}'. Pak ressourcerne i et Bundle.",
            f"Expected a FHIR Bundle, got resourceType '{rtype}'. Wrap the resources in a Bundle.",
            code="not-a-bundle",
            resource=str(rtype) if rtype else None,
            element="resourceType",
        )
        return False
    shell = {k: v for k, v in raw.items() if k != "entry"}
    try:
        Bundle.model_validate(shell)
    except pydantic.ValidationError as exc:
        for err in exc.errors(include_url=False, include_input=False):
            loc = tuple(err["loc"])
            ctx.add(
                "error",
                f"Bundle{_path(loc)}",
                f"Ugyldigt Bundle-element: {err['msg']}.",
                f"Invalid Bundle element: {err['msg']}.",
                code="invalid",
                resource="Bundle",
                element=str(loc[-1]) if loc else None,
            )
        return False
    return True


def import_bundle(data: bytes | str | Mapping[str, Any]) -> ImportResult:
    """Patients, RelatedPersons, Practitioners (+ PractitionerRoles) and CareTeams in a Bundle
    → Citizen, NetworkMember and CareNetwork records, with findings for everything else."""
    ctx = ImportContext()
    raw = _load(data, ctx)
    if raw is None:
        return ImportResult((), tuple(ctx.findings))
    if not isinstance(raw, Mapping):
        ctx.add(
            "error",
            "",
            "Indholdet skal være et JSON-objekt (et FHIR Bundle).",
            "The content must be a JSON object (a FHIR Bundle).",
            code="structure",
        )
        return ImportResult((), tuple(ctx.findings))
    if not _bundle_shell(raw, ctx):
        return ImportResult((), tuple(ctx.findings))
    entries = _validate_entries(raw, ctx)
    role_practitioners = set()
    for _i, resource, _a in entries:
        if resource.get_resource_type() == "PractitionerRole" and resource.practitioner:
            target = ctx.lookup(resource.practitioner.reference or "")
            if target is not None:
                role_practitioners.add(id(target))
    found: list[tuple[str, dict[str, Any]]] = []
    for i, resource, address in entries:
        where = f"Bundle.entry[{i}].resource"
        if id(resource) in role_practitioners:
            continue  # imported through its PractitionerRole
        values = _convert(resource, where, address, ctx)
        if values is not None:
            found.append((where, values))
    records: list[Record] = []
    for where, values in found:
        record = _to_record(values, where, ctx)
        if record is not None:
            records.append(record)
    return ImportResult(tuple(records), tuple(ctx.findings))


_CONVERTERS: dict[str, Callable[[Any, str, str, ImportContext], dict[str, Any] | None]] = {
    "Patient": patient_to_citizen,
    "RelatedPerson": related_person_to_member,
    "PractitionerRole": practitioner_role_to_member,
}


def _convert(resource: Any, where: str, address: str, ctx: ImportContext) -> dict[str, Any] | None:
    rtype = resource.get_resource_type()
    if rtype in _CONVERTERS:
        return _CONVERTERS[rtype](resource, where, address, ctx)
    if rtype == "Practitioner":
        lone = PractitionerRole(
            practitioner=Reference(reference=address), identifier=resource.identifier
        )
        return practitioner_role_to_member(lone, where, address, ctx)
    if rtype == "CareTeam" and not _other_kind(resource):
        return care_team_to_network(resource, where, address, ctx)
    if rtype == "CareTeam":
        ctx.add(
            "information",
            where,
            "Dette CareTeam hører til en anden carekit-post (fx en sikkerhedsplan) og "
            "importeres ikke som netværk.",
            "This CareTeam belongs to another carekit record (e.g. a safety plan) and is not "
            "imported as a network.",
            code="not-imported",
            resource=rtype,
        )
        return None
    ctx.add(
        "information",
        where,
        f"{rtype} importeres ikke til carekit (kun {', '.join(IMPORTABLE)}).",
        f"{rtype} is not imported into carekit (only {', '.join(IMPORTABLE)}).",
        code="not-imported",
        resource=rtype,
    )
    return None


def _other_kind(team: Any) -> bool:
    kinds = {
        coded.code
        for concept in team.category or ()
        for coded in concept.coding or ()
        if coded.system == KIND_SYSTEM
    }
    return bool(kinds) and "care_network" not in kinds


def _to_record(values: dict[str, Any], where: str, ctx: ImportContext) -> Record | None:
    if values.get("citizen_id") is None:
        ctx.add(
            "error",
            where,
            "Ressourcen kan ikke knyttes til en borger (ingen patient/subject). "
            "Tilføj en reference til borgerens Patient.",
            "The resource cannot be tied to a citizen (no patient/subject). Add a reference to "
            "the citizen's Patient.",
            code="no-citizen",
        )
        return None
    kind = str(values["kind"])
    try:
        return record_type(kind).model_validate(values)
    except pydantic.ValidationError as exc:
        for err in exc.errors(include_url=False, include_input=False):
            field = ".".join(str(p) for p in err["loc"])
            msg = mask_cpr_in_text(str(err["msg"]))
            ctx.add(
                "error",
                where,
                f"Kan ikke blive en carekit-post ({kind}): {field}: {msg}.",
                f"Cannot become a carekit record ({kind}): {field}: {msg}.",
                code="record-invalid",
                element=field,
            )
    except RecordValidationError as exc:  # pragma: no cover - model rules raised directly
        ctx.add("error", where, str(exc), str(exc), code="record-invalid")
    return None
