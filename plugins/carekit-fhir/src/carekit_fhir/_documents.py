"""Export of what was said and shared: ExpectationAlignment → Encounter + Communication;
InformationRecord → Communication + QuestionnaireResponse (teach-back); SafetyCheckIn →
Observation; LearningStory → DocumentReference + Media (media only with consent); Consent →
Consent."""

from __future__ import annotations

import base64
import datetime as dt

from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.communication import Communication, CommunicationPayload
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.consent import ConsentProvision
from fhir.resources.R4B.documentreference import (
    DocumentReference,
    DocumentReferenceContent,
    DocumentReferenceContext,
)
from fhir.resources.R4B.encounter import Encounter, EncounterParticipant
from fhir.resources.R4B.media import Media
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from fhir.resources.R4B.reference import Reference

from carekit.model import (
    Consent,
    ExpectationAlignment,
    InformationRecord,
    LearningStory,
    MediaItem,
    SafetyCheckIn,
)
from carekit.privacy import check_media_url
from carekit.workflows import consent_active_on
from carekit_fhir import _codes as c
from carekit_fhir._care import _actor, _kind, _notes
from carekit_fhir._common import (
    ExportContext,
    codeable,
    coding,
    derived_id,
    ext,
    record_extension,
    record_identifier,
)
from carekit_fhir._status import fhir_status

__all__ = [
    "alignment_to_encounter",
    "check_in_to_observation",
    "consent_to_consent",
    "information_to_communication",
    "media_allowed",
    "story_to_document",
]

_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
_MEDIA_TYPE = "http://terminology.hl7.org/CodeSystem/media-type"
_MEDIA_KIND = {"photo": "image", "drawing": "image", "video": "video", "audio": "audio"}


def alignment_to_encounter(alignment: ExpectationAlignment, ctx: ExportContext) -> None:
    status = fhir_status("expectation-alignment", alignment.status).value
    start = alignment.held_at or dt.datetime.combine(alignment.scheduled_for, dt.time(), dt.UTC)
    ctx.add(
        alignment.id,
        Encounter(
            identifier=[record_identifier(alignment.id)],
            status=status,
            class_fhir=coding(_ACT_CODE, "HH", "home health"),
            type=[_kind(alignment.kind, "Forventningsafstemning")],
            subject=ctx.patient(alignment),
            participant=[
                EncounterParticipant(individual=Reference(display=p.name))
                for p in alignment.participants
            ]
            or None,
            period=Period(start=start),
            extension=[record_extension(alignment)],
        ),
    )
    lines = [
        *(f"Det tilbyder vi: {x}" for x in alignment.offered),
        *(f"Det tilbyder vi ikke: {x}" for x in alignment.not_offered),
        *(f"Borgerens forventning: {x}" for x in alignment.citizen_expectations),
        *(
            f"Uoverensstemmelse{' (løst)' if g.resolved else ''}: {g.description}"
            for g in alignment.gaps
        ),
        *(
            f"Aftale: {a.text} (ansvarlig: {a.owner.name or a.owner.id})"
            for a in alignment.agreements
        ),
    ]
    comm_status = {"planned": "preparation", "cancelled": "not-done"}.get(status, "completed")
    comm_id = derived_id(alignment.id, "Communication")
    ctx.add(
        comm_id,
        Communication(
            identifier=[record_identifier(alignment.id)],
            status=comm_status,
            category=[_kind(alignment.kind, "Forventningsafstemning")],
            subject=ctx.patient(alignment),
            encounter=Reference(reference=f"urn:uuid:{alignment.id}", type="Encounter"),
            sender=_actor(alignment.responsible),
            payload=[CommunicationPayload(contentString=line) for line in lines] or None,
        ),
    )


def information_to_communication(info: InformationRecord, ctx: ExportContext) -> None:
    payload = [
        f"Det sker nu: {info.now}",
        f"Hvorfor: {info.why}",
        f"Det kan du forvente: {info.what_next}",
    ]
    if info.preparation_text:
        payload.append(f"Forberedelse ({info.preparation.label.da}): {info.preparation_text}")
    ctx.add(
        info.id,
        Communication(
            identifier=[record_identifier(info.id)],
            status="completed",
            category=[_kind(info.kind, "Information til borgeren")],
            medium=[codeable(text=info.given_how.label.da)],
            subject=ctx.patient(info),
            topic=codeable(text=info.topic),
            sent=info.given_at,
            sender=_actor(info.given_by),
            payload=[CommunicationPayload(contentString=p) for p in payload],
            note=_notes(
                f"Skriftligt materiale: {info.written_material}" if info.written_material else None
            ),
            extension=[record_extension(info)],
        ),
    )
    items = [
        QuestionnaireResponseItem(
            linkId="understanding",
            text="Gav informationen mening for borgeren?",
            answer=[
                QuestionnaireResponseItemAnswer(
                    valueCoding=coding(
                        f"{c.CAREKIT_BASE}/CodeSystem/understanding",
                        info.understanding.value,
                        info.understanding.label.da,
                    )
                )
            ],
        ),
        QuestionnaireResponseItem(
            linkId="re_explained",
            text="Forklaret igen",
            answer=[QuestionnaireResponseItemAnswer(valueBoolean=info.re_explained)],
        ),
    ]
    if info.citizen_words:
        items.append(
            QuestionnaireResponseItem(
                linkId="citizen_words",
                text="Med borgerens ord",
                answer=[QuestionnaireResponseItemAnswer(valueString=info.citizen_words)],
            )
        )
    qid = derived_id(info.id, "QuestionnaireResponse")
    ctx.add(
        qid,
        QuestionnaireResponse(
            identifier=record_identifier(info.id),
            status="completed" if info.understanding.value != "not_checked" else "in-progress",
            subject=ctx.patient(info),
            authored=info.given_at,
            author=_actor(info.given_by),
            basedOn=None,
            partOf=None,
            item=items,
        ),
    )


