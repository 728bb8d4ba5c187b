"""Code systems, codes and extension URLs the FHIR adapter uses.

Every code is cited with where it comes from (see docs/fhir.md, "Codes used"):

- DK Core (hl7dk/dk-core): CPR identifier system, SOR, RelatedPerson relationship codes
  (``ECON`` in HL7 v3 RoleCode with the Danish display "Primær kontakt", ``PRICARE`` in the DK
  Core CodeSystem ``dk-relatedperson-relationshipcodes``).
- KL Terminologi 2.3.0 (hl7dk/kl-term): FSIII (``urn:oid:1.2.208.176.2.21``) and CareSocialCodes
  (``http://fhir.kl.dk/term/CodeSystem/CareSocialCodes``).
- MedCom Terminology 2.0.0 (ValueSet ``medcom-core-PractitionerRoles``).
"""

from __future__ import annotations

from typing import Final

#: DK Core CPR identifier system.
CPR_SYSTEM: Final = "urn:oid:1.2.208.176.1.2"
#: DK Core SOR identifier system (organisations); not written by carekit, read when present.
SOR_SYSTEM: Final = "urn:oid:1.2.208.176.1.1"
#: carekit's record ids are UUIDs; RFC 3986 is the FHIR way to say "the value is a URI".
RECORD_ID_SYSTEM: Final = "urn:ietf:rfc:3986"

FSIII_SYSTEM: Final = "urn:oid:1.2.208.176.2.21"
KL_CARE_SOCIAL_SYSTEM: Final = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes"
V3_ROLE_CODE_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
DK_RELATED_PERSON_SYSTEM: Final = (
    "http://hl7.dk/fhir/core/CodeSystem/dk-relatedperson-relationshipcodes"
)
MEDCOM_ROLES_AUTREG: Final = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-core-PractitionerRolesAutorisationsregistret"
MEDCOM_ROLES_SKS: Final = (
    "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-core-PractitionerRolesSKSadministrativ"
)
BCP47_SYSTEM: Final = "urn:ietf:bcp:47"
LOINC_SYSTEM: Final = "http://loinc.org"
#: LOINC 59284-0 "Patient Consent", in the R4 ValueSet consent-category (Consent.category).
LOINC_PATIENT_CONSENT: Final = ("59284-0", "Patient Consent")
INTERPRETER_REQUIRED_URL: Final = (
    "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
)

#: carekit's own code systems and extensions (values are carekit's enum values, verbatim).
CAREKIT_BASE: Final = "https://carekit.dk/fhir"
ROLE_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/network-role"
STATE_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/workflow-state"
SITUATION_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/situation"
PARTICIPATION_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/network-participation"
KIND_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/record-kind"
CONSENT_PURPOSE_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/consent-purpose"
CONSENT_BASIS_SYSTEM: Final = f"{CAREKIT_BASE}/CodeSystem/consent-basis"
EXT_RECORD: Final = f"{CAREKIT_BASE}/StructureDefinition/record"
EXT_RESIDENCE: Final = f"{CAREKIT_BASE}/StructureDefinition/residence"
EXT_LIFE_STORY: Final = f"{CAREKIT_BASE}/StructureDefinition/life-story"
EXT_CONTACT_PERSON: Final = f"{CAREKIT_BASE}/StructureDefinition/contact-person"
EXT_IS_CONTACT_PERSON: Final = f"{CAREKIT_BASE}/StructureDefinition/is-contact-person"
EXT_CONSENT_TO_SHARE: Final = f"{CAREKIT_BASE}/StructureDefinition/consent-to-share"
#: On a Consent: the legal basis it was given on (a code of :data:`CONSENT_BASIS_SYSTEM`).
EXT_CONSENT_LEGAL_BASIS: Final = f"{CAREKIT_BASE}/StructureDefinition/consent-legal-basis"
EXT_ORGANISATION: Final = f"{CAREKIT_BASE}/StructureDefinition/organisation"
EXT_ANSWERS: Final = f"{CAREKIT_BASE}/StructureDefinition/answers"
EXT_HOURS: Final = f"{CAREKIT_BASE}/StructureDefinition/hours"
EXT_PHONE_LABEL: Final = f"{CAREKIT_BASE}/StructureDefinition/phone-label"
EXT_NEXT_MEETING: Final = f"{CAREKIT_BASE}/StructureDefinition/next-meeting"
EXT_UNKNOWN_CODES: Final = f"{CAREKIT_BASE}/StructureDefinition/unknown-codes"
#: The namespace under which imported records keep what carekit could not map.
EXTENSION_NAMESPACE: Final = "dk.carekit.fhir"

