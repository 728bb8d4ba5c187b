"""Import of every resource carekit exports, and of the bundles another municipal system might
send (written after the FHIR R4 spec): the records, and a finding with its FHIR path for every
element that is not carried."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from carekit_fhir import _codes as c
from carekit_fhir import export_bundle, import_bundle
from records import CITIZEN_ID, citizen_set, make_record

from carekit.ehr import Finding, ImportResult
from carekit.model import CareNetwork, Citizen, Dream, NetworkMember, SafetyPlan, kinds
from carekit.testing.records import records_of_every_kind

PATIENT_URL = "urn:uuid:6f1b8d7e-4a55-4c1e-9a51-0d7f3c2b9e11"
PATIENT_ID = uuid.UUID(PATIENT_URL.removeprefix("urn:uuid:"))
ROLE_URL = "urn:uuid:0c4d5b1a-2e1f-4f8b-8d8a-7a9f6c1e2d33"
PRACTITIONER_URL = "urn:uuid:1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
TEAM_URL = "urn:uuid:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"


def bundle(*resources: dict[str, Any], btype: str = "collection") -> dict[str, Any]:
    entries = []
    for resource in resources:
        url = resource.pop("fullUrl", None) or f"urn:uuid:{uuid.uuid4()}"
        entries.append({"fullUrl": url, "resource": resource})
    return {"resourceType": "Bundle", "type": btype, "entry": entries}


def patient(**extra: Any) -> dict[str, Any]:
    return {
        "fullUrl": PATIENT_URL,
        "resourceType": "Patient",
        "name": [{"given": ["Karen"], "family": "Jensen"}],
        **extra,
    }


def subject() -> dict[str, str]:
    return {"reference": PATIENT_URL}


def codes_at(result: ImportResult, code: str) -> dict[str, Finding]:
    return {f.location: f for f in result.findings if f.code == code}


# ------------------------------------------------------------------ carekit's own exports
@pytest.mark.parametrize("kind", kinds())
def test_every_kind_carekit_exports_is_imported_exactly_without_findings(kind: str) -> None:
    records = [r for r in records_of_every_kind() if r.kind in (kind, "citizen")]
    result = import_bundle(json.dumps(export_bundle(records)))
    assert result.findings == ()
    assert sorted(result.records, key=lambda r: str(r.id)) == sorted(
        records, key=lambda r: str(r.id)
    )


def test_the_cpr_number_comes_back_from_the_identifier_and_is_not_in_the_record_content() -> None:
    records = citizen_set()
    data = export_bundle(records, include_cpr=True)
    patient_res = data["entry"][0]["resource"]
    content = json.dumps(patient_res["extension"])
    assert "0101901234" not in content
    assert "010190-1234" not in content
    (citizen,) = [r for r in import_bundle(data).records if isinstance(r, Citizen)]
    assert citizen.cpr == "010190-1234"


def test_an_element_changed_by_another_system_is_reported_not_silently_overwritten() -> None:
    dream = make_record("dream", 0)
    data = export_bundle([make_record("citizen", 0), dream])
    goal_entry = next(
        i for i, e in enumerate(data["entry"]) if e["resource"]["resourceType"] == "Goal"
    )
    data["entry"][goal_entry]["resource"]["description"]["text"] = "En anden drøm"
    data["entry"][goal_entry]["resource"]["priority"] = {"text": "høj"}
    result = import_bundle(data)
    assert next(r for r in result.records if isinstance(r, Dream)) == dream
    where = f"Bundle.entry[{goal_entry}].resource"
    assert set(codes_at(result, "not-carried")) == {
        f"{where}.description.text",
        f"{where}.priority",
    }


def test_server_assigned_id_and_meta_are_not_reported() -> None:
    data = export_bundle([make_record("citizen", 0)])
    data["entry"][0]["resource"]["id"] = "17"
    data["entry"][0]["resource"]["meta"] = {"versionId": "2", "lastUpdated": "2026-12-01T10:00:00Z"}
    result = import_bundle(data)
    assert result.findings == ()


# ------------------------------------------------------------------ foreign bundles
def test_a_practitioner_role_in_a_care_team_belongs_to_the_care_teams_citizen() -> None:
    result = import_bundle(
        bundle(
            patient(extension=[{"url": c.EXT_RESIDENCE, "valueCode": "own_home"}]),
            {
                "fullUrl": ROLE_URL,
                "resourceType": "PractitionerRole",
                "practitioner": {"reference": PRACTITIONER_URL},
                "code": [{"coding": [{"system": c.MEDCOM_ROLES_SKS, "code": "sygeplejerske"}]}],
                "telecom": [{"system": "phone", "value": "+45 70 10 20 30"}],
            },
            {
                "fullUrl": PRACTITIONER_URL,
                "resourceType": "Practitioner",
                "name": [{"text": "Sygeplejerske Sara"}],
            },
            {
                "fullUrl": TEAM_URL,
                "resourceType": "CareTeam",
                "subject": subject(),
                "participant": [{"member": {"reference": ROLE_URL}}],
            },
        )
    )
    assert result.ok, [f.render() for f in result.findings]
    member = next(r for r in result.records if isinstance(r, NetworkMember))
    assert (member.citizen_id, member.name, member.role.value, member.side.value) == (
        PATIENT_ID,
        "Sygeplejerske Sara",
        "nurse",
        "public",
    )
    assert member.phones[0].number == "+45 70 10 20 30"
    network = next(r for r in result.records if isinstance(r, CareNetwork))
    assert network.member_ids == [member.id]
    assert result.findings == ()


def test_a_contained_related_person_referenced_as_hash_id_becomes_a_member() -> None:
    result = import_bundle(
        bundle(
            patient(extension=[{"url": c.EXT_RESIDENCE, "valueCode": "own_home"}]),
            {
                "fullUrl": TEAM_URL,
                "resourceType": "CareTeam",
                "contained": [
                    {
                        "resourceType": "RelatedPerson",
                        "id": "nabo",
                        "patient": subject(),
                        "name": [{"text": "Naboen Niels"}],
                        "relationship": [
                            {"coding": [{"system": c.V3_ROLE_CODE_SYSTEM, "code": "NOK"}]}
                        ],
                    }
                ],
                "subject": subject(),
                "participant": [{"member": {"reference": "#nabo"}}],
            },
        )
    )
    assert result.ok, [f.render() for f in result.findings]
    member = next(r for r in result.records if isinstance(r, NetworkMember))
    assert (member.name, member.role.value, member.citizen_id) == (
        "Naboen Niels",
        "relative",
        PATIENT_ID,
    )
    network = next(r for r in result.records if isinstance(r, CareNetwork))
    assert network.member_ids == [member.id]


def test_one_identity_map_every_reference_is_rewritten_and_the_re_export_is_whole() -> None:
    related = "urn:uuid:7e6d5c4b-3a29-4817-9e6d-5c4b3a291807"
    first = import_bundle(
        bundle(
            patient(extension=[{"url": c.EXT_RESIDENCE, "valueCode": "own_home"}]),
            {
                "fullUrl": related,
                "resourceType": "RelatedPerson",
                "patient": subject(),
                "name": [{"text": "Datter"}],
            },
            {
                "fullUrl": TEAM_URL,
                "resourceType": "CareTeam",
                "subject": subject(),
                "participant": [{"member": {"reference": related}}],
            },
        )
    )
    citizen = next(r for r in first.records if isinstance(r, Citizen))
    assert {r.citizen_id for r in first.records} == {citizen.id}
    again = export_bundle(first.records)
    full_urls = {e["fullUrl"] for e in again["entry"]}
    team = next(
        e["resource"] for e in again["entry"] if e["resource"]["resourceType"] == "CareTeam"
    )
    assert team["subject"]["reference"] in full_urls
    assert [p["member"]["reference"] in full_urls for p in team["participant"]] == [True]
    second = import_bundle(again)
    assert second.findings == ()
    assert sorted(second.records, key=lambda r: str(r.id)) == sorted(
        first.records, key=lambda r: str(r.id)
    )


def test_two_cpr_numbers_the_second_is_reported_other_identifiers_are_kept() -> None:
    result = import_bundle(
        bundle(
            patient(
                identifier=[
                    {"system": c.CPR_SYSTEM, "value": "0101901234"},
                    {"system": c.CPR_SYSTEM, "value": "0202801234"},
                    {"system": "https://kommune.example.dk/borger", "value": "B-77"},
                ]
            )
        )
    )
    (citizen,) = result.records
    assert isinstance(citizen, Citizen)
    assert citizen.cpr == "010190-1234"
    (second,) = codes_at(result, "not-carried").values()
    assert second.location == "Bundle.entry[0].resource.identifier[1]"
    assert all(
        "0202801234" not in f.render() and "020280" not in f.render() for f in result.findings
    )
    again = export_bundle(result.records)["entry"][0]["resource"]
    assert {"system": "https://kommune.example.dk/borger", "value": "B-77"} in again["identifier"]


def test_gender_birth_date_phone_address_and_foreign_extensions_are_findings_with_paths() -> None:
    result = import_bundle(
        bundle(
            patient(
                gender="female",
                birthDate="1990-01-01",
                telecom=[{"system": "phone", "value": "+45 11 22 33 44"}],
                address=[{"city": "Vejle"}],
                extension=[
                    {"url": c.EXT_RESIDENCE, "valueCode": "nursing_home"},
                    {"url": "https://kommune.example.dk/ext/x", "valueString": "y"},
                ],
            )
        )
    )
    where = "Bundle.entry[0].resource"
    assert set(codes_at(result, "not-carried")) == {
        f"{where}.gender",
        f"{where}.birthDate",
        f"{where}.telecom[0]",
        f"{where}.address[0]",
        f"{where}.extension[1]",
    }
    ext_finding = codes_at(result, "not-carried")[f"{where}.extension[1]"]
    assert "https://kommune.example.dk/ext/x" in ext_finding.message.en
    assert ext_finding.message.da != ext_finding.message.en
    assert all(f.severity == "warning" for f in codes_at(result, "not-carried").values())


def test_no_invented_residence_language_or_interpreter_in_the_re_export() -> None:
    result = import_bundle(bundle(patient()))
    (assumed,) = codes_at(result, "assumed-value").values()
    assert assumed.location == "Bundle.entry[0].resource.extension"
    again = export_bundle(result.records)["entry"][0]["resource"]
    urls = [e["url"] for e in again["extension"]]
    assert urls == [c.EXT_RECORD]
    assert "communication" not in again
    assert import_bundle(export_bundle(result.records)).records == result.records


def test_a_patient_without_a_name_fails_and_so_does_its_related_person() -> None:
    result = import_bundle(
        bundle(
            {"fullUrl": PATIENT_URL, "resourceType": "Patient", "gender": "male"},
            {"resourceType": "RelatedPerson", "patient": subject(), "name": [{"text": "Søn"}]},
        )
    )
    assert result.records == ()
    assert {(f.location, f.code) for f in result.errors()} == {
        ("Bundle.entry[0].resource.name", "required"),
        ("Bundle.entry[1].resource", "no-citizen"),
    }


def test_a_related_person_without_a_name_is_an_error_not_a_member_called_question_mark() -> None:
    result = import_bundle(
        bundle(patient(), {"resourceType": "RelatedPerson", "patient": subject()})
    )
    assert not any(isinstance(r, NetworkMember) for r in result.records)
    assert ("Bundle.entry[1].resource.name", "required") in {
        (f.location, f.code) for f in result.errors()
    }


def test_a_wrong_type_that_pydantic_also_refuses_is_reported_once() -> None:
    result = import_bundle(bundle(patient(name=[{"text": 5}])))
    assert [(f.location, f.code) for f in result.findings] == [
        ("Bundle.entry[0].resource.name[0].text", "type")
    ]


@pytest.mark.parametrize(
    ("resource", "location", "code"),
    [
        ({"gender": "kvinde"}, "Bundle.entry[0].resource.gender", "code-invalid"),
        ({"active": "yes"}, "Bundle.entry[0].resource.active", "type"),
        ({"multipleBirthInteger": "2"}, "Bundle.entry[0].resource.multipleBirthInteger", "type"),
        (
            {"telecom": [{"system": "fax-ish", "value": "1"}]},
            "Bundle.entry[0].resource.telecom[0].system",
            "code-invalid",
        ),
    ],
)
def test_invalid_fhir_is_rejected_with_its_path(
    resource: dict[str, Any], location: str, code: str
) -> None:
    result = import_bundle(bundle(patient(**resource)))
    assert result.records == ()
    assert [(f.location, f.code, f.severity) for f in result.findings] == [
        (location, code, "error")
    ]
    assert result.findings[0].message.da != result.findings[0].message.en


@pytest.mark.parametrize(
    ("resource", "status"),
    [("Task", "in-progress"), ("Observation", "corrected"), ("Encounter", "finished")],
)
def test_complete_r4_status_value_sets_are_checked_where_fhir_resources_cuts_them_short(
    resource: str, status: str
) -> None:
    """fhir.resources lists only the first codes of these bindings ("+"); carekit checks all."""
    ok = import_bundle(bundle({"resourceType": resource, "status": status}))
    assert "code-invalid" not in {f.code for f in ok.findings}
    bad = import_bundle(bundle({"resourceType": resource, "status": "afsluttet"}))
    assert bad.records == ()
    assert ("Bundle.entry[0].resource.status", "code-invalid") in {
        (f.location, f.code) for f in bad.findings
    }


@pytest.mark.parametrize("btype", ["searchset", "history", "transaction-response"])
def test_bundle_types_that_are_answers_not_records_are_rejected(btype: str) -> None:
    result = import_bundle(bundle(patient(), btype=btype))
    assert result.records == ()
    assert [(f.location, f.code) for f in result.findings] == [("Bundle.type", "bundle-type")]


def test_a_document_bundle_without_a_composition_is_rejected() -> None:
    result = import_bundle(bundle(patient(), btype="document"))
    assert result.records == ()
    assert [(f.location, f.code) for f in result.findings] == [
        ("Bundle.entry[0].resource", "bundle-type")
    ]


@pytest.mark.parametrize("as_text", [True, False])
def test_5000_levels_of_nesting_is_a_finding_never_a_traceback(as_text: bool) -> None:
    nested: Any = []
    for _ in range(5000):
        nested = [nested]
    data: Any = {"resourceType": "Bundle", "type": "collection", "entry": nested}
    if as_text:
        data = '{"resourceType":"Bundle","type":"collection","entry":' + "[" * 5000
        data += "]" * 5000 + "}"
    result = import_bundle(data)
    assert result.records == ()
    assert [(f.code, f.severity) for f in result.findings] == [("too-deep", "error")]


# ------------------------------------------------------------------ CarePlan, Goal, Task
def test_a_foreign_care_plan_becomes_a_draft_safety_plan_with_its_situations() -> None:
    related = "urn:uuid:7e6d5c4b-3a29-4817-9e6d-5c4b3a291807"
    result = import_bundle(
        bundle(
            patient(extension=[{"url": c.EXT_RESIDENCE, "valueCode": "own_home"}]),
            {
                "fullUrl": related,
                "resourceType": "RelatedPerson",
                "patient": subject(),
                "name": [{"text": "Datter"}],
            },
            {
                "resourceType": "CarePlan",
                "status": "draft",
                "intent": "plan",
                "subject": subject(),
                "title": "Plan fra kommunen",
                "activity": [
                    {
                        "detail": {
                            "status": "not-started",
                            "code": {
                                "coding": [
                                    {"system": c.FSIII_SYSTEM, "code": c.FSIII_SITUATION["pain"][0]}
                                ],
                                "text": "Hvis du får ondt",
                            },
                            "description": "Tag en pille",
                            "performer": [{"reference": related}],
                        }
                    }
                ],
            },
        )
    )
    assert result.ok, [f.render() for f in result.findings]
    plan = next(r for r in result.records if isinstance(r, SafetyPlan))
    member = next(r for r in result.records if isinstance(r, NetworkMember))
    assert plan.status == "draft"
    (situation,) = plan.situations
    assert (situation.type.value, situation.title, situation.steps) == (
        "pain",
        "Hvis du får ondt",
        ["Tag en pille"],
    )
    assert situation.call_contact_ids == [member.id]
    assert set(codes_at(result, "not-carried")) == {"Bundle.entry[2].resource.title"}
    assert "Bundle.entry[2].resource.status" in codes_at(result, "status-ambiguous")


def test_a_foreign_goal_names_every_carekit_field_it_lacks() -> None:
    result = import_bundle(
        bundle(
            patient(),
            {
                "resourceType": "Goal",
                "lifecycleStatus": "proposed",
                "description": {"text": "At komme i haven"},
                "subject": subject(),
            },
        )
    )
    assert not any(isinstance(r, Dream) for r in result.records)
    missing = {f.location for f in result.errors() if f.code == "required"}
    assert missing == {
        "Bundle.entry[1].resource.startDate",
        "Bundle.entry[1].resource.category",
        "Bundle.entry[1].resource.expressedBy",
        "Bundle.entry[1].resource.extension (carekit record)",
    }


def test_a_foreign_task_becomes_a_trial_action_of_its_goal_when_the_goal_is_carekits() -> None:
    dream = make_record("dream", 0)
    data = export_bundle([make_record("citizen", 0), dream])
    goal_url = next(e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "Goal")
    data["entry"].append(
        {
            "fullUrl": "urn:uuid:5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c",
            "resource": {
                "resourceType": "Task",
                "status": "requested",
                "intent": "plan",
                "code": {"text": "Kaffe i haven"},
                "description": "Vi drikker kaffe i haven hver tirsdag",
                "focus": {"reference": goal_url},
                "for": {"reference": data["entry"][0]["fullUrl"]},
                "executionPeriod": {"start": "2026-12-08"},
            },
        }
    )
    result = import_bundle(data)
    assert result.ok, [f.render() for f in result.findings]
    trial = next(r for r in result.records if r.kind == "trial_action")
    assert trial.model_dump(include={"status", "title", "dream_ids", "citizen_id"}) == {
        "status": "planned",
        "title": "Kaffe i haven",
        "dream_ids": [dream.id],
        "citizen_id": CITIZEN_ID,
    }


def test_observations_and_documents_of_other_systems_are_reported_not_dropped() -> None:
    result = import_bundle(
        bundle(
            patient(),
            {"resourceType": "Observation", "status": "final", "code": {"text": "Puls"}},
        )
    )
    assert ("Bundle.entry[1].resource", "not-imported") in {
        (f.location, f.code) for f in result.findings
    }


def test_cpr_numbers_echoed_from_the_input_are_masked_in_every_finding() -> None:
    results = [
        import_bundle({"resourceType": "0101901234"}),
        import_bundle(bundle(patient(gender="0101901234"))),
        import_bundle(bundle({"resourceType": "0101901234"})),
    ]
    rendered = [f.render(lang) for r in results for f in r.findings for lang in ("da", "en")]
    assert len(rendered) == 6
    assert all("0101901234" not in line and "010190-1234" not in line for line in rendered)


def test_a_repeated_member_in_the_record_content_is_an_error_not_last_one_wins() -> None:
    """A carekit record extension whose content repeats a member name (``"text"`` twice) is
    refused with a finding at the repeated member: a first-wins and a last-wins reader
    would otherwise import different records."""
    dream = next(r for r in citizen_set() if isinstance(r, Dream))
    exported = export_bundle(citizen_set())
    for entry in exported["entry"]:
        for ext in entry["resource"].get("extension", ()):
            if ext["url"] == c.EXT_RECORD:
                content = next(e for e in ext["extension"] if e["url"] == "content")
                if json.loads(content["valueString"])["id"] == str(dream.id):
                    content["valueString"] = content["valueString"][:-1] + ',"text":"anden"}'
    result = import_bundle(exported)
    repeated = [f for f in result.errors() if f.location.endswith("/text")]
    assert repeated, [(f.location, f.code) for f in result.errors()]
    assert repeated[0].code == "record-invalid"
    assert "2 gange" in repeated[0].message.da
    assert "2 times" in repeated[0].message.en
    assert dream.id not in {r.id for r in result.records}
