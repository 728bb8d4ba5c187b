"""carekit's FHIR profiles as code: StructureDefinitions (differential + snapshot) for every
resource carekit exports and every carekit extension, CodeSystems and ValueSets for carekit's
own codes, generated from the models, the workflow tables and the export's own constants, and
written as a FHIR NPM-style package (``package.json`` + resources).

::

    python -m carekit_fhir._generate write   # regenerate the committed package
    python -m carekit_fhir._generate check   # exit 1 when the committed package differs

The snapshot is built from the R4 element model of ``fhir.resources`` (every element's path,
cardinality, types, reference targets and required-binding codes) with carekit's constraints
merged in; it carries no FHIRPath invariants, and for profiles on a DK Core base it does not
repeat DK Core's own constraints (the ``baseDefinition`` names them).
"""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.backboneelement import BackboneElement

from carekit.lifecycle import WORKFLOWS
from carekit.model import (
    ConsentBasis,
    ConsentPurpose,
    EvaluationResult,
    Role,
    SituationType,
    kinds,
)
from carekit.model.information import Understanding
from carekit_fhir import _codes as c

__all__ = [
    "EXTENSIONS",
    "PACKAGE_DIR",
    "PACKAGE_NAME",
    "PROFILES",
    "Profile",
    "differs",
    "generate",
    "profile_of",
    "profile_table_markdown",
    "profile_url",
    "write",
]

PACKAGE_NAME: Final = "dk.carekit.fhir"
PACKAGE_VERSION: Final = "0.1.0"
#: Where the generated package is committed (shipped in the wheel).
PACKAGE_DIR: Final = Path(__file__).parent / "package"
_R4: Final = "http://hl7.org/fhir/StructureDefinition/"
_DK: Final = "http://hl7.dk/fhir/core/StructureDefinition/"
_DATE: Final = "2026-12-02"


class Profile(typing.NamedTuple):
    """One carekit profile: its id, the resource type, its base, what it is for, and whether
    the resource carries the carekit record extension (then it is required, 1..1)."""

    id: str
    type: str
    base: str
    title: str
    record_extension: bool


PROFILES: Final[tuple[Profile, ...]] = (
    Profile("carekit-patient", "Patient", _DK + "dk-core-patient", "Citizen (borger)", True),
    Profile(
        "carekit-related-person",
        "RelatedPerson",
        _DK + "dk-core-related-person",
        "Network member, private side (relative, volunteer, co-resident)",
        True,
    ),
    Profile(
        "carekit-practitioner",
        "Practitioner",
        _DK + "dk-core-practitioner",
        "Network member, public side (the professional)",
        True,
    ),
    Profile(
        "carekit-practitioner-role",
        "PractitionerRole",
        _R4 + "PractitionerRole",
        "Network member, public side (role, phones, answer times)",
        False,
    ),
    Profile("carekit-network", "CareTeam", _R4 + "CareTeam", "Care network (netværk)", True),
    Profile(
        "carekit-safety-plan-contacts",
        "CareTeam",
        _R4 + "CareTeam",
        "The safety plan's numbers and when they answer",
        False,
    ),
    Profile("carekit-safety-plan", "CarePlan", _R4 + "CarePlan", "Safety plan", True),
    Profile("carekit-home-agreement", "CarePlan", _R4 + "CarePlan", "Home agreement", True),
    Profile("carekit-routine", "CarePlan", _R4 + "CarePlan", "Routine", True),
    Profile("carekit-dream", "Goal", _R4 + "Goal", "Dream (drøm)", True),
    Profile("carekit-trial-action", "Task", _R4 + "Task", "Trial action (prøvehandling)", True),
    Profile(
        "carekit-sign-observation",
        "Observation",
        _R4 + "Observation",
        "A sign (tegn) observed",
        False,
    ),
    Profile(
        "carekit-evaluation", "Observation", _R4 + "Observation", "Trial-action evaluation", False
    ),
    Profile("carekit-safety-check-in", "Observation", _R4 + "Observation", "Safety check-in", True),
    Profile("carekit-alignment", "Encounter", _R4 + "Encounter", "Expectation alignment", True),
    Profile(
        "carekit-alignment-content",
        "Communication",
        _R4 + "Communication",
        "What an expectation alignment offered, heard and agreed",
        False,
    ),
    Profile(
        "carekit-information",
        "Communication",
        _R4 + "Communication",
        "Information given to the citizen",
        True,
    ),
    Profile(
        "carekit-teach-back",
        "QuestionnaireResponse",
        _R4 + "QuestionnaireResponse",
        "Teach-back check of information given",
        False,
    ),
    Profile("carekit-perspective", "Communication", _R4 + "Communication", "New perspective", True),
    Profile(
        "carekit-learning-story",
        "DocumentReference",
        _R4 + "DocumentReference",
        "Learning story (lærerig fortælling)",
        True,
    ),
    Profile("carekit-media", "Media", _R4 + "Media", "A learning story's media item", False),
    Profile("carekit-consent", "Consent", _R4 + "Consent", "Consent (samtykke)", True),
)
_BY_ID = {p.id: p for p in PROFILES}
#: profile id -> the carekit record kind (and part) it carries
PROFILE_KINDS: Final[dict[str, str]] = {
    "carekit-patient": "citizen",
    "carekit-related-person": "network_member (private side)",
    "carekit-practitioner": "network_member (public side)",
    "carekit-practitioner-role": "network_member (public side)",
    "carekit-network": "care_network",
    "carekit-safety-plan-contacts": "safety_plan (contacts)",
    "carekit-safety-plan": "safety_plan",
    "carekit-home-agreement": "home_agreement",
    "carekit-routine": "routine",
    "carekit-dream": "dream",
    "carekit-trial-action": "trial_action",
    "carekit-sign-observation": "trial_action (observations)",
    "carekit-evaluation": "trial_action (evaluations)",
    "carekit-safety-check-in": "safety_check_in",
    "carekit-alignment": "expectation_alignment",
    "carekit-alignment-content": "expectation_alignment (content)",
    "carekit-information": "information_record",
    "carekit-teach-back": "information_record (teach-back)",
    "carekit-perspective": "perspective",
    "carekit-learning-story": "learning_story",
    "carekit-media": "learning_story (media with consent)",
    "carekit-consent": "consent",
}


