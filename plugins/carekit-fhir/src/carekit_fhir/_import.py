"""A FHIR Bundle (JSON text, bytes or data) → carekit records + findings.  Never raises for
bad input: not JSON, not a Bundle, a bundle type that is an answer rather than records, too
deep, unknown resource types, invalid elements, wrong JSON types, codes outside required
bindings and references that point nowhere all become findings.

The steps: read and check the bundle (:mod:`carekit_fhir._strict`, fhir.resources); register
every resource, contained ones too, in the one identity map (:class:`ImportContext`); rebuild
the records carekit wrote from their record extension and compare each resource with carekit's
own re-export (:mod:`carekit_fhir._own`); map the rest (Patient, RelatedPerson,
Practitioner(Role), CareTeam here; CarePlan, Goal, Task in :mod:`carekit_fhir._foreign`);
report every element no mapping carried.
"""

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
from carekit.model import LearningStory, Record, record_type
from carekit.privacy import mask_cpr_in_text
from carekit_fhir._codes import KIND_SYSTEM, RECORD_ID_SYSTEM
from carekit_fhir._common import ref_record_id
from carekit_fhir._export import unmasked_bundle
from carekit_fhir._foreign import FOREIGN
from carekit_fhir._network import (
    care_team_to_network,
    practitioner_role_to_member,
    related_person_to_member,
)
from carekit_fhir._own import differences, own_record, report_unused
from carekit_fhir._patient import patient_to_citizen
from carekit_fhir._reading import ImportContext
from carekit_fhir._strict import MAX_DEPTH, strict_problems, too_deep

__all__ = ["IMPORTABLE", "IMPORT_TYPES", "import_bundle"]

#: The resource types that become carekit records when another system wrote them (every type
#: carekit exports is imported from carekit's own exports).
IMPORTABLE = (
    "Patient",
    "RelatedPerson",
    "Practitioner",
    "PractitionerRole",
    "CareTeam",
    "CarePlan",
    "Goal",
    "Task",
)


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
    except RecursionError:
        ctx.add(
            "error",
            "",
            f"Dokumentet er indlejret dybere end {MAX_DEPTH} niveauer; carekit læser det ikke.",
            f"The document nests deeper than {MAX_DEPTH} levels; carekit does not read it.",
            code="too-deep",
        )
        return None
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


#: (entry index, resource, address, FHIR path)
Entry = tuple[int, Any, str, str]


