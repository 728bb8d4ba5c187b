from __future__ import annotations

import json
import uuid
from typing import Any

from carekit_fhir import _codes as c
from carekit_fhir import export_bundle, import_bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records import CITIZEN_ID, make_record

from carekit.model import AnswerTime, CareNetwork, Citizen, NetworkMember, Role
from carekit.privacy import find_cprs

# The round trip holds for data without CPR numbers: an export masks every CPR number it
# finds, also a ten-digit phone number that could be one (test_masking.py and
# test_a_phone_number_that_could_be_a_cpr_number_is_masked_and_reported below).
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s != "" and not find_cprs(s))
phones: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    number=st.from_regex(r"\+?[0-9][0-9 ]{2,12}[0-9]", fullmatch=True).filter(
        lambda s: not find_cprs(s)
    ),
    answers=st.lists(
        st.sampled_from([a.value for a in AnswerTime]), min_size=1, max_size=3, unique=True
    ),
    hours=st.none() | texts,
    label=st.none() | texts,
)


@st.composite
def network_records(draw: st.DrawFn) -> list[Any]:
    cpr = draw(st.none() | st.sampled_from(["010190-1234", "311299-4321", "150504-9876"]))
    citizen = make_record(
        "citizen",
        0,
        display_name=draw(texts),
        cpr=cpr,
        residence=draw(st.sampled_from(["own_home", "nursing_home", "bosted", "hospice", "other"])),
        preferred_language=draw(st.sampled_from(["da", "en"])),
        interpreter_needed=draw(st.booleans()),
        life_story=draw(st.none() | texts),
        unit=draw(st.none() | texts),
        extensions=draw(st.sampled_from([{}, {"dk.acme": {"x": 1, "y": ["a"]}}])),
    )
    members = []
    for n in range(draw(st.integers(0, 3))):
        members.append(
            make_record(
                "network_member",
                n,
                status=draw(st.sampled_from(["proposed", "active", "suspended", "inactive"])),
                name=draw(texts),
                role=draw(st.sampled_from([r.value for r in Role])),
                role_text=draw(st.none() | texts),
                side=draw(st.sampled_from(["public", "private"])),
                organisation=draw(st.none() | texts),
                phones=draw(st.lists(phones, max_size=2)),
                email=draw(st.none() | st.just("kontakt@example.dk")),
                consent_to_share=draw(st.booleans()),
                is_contact_person=draw(st.booleans()),
            )
        )
    ids = [m.id for m in members]
    network = make_record(
        "care_network",
        0,
        member_ids=draw(st.permutations(ids)) if ids else [],
        coordinator_id=draw(st.none() | st.sampled_from(ids)) if ids else None,
        coordination=draw(st.none() | texts),
    )
    if bool(members) and draw(st.booleans()):
        citizen = citizen.model_copy(update={"contact_person_id": members[0].id})
    return [citizen, *members, network]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network_records())
def test_export_then_import_keeps_every_field_of_citizens_members_and_networks(
    records: list[Any],
) -> None:
    result = import_bundle(json.dumps(export_bundle(records, include_cpr=True)))
    assert result.findings == ()
    assert sorted(result.records, key=lambda r: str(r.id)) == sorted(
        records, key=lambda r: str(r.id)
    )


def _foreign_bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r} for r in resources],
    }


def test_foreign_patient_without_carekit_data_becomes_a_citizen_with_a_stable_id() -> None:
    bundle = _foreign_bundle(
        {
            "resourceType": "Patient",
            "identifier": [{"system": c.CPR_SYSTEM, "value": "0101901234"}],
            "name": [{"given": ["Ane"], "family": "Jensen"}],
        }
    )
    first, second = import_bundle(bundle), import_bundle(bundle)
    (citizen,) = first.records
    assert isinstance(citizen, Citizen)
    assert citizen.display_name == "Ane Jensen"
    assert citizen.cpr == "010190-1234"
    assert citizen.id == second.records[0].id
    assert first.ok