def profile_table_markdown() -> str:
    """The profile table as docs/fhir.md shows it (a test keeps them equal)."""
    lines = [
        "| carekit kind | profile | resource | base | record extension |",
        "|---|---|---|---|---|",
    ]
    for p in PROFILES:
        base = p.base.rsplit("/", 1)[-1]
        base = f"DK Core `{base}`" if p.base.startswith(_DK) else f"R4 `{base}`"
        lines.append(
            f"| {PROFILE_KINDS[p.id]} | `{p.id}` | {p.type} | {base} | "
            f"{'required (1..1)' if p.record_extension else '–'} |"
        )
    return "\n".join(lines)


def profile_url(profile_id: str) -> str:
    """The canonical URL of carekit profile *profile_id*."""
    return f"{c.CAREKIT_BASE}/StructureDefinition/{profile_id}"


def _codes(concepts: Any, system: str) -> set[str]:
    return {
        str(coded.get("code"))
        for concept in (concepts if isinstance(concepts, list) else [concepts] if concepts else [])
        if isinstance(concept, dict)
        for coded in concept.get("coding") or ()
        if isinstance(coded, dict) and coded.get("system") == system
    }


def profile_of(resource: dict[str, Any]) -> str | None:
    """The carekit profile an exported resource (JSON) conforms to, or None."""
    rtype = resource.get("resourceType")
    category = resource.get("category")
    kind = _codes(category, c.KIND_SYSTEM) | _codes(resource.get("type"), c.KIND_SYSTEM)
    simple = {
        "Patient": "carekit-patient",
        "RelatedPerson": "carekit-related-person",
        "Practitioner": "carekit-practitioner",
        "PractitionerRole": "carekit-practitioner-role",
        "Goal": "carekit-dream",
        "Task": "carekit-trial-action",
        "Encounter": "carekit-alignment",
        "QuestionnaireResponse": "carekit-teach-back",
        "DocumentReference": "carekit-learning-story",
        "Media": "carekit-media",
        "Consent": "carekit-consent",
    }
    found: str | None = simple.get(str(rtype))
    if rtype == "CareTeam":
        found = "carekit-safety-plan-contacts" if "safety_plan" in kind else "carekit-network"
    elif rtype == "CarePlan":
        found = "carekit-" + next(iter(kind), "safety_plan").replace("_", "-")
    elif rtype == "Observation":
        kl = _codes(category, c.KL_CARE_SOCIAL_SYSTEM)
        if c.KL_OBSERVATION[0] in kl:
            found = "carekit-sign-observation"
        elif c.KL_EVALUATION[0] in kl:
            found = "carekit-evaluation"
        else:
            found = "carekit-safety-check-in"
    elif rtype == "Communication":
        found = {
            "expectation_alignment": "carekit-alignment-content",
            "information_record": "carekit-information",
        }.get(next(iter(kind), ""), "carekit-perspective")
    return profile_url(found) if found in _BY_ID else None


