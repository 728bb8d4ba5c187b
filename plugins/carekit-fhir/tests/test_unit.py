"""``Citizen.unit`` ⇄ ``Patient.managingOrganization`` (#19): the unit that cares for the
citizen is the Patient's managing organisation, given by name (``display``); it comes back on
import, from carekit's own Patients and from other systems'."""

from __future__ import annotations

import json
import uuid
from typing import Any

from carekit_fhir import export_bundle, import_bundle

from carekit.demo import demo_citizens, demo_records
from carekit.model import Citizen


def _patient(bundle: dict[str, Any]) -> dict[str, Any]:
    (patient,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert isinstance(patient, dict)
    return patient


def _foreign(**patient: Any) -> dict[str, Any]:
    resource = {"resourceType": "Patient", "name": [{"text": "Ane Jensen"}], **patient}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": resource}],
    }


def test_the_unit_is_the_patients_managing_organisation_by_name() -> None:
    else_ = demo_citizens()[0]
    assert else_.unit == "Hjemmeplejen Nord"
    patient = _patient(export_bundle([else_]))
    assert patient["managingOrganization"] == {
        "type": "Organization",
        "display": "Hjemmeplejen Nord",
    }


def test_a_citizen_without_unit_has_no_managing_organisation() -> None:
    else_ = demo_citizens()[0].model_copy(update={"unit": None})
    assert "managingOrganization" not in _patient(export_bundle([else_]))


def test_the_unit_comes_back_and_the_re_export_is_the_same() -> None:
    records = [r for r in demo_records() if r.kind == "citizen"]
    first = export_bundle(records, include_cpr=True)
    result = import_bundle(json.dumps(first))
    assert result.findings == ()
    assert {r.unit for r in result.records if isinstance(r, Citizen)} == {
        "Hjemmeplejen Nord",
        "Plejecentret Lyngen, afd. B",
    }
    assert export_bundle(result.records, include_cpr=True) == first


def test_another_systems_managing_organisation_becomes_the_unit() -> None:
    result = import_bundle(
        _foreign(managingOrganization={"type": "Organization", "display": " Bostedet Lyngen "})
    )
    (citizen,) = result.records
    assert isinstance(citizen, Citizen)
    assert citizen.unit == "Bostedet Lyngen"
    assert not [f for f in result.findings if "managingOrganization" in f.location]


def test_a_reference_carekit_cannot_keep_is_reported_not_dropped_silently() -> None:
    result = import_bundle(
        _foreign(managingOrganization={"reference": "Organization/17", "display": "Afd. B"})
    )
    (citizen,) = result.records
    assert isinstance(citizen, Citizen)
    assert citizen.unit == "Afd. B"
    (finding,) = [f for f in result.findings if "managingOrganization" in f.location]
    assert finding.code == "not-carried"
    assert finding.location == "Bundle.entry[0].resource.managingOrganization.reference"
    assert finding.severity == "warning"


def test_a_managing_organisation_without_a_name_gives_no_unit_and_is_reported() -> None:
    result = import_bundle(_foreign(managingOrganization={"reference": "Organization/17"}))
    (citizen,) = result.records
    assert isinstance(citizen, Citizen)
    assert citizen.unit is None
    (finding,) = [f for f in result.findings if "managingOrganization" in f.location]
    assert (finding.code, finding.location) == (
        "not-carried",
        "Bundle.entry[0].resource.managingOrganization",
    )
