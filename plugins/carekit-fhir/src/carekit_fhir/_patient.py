"""Citizen ⇄ Patient (DK Core: CPR identifier only when a CPR number is present).

The citizen's unit (``Citizen.unit``, the unit or team that cares for them) is
``Patient.managingOrganization``: R4's "organization that is the custodian of the patient
record", a reference to an Organization given by its ``display`` (carekit knows the unit by
name only, not by SOR code or Organization resource).  On import the reference's ``display``
becomes the unit; a reference without one is reported as not carried."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.patient import Patient, PatientCommunication
from fhir.resources.R4B.reference import Reference

from carekit.model import Citizen, Residence
from carekit.privacy import is_valid_cpr, normalise_cpr
from carekit_fhir import _codes as c
from carekit_fhir._common import (
    ExportContext,
    codeable,
    coding,
    ext,
    ext_value,
    record_extension,
    record_id_of,
    record_identifier,
)
from carekit_fhir._reading import ImportContext

__all__ = ["citizen_to_patient", "patient_to_citizen"]


def citizen_to_patient(citizen: Citizen, ctx: ExportContext) -> None:
    identifiers = [record_identifier(citizen.id)]
    if citizen.cpr is not None:
        identifiers.append(Identifier(system=c.CPR_SYSTEM, value=citizen.cpr.replace("-", "")))
    kept = citizen.extensions.get(c.EXTENSION_NAMESPACE, {})
    identifiers += [Identifier(**ident) for ident in kept.get("identifiers", ())]
    assumed = set(kept.get("assumed", ()))
    extensions = [record_extension(citizen)]
    if "interpreter_needed" not in assumed:
        extensions.append(ext(c.INTERPRETER_REQUIRED_URL, valueBoolean=citizen.interpreter_needed))
    if "residence" not in assumed:  # an import's placeholder is not re-told
        extensions.append(ext(c.EXT_RESIDENCE, valueCode=citizen.residence.value))
    if citizen.life_story is not None:
        extensions.append(ext(c.EXT_LIFE_STORY, valueString=citizen.life_story))
    if citizen.contact_person_id is not None:
        extensions.append(
            ext(c.EXT_CONTACT_PERSON, valueReference=ctx.ref(citizen.contact_person_id))
        )
    patient = Patient(
        identifier=identifiers,
        active=True,
        name=[HumanName(use="usual", text=citizen.display_name)],
        communication=None
        if "preferred_language" in assumed
        else [
            PatientCommunication(
                language=codeable(coding(c.BCP47_SYSTEM, citizen.preferred_language)),
                preferred=True,
            )
        ],
        managingOrganization=None
        if citizen.unit is None
        else Reference(type="Organization", display=citizen.unit),
        extension=extensions,
    )
    ctx.add(citizen.id, patient)


def patient_to_citizen(
    patient: Patient, where: str, address: str, ctx: ImportContext
) -> dict[str, Any] | None:
    """Citizen fields from *patient*; None (with an error finding) when it cannot be one."""
    data: dict[str, Any] = {"kind": "citizen", **ctx.envelope(patient)}
    kept: dict[str, Any] = {}
    data["id"] = data["citizen_id"] = ctx.record_id(patient, address)
    name = ctx.take_name(patient.name, where)
    if name is None:
        ctx.failed.add(data["id"])
        ctx.add(
            "error",
            f"{where}.name",
            "Patienten har intet navn; carekit kræver et navn at kalde borgeren ved.",
            "The Patient has no name; carekit needs a name to call the citizen by.",
            code="required",
            resource="Patient",
            element="name",
        )
        return None
    data["display_name"] = name
    ctx.use(f"{where}.active")
    _cpr(patient, where, ctx, data, kept)
    _language(patient, where, ctx, data, kept)
    _extensions(patient, where, ctx, data, kept)
    _unit(patient, where, ctx, data)
    if kept:
        data.setdefault("extensions", {}).setdefault(c.EXTENSION_NAMESPACE, {}).update(kept)
    return data


def _cpr(
    patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any], kept: dict[str, Any]
) -> None:
    """The CPR identifier becomes ``cpr`` (one only: a second CPR number is reported, never
    kept elsewhere, as the privacy rules keep CPR numbers in ``cpr`` alone); the carekit record
    identifier is the record id; every other identifier is kept and exported again."""
    for i, ident in enumerate(patient.identifier or ()):
        here = f"{where}.identifier[{i}]"
        if ident.system == c.RECORD_ID_SYSTEM and record_id_of([ident]) == data["id"]:
            ctx.use(here)
        elif ident.system == c.CPR_SYSTEM and ident.value and "cpr" in data:
            ctx.use(here)
            ctx.add(
                "warning",
                here,
                "Patienten har mere end ét CPR-nummer; carekit gemmer kun det første, dette er "
                "ikke overført.",
                "The Patient has more than one CPR number; carekit keeps only the first, this "
                "one was not imported.",
                code="not-carried",
                resource="Patient",
                element="identifier",
            )
        elif ident.system == c.CPR_SYSTEM and ident.value:
            ctx.use(here)
            if is_valid_cpr(ident.value):
                data["cpr"] = normalise_cpr(ident.value)
            else:
                ctx.add(
                    "warning",
                    f"{where}.identifier[{i}].value",
                    "CPR-nummeret har ikke den rette form (DDMMÅÅSSSS); det er ikke overført.",
                    "The CPR number does not have the right shape (DDMMYYSSSS); it was not "
                    "imported.",
                    code="invalid-cpr",
                    resource="Patient",
                    element="identifier",
                )
        elif (
            ident.system
            and ident.value
            and set(ident.model_dump(exclude_none=True))
            <= {
                "system",
                "value",
            }
        ):
            ctx.use(here)
            kept.setdefault("identifiers", []).append(
                {"system": ident.system, "value": ident.value}
            )


def _extensions(
    patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any], kept: dict[str, Any]
) -> None:
    ctx.use_extensions(patient.extension, where, _KNOWN_EXTENSIONS)
    residence = ext_value(patient.extension, c.EXT_RESIDENCE)
    if residence in {r.value for r in Residence}:
        data["residence"] = residence
    else:
        if residence is not None:
            ctx.keep_unknown(kept, f"{where}.extension", c.EXT_RESIDENCE, str(residence))
        # carekit needs a residence and FHIR has none: a marked placeholder, reported, and
        # never exported as if it were known.
        data["residence"] = "other"
        kept.setdefault("assumed", []).append("residence")
        ctx.add(
            "warning",
            f"{where}.extension",
            "Patienten siger ikke, hvor borgeren bor (carekits residence-udvidelse mangler); "
            "posten får pladsholderen 'other', markeret som antaget, og den eksporteres ikke "
            "igen. Ret den i carekit.",
            "The Patient does not say where the citizen lives (carekit's residence extension is "
            "missing); the record gets the placeholder 'other', marked as assumed, and it is not "
            "exported again. Correct it in carekit.",
            code="assumed-value",
            resource="Patient",
            element="extension",
        )
    interpreter = ext_value(patient.extension, c.INTERPRETER_REQUIRED_URL)
    if isinstance(interpreter, bool):
        data["interpreter_needed"] = interpreter
    else:  # carekit's default (no interpreter), marked so that a re-export does not claim it
        kept.setdefault("assumed", []).append("interpreter_needed")
    life_story = ext_value(patient.extension, c.EXT_LIFE_STORY)
    if isinstance(life_story, str):
        data["life_story"] = life_story
    contact = ext_value(patient.extension, c.EXT_CONTACT_PERSON)
    if contact is not None:
        data["contact_person_id"] = ctx.reference_id(contact, f"{where}.extension")


def _unit(patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any]) -> None:
    """``managingOrganization.display`` becomes the unit (its ``type`` is read with it; a
    ``reference`` or ``identifier`` has no carekit field and is reported as not carried)."""
    organisation = patient.managingOrganization
    display = organisation.display.strip() if organisation and organisation.display else ""
    if organisation is None or not display:
        return
    data["unit"] = display
    here = f"{where}.managingOrganization"
    ctx.use(f"{here}.display")
    if organisation.type == "Organization":
        ctx.use(f"{here}.type")


_KNOWN_EXTENSIONS = frozenset(
    {
        c.EXT_RECORD,
        c.EXT_RESIDENCE,
        c.INTERPRETER_REQUIRED_URL,
        c.EXT_LIFE_STORY,
        c.EXT_CONTACT_PERSON,
    }
)


def _language(
    patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any], kept: dict[str, Any]
) -> None:
    for i, comm in enumerate(patient.communication or ()):
        for j, coded in enumerate(comm.language.coding or ()):
            if coded.code in ("da", "en"):
                data["preferred_language"] = coded.code
                ctx.use(f"{where}.communication[{i}].language.coding[{j}]")
                ctx.use(f"{where}.communication[{i}].preferred")
                break
            ctx.keep_unknown(kept, f"{where}.communication[{i}].language", coded.system, coded.code)
        if "preferred_language" in data:
            break
    if "preferred_language" not in data:  # carekit's default, marked as assumed
        kept.setdefault("assumed", []).append("preferred_language")