# ----------------------------------------------------------------------------- snapshots
_PRIMITIVE = {
    "Boolean": "boolean",
    "Integer": "integer",
    "PositiveInt": "positiveInt",
    "UnsignedInt": "unsignedInt",
    "Decimal": "decimal",
    "String": "string",
    "Code": "code",
    "Id": "id",
    "Uri": "uri",
    "Url": "url",
    "Canonical": "canonical",
    "Oid": "oid",
    "Uuid": "uuid",
    "Markdown": "markdown",
    "Base64Binary": "base64Binary",
    "Date": "date",
    "DateTime": "dateTime",
    "Instant": "instant",
    "Time": "time",
    "Xhtml": "xhtml",
}
_SYSTEM_STRING = "http://hl7.org/fhirpath/System.String"


def _type_code(annotation: Any) -> tuple[str, bool, Any]:
    """(FHIR type code, is a list, model class or None) of a fhir.resources field."""
    is_list = False
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Union or (origin is not None and type(None) in args):
            annotation = next(a for a in args if a is not type(None))
        elif origin in (list, typing.List):  # noqa: UP006 - fhir.resources uses typing.List
            is_list, annotation = True, args[0]
        elif origin is typing.Annotated:
            meta.extend(args[1:])
            annotation = args[0]
        else:
            break
    if annotation is bool:
        return "boolean", is_list, None
    for item in meta:
        name = type(item).__name__
        if name in _PRIMITIVE:
            return _PRIMITIVE[name], is_list, None
    name = getattr(annotation, "__name__", "")
    if name.endswith("Type"):
        model = get_fhir_model_class(name[: -len("Type")])
        if issubclass(model, BackboneElement):
            return "BackboneElement", is_list, model
        return model.__name__, is_list, None
    return "string", is_list, None  # pragma: no cover - every R4 field is typed above


