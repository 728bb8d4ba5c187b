"""carekit's FHIR package (profiles, extensions, code systems) is generated and committed; the
exports declare the profiles; and a validator carekit did not write (@medplum/core, pinned in
tests/js/package-lock.json, installed by tests/js/install.sh from .ci/run) finds 0 errors in
every demo export against them, and does find the errors a broken export has."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from carekit_fhir import _codes as c
from carekit_fhir import export_bundle
from carekit_fhir._profiles import (
    PACKAGE_DIR,
    PROFILES,
    differs,
    generate,
    profile_table_markdown,
    profile_url,
)

from carekit.demo import demo_records
from carekit.lifecycle import WORKFLOWS
from carekit.model import Role, kinds

JS = Path(__file__).resolve().parent / "js"


def test_the_committed_package_is_what_the_code_generates() -> None:
    assert differs() == [], "run: python -m carekit_fhir._generate write"


def test_the_profile_table_in_the_docs_is_the_one_in_the_code() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "fhir.md"
    assert profile_table_markdown() in docs.read_text(encoding="utf-8")


def test_the_package_has_a_profile_per_exported_resource_and_a_definition_per_extension() -> None:
    files = generate()
    package = files["package.json"]
    assert (package["name"], package["fhirVersions"]) == ("dk.carekit.fhir", ["4.0.1"])
    urls = {r["url"] for r in files.values() if r.get("resourceType") == "StructureDefinition"}
    extension_urls = {
        value
        for name, value in vars(c).items()
        if name.startswith("EXT_") and isinstance(value, str)
    }
    assert extension_urls <= urls
    patient = files["StructureDefinition-carekit-patient.json"]
    assert (
        patient["baseDefinition"] == "http://hl7.dk/fhir/core/StructureDefinition/dk-core-patient"
    )
    assert {e["id"] for e in patient["differential"]["element"]} >= {
        "Patient.extension:record",
        "Patient.identifier",
    }
    assert len(patient["snapshot"]["element"]) > len(patient["differential"]["element"])


def test_code_systems_come_from_the_models_and_the_workflow_tables() -> None:
    files = generate()
    roles = files["CodeSystem-carekit-network-role.json"]
    assert [x["code"] for x in roles["concept"]] == [r.value for r in Role]
    states = {x["code"] for x in files["CodeSystem-carekit-workflow-state.json"]["concept"]}
    assert states == {str(s) for w in WORKFLOWS for s in w.state_names}
    record_kinds = [x["code"] for x in files["CodeSystem-carekit-record-kind.json"]["concept"]]
    assert record_kinds == list(kinds())
    assert "ValueSet-carekit-network-role.json" in files


def test_every_exported_resource_declares_its_carekit_profile() -> None:
    known = {profile_url(p.id) for p in PROFILES}
    bundle = export_bundle(demo_records())
    for entry in bundle["entry"]:
        (profile,) = entry["resource"]["meta"]["profile"]
        assert profile in known


def test_consent_carries_the_standard_loinc_category_beside_carekits() -> None:
    bundle = export_bundle(demo_records())
    consent = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"
    )
    systems = [cat["coding"][0]["system"] for cat in consent["category"]]
    assert systems == [c.CONSENT_PURPOSE_SYSTEM, "http://loinc.org"]
    assert consent["category"][1]["coding"][0]["code"] == "59284-0"


# ----------------------------------------------------------------------- @medplum/core
def _node() -> str:
    node = shutil.which("node")
    missing = (
        "node is not installed"
        if node is None
        else "plugins/carekit-fhir/tests/js/node_modules is missing (bash tests/js/install.sh)"
        if not (JS / "node_modules" / "@medplum" / "core").is_dir()
        else None
    )
    if missing is not None:
        if os.environ.get("CAREKIT_REQUIRE_NODE") == "1":
            pytest.fail(missing + "; CAREKIT_REQUIRE_NODE=1 makes this a failure.", pytrace=False)
        pytest.skip(missing)
    assert node is not None
    return node


def _medplum(tmp_path: Path, bundles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    files = []
    for name, bundle in bundles.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(bundle), encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        [_node(), str(JS / "validate.mjs"), str(PACKAGE_DIR), *files],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    out: dict[str, Any] = json.loads(done.stdout)["files"]
    return {Path(k).stem: v for k, v in out.items()}


def _errors(report: dict[str, Any]) -> list[tuple[int, str, tuple[str, ...]]]:
    return [
        (i["entry"], i["text"], tuple(i["expression"]))
        for i in report["issues"]
        if i["severity"] in ("error", "fatal")
    ]


def test_medplum_finds_no_error_in_any_demo_export(tmp_path: Path) -> None:
    records = demo_records()
    citizens = [r.id for r in records if r.kind == "citizen"]
    bundles = {"all": export_bundle(records)}
    bundles |= {
        f"citizen-{i}": export_bundle(records, citizen_ids=[cid]) for i, cid in enumerate(citizens)
    }
    reports = _medplum(tmp_path, bundles)
    for name, report in reports.items():
        assert report["resources"] == len(bundles[name]["entry"])
        assert _errors(report) == [], name


def test_medplum_profile_check_fails_on_a_missing_record_extension_and_a_wrong_type(
    tmp_path: Path,
) -> None:
    bundle = copy.deepcopy(export_bundle(demo_records()))
    patient = bundle["entry"][0]["resource"]
    patient["extension"] = [e for e in patient["extension"] if e["url"] != c.EXT_RECORD]
    goal = next(i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == "Goal")
    bundle["entry"][goal]["resource"]["identifier"] = []
    bundle["entry"][goal]["resource"].pop("identifier")
    bundle["entry"][1]["resource"]["active"] = "yes"
    (report,) = _medplum(tmp_path, {"broken": bundle}).values()
    errors = _errors(report)
    assert (
        0,
        "Incorrect number of values provided for slice 'record': expected 1..1, but found 0",
        ("Patient.extension",),
    ) in errors
    assert any(entry == goal and "identifier" in " ".join(expr) for entry, _t, expr in errors)
    assert any(entry == 1 and expr == ("Patient.active",) for entry, _t, expr in errors)
