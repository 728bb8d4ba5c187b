"""Records → one FHIR R4 transaction Bundle (conditional updates, ``urn:uuid`` references)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from fhir.resources.R4B.bundle import Bundle, BundleEntry, BundleEntryRequest

from carekit.model import Consent, NetworkMember, Record
from carekit_fhir import _codes as c
from carekit_fhir._care import (
    dream_to_goal,
    home_agreement_to_care_plan,
    perspective_to_communication,
    routine_to_care_plan,
    safety_plan_to_care_plan,
    trial_action_to_task,
)
from carekit_fhir._common import ExportContext
from carekit_fhir._documents import (
    alignment_to_encounter,
    check_in_to_observation,
    consent_to_consent,
    information_to_communication,
    story_to_document,
)
from carekit_fhir._masking import mask_bundle
from carekit_fhir._network import (
    care_network_to_care_team,
    member_reference_target,
    member_to_resources,
)
from carekit_fhir._patient import citizen_to_patient
from carekit_fhir._profiles import profile_of

__all__ = ["EXPORTERS", "RESOURCE_TYPE", "export_bundle", "unmasked_bundle"]

#: The resource type records of each kind become (the one references point at).
RESOURCE_TYPE: dict[str, str] = {
    "citizen": "Patient",
    "care_network": "CareTeam",
    "network_member": "RelatedPerson|PractitionerRole",
    "safety_plan": "CarePlan",
    "home_agreement": "CarePlan",
    "information_record": "Communication",
    "expectation_alignment": "Encounter",
    "safety_check_in": "Observation",
    "dream": "Goal",
    "perspective": "Communication",
    "trial_action": "Task",
    "routine": "CarePlan",
    "learning_story": "DocumentReference",
    "consent": "Consent",
}

EXPORTERS: dict[str, Callable[[Any, ExportContext], None]] = {
    "citizen": citizen_to_patient,
    "network_member": member_to_resources,
    "care_network": care_network_to_care_team,
    "safety_plan": safety_plan_to_care_plan,
    "home_agreement": home_agreement_to_care_plan,
    "routine": routine_to_care_plan,
    "dream": dream_to_goal,
    "trial_action": trial_action_to_task,
    "perspective": perspective_to_communication,
    "expectation_alignment": alignment_to_encounter,
    "information_record": information_to_communication,
    "safety_check_in": check_in_to_observation,
    "learning_story": story_to_document,
    "consent": consent_to_consent,
}

_ORDER = {kind: i for i, kind in enumerate(EXPORTERS)}


def _target(record: Record) -> tuple[str, uuid.UUID]:
    if isinstance(record, NetworkMember):
        return member_reference_target(record)
    return RESOURCE_TYPE[record.kind], record.id


def export_bundle(
    records: Iterable[Record],
    *,
    citizen_ids: Iterable[str | uuid.UUID] | None = None,
    today: dt.date | None = None,
    include_cpr: bool = False,
) -> dict[str, Any]:
    """The records (of *citizen_ids* only, when given) as a FHIR R4 transaction Bundle.

    No CPR number leaves unmasked unless asked: every string (names, notes, descriptions,
    narratives, the record content) has CPR numbers in it masked as ``DDMMYY-XXXX``, and the
    Patient's DK Core CPR identifier is left out unless *include_cpr* is true (see
    :mod:`carekit_fhir._masking` for why it is left out rather than masked).

    Every entry is a conditional update ``PUT <Type>?identifier=urn:ietf:rfc:3986|urn:uuid:<id>``
    so pushing the same export twice creates nothing new; references between the exported
    resources are ``urn:uuid`` fullUrls, and every reference also carries the record
    identifier so it can be resolved on the server.  *today* decides which consents are active
    (for media in learning stories); it defaults to the current date (UTC).
    """
    data = unmasked_bundle(records, citizen_ids=citizen_ids, today=today)
    return mask_bundle(data, include_cpr=include_cpr)


def unmasked_bundle(
    records: Iterable[Record],
    *,
    citizen_ids: Iterable[str | uuid.UUID] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """:func:`export_bundle` before masking, the CPR identifier included: only for comparing
    within carekit (the import checks a resource against the one carekit makes from its
    record again), never to be written or sent."""
    wanted = {str(cid) for cid in citizen_ids} if citizen_ids is not None else None
    chosen = sorted(
        (r for r in records if wanted is None or str(r.citizen_id) in wanted),
        key=lambda r: (_ORDER[r.kind], str(r.id)),
    )
    ctx = ExportContext()
    if today is not None:
        ctx.today = today
    for record in chosen:
        ctx.in_bundle[record.id] = _target(record)
        if isinstance(record, Consent):
            ctx.consents[record.id] = record
    for record in chosen:
        EXPORTERS[record.kind](record, ctx)
    entries = []
    for full_url, resource in ctx.entries:
        identifiers = resource.identifier
        ident = identifiers[0] if isinstance(identifiers, list) else identifiers
        rtype = resource.get_resource_type()
        entries.append(
            BundleEntry(
                fullUrl=full_url,
                resource=resource,
                request=BundleEntryRequest(
                    method="PUT", url=f"{rtype}?identifier={c.RECORD_ID_SYSTEM}|{ident.value}"
                ),
            )
        )
    bundle = Bundle(type="transaction", entry=entries or None)
    data: dict[str, Any] = bundle.model_dump(mode="json")
    for entry in data.get("entry", ()):
        resource = entry["resource"]
        profile = profile_of(resource)
        if profile is not None:  # meta.profile: the carekit profile it conforms to
            entry["resource"] = {
                "resourceType": resource.pop("resourceType"),
                "meta": {"profile": [profile]},
                **resource,
            }
    return data