def _element(path: str, minimum: int, maximum: str, types: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": path, "path": path, "min": minimum, "max": maximum}
    if types:
        out["type"] = types
    return out


def _elements(
    model: Any, path: str, ancestors: dict[Any, str] | None = None
) -> Iterator[dict[str, Any]]:
    ancestors = {**(ancestors or {}), model: path}
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    seen_choice: set[str] = set()
    for name in model.elements_sequence():
        field = fields[name]
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        choice = extra.get("one_of_many")
        if choice:
            if choice in seen_choice:
                continue
            seen_choice.add(choice)
            members = [
                f
                for f in fields.values()
                if (f.json_schema_extra or {}).get("one_of_many") == choice
            ]
            types = [{"code": _type_code(f.annotation)[0]} for f in members]
            required = any((f.json_schema_extra or {}).get("one_of_many_required") for f in members)
            yield _element(f"{path}.{choice}[x]", int(bool(required)), "1", types)
            continue
        code, is_list, backbone = _type_code(field.annotation)
        if name == "id":
            code = _SYSTEM_STRING
        typ: dict[str, Any] = {"code": code}
        targets = extra.get("enum_reference_types")
        if code == "Reference" and targets:
            typ["targetProfile"] = [_R4 + t for t in targets]
        element = _element(
            f"{path}.{name}",
            int(bool(extra.get("element_required"))),
            "*" if is_list else "1",
            [typ],
        )
        allowed = extra.get("enum_values")
        if isinstance(allowed, list) and "+" not in allowed and code == "code":
            element["binding"] = {"strength": "required", "description": " | ".join(allowed)}
        if backbone is not None and backbone in ancestors:  # R4 contentReference (item.item)
            element.pop("type")
            element["contentReference"] = f"#{ancestors[backbone]}"
            backbone = None
        yield element
        if backbone is not None:
            yield from _elements(backbone, f"{path}.{name}", ancestors)


def _constraints(profile: Profile) -> list[dict[str, Any]]:
    """carekit's differential for *profile* (beyond the root element)."""
    rtype = profile.type
    out: list[dict[str, Any]] = [
        {"id": f"{rtype}.identifier", "path": f"{rtype}.identifier", "min": 1},
    ]
    if profile.record_extension:
        out += [
            {
                "id": f"{rtype}.extension",
                "path": f"{rtype}.extension",
                "slicing": {
                    "discriminator": [{"type": "value", "path": "url"}],
                    "rules": "open",
                },
            },
            {
                "id": f"{rtype}.extension:record",
                "path": f"{rtype}.extension",
                "sliceName": "record",
                "short": "The carekit record (envelope and content); required",
                "min": 1,
                "max": "1",
                "type": [{"code": "Extension", "profile": [c.EXT_RECORD]}],
            },
            {
                "id": f"{rtype}.extension:record.url",
                "path": f"{rtype}.extension.url",
                "min": 1,
                "max": "1",
                "type": [{"code": _SYSTEM_STRING}],
                "fixedUri": c.EXT_RECORD,
            },
        ]
    return out


def structure_definition(profile: Profile) -> dict[str, Any]:
    """The StructureDefinition of *profile* (differential + snapshot)."""
    rtype = profile.type
    root = {"id": rtype, "path": rtype, "short": profile.title}
    differential = [root, *_constraints(profile)]
    snapshot = [_element(rtype, 0, "*", []) | {"short": profile.title}]
    changes = {d["id"]: d for d in differential[1:]}
    for base in _elements(get_fhir_model_class(rtype), rtype):
        change = changes.pop(base["id"], None)
        element = base | {k: v for k, v in (change or {}).items() if k not in ("id", "path")}
        snapshot.append(element)
        slices = [d for d in list(changes.values()) if d["id"].startswith(element["id"] + ":")]
        for item in slices:
            changes.pop(item["id"])
            snapshot.append({"min": 0, "max": "*"} | item)
    return {
        "resourceType": "StructureDefinition",
        "id": profile.id,
        "url": profile_url(profile.id),
        "version": PACKAGE_VERSION,
        "name": "".join(part.title() for part in profile.id.split("-")),
        "title": f"carekit: {profile.title}",
        "status": "active",
        "date": _DATE,
        "publisher": "carekit",
        "description": f"{profile.title}, as carekit-fhir exports it.",
        "fhirVersion": "4.0.1",
        "kind": "resource",
        "abstract": False,
        "type": rtype,
        "baseDefinition": profile.base,
        "derivation": "constraint",
        "differential": {"element": differential},
        "snapshot": {"element": snapshot},
    }


# ----------------------------------------------------------------------------- extensions
#: extension URL -> (value type, context element(s), short description)
EXTENSIONS: Final[dict[str, tuple[str, tuple[str, ...], str]]] = {
    c.EXT_RESIDENCE: ("code", ("Patient",), "Where the citizen lives (carekit residence code)"),
    c.EXT_LIFE_STORY: ("string", ("Patient",), "The citizen's life story"),
    c.EXT_CONTACT_PERSON: ("Reference", ("Patient",), "The citizen's contact person"),
    c.EXT_IS_CONTACT_PERSON: (
        "boolean",
        ("RelatedPerson", "PractitionerRole", "ContactPoint"),
        "Whether this is the citizen's contact person",
    ),
    c.EXT_CONSENT_TO_SHARE: (
        "boolean",
        ("RelatedPerson", "PractitionerRole"),
        "Whether the member consents to sharing",
    ),
    c.EXT_CONSENT_LEGAL_BASIS: (
        "code",
        ("Consent",),
        "The legal basis the consent was given on (carekit consent-basis code: the citizen's "
        "own, a guardianship or lasting power of attorney covering personal matters, a "
        "relative as stedfortræder, other)",
    ),
    c.EXT_ORGANISATION: ("string", ("RelatedPerson",), "The member's organisation"),
    c.EXT_ANSWERS: ("code", ("ContactPoint",), "When the number is answered (AnswerTime)"),
    c.EXT_HOURS: ("string", ("ContactPoint",), "Hours in words"),
    c.EXT_PHONE_LABEL: ("string", ("ContactPoint",), "What the number is called"),
    c.EXT_NEXT_MEETING: ("date", ("CareTeam",), "The network's next meeting"),
    c.EXT_UNKNOWN_CODES: ("string", ("Element",), "Codes carekit did not know (reserved)"),
}
#: The record extension's parts: name -> value type.
RECORD_PARTS: Final[dict[str, str]] = {
    "kind": "code",
    "schemaVersion": "string",
    "createdAt": "dateTime",
    "updatedAt": "dateTime",
    "actorId": "string",
    "actorKind": "code",
    "citizenId": "string",
    "actorName": "string",
    "actorRole": "string",
    "state": "code",
    "vendorExtensions": "string",
    "content": "string",
}
_REQUIRED_PARTS = ("kind", "schemaVersion", "createdAt", "updatedAt", "actorId", "actorKind")


def _ext_id(url: str) -> str:
    return "carekit-ext-" + url.rsplit("/", 1)[-1]


def extension_definition(url: str) -> dict[str, Any]:
    """The StructureDefinition of carekit extension *url*."""
    if url == c.EXT_RECORD:
        contexts: tuple[str, ...] = ("DomainResource",)
        short = "The carekit record: envelope (kind, times, actor, state) and content (JSON)"
        differential: list[dict[str, Any]] = [
            {"id": "Extension", "path": "Extension", "short": short},
            {
                "id": "Extension.extension",
                "path": "Extension.extension",
                "slicing": {"discriminator": [{"type": "value", "path": "url"}], "rules": "closed"},
            },
        ]
        for part, vtype in RECORD_PARTS.items():
            sid = f"Extension.extension:{part}"
            differential += [
                {
                    "id": sid,
                    "path": "Extension.extension",
                    "sliceName": part,
                    "min": 1 if part in _REQUIRED_PARTS else 0,
                    "max": "1",
                },
                {"id": f"{sid}.url", "path": "Extension.extension.url", "fixedUri": part},
                {
                    "id": f"{sid}.value[x]",
                    "path": "Extension.extension.value[x]",
                    "min": 1,
                    "type": [{"code": vtype}],
                },
            ]
        differential += [
            {"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
            {"id": "Extension.value[x]", "path": "Extension.value[x]", "max": "0"},
        ]
    else:
        vtype, contexts, short = EXTENSIONS[url]
        differential = [
            {"id": "Extension", "path": "Extension", "short": short},
            {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
            {"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
            {
                "id": "Extension.value[x]",
                "path": "Extension.value[x]",
                "min": 1,
                "type": [{"code": vtype}],
            },
        ]
    snapshot = [
        _element("Extension", 0, "*", []),
        _element("Extension.id", 0, "1", [{"code": _SYSTEM_STRING}]),
        _element("Extension.extension", 0, "*", [{"code": "Extension"}]),
        _element("Extension.url", 1, "1", [{"code": _SYSTEM_STRING}]),
        _element("Extension.value[x]", 0, "1", [{"code": t} for t in _VALUE_TYPES]),
    ]
    merged: list[dict[str, Any]] = []
    for element in snapshot:
        extra = [d for d in differential if d["id"] == element["id"]]
        merged.append(element | {k: v for d in extra for k, v in d.items()})
        if element["id"] == "Extension.extension":
            merged += [
                {"min": 0, "max": "*"} | d
                for d in differential
                if d["id"].startswith("Extension.extension:")
            ]
    ext_id = _ext_id(url)
    return {
        "resourceType": "StructureDefinition",
        "id": ext_id,
        "url": url,
        "version": PACKAGE_VERSION,
        "name": "".join(p.title() for p in ext_id.split("-")),
        "title": f"carekit extension: {url.rsplit('/', 1)[-1]}",
        "status": "active",
        "date": _DATE,
        "publisher": "carekit",
        "description": short,
        "fhirVersion": "4.0.1",
        "kind": "complex-type",
        "abstract": False,
        "context": [{"type": "element", "expression": x} for x in contexts],
        "type": "Extension",
        "baseDefinition": _R4 + "Extension",
        "derivation": "constraint",
        "differential": {"element": differential},
        "snapshot": {"element": merged},
    }


_VALUE_TYPES = ("boolean", "code", "date", "dateTime", "integer", "string", "Reference")


# ----------------------------------------------------------------------------- code systems
def _enum_concepts(values: type[enum.Enum]) -> list[dict[str, Any]]:
    out = []
    for member in values:
        label = getattr(member, "label", None)
        concept: dict[str, Any] = {"code": str(member.value)}
        if label is not None:
            concept["display"] = label.da
            concept["designation"] = [{"language": "en", "value": label.en}]
        out.append(concept)
    return out


def code_systems() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """carekit's own code systems: url -> (title, concepts), from the models and tables."""
    states: dict[str, dict[str, Any]] = {}
    for workflow in WORKFLOWS:
        for state in workflow.state_names:
            states.setdefault(str(state), {"code": str(state)})
    return {
        c.ROLE_SYSTEM: ("Network roles", _enum_concepts(Role)),
        c.STATE_SYSTEM: ("Workflow states (every carekit workflow)", list(states.values())),
        c.SITUATION_SYSTEM: ("Safety-plan situations", _enum_concepts(SituationType)),
        c.PARTICIPATION_SYSTEM: (
            "Participation in a care network",
            [
                {"code": "member", "display": "Medlem"},
                {"code": "coordinator", "display": "Koordinator"},
            ],
        ),
        c.KIND_SYSTEM: ("carekit record kinds", [{"code": k} for k in kinds()]),
        c.CONSENT_PURPOSE_SYSTEM: ("Consent purposes", _enum_concepts(ConsentPurpose)),
        c.CONSENT_BASIS_SYSTEM: ("Legal bases of a consent", _enum_concepts(ConsentBasis)),
        f"{c.CAREKIT_BASE}/CodeSystem/evaluation-result": (
            "Trial-action evaluation results",
            _enum_concepts(EvaluationResult),
        ),
        f"{c.CAREKIT_BASE}/CodeSystem/understanding": (
            "Teach-back: did the information make sense",
            _enum_concepts(Understanding),
        ),
    }


def _terminology(url: str, title: str, concepts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cs_id = "carekit-" + url.rsplit("/", 1)[-1]
    common = {
        "version": PACKAGE_VERSION,
        "status": "active",
        "date": _DATE,
        "publisher": "carekit",
    }
    name = "".join(p.title() for p in cs_id.split("-"))
    return [
        {
            "resourceType": "CodeSystem",
            "id": cs_id,
            "url": url,
            "name": name,
            "title": title,
            **common,
            "caseSensitive": True,
            "content": "complete",
            "count": len(concepts),
            "concept": concepts,
        },
        {
            "resourceType": "ValueSet",
            "id": cs_id,
            "url": url.replace("/CodeSystem/", "/ValueSet/"),
            "name": name,
            "title": title,
            **common,
            "compose": {"include": [{"system": url}]},
        },
    ]


# ----------------------------------------------------------------------------- the package
def generate() -> dict[str, dict[str, Any]]:
    """Every file of the package: file name -> JSON."""
    resources: list[dict[str, Any]] = [structure_definition(p) for p in PROFILES]
    resources.append(extension_definition(c.EXT_RECORD))
    resources += [extension_definition(url) for url in EXTENSIONS]
    for url, (title, concepts) in code_systems().items():
        resources += _terminology(url, title, concepts)
    files = {f"{r['resourceType']}-{r['id']}.json": r for r in resources}
    files["package.json"] = {
        "name": PACKAGE_NAME,
        "version": PACKAGE_VERSION,
        "description": "carekit's FHIR R4 profiles, extensions and code systems (carekit-fhir)",
        "fhirVersions": ["4.0.1"],
        "type": "fhir.ig",
        "canonical": c.CAREKIT_BASE,
        "url": c.CAREKIT_BASE,
        "license": "MIT",
        "author": "carekit",
        "dependencies": {"hl7.fhir.r4.core": "4.0.1", "hl7.fhir.dk.core": "3.5.0"},
    }
    files[".index.json"] = {
        "index-version": 1,
        "files": [
            {
                "filename": name,
                "resourceType": r["resourceType"],
                "id": r["id"],
                "url": r["url"],
                "version": PACKAGE_VERSION,
                **({"type": r["type"], "kind": r["kind"]} if "kind" in r else {}),
            }
            for name, r in sorted(files.items())
            if name.endswith(".json") and "resourceType" in r
        ],
    }
    return files


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(directory: Path = PACKAGE_DIR) -> list[Path]:
    """Write the package to *directory* (its old JSON files removed first)."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in {*directory.glob("*.json"), *directory.glob(".index.json")}:
        old.unlink()
    written = []
    for name, data in generate().items():
        path = directory / name
        path.write_text(_dump(data), encoding="utf-8")
        written.append(path)
    return written


def differs(directory: Path = PACKAGE_DIR) -> list[str]:
    """The files of *directory* that are not what :func:`generate` makes (missing, extra or
    changed)."""
    wanted = {name: _dump(data) for name, data in generate().items()}
    present = {p.name for p in [*directory.glob("*.json"), *directory.glob(".index.json")]}
    out = sorted(present - set(wanted))
    for name, text in wanted.items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out
