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
    record_id_of,
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
        here = f"{where}.telecom[{i}]"
        if point.system == "email" and point.value and email is None:
            email = point.value
            ctx.use(f"{here}.system", f"{here}.value")
            continue
        if point.system != "phone" or not point.value:
            ctx.keep_unknown(
                kept, f"{where}.telecom[{i}].system", "contact-point-system", point.system
            )
            continue
        ctx.use(f"{here}.system", f"{here}.value", f"{here}.rank")
        ctx.use_extensions(point.extension, here, _PHONE_EXTENSIONS)
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


_PHONE_EXTENSIONS = frozenset({c.EXT_ANSWERS, c.EXT_HOURS, c.EXT_PHONE_LABEL})
_MEMBER_EXTENSIONS = frozenset(
    {c.EXT_RECORD, c.EXT_CONSENT_TO_SHARE, c.EXT_IS_CONTACT_PERSON, c.EXT_ORGANISATION}
)


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
        if concept.text and text is None:
            text = concept.text
            ctx.use(f"{where}[{i}].text")
        for j, coded in enumerate(concept.coding or ()):
            if coded.system == c.ROLE_SYSTEM and coded.code in _ROLES:
                role = coded.code
                ctx.use(f"{where}[{i}].coding[{j}]")
            elif coded.code == c.ECON[1]:
                econ = True
                ctx.use(f"{where}[{i}].coding[{j}]")
            elif coded.code in reverse:
                fallback = fallback or reverse[coded.code]
                ctx.use(f"{where}[{i}].coding[{j}]")
            elif coded.system != c.ROLE_SYSTEM and role is None:
                ctx.keep_unknown(kept, f"{where}[{i}].coding", coded.system, coded.code)
    return role or fallback or "other", text, econ


def _finish(
    data: dict[str, Any], kept: dict[str, Any], extensions: Any, where: str, ctx: ImportContext
) -> dict[str, Any]:
    ctx.use_extensions(extensions, where, _MEMBER_EXTENSIONS)
    consent = ext_value(extensions, c.EXT_CONSENT_TO_SHARE)
    if isinstance(consent, bool):
        data["consent_to_share"] = consent
    contact = ext_value(extensions, c.EXT_IS_CONTACT_PERSON)
    if isinstance(contact, bool):
        data["is_contact_person"] = contact
    if kept:
        data.setdefault("extensions", {}).setdefault(c.EXTENSION_NAMESPACE, {}).update(kept)
    return data


def _status(data: dict[str, Any], active: bool | None, where: str, ctx: ImportContext) -> None:
    ctx.use(f"{where}.active")
    if "status" not in data:
        data["status"] = "active" if active else "inactive"


def _ids(identifiers: Any, record_id: Any, where: str, ctx: ImportContext) -> None:
    for i, ident in enumerate(identifiers or ()):
        if ident.system == c.RECORD_ID_SYSTEM and record_id_of([ident]) == record_id:
            ctx.use(f"{where}.identifier[{i}]")


def _name(names: Any, where: str, ctx: ImportContext) -> Any:
    """The member's name; None (so the record fails, reported) when there is none: carekit
    never makes one up."""
    return ctx.take_name(names, where)


def related_person_to_member(
    person: RelatedPerson, where: str, address: str, ctx: ImportContext
) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    data: dict[str, Any] = {"kind": "network_member", "side": "private", **ctx.envelope(person)}
    data["id"] = ctx.record_id(person, address)
    _ids(person.identifier, data["id"], where, ctx)
    patient_id = ctx.reference_id(person.patient, f"{where}.patient")
    data.setdefault("citizen_id", patient_id)
    _status(data, person.active, where, ctx)
    data["name"] = _name(person.name, where, ctx)
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
    return _finish(data, kept, person.extension, where, ctx)


_MEDCOM_REVERSE = {code: role for role, (_s, code, _d) in reversed(list(c.MEDCOM_ROLE.items()))}


def practitioner_role_to_member(
    role_res: PractitionerRole, where: str, address: str, ctx: ImportContext
) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    practitioner = ctx.resolve(role_res.practitioner, f"{where}.practitioner")
    envelope = ctx.envelope(practitioner) if practitioner is not None else ctx.envelope(role_res)
    data: dict[str, Any] = {"kind": "network_member", "side": "public", **envelope}
    data["id"] = ctx.record_id(role_res, address)
    _ids(role_res.identifier, data["id"], where, ctx)
    if "citizen_id" not in data and id(role_res) in ctx.citizen_of:
        data["citizen_id"] = ctx.citizen_of[id(role_res)]
    _status(data, role_res.active, where, ctx)
    name = None
    if practitioner is not None:
        pwhere = ctx.path_of(practitioner)
        name = ctx.take_name(practitioner.name, pwhere)
        ctx.use(f"{pwhere}.active", f"{pwhere}.resourceType")
        _ids(practitioner.identifier, data["id"], pwhere, ctx)
        ctx.use_extensions(practitioner.extension, pwhere, _MEMBER_EXTENSIONS)
    if name is None and role_res.practitioner is not None and role_res.practitioner.display:
        name = role_res.practitioner.display
        ctx.use(f"{where}.practitioner.display")
    data["name"] = name
    role, text, _econ = _role_from(role_res.code, f"{where}.code", ctx, kept, _MEDCOM_REVERSE)
    data["role"] = role
    if text is not None:
        data["role_text"] = text
    ctx.use(f"{where}.practitioner.reference", f"{where}.practitioner.type")
    ctx.use(f"{where}.practitioner.identifier", f"{where}.availableTime")
    if role_res.organization is not None and role_res.organization.display:
        data["organisation"] = role_res.organization.display
        ctx.use(f"{where}.organization.display")
    data["phones"], email = _phones(role_res.telecom, where, ctx, kept)
    if email is not None:
        data["email"] = email
    return _finish(data, kept, role_res.extension, where, ctx)


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
    _ids(team.identifier, data["id"], where, ctx)
    data.setdefault("citizen_id", ctx.reference_id(team.subject, f"{where}.subject"))
    ctx.use_extensions(team.extension, where, frozenset({c.EXT_RECORD, c.EXT_NEXT_MEETING}))
    ctx.use(f"{where}.status")
    for i, concept in enumerate(team.category or ()):
        for j, coded in enumerate(concept.coding or ()):
            if (coded.system, coded.code) == (c.FSIII_SYSTEM, c.FSIII_NETWORK[0]):
                ctx.use(f"{where}.category[{i}].coding[{j}]")
    members = []
    for i, participant in enumerate(team.participant or ()):
        member_id = ctx.reference_id(participant.member, f"{where}.participant[{i}].member")
        if member_id is None:
            continue
        codes = set()
        for j, concept in enumerate(participant.role or ()):
            for k, coded in enumerate(concept.coding or ()):
                if coded.system == c.PARTICIPATION_SYSTEM:
                    codes.add(coded.code)
                    ctx.use(f"{where}.participant[{i}].role[{j}].coding[{k}]")
        if "coordinator" in codes:
            data["coordinator_id"] = member_id
        if "member" in codes or not codes:
            members.append(member_id)
    data["member_ids"] = members
    if team.note and team.note[0].text:
        data["coordination"] = team.note[0].text
        ctx.use(f"{where}.note[0].text")
    next_meeting = ext_value(team.extension, c.EXT_NEXT_MEETING)
    if next_meeting is not None:
        data["next_meeting"] = next_meeting
    return data