def check_in_to_observation(check_in: SafetyCheckIn, ctx: ExportContext) -> None:
    categories = [_kind(check_in.kind, "Tryghedsmåling")]
    if check_in.method.value == "phone":
        categories.append(codeable(coding(c.KL_CARE_SOCIAL_SYSTEM, *c.KL_CONTACT_PHONE)))
    elif check_in.method.value == "video":
        categories.append(codeable(coding(c.KL_CARE_SOCIAL_SYSTEM, *c.KL_CONTACT_SCREEN)))
    ctx.add(
        check_in.id,
        Observation(
            identifier=[record_identifier(check_in.id)],
            status="final",
            category=categories,
            code=codeable(text="Hvor tryg føler du dig? (1-5)"),
            subject=ctx.patient(check_in),
            effectiveDateTime=check_in.asked_at,
            performer=[_actor(check_in.asked_by)],
            valueInteger=check_in.rating,
            method=codeable(text=check_in.method.label.da),
            note=_notes(
                check_in.citizen_words, ", ".join(a.label.da for a in check_in.approach) or None
            ),
            extension=[record_extension(check_in)],
        ),
    )


def media_allowed(item: MediaItem, ctx: ExportContext) -> bool:
    """A media item is exported only when its URL may leave carekit (``https://`` or a
    carekit ``media://store/path`` reference: :func:`carekit.privacy.check_media_url`) and
    with a consent in the export that is active today (the Europe/Copenhagen calendar date,
    read from the consent's times in that zone too) and covers photos/film or learning
    stories."""
    if item.consent_id is None or check_media_url(item.reference) is not None:
        return False
    consent = ctx.consents.get(item.consent_id)
    if consent is None:
        return False
    return bool(
        consent_active_on(consent, ctx.today)
        and consent.purpose.value in ("photos_and_film", "learning_story")
    )


def story_to_document(story: LearningStory, ctx: ExportContext) -> None:
    mapping = fhir_status("learning-story", story.status)
    status = mapping.value if mapping.element == "status" else "current"
    doc_status = mapping.value if mapping.element == "docStatus" else None
    text = f"{story.title}\n\n{story.narrative}\n\nDet lærte vi: {story.learned}"
    ctx.add(
        story.id,
        DocumentReference(
            identifier=[record_identifier(story.id)],
            status=status,
            docStatus=doc_status,
            type=_kind(story.kind, "Lærerig fortælling"),
            subject=ctx.patient(story),
            date=story.updated_at,
            author=[Reference(display=a.name or a.id) for a in story.authors] or None,
            description=story.title,
            content=[
                DocumentReferenceContent(
                    attachment=Attachment(
                        contentType="text/plain; charset=utf-8",
                        language="da",
                        title=story.title,
                        data=base64.b64encode(text.encode()),
                    )
                )
            ],
            context=DocumentReferenceContext(
                related=[ctx.ref(t) for t in story.trial_action_ids] or None
            )
            if story.trial_action_ids
            else None,
            extension=[record_extension(story)],
        ),
    )
    for item in story.media:
        if not media_allowed(item, ctx):
            continue
        media_type = _MEDIA_KIND.get(item.media_type.value)
        ctx.add(
            derived_id(story.id, f"media/{item.id}"),
            Media(
                identifier=[record_identifier(item.id)],
                status="completed",
                type=codeable(coding(_MEDIA_TYPE, media_type)) if media_type else None,
                subject=ctx.patient(story),
                createdDateTime=item.created_at,
                operator=_actor(item.creator),
                content=Attachment(url=item.reference, title=item.caption),
                partOf=[Reference(reference=f"urn:uuid:{story.id}", type="DocumentReference")],
            ),
        )


def consent_to_consent(consent: Consent, ctx: ExportContext) -> None:
    ctx.add(
        consent.id,
        FhirConsent(
            identifier=[record_identifier(consent.id)],
            status="inactive" if consent.withdrawn_at else "active",
            scope=codeable(
                coding(
                    "http://terminology.hl7.org/CodeSystem/consentscope",
                    "patient-privacy",
                    "Privacy Consent",
                )
            ),
            category=[
                codeable(
                    coding(
                        c.CONSENT_PURPOSE_SYSTEM, consent.purpose.value, consent.purpose.label.da
                    ),
                    text=consent.scope,
                ),
                # the standard code the R4 binding (consent-category, extensible) expects
                codeable(coding(c.LOINC_SYSTEM, *c.LOINC_PATIENT_CONSENT)),
            ],
            patient=ctx.patient(consent),
            dateTime=consent.given_at,
            performer=[Reference(display=consent.given_by_name or consent.given_by.label.da)],
            policyRule=codeable(coding(_ACT_CODE, "OPTIN", "opt-in")),
            provision=ConsentProvision(
                type="permit",
                period=Period(
                    start=consent.given_at, end=consent.withdrawn_at or consent.valid_until
                ),
            ),
            extension=[
                record_extension(consent),
                *(
                    []
                    if consent.legal_basis is None
                    else [ext(c.EXT_CONSENT_LEGAL_BASIS, valueCode=consent.legal_basis.value)]
                ),
            ],
        ),
    )
