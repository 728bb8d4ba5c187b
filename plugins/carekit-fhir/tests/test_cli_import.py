"""``carekit import fhir FILE...``: the report, the exit codes, and that records are stored
through ``Application.import_records`` (one batch, all or nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from carekit_fhir import _codes as c
from carekit_fhir import export_bundle
from click.testing import CliRunner, Result
from records import CITIZEN_ID, citizen_set

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.demo import demo_records
from carekit.testing.readers import open_reading

FOREIGN: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:6f1b8d7e-4a55-4c1e-9a51-0d7f3c2b9e11",
            "resource": {
                "resourceType": "Patient",
                "name": [{"text": "Karen Jensen"}],
                "gender": "female",
                "extension": [{"url": c.EXT_RESIDENCE, "valueCode": "own_home"}],
            },
        }
    ],
}


def _carekit(*args: str) -> Result:
    mount_all(cli)
    return CliRunner().invoke(cli, list(args))


def _write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_import_stores_every_demo_record_and_the_store_exports_the_same_bundle(
    tmp_path: Path,
) -> None:
    records = demo_records()
    bundle = export_bundle(records)
    file = _write(tmp_path / "demo.json", bundle)
    db = tmp_path / "care.db"
    result = _carekit("import", "fhir", file, "--db", str(db), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"{len(records)} records imported into sqlite:///" in result.output
    assert "errors 0, warnings 0" in result.output
    with open_reading(db) as app:
        stored = [r for cid in sorted(app.store.citizens()) for r in app.citizen_records(cid)]
    assert export_bundle(stored) == bundle


def test_dry_run_stores_nothing(tmp_path: Path) -> None:
    file = _write(tmp_path / "b.json", export_bundle(citizen_set()))
    db = tmp_path / "care.db"
    result = _carekit("import", "fhir", file, "--db", str(db), "--dry-run", "--lang", "da")
    assert result.exit_code == 0, result.output
    assert "Prøvekørsel (--dry-run): intet er gemt" in result.output
    with open_reading(db) as app:
        assert list(app.store.citizens()) == []


def test_findings_are_reported_with_their_fhir_path_as_json(tmp_path: Path) -> None:
    file = _write(tmp_path / "foreign.json", FOREIGN)
    result = _carekit(
        "import", "fhir", file, "--db", str(tmp_path / "c.db"), "--format", "json", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["summary"]["records"] == 1
    assert report["summary"]["warnings"] == 1
    (finding,) = report["findings"]
    assert finding == {
        "file": file,
        "severity": "warning",
        "location": "Bundle.entry[0].resource.gender",
        "code": "not-carried",
        "resource": "Patient",
        "element": "gender",
        "message": "carekit has no field for this element; it was not imported.",
    }


def test_a_file_with_errors_stores_nothing_from_any_file_and_exits_1(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.json", FOREIGN)
    bad = dict(FOREIGN, type="searchset")
    badfile = _write(tmp_path / "bad.json", bad)
    db = tmp_path / "c.db"
    result = _carekit("import", "fhir", good, badfile, "--db", str(db), "--lang", "en")
    assert result.exit_code == 1
    assert "error Bundle.type [bundle-type]" in result.output
    assert "Nothing was imported" in result.output
    with open_reading(db) as app:
        assert list(app.store.citizens()) == []


def test_records_the_store_refuses_exit_3_and_nothing_is_stored(tmp_path: Path) -> None:
    file = _write(tmp_path / "b.json", FOREIGN)
    db = tmp_path / "c.db"
    assert _carekit("import", "fhir", file, "--db", str(db)).exit_code == 0
    again = _carekit("import", "fhir", file, "--db", str(db), "--lang", "en")
    assert again.exit_code == 3
    assert "the store refused the records (store.conflict)" in again.output


def test_a_missing_file_or_an_unknown_adapter_is_a_usage_error(tmp_path: Path) -> None:
    missing = _carekit("import", "fhir", str(tmp_path / "nope.json"), "--lang", "en")
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    file = _write(tmp_path / "b.json", FOREIGN)
    unknown = _carekit("import", "hl7v2", file, "--db", str(tmp_path / "c.db"), "--lang", "en")
    assert unknown.exit_code == 2
    assert "No EHR adapter 'hl7v2'; installed: fhir" in unknown.output


def test_cpr_numbers_never_reach_the_report(tmp_path: Path) -> None:
    data = json.loads(json.dumps(FOREIGN))
    data["entry"][0]["resource"]["identifier"] = [
        {"system": c.CPR_SYSTEM, "value": "0101901234"},
        {"system": c.CPR_SYSTEM, "value": "0202801234"},
    ]
    file = _write(tmp_path / "b.json", data)
    result = _carekit("import", "fhir", file, "--db", str(tmp_path / "c.db"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0202801234" not in result.output
    assert "0101901234" not in result.output
    assert str(CITIZEN_ID) not in result.output