# -- FSIII (urn:oid:1.2.208.176.2.21), KL Terminologi 2.3.0, fsiii-codes -------------------
#: Situation type → (FSIII code, display).  "more_help" and "custom" have no FSIII code.
FSIII_SITUATION: Final[dict[str, tuple[str, str]]] = {
    # I9.1 Akutte smerter
    "pain": ("6da78b57-2b00-43f2-b7f0-7045dd9aa1a5", "Akutte smerter"),
    # I2.1 Problemer med mobilitet og bevægelse
    "fall": ("92caace8-60e3-4861-80ac-6e372a700e1d", "Problemer med mobilitet og bevægelse"),
    # I6.2 Emotionelle problemer
    "anxiety": ("7b6a52c6-7e0d-4800-a223-ebdd2c9261e4", "Emotionelle problemer"),
    # I7.1 Respirationsproblemer
    "breathing": ("dae40f60-8dab-4bd3-ab72-b07d0f278692", "Respirationsproblemer"),
}
#: F8 Netværk - CareTeam.category of the citizen's network.
FSIII_NETWORK: Final = ("6e6d9fcb-5b78-4f4a-87ac-a25f5ee3f620", "Netværk")
#: Livshistorie (general information) - the citizen's life story.
FSIII_LIFE_STORY: Final = ("55dcbfa5-22e0-4765-8b9d-b2ea35f08aa3", "Livshistorie")
#: Motivation (general information) - the category of a trial action.
FSIII_MOTIVATION: Final = ("18eb83fc-a4fb-46ac-9d98-73ce76946c43", "Motivation")

# -- KL CareSocialCodes ---------------------------------------------------------------------
#: "FFB borgers mål og ønsker" - KL Goal category for the citizen's own wishes.
KL_GOAL_CITIZEN_WISHES: Final = (
    "416fe27d-3ccf-4390-8742-8b52a9d8dc78",
    "FFB borgers mål og ønsker",
)
#: "evaluering" - category of a trial action's evaluation observations.
KL_EVALUATION: Final = ("95ec4535-8fe8-4296-867c-35de421794cf", "evaluering")
#: "observation" (kontaktaktivitet) - category of sign observations.
KL_OBSERVATION: Final = ("bb6fc544-7f4f-4b50-8868-1431e0df2381", "observation")
#: "Telefonisk" (Kontaktklasse) - a check-in made by phone.
KL_CONTACT_PHONE: Final = ("1b55a4b0-1156-4f58-b2df-b5c6014d9048", "Telefonisk")
#: "Skærmbesøg" (Kontaktklasse) - a check-in made by video.
KL_CONTACT_SCREEN: Final = ("124be95d-6924-4609-9d2a-e7c73ae3ab3d", "Skærmbesøg")

# -- MedCom practitioner roles (ValueSet medcom-core-PractitionerRoles 2.0.0) -----------------
#: carekit role → (system, code, display), only where MedCom has a code.  ``sygeplejerske``,
#: ``psykolog`` and ``socialraadgiver`` checked (2026-12-01) against CodeSystem
#: medcom-core-PractitionerRolesSKSadministrativ 2.0.0 of 2025-09-22, all three ``active``
#: (``pyskolog``, a misspelt older code, is deprecated there).
MEDCOM_ROLE: Final[dict[str, tuple[str, str, str]]] = {
    "gp": (MEDCOM_ROLES_AUTREG, "laege", "Læge"),
    "psychiatrist": (MEDCOM_ROLES_AUTREG, "laege", "Læge"),
    "nurse": (MEDCOM_ROLES_SKS, "sygeplejerske", "Sygeplejerske"),
    "home_nursing": (MEDCOM_ROLES_SKS, "sygeplejerske", "Sygeplejerske"),
    "psychologist": (MEDCOM_ROLES_SKS, "psykolog", "Psykolog"),
    "social_worker": (MEDCOM_ROLES_SKS, "socialraadgiver", "Socialrådgiver"),
}

# -- RelatedPerson.relationship (DK Core RelatedPersonRelationshipTypes) ----------------------
#: carekit role → (system, code, display) for the private network.
RELATIONSHIP: Final[dict[str, tuple[str, str, str]]] = {
    "relative": (V3_ROLE_CODE_SYSTEM, "NOK", "next of kin"),
    "co_resident": (V3_ROLE_CODE_SYSTEM, "ROOM", "Roommate"),
    "contact_person": (DK_RELATED_PERSON_SYSTEM, "PRICARE", "Primary caretaker"),
}
#: The citizen's contact person among relatives: emergency contact ("Primær kontakt").
ECON: Final = (V3_ROLE_CODE_SYSTEM, "ECON", "emergency contact")

#: AnswerTime → PractitionerRole.availableTime (days, all day, start, end).
AVAILABLE_TIME: Final[dict[str, tuple[tuple[str, ...], bool, str | None, str | None]]] = {
    "weekdays": (("mon", "tue", "wed", "thu", "fri"), False, "08:00:00", "16:00:00"),
    "evenings": (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), False, "16:00:00", "23:00:00"),
    "nights": (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), False, "23:00:00", "08:00:00"),
    "weekends": (("sat", "sun"), True, None, None),
    "always": (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), True, None, None),
}
