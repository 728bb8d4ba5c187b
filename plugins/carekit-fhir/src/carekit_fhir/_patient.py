"""Citizen ⇄ Patient (DK Core: CPR identifier only when a CPR number is present)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.patient import Patient, PatientCommunication

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
    record_identifier,
)
from carekit_fhir._reading import ImportContext

__all__ = ["citizen_to_patient", "patient_to_citizen"]


def citizen_to_patient(citizen: Citizen, ctx: ExportContext) -> None:
    identifiers = [record_identifier(citizen.id)]
    if citizen.cpr is not None:
        identifiers.append(Identifier(system=c.CPR_SYSTEM, value=citizen.cpr.replace("-", "")))
    extensions = [
        record_extension(citizen),
        ext(c.INTERPRETER_REQUIRED_URL, valueBoolean=citizen.interpreter_needed),
        ext(c.EXT_RESIDENCE, valueCode=citizen.residence.value),
    ]
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
        communication=[
            PatientCommunication(
                language=codeable(coding(c.BCP47_SYSTEM, citizen.preferred_language)),
                preferred=True,
            )
        ],
        extension=extensions,
    )
    ctx.add(citizen.id, patient)


def _name(patient: Patient) -> str | None:
    for name in patient.name or ():
        if name.text:
            return str(name.text)
        parts = [*(name.given or ()), name.family or ""]
        joined = " ".join(p for p in parts if p)
        if joined:
            return joined
    return None


def patient_to_citizen(
    patient: Patient, where: str, address: str, ctx: ImportContext
) -> dict[str, Any] | None:
    """Citizen fields from *patient*; None (with an error finding) when it cannot be one."""
    data: dict[str, Any] = {"kind": "citizen", **ctx.envelope(patient)}
    kept: dict[str, Any] = {}
    data["id"] = data["citizen_id"] = ctx.record_id(patient, address)
    name = _name(patient)
    if name is None:
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
    _cpr(patient, where, ctx, data)
    _language(patient, where, ctx, data, kept)
    _extensions(patient, where, ctx, data, kept)
    if kept:
        data.setdefault("extensions", {}).setdefault(c.EXTENSION_NAMESPACE, {}).update(kept)
    return data


def _cpr(patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any]) -> None:
    for i, ident in enumerate(patient.identifier or ()):
        if ident.system == c.CPR_SYSTEM and ident.value:
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


def _extensions(
    patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any], kept: dict[str, Any]
) -> None:
    residence = ext_value(patient.extension, c.EXT_RESIDENCE)
    if residence in {r.value for r in Residence}:
        data["residence"] = residence
    else:
        if residence is not None:
            ctx.keep_unknown(kept, f"{where}.extension", c.EXT_RESIDENCE, str(residence))
        data["residence"] = "other"
    interpreter = ext_value(patient.extension, c.INTERPRETER_REQUIRED_URL)
    if isinstance(interpreter, bool):
        data["interpreter_needed"] = interpreter
    life_story = ext_value(patient.extension, c.EXT_LIFE_STORY)
    if isinstance(life_story, str):
        data["life_story"] = life_story
    contact = ext_value(patient.extension, c.EXT_CONTACT_PERSON)
    if contact is not None:
        data["contact_person_id"] = ctx.reference_id(contact, f"{where}.extension")


def _language(
    patient: Patient, where: str, ctx: ImportContext, data: dict[str, Any], kept: dict[str, Any]
) -> None:
    for i, comm in enumerate(patient.communication or ()):
        for coded in comm.language.coding or ():
            if coded.code in ("da", "en"):
                data["preferred_language"] = coded.code
                break
            ctx.keep_unknown(kept, f"{where}.communication[{i}].language", coded.system, coded.code)
        if "preferred_language" in data:
            break
