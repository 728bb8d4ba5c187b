from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from carekit_fhir import _codes as c
from carekit_fhir import export_bundle
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from records import BASE_TIME, CITIZEN_ID, STAFF, citizen_set, make_record

from carekit.model import MediaItem, MediaType, Situation, SituationType


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    records = [
        r.model_copy(
            update={"situations": [Situation(type=SituationType.PAIN, steps=["Tag en pille"])]}
        )
        if r.kind == "safety_plan"
        else r
        for r in citizen_set()
    ]
    return export_bundle(records)


def _resources(bundle: dict[str, Any], rtype: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def test_export_is_a_valid_fhir_transaction_bundle(bundle: dict[str, Any]) -> None:
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "transaction"
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])


def test_every_entry_is_a_conditional_update_on_its_record_identifier(
    bundle: dict[str, Any],
) -> None:
    for entry in bundle["entry"]:
        resource = entry["resource"]
        ident = resource["identifier"]
        ident = ident[0] if isinstance(ident, list) else ident
        assert entry["request"] == {
            "method": "PUT",
            "url": f"{resource['resourceType']}?identifier={c.RECORD_ID_SYSTEM}|{ident['value']}",
        }


def test_conditional_urls_are_unique_so_a_second_push_updates_instead_of_duplicating(
    bundle: dict[str, Any],
) -> None:
    urls = [e["request"]["url"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))


def test_every_urn_reference_resolves_within_the_bundle(bundle: dict[str, Any]) -> None:
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    refs = [r for e in bundle["entry"] for r in _references(e["resource"])]
    assert refs
    assert all(r in full_urls for r in refs if r.startswith("urn:uuid:"))


def test_patient_carries_cpr_identifier_only_when_asked_and_the_citizen_has_one(
    bundle: dict[str, Any],
) -> None:
    (patient,) = _resources(bundle, "Patient")
    assert [i["system"] for i in patient["identifier"]] == [c.RECORD_ID_SYSTEM]
    assert "0101901234" not in str(bundle)
    assert "010190-1234" not in str(bundle)
    asked = export_bundle(citizen_set(), include_cpr=True)
    (patient,) = _resources(asked, "Patient")
    assert {"system": c.CPR_SYSTEM, "value": "0101901234"} in patient["identifier"]
    without = export_bundle([make_record("citizen")], include_cpr=True)
    (patient,) = _resources(without, "Patient")
    assert [i["system"] for i in patient["identifier"]] == [c.RECORD_ID_SYSTEM]


def test_export_for_one_citizen_leaves_the_others_out() -> None:
    other = uuid.uuid4()
    records = [*citizen_set(), *citizen_set(other)]
    assert len(export_bundle(records, citizen_ids=[str(other)])["entry"]) == len(
        export_bundle(citizen_set(other))["entry"]
    )


def test_relatives_become_related_persons_with_econ_and_professionals_practitioner_roles(
    bundle: dict[str, Any],
) -> None:
    (person,) = _resources(bundle, "RelatedPerson")
    codes = {(cd["system"], cd["code"]) for rel in person["relationship"] for cd in rel["coding"]}
    assert (c.V3_ROLE_CODE_SYSTEM, "NOK") in codes
    assert (c.V3_ROLE_CODE_SYSTEM, "ECON") in codes
    (role,) = _resources(bundle, "PractitionerRole")
    assert role["availableTime"] == [
        {
            "daysOfWeek": ["mon", "tue", "wed", "thu", "fri"],
            "availableStartTime": "08:00:00",
            "availableEndTime": "16:00:00",
        }
    ]
    assert role["telecom"][0]["value"] == "+45 70 10 20 30"


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("gp", "laege"),
        ("nurse", "sygeplejerske"),
        ("psychologist", "psykolog"),
        ("social_worker", "socialraadgiver"),
    ],
)
def test_professionals_get_the_medcom_role_code(role: str, code: str) -> None:
    member = make_record("network_member", 3, role=role)
    (res,) = _resources(export_bundle([member]), "PractitionerRole")
    assert code in {cd["code"] for cd in res["code"][0]["coding"]}


def test_safety_plan_situation_pain_carries_the_fsiii_code(bundle: dict[str, Any]) -> None:
    plans = [
        p
        for p in _resources(bundle, "CarePlan")
        if p["category"][0]["coding"][0]["code"] == "safety_plan"
    ]
    (plan,) = plans
    codes = [cd for a in plan["activity"] for cd in a["detail"].get("code", {}).get("coding", [])]
    assert {
        "system": c.FSIII_SYSTEM,
        "code": c.FSIII_SITUATION["pain"][0],
        "display": "Akutte smerter",
    } in codes
    team_ref = plan["careTeam"][0]["reference"]
    team = next(e["resource"] for e in bundle["entry"] if e["fullUrl"] == team_ref)
    assert team["telecom"][-1]["value"] == "112"


def test_dream_in_the_citizens_words_is_a_goal_with_the_kl_category() -> None:
    dream = make_record("dream", 0, wording="citizen_words")
    (goal,) = _resources(export_bundle([dream]), "Goal")
    assert goal["category"][0]["coding"][0] == {
        "system": c.KL_CARE_SOCIAL_SYSTEM,
        "code": "416fe27d-3ccf-4390-8742-8b52a9d8dc78",
        "display": "FFB borgers mål og ønsker",
    }


def test_trial_action_is_a_task_focused_on_its_goal() -> None:
    dream = make_record("dream", 0)
    action = make_record("trial_action", 0, dream_ids=[dream.id], status="adopted")
    exported = export_bundle([dream, action])
    (task,) = _resources(exported, "Task")
    assert task["status"] == "completed"
    assert task["businessStatus"]["coding"][0]["code"] == "adopted"
    assert task["focus"]["reference"] == f"urn:uuid:{dream.id}"


def test_learning_story_media_is_exported_only_with_an_active_consent() -> None:
    consent = make_record("consent", 0, purpose="photos_and_film")
    media = [
        MediaItem(
            reference=f"media://story/{i}.jpg",
            media_type=MediaType.PHOTO,
            creator=STAFF,
            created_at=BASE_TIME,
            consent_id=consent.id,
            caption="Ved havnen",
        )
        for i in range(2)
    ]
    story_ok = make_record("learning_story", 0, media=media)
    today = dt.date(2026, 11, 10)
    assert len(_resources(export_bundle([consent, story_ok], today=today), "Media")) == len(media)
    assert _resources(export_bundle([story_ok], today=today), "Media") == []
    withdrawn = consent.model_copy(update={"withdrawn_at": consent.given_at})  # type: ignore[attr-defined]  # make_record gives the Record base
    assert _resources(export_bundle([withdrawn, story_ok], today=today), "Media") == []


def test_export_of_nothing_is_an_empty_transaction() -> None:
    assert export_bundle([]) == {"resourceType": "Bundle", "type": "transaction"}


def test_records_refer_to_the_citizen_patient(bundle: dict[str, Any]) -> None:
    (task,) = _resources(bundle, "Task")
    assert task["for"]["reference"] == f"urn:uuid:{CITIZEN_ID}"