def test_unknown_codes_are_kept_in_the_record_extensions_not_dropped() -> None:
    bundle = _foreign_bundle(
        {"resourceType": "Patient", "id": "p1", "name": [{"text": "Ane"}]},
        {
            "resourceType": "RelatedPerson",
            "patient": {"reference": "Patient/p1"},
            "name": [{"text": "Nabo"}],
            "relationship": [{"coding": [{"system": "http://example.org/rel", "code": "XYZ"}]}],
        },
    )
    result = import_bundle(bundle)
    member = next(r for r in result.records if isinstance(r, NetworkMember))
    assert member.role == Role.OTHER
    kept = member.extensions[c.EXTENSION_NAMESPACE]["unknown_codes"]
    assert kept == [
        {
            "location": "Bundle.entry[1].resource.relationship[0].coding",
            "system": "http://example.org/rel",
            "code": "XYZ",
        }
    ]
    assert any(f.code == "unknown-code" and f.severity == "warning" for f in result.findings)


def test_standard_relationship_codes_map_back_to_carekit_roles() -> None:
    bundle = _foreign_bundle(
        {"resourceType": "Patient", "id": "p1", "name": [{"text": "Ane"}]},
        {
            "resourceType": "RelatedPerson",
            "patient": {"reference": "Patient/p1"},
            "name": [{"text": "Søn"}],
            "relationship": [
                {"coding": [{"system": c.V3_ROLE_CODE_SYSTEM, "code": "NOK"}]},
                {"coding": [{"system": c.V3_ROLE_CODE_SYSTEM, "code": "ECON"}]},
            ],
        },
    )
    member = next(r for r in import_bundle(bundle).records if isinstance(r, NetworkMember))
    assert member.role == Role.RELATIVE
    assert member.is_contact_person
    assert member.citizen_id == import_bundle(bundle).records[0].id


def test_unresolvable_references_are_reported_with_their_location() -> None:
    bundle = _foreign_bundle(
        {
            "resourceType": "CareTeam",
            "subject": {"reference": "Patient/missing"},
            "participant": [{"member": {"reference": "RelatedPerson/nowhere"}}],
        },
    )
    result = import_bundle(bundle)
    locations = {f.location for f in result.findings if f.code == "unresolved-reference"}
    assert locations == {
        "Bundle.entry[0].resource.subject",
        "Bundle.entry[0].resource.participant[0].member",
    }
    assert not result.ok


def test_invalid_element_is_reported_with_resource_element_and_path() -> None:
    bundle = _foreign_bundle({"resourceType": "Patient", "birthDate": "3. maj"})
    (finding,) = import_bundle(bundle).findings
    assert finding.location == "Bundle.entry[0].resource.birthDate"
    assert (finding.resource, finding.element) == ("Patient", "birthDate")
    assert finding.severity == "error"


def test_a_datatype_is_not_accepted_as_a_resource() -> None:
    result = import_bundle(_foreign_bundle({"resourceType": "Identifier", "value": "x"}))
    assert [f.code for f in result.findings] == ["unknown-resource-type"]


def test_cpr_numbers_never_appear_in_findings() -> None:
    bundle = _foreign_bundle({"resourceType": "Patient", "birthDate": "0101901234"})
    assert all("0101901234" not in f.render() for f in import_bundle(bundle).findings)


def test_care_team_of_a_safety_plan_is_not_imported_as_a_network() -> None:
    plan = make_record("safety_plan", 0)
    result = import_bundle(export_bundle([plan]))
    assert not any(isinstance(r, CareNetwork) for r in result.records)
    assert result.ok
    assert {r.citizen_id for r in result.records} <= {CITIZEN_ID}


def test_a_phone_number_that_could_be_a_cpr_number_is_masked_and_reported() -> None:
    """Privacy first: ``1001000000`` in a phone field could be a CPR number without separator
    (10.01.00), so the export masks it like any other; importing that export reports the
    masked number as invalid at its path instead of storing a broken number silently."""
    citizen = make_record("citizen")
    member = make_record(
        "network_member", phones=[{"number": "1001000000", "answers": ["weekdays"]}]
    )
    bundle = export_bundle([citizen, member])
    assert "1001000000" not in json.dumps(bundle)
    result = import_bundle(bundle)
    assert any(
        f.code == "record-invalid" and f.location.endswith("/phones/0/number")
        for f in result.findings
    ), [(f.code, f.location) for f in result.findings]
