"""NetworkMember ⇄ RelatedPerson (private network) or Practitioner + PractitionerRole
(professionals); CareNetwork ⇄ CareTeam."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.careteam import CareTeam, CareTeamParticipant
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole, PractitionerRoleAvailableTime
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.relatedperson import RelatedPerson

from carekit.model import AnswerTime, CareNetwork, NetworkMember, Phone, Role
from carekit_fhir import _codes as c
from carekit_fhir._common import (
    ExportContext,
    codeable,
    coding,
    derived_id,
    ext,
    ext_value,
    find_exts,
    record_extension,
    record_identifier,
)
from carekit_fhir._reading import ImportContext
from carekit_fhir._status import fhir_status

__all__ = [
    "care_network_to_care_team",
    "care_team_to_network",
    "member_reference_target",
    "member_to_resources",
    "practitioner_role_to_member",
    "related_person_to_member",
]

_ROLES = {r.value for r in Role}
_ANSWERS = {a.value for a in AnswerTime}
_STANDARD_ROLE = {code: role for role, (_s, code, _d) in c.RELATIONSHIP.items()}


def member_reference_target(member: NetworkMember) -> tuple[str, Any]:
    """Which resource references to *member* point at (type, fullUrl uuid)."""
    if member.side.value == "public":
        return "PractitionerRole", derived_id(member.id, "PractitionerRole")
    return "RelatedPerson", member.id


def _telecom(member: NetworkMember) -> list[ContactPoint]:
    points = []
    for rank, phone in enumerate(member.phones, start=1):
        extensions = [ext(c.EXT_ANSWERS, valueCode=a.value) for a in phone.answers]
        if phone.hours is not None:
            extensions.append(ext(c.EXT_HOURS, valueString=phone.hours))
        if phone.label is not None:
            extensions.append(ext(c.EXT_PHONE_LABEL, valueString=phone.label))
        points.append(
            ContactPoint(system="phone", value=phone.number, rank=rank, extension=extensions)
        )
    if member.email is not None:
        points.append(ContactPoint(system="email", value=member.email))
    return points


def _available_times(member: NetworkMember) -> list[PractitionerRoleAvailableTime]:
    answers = {a.value for phone in member.phones for a in phone.answers}
    times = []
    for answer, (days, all_day, start, end) in c.AVAILABLE_TIME.items():
        if answer in answers:
            times.append(
                PractitionerRoleAvailableTime(
                    daysOfWeek=list(days),
                    allDay=all_day or None,
                    availableStartTime=dt.time.fromisoformat(start) if start else None,
                    availableEndTime=dt.time.fromisoformat(end) if end else None,
                )
            )
    return times


def _flags(member: NetworkMember) -> list[Any]:
    return [
        record_extension(member),
        ext(c.EXT_CONSENT_TO_SHARE, valueBoolean=member.consent_to_share),
        ext(c.EXT_IS_CONTACT_PERSON, valueBoolean=member.is_contact_person),
    ]


def member_to_resources(member: NetworkMember, ctx: ExportContext) -> None:
    active = fhir_status("network-member", member.status).value == "true"
    role_coding = [coding(c.ROLE_SYSTEM, member.role.value, member.role.label.da)]
    name = [HumanName(text=member.name)]
    if member.side.value == "private":
        codings = list(role_coding)
        if member.role.value in c.RELATIONSHIP:
            codings.append(coding(*c.RELATIONSHIP[member.role.value]))
        relationship = [codeable(*codings, text=member.role_text)]
        if member.is_contact_person:
            relationship.append(codeable(coding(*c.ECON)))
        extensions = _flags(member)
        if member.organisation is not None:
            extensions.append(ext(c.EXT_ORGANISATION, valueString=member.organisation))
        ctx.add(
            member.id,
            RelatedPerson(
                identifier=[record_identifier(member.id)],
                active=active,
                patient=ctx.patient(member),
                relationship=relationship,
                name=name,
                telecom=_telecom(member) or None,
                extension=extensions,
            ),
        )
        return
    ctx.add(
        member.id,
        Practitioner(
            identifier=[record_identifier(member.id)],
            active=active,
            name=name,
            extension=[record_extension(member)],
        ),
    )
    codings = list(role_coding)
    if member.role.value in c.MEDCOM_ROLE:
        codings.append(coding(*c.MEDCOM_ROLE[member.role.value]))
    ctx.add(
        derived_id(member.id, "PractitionerRole"),
        PractitionerRole(
            identifier=[record_identifier(member.id)],
            active=active,
            practitioner=Reference(
                reference=f"urn:uuid:{member.id}",
                type="Practitioner",
                identifier=record_identifier(member.id),
                display=member.name,
            ),
            organization=(Reference(display=member.organisation) if member.organisation else None),
            code=[codeable(*codings, text=member.role_text)],
            telecom=_telecom(member) or None,
            availableTime=_available_times(member) or None,
            extension=_flags(member)[1:],
        ),
    )


def _phones(
    telecom: list[ContactPoint] | None, where: str, ctx: ImportContext, kept: dict[str, Any]
) -> tuple[list[Phone], str | None]:
    phones: list[Phone] = []
    email: str | None = None
    for i, point in enumerate(telecom or ()):
        if point.system == "email" and point.value:
            email = point.value
            continue
        if point.system != "phone" or not point.value:
            ctx.keep_unknown(
                kept, f"{where}.telecom[{i}].system", "contact-point-system", point.system
            )
            continue
        answers = []
        for e in find_exts(point.extension, c.EXT_ANSWERS):
            if e.valueCode in _ANSWERS:
                answers.append(e.valueCode)
            else:
                ctx.keep_unknown(
                    kept, f"{where}.telecom[{i}].extension", c.EXT_ANSWERS, e.valueCode
                )
        phone: dict[str, Any] = {"number": point.value}
        if answers:
            phone["answers"] = answers
        hours = ext_value(point.extension, c.EXT_HOURS)
        if hours is not None:
            phone["hours"] = hours
        label = ext_value(point.extension, c.EXT_PHONE_LABEL)
        if label is not None:
            phone["label"] = label
        phones.append(Phone.model_validate(phone))
    return phones, email


def _role_from(
    concepts: list[CodeableConcept] | None,
    where: str,
    ctx: ImportContext,
    kept: dict[str, Any],
    reverse: dict[str, str],
) -> tuple[str, str | None, bool]:
    """(role, role_text, ECON seen) from relationship / code concepts."""
    role: str | None = None
    fallback: str | None = None
    text: str | None = None
    econ = False
    for i, concept in enumerate(concepts or ()):
        text = text or concept.text
        for coded in concept.coding or ():
            if coded.system == c.ROLE_SYSTEM and coded.code in _ROLES:
                role = coded.code
            elif coded.code == c.ECON[1]:
                econ = True
            elif coded.code in reverse:
                fallback = fallback or reverse[coded.code]
            elif coded.system != c.ROLE_SYSTEM and role is None:
                ctx.keep_unknown(kept, f"{where}[{i}].coding", coded.system, coded.code)
    return role or fallback or "other", text, econ


def _finish(data: dict[str, Any], kept: dict[str, Any], extensions: Any) -> dict[str, Any]:
    consent = ext_value(extensions, c.EXT_CONSENT_TO_SHARE)
    if isinstance(consent, bool):
        data["consent_to_share"] = consent
    contact = ext_value(extensions, c.EXT_IS_CONTACT_PERSON)
    if isinstance(contact, bool):
        data["is_contact_person"] = contact
    if kept:
        data.setdefault("extensions", {}).setdefault(c.EXTENSION_NAMESPACE, {}).update(kept)
    return data


def _status(data: dict[str, Any], active: bool | None) -> None:
    if "status" not in data:
        data["status"] = "active" if active else "inactive"


def related_person_to_member(
    person: RelatedPerson, where: str, address: str, ctx: ImportContext
) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    data: dict[str, Any] = {"kind": "network_member", "side": "private", **ctx.envelope(person)}
    data["id"] = ctx.record_id(person, address)
    patient_id = ctx.reference_id(person.patient, f"{where}.patient")
    data.setdefault("citizen_id", patient_id)
    _status(data, person.active)
    data["name"] = _human_name(person.name) or "?"
    role, text, econ = _role_from(
        person.relationship, f"{where}.relationship", ctx, kept, _STANDARD_ROLE
    )
    data["role"] = role
    if text is not None:
        data["role_text"] = text
    data["is_contact_person"] = econ
    organisation = ext_value(person.extension, c.EXT_ORGANISATION)
    if organisation is not None:
        data["organisation"] = organisation
    data["phones"], email = _phones(person.telecom, where, ctx, kept)
    if email is not None:
        data["email"] = email
    return _finish(data, kept, person.extension)


def _human_name(names: list[HumanName] | None) -> str | None:
    for name in names or ():
        if name.text:
            return str(name.text)
        joined = " ".join(p for p in [*(name.given or ()), name.family or ""] if p)
        if joined:
            return joined
    return None


_MEDCOM_REVERSE = {code: role for role, (_s, code, _d) in reversed(list(c.MEDCOM_ROLE.items()))}


def practitioner_role_to_member(
    role_res: PractitionerRole, where: str, address: str, ctx: ImportContext
) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    practitioner = ctx.resolve(role_res.practitioner, f"{where}.practitioner")
    envelope = ctx.envelope(practitioner) if practitioner is not None else ctx.envelope(role_res)
    data: dict[str, Any] = {"kind": "network_member", "side": "public", **envelope}
    data["id"] = ctx.record_id(role_res, address)
    _status(data, role_res.active)
    name = _human_name(practitioner.name) if practitioner is not None else None
    if name is None and role_res.practitioner is not None:
        name = role_res.practitioner.display
    data["name"] = name or "?"
    role, text, _econ = _role_from(role_res.code, f"{where}.code", ctx, kept, _MEDCOM_REVERSE)
    data["role"] = role
    if text is not None:
        data["role_text"] = text
    if role_res.organization is not None and role_res.organization.display:
        data["organisation"] = role_res.organization.display
    data["phones"], email = _phones(role_res.telecom, where, ctx, kept)
    if email is not None:
        data["email"] = email
    return _finish(data, kept, role_res.extension)


def care_network_to_care_team(network: CareNetwork, ctx: ExportContext) -> None:
    participants = []
    ids = list(network.member_ids)
    if network.coordinator_id is not None and network.coordinator_id not in ids:
        ids.append(network.coordinator_id)
    for member_id in ids:
        roles = []
        if member_id in network.member_ids:
            roles.append(coding(c.PARTICIPATION_SYSTEM, "member", "Medlem"))
        if member_id == network.coordinator_id:
            roles.append(coding(c.PARTICIPATION_SYSTEM, "coordinator", "Koordinator"))
        participants.append(CareTeamParticipant(role=[codeable(*roles)], member=ctx.ref(member_id)))
    extensions = [record_extension(network)]
    if network.next_meeting is not None:
        extensions.append(ext(c.EXT_NEXT_MEETING, valueDate=network.next_meeting))
    ctx.add(
        network.id,
        CareTeam(
            identifier=[record_identifier(network.id)],
            status="active",
            category=[codeable(coding(c.FSIII_SYSTEM, *c.FSIII_NETWORK))],
            subject=ctx.patient(network),
            participant=participants or None,
            note=[Annotation(text=network.coordination)] if network.coordination else None,
            extension=extensions,
        ),
    )


def care_team_to_network(
    team: CareTeam, where: str, address: str, ctx: ImportContext
) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "care_network", **ctx.envelope(team)}
    data["id"] = ctx.record_id(team, address)
    data.setdefault("citizen_id", ctx.reference_id(team.subject, f"{where}.subject"))
    members = []
    for i, participant in enumerate(team.participant or ()):
        member_id = ctx.reference_id(participant.member, f"{where}.participant[{i}].member")
        if member_id is None:
            continue
        codes = {
            coded.code
            for concept in participant.role or ()
            for coded in concept.coding or ()
            if coded.system == c.PARTICIPATION_SYSTEM
        }
        if "coordinator" in codes:
            data["coordinator_id"] = member_id
        if "member" in codes or not codes:
            members.append(member_id)
    data["member_ids"] = members
    if team.note:
        data["coordination"] = team.note[0].text
    next_meeting = ext_value(team.extension, c.EXT_NEXT_MEETING)
    if next_meeting is not None:
        data["next_meeting"] = next_meeting
    return data
