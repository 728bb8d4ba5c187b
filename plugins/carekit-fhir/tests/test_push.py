from __future__ import annotations

import copy
import socket
from typing import Any

import httpx
import pytest
from carekit_fhir import FHIRAdapter, export_bundle, pull, push_bundle
from fhir_server import FhirStore
from records import citizen_set, make_record

from carekit.ehr import EHRError

Server = tuple[str, FhirStore]


def _strip(value: Any, back: dict[str, str]) -> Any:
    """Server copy → comparable: no id/meta, references mapped back to the sent fullUrls."""
    if isinstance(value, dict):
        return {
            k: (back.get(v, v) if k == "reference" and isinstance(v, str) else _strip(v, back))
            for k, v in value.items()
            if k not in ("id", "meta")
        }
    if isinstance(value, list):
        return [_strip(v, back) for v in value]
    return value


def test_push_then_read_back_gives_equal_resources(fhir_server: Server) -> None:
    base, _store = fhir_server
    bundle = export_bundle(citizen_set())
    result = push_bundle(bundle, base)
    assert result.ok, [f.render() for f in result.findings]
    assert set(result.locations) == {e["fullUrl"] for e in bundle["entry"]}
    back = {loc.rsplit("/_history/", 1)[0]: full for full, loc in result.locations.items()}
    with httpx.Client() as client:
        for entry in bundle["entry"]:
            location = result.locations[entry["fullUrl"]].rsplit("/_history/", 1)[0]
            stored = client.get(f"{base}/{location}").raise_for_status().json()
            sent = {k: v for k, v in entry["resource"].items() if k != "meta"}
            assert _strip(stored, back) == sent
            assert stored["meta"]["profile"] == entry["resource"]["meta"]["profile"]


def test_pushing_the_same_export_twice_updates_instead_of_creating(fhir_server: Server) -> None:
    base, store = fhir_server
    records = citizen_set(make_record("citizen", 5).id)
    bundle = export_bundle(records)
    first = push_bundle(bundle, base)
    count = sum(len(v) for v in store.resources.values())
    second = push_bundle(bundle, base)
    assert sum(len(v) for v in store.resources.values()) == count
    assert {k: v.split("/_history/")[0] for k, v in first.locations.items()} == {
        k: v.split("/_history/")[0] for k, v in second.locations.items()
    }
    for full_url, location in second.locations.items():
        version = int(first.locations[full_url].rsplit("/", 1)[1])
        assert location.endswith(f"/_history/{version + 1}")


def test_server_operation_outcome_comes_back_as_findings_naming_resource_and_element(
    fhir_server: Server,
) -> None:
    base, store = fhir_server
    bundle = export_bundle([make_record("citizen", 9)])
    broken = copy.deepcopy(bundle)
    broken["entry"][0]["resource"]["birthDate"] = "sometime in May"
    before = copy.deepcopy(store.resources)
    result = push_bundle(broken, base)
    assert not result.ok
    assert result.status_code == 400
    (finding,) = result.findings
    assert (finding.resource, finding.element) == ("Patient", "birthDate")
    assert finding.location == "Bundle.entry[0].resource.birthDate"
    assert "birthDate" in str(finding.message.en) or finding.message.en
    assert store.resources == before  # all or nothing
    with pytest.raises(EHRError) as info:
        result.raise_for_findings("carekit-fhir")
    assert (info.value.resource, info.value.element) == ("Patient", "birthDate")
    assert info.value.plugin == "carekit-fhir"


def test_unreachable_server_raises_ehr_error_naming_the_plugin() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EHRError, match="cannot reach the FHIR server") as info:
        push_bundle(export_bundle([make_record("citizen")]), f"http://127.0.0.1:{port}", timeout=2)
    assert info.value.plugin == "carekit-fhir"
    assert "FHIR-serveren på http://127.0.0.1" in info.value.text.da
    assert "kan ikke nås" in info.value.text.da


def test_pull_from_the_server_gives_back_the_pushed_network(fhir_server: Server) -> None:
    base, _store = fhir_server
    citizen_id = make_record("citizen", 11).id
    # pull reads the network: Patient, RelatedPersons, CareTeams, Practitioner(Role)s
    network = {"citizen", "network_member", "care_network"}
    assert network <= FHIRAdapter.importable_kinds
    records = [r for r in citizen_set(citizen_id) if r.kind in network]
    bundle = export_bundle(records, include_cpr=True)
    assert push_bundle(bundle, base, include_cpr=True).ok
    result = FHIRAdapter().pull(base, str(citizen_id))
    assert result.findings == ()
    assert sorted(result.records, key=lambda r: str(r.id)) == sorted(
        records, key=lambda r: str(r.id)
    )
    assert pull(base, "00000000-0000-0000-0000-000000000000").records == ()