def _validate_entries(raw: Mapping[str, Any], ctx: ImportContext) -> list[Entry]:
    """Every entry's resource validated with its fhir.resources model and strictly (JSON types,
    required bindings); contained resources become entries of their own."""
    out: list[Entry] = []
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
        strict = strict_problems(resource, model, f"{where}.resource")
        for path, code, da, en in strict:
            ctx.add(
                "error",
                path,
                mask_cpr_in_text(da),
                mask_cpr_in_text(en),
                code=code,
                resource=str(rtype),
                element=path.rsplit(".", 1)[-1].split("[")[0],
            )
        flagged = {path for path, *_rest in strict}
        try:
            parsed = model.model_validate(resource)
        except pydantic.ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
                element = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
                msg = mask_cpr_in_text(str(err["msg"]))
                if f"{where}.resource{_path(loc)}" in flagged:
                    continue  # already reported by the strict check
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
        if strict:
            continue
        full_url = entry.get("fullUrl")
        address = full_url if isinstance(full_url, str) else f"{rtype}/{resource.get('id', i)}"
        ctx.by_address[address] = (i, parsed)
        ctx.canonical[id(parsed)] = address
        ctx.entry_address[i] = address
        ctx.paths[id(parsed)] = f"{where}.resource"
        ctx.raw[id(parsed)] = resource
        if resource.get("id"):
            ctx.by_address[f"{rtype}/{resource['id']}"] = (i, parsed)
        out.append((i, parsed, address, f"{where}.resource"))
        for k, inner in enumerate(parsed.contained or ()):
            inner_address = f"{address}#{inner.id}"
            ctx.by_address[inner_address] = (i, inner)
            ctx.canonical[id(inner)] = inner_address
            ctx.paths[id(inner)] = f"{where}.resource.contained[{k}]"
            ctx.raw[id(inner)] = resource["contained"][k]
            out.append((i, inner, inner_address, f"{where}.resource.contained[{k}]"))
            ctx.use(f"{where}.resource.contained[{k}]")  # reported as its own resource
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
    if too_deep(raw):
        ctx.add(
            "error",
            "",
            f"Dokumentet er indlejret dybere end {MAX_DEPTH} niveauer; carekit læser det ikke.",
            f"The document nests deeper than {MAX_DEPTH} levels; carekit does not read it.",
            code="too-deep",
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
    return _bundle_type(raw, ctx)


#: Bundle types an import reads; the others (searchset, history, the *-response types)
#: describe a server's answer, not records to store.
IMPORT_TYPES = ("transaction", "batch", "collection", "document", "message")


def _bundle_type(raw: Mapping[str, Any], ctx: ImportContext) -> bool:
    btype = raw.get("type")
    if btype not in IMPORT_TYPES:
        ctx.add(
            "error",
            "Bundle.type",
            f"Et Bundle af typen '{btype}' kan ikke importeres; brug en af "
            f"{', '.join(IMPORT_TYPES)}.",
            f"A Bundle of type '{btype}' cannot be imported; use one of {', '.join(IMPORT_TYPES)}.",
            code="bundle-type",
            resource="Bundle",
            element="type",
        )
        return False
    entries = raw.get("entry") or []
    head = entries[0] if isinstance(entries, list) and entries else None
    first = head.get("resource") if isinstance(head, Mapping) else None
    expected = {"document": "Composition", "message": "MessageHeader"}.get(str(btype))
    if expected and not (isinstance(first, Mapping) and first.get("resourceType") == expected):
        ctx.add(
            "error",
            "Bundle.entry[0].resource",
            f"Et {btype}-Bundle skal begynde med en {expected} (FHIR R4 bdl-9/bdl-11).",
            f"A {btype} Bundle must start with a {expected} (FHIR R4 bdl-9/bdl-11).",
            code="bundle-type",
            resource="Bundle",
            element="entry",
        )
        return False
    return True


def import_bundle(data: bytes | str | Mapping[str, Any]) -> ImportResult:
    """Every resource carekit exports (and the Patients, RelatedPersons, Practitioner(Role)s,
    CareTeams, CarePlans, Goals and Tasks of other systems) → carekit records, with findings.

    Invalid FHIR (wrong JSON types, codes outside required bindings, a bundle type that makes
    no sense for an import, nesting deeper than :data:`~carekit_fhir._strict.MAX_DEPTH`) gives
    error findings and no records.  Every element that is not carried into a record is a
    finding with its FHIR path; nothing is dropped silently.
    """
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
    if any(f.severity == "error" for f in ctx.findings):
        return ImportResult((), tuple(ctx.findings))
    return ImportResult(tuple(_records(entries, ctx)), tuple(ctx.findings))


def _convert_safely(resource: Any, where: str, address: str, ctx: ImportContext) -> Any:
    """:func:`_convert`, with any malformed detail it trips over as an error finding."""
    try:
        return _convert(resource, where, address, ctx)
    except (pydantic.ValidationError, ValueError, TypeError, AttributeError) as exc:
        ctx.add(
            "error",
            where,
            f"Ressourcen kan ikke læses som en carekit-post ({type(exc).__name__}).",
            f"The resource cannot be read as a carekit record ({type(exc).__name__}).",
            code="unreadable",
            resource=resource.get_resource_type(),
        )
        return None


def _records(entries: list[Entry], ctx: ImportContext) -> list[Record]:
    _tie_to_citizens(entries, ctx)
    own, covered = _own_records(entries, ctx)
    role_practitioners = set()
    for _i, resource, _a, _w in entries:
        if resource.get_resource_type() == "PractitionerRole" and resource.practitioner:
            target = ctx.lookup(resource.practitioner.reference or "", ctx.path_of(resource))
            if target is not None:
                role_practitioners.add(id(target))
    found: list[tuple[str, Any, dict[str, Any]]] = []
    for _i, resource, address, where in entries:
        if id(resource) in covered or id(resource) in role_practitioners:
            continue  # carekit's own (checked against its record) / read with its role
        values = _convert_safely(resource, where, address, ctx)
        if values is None:
            ctx.failed.add(ctx.record_id(resource, address))
        else:
            found.append((where, resource, values))
    records: list[Record] = list(own)
    for where, resource, values in found:
        record = _to_record(values, where, ctx)
        if record is None:
            continue
        records.append(record)
        report_unused(resource, where, ctx)
        practitioner = getattr(resource, "practitioner", None)
        target = ctx.lookup(practitioner.reference or "", where) if practitioner else None
        if target is not None and id(target) in role_practitioners:
            report_unused(target, ctx.path_of(target), ctx)
    return records


def _tie_to_citizens(entries: list[Entry], ctx: ImportContext) -> None:
    """A PractitionerRole (or Practitioner) names no patient: it belongs to the citizen of the
    CareTeam it is a member of."""
    for _i, team, _a, where in entries:
        if team.get_resource_type() != "CareTeam" or team.subject is None:
            continue
        target = ctx.lookup(team.subject.reference or "", where)
        citizen = (
            ctx.record_id(target, ctx.canonical.get(id(target), ""))
            if target is not None
            else ref_record_id(team.subject)
        )
        if citizen is None:
            continue
        for participant in team.participant or ():
            if participant.member is None or not participant.member.reference:
                continue
            member = ctx.lookup(participant.member.reference, where)
            if member is not None:
                ctx.citizen_of.setdefault(id(member), citizen)


def _own_records(entries: list[Entry], ctx: ImportContext) -> tuple[list[Record], set[int]]:
    """The records of resources carekit wrote (their record extension has the record's
    ``content``), and the ids of every resource they account for: each incoming resource is
    compared with the resource carekit makes from the record again, and every element that
    differs is reported."""
    records: list[Record] = []
    for _i, resource, _address, where in entries:
        record = own_record(resource, where, ctx)
        if record is not None:
            records.append(record)
    if not records:
        return records, set()
    again = unmasked_bundle(records)
    expected: dict[tuple[str, str], Any] = {}
    for entry in again.get("entry", []):
        res = entry["resource"]
        for key in _keys(res):
            expected.setdefault(key, res)
    media_ids = {str(item.id) for r in records if isinstance(r, LearningStory) for item in r.media}
    covered: set[int] = set()
    for _i, resource, _address, where in entries:
        incoming = ctx.raw.get(id(resource)) or resource.model_dump(mode="json")
        match = next((expected[k] for k in _keys(incoming) if k in expected), None)
        if match is None:
            if resource.get_resource_type() == "Media" and any(
                k[1].removeprefix("urn:uuid:") in media_ids for k in _keys(incoming)
            ):
                covered.add(id(resource))  # the story's media item (exported while consented)
            continue
        covered.add(id(resource))
        for path in differences(incoming, match, where):
            ctx.add(
                "warning",
                path,
                "Elementet stemmer ikke med carekit-posten i ressourcens record-udvidelse og er "
                "ikke overført; posten er læst fra udvidelsen.",
                "The element does not match the carekit record in the resource's record "
                "extension and was not imported; the record is read from the extension.",
                code="not-carried",
                resource=resource.get_resource_type(),
                element=path.rsplit(".", 1)[-1],
            )
    return records, covered


def _keys(resource: Mapping[str, Any]) -> list[tuple[str, str]]:
    idents = resource.get("identifier")
    if isinstance(idents, Mapping):
        idents = [idents]
    return [
        (str(resource.get("resourceType")), str(i.get("value")))
        for i in idents or ()
        if isinstance(i, Mapping) and i.get("system") == RECORD_ID_SYSTEM
    ]


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
    if rtype in FOREIGN and _foreign_kind_ok(resource):
        return FOREIGN[rtype](resource, where, address, ctx)
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
        "warning",
        where,
        f"{rtype} fra et andet system (uden carekits record-udvidelse) bliver ikke til en "
        f"carekit-post; carekit læser {', '.join(IMPORTABLE)} fra andre systemer.",
        f"A {rtype} from another system (without carekit's record extension) does not become a "
        f"carekit record; carekit reads {', '.join(IMPORTABLE)} from other systems.",
        code="not-imported",
        resource=rtype,
    )
    return None


def _foreign_kind_ok(resource: Any) -> bool:
    """A CarePlan is read as a safety plan unless carekit's kind code says otherwise."""
    if resource.get_resource_type() != "CarePlan":
        return True
    kinds = {
        coded.code
        for concept in resource.category or ()
        for coded in concept.coding or ()
        if coded.system == KIND_SYSTEM
    }
    return not kinds or kinds == {"safety_plan"}


def _other_kind(team: Any) -> bool:
    kinds = {
        coded.code
        for concept in team.category or ()
        for coded in concept.coding or ()
        if coded.system == KIND_SYSTEM
    }
    return bool(kinds) and "care_network" not in kinds


def _to_record(values: dict[str, Any], where: str, ctx: ImportContext) -> Record | None:
    if values.get("citizen_id") in ctx.failed:
        ctx.add(
            "error",
            where,
            "Ressourcens borger (Patient) kunne ikke importeres, så den kan heller ikke.",
            "The resource's citizen (Patient) could not be imported, so neither can it.",
            code="no-citizen",
        )
        return None
    if values.get("name", "") is None:
        ctx.add(
            "error",
            f"{where}.name",
            "Personen har intet navn; carekit kræver et navn og finder ikke selv på et.",
            "The person has no name; carekit needs one and does not make one up.",
            code="required",
            element="name",
        )
        return None
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
