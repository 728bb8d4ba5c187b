"""No unmasked CPR number leaves carekit: a store seeded with CPR numbers in every spelling in
its free-text fields (names, notes, life stories, situation texts), then every command that
reads it.  :func:`carekit.privacy.find_cprs` must find nothing in stdout, stderr, the files
written, or the database rows outside the record documents - and an explicit
``--reveal-cpr`` is the only way the full number appears.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import carekit
from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.model import Citizen, Record, parse_record
from carekit.privacy import find_cprs

mount_all(cli)

SPELLINGS = [
    "010137-4002",
    "0101374002",
    "010137 4002",
    "010137–4002",
    "01.01.37-4002",
    "010137/4002",
]
#: The citizen's own CPR field, shown in full only with --reveal-cpr.
OWN_CPR = "020288-4013"
DOCUMENTS = ["safety-plan", "visits", "network", "alignment", "home-card", "dreams", "watch"]


def _salt(value: Any, spellings: itertools.cycle[str]) -> Any:
    """Every free-text string (one with a space in it) gets a CPR number appended."""
    if isinstance(value, str) and " " in value and len(value) < 400:
        return f"{value} (CPR {next(spellings)})"
    if isinstance(value, list):
        return [_salt(v, spellings) for v in value]
    if isinstance(value, dict):
        return {k: _salt(v, spellings) for k, v in value.items()}
    return value


def _seeded() -> list[Record]:
    spellings = itertools.cycle(SPELLINGS)
    out: list[Record] = []
    for record in demo_records():
        data = record.model_dump(mode="json")
        salted = _salt(data, spellings)
        if isinstance(record, Citizen):
            salted["display_name"] = f"{data['display_name']} {next(spellings)}"
            salted["cpr"] = OWN_CPR
        try:
            out.append(parse_record(salted))
        except carekit.errors.RecordValidationError:
            out.append(record)  # a field with a pattern: the demo value stays
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("leak") / "care.sqlite"
    with carekit.open(db) as app:
        app.import_records(_seeded(), actor=DEMO_IMPORTER)
    return db


def _unmasked(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_cprs(text)]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def _citizens(db: Path) -> list[str]:
    with carekit.open(db) as app:
        return [str(r.record_id) for r in app.store.query(kind="citizen")]


def test_seed_holds_every_spelling(store: Path) -> None:
    """The test is only worth something if the free text really holds the numbers."""
    con = sqlite3.connect(store)
    documents = " ".join(
        bytes(row[0]).decode() if isinstance(row[0], bytes) else str(row[0])
        for row in con.execute("SELECT data FROM records")
    )
    con.close()
    for spelling in SPELLINGS:
        assert spelling in documents


def test_cli_output_never_holds_an_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    db = str(store)
    ids = _citizens(store)
    with carekit.open(store) as app:
        record_ids = [str(r.record_id) for r in app.store.query(kind="network_member")][:3]
    runs: list[tuple[str, ...]] = []
    for kind in ["citizen", "network_member", "dream", "safety_plan", "information_record"]:
        runs += [
            ("records", "list", kind, "--db", db),
            ("records", "list", kind, "--db", db, "--json"),
        ]
    for rid in [*ids, *record_ids]:
        runs += [
            ("records", "show", rid, "--db", db),
            ("records", "show", rid, "--db", db, "--history"),
        ]
    runs += [("due", "--db", db), ("due", "--db", db, "--json"), ("check", "--db", db)]
    runs += [("check", "--db", db, "--json"), ("outbox", "list", "--db", db)]
    runs += [("report", "--db", db, "--format", "json"), ("report", "--db", db, "--format", "csv")]
    for citizen, document, lang in itertools.product(ids, DOCUMENTS, ["da", "en"]):
        runs.append(("render", document, "--citizen", citizen, "--db", db, "--lang", lang))
    leaks: dict[str, list[str]] = {}
    for args in runs:
        code, output = _run(*args)
        assert code in (0, 1), (args, output[-500:])
        if found := _unmasked(output):
            leaks[" ".join(args[:3])] = found
    assert leaks == {}, sorted(leaks)


@pytest.mark.needs_plugin("carekit-fhir")
def test_fhir_export_holds_no_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    code, output = _run("export", "fhir", "--db", str(store), "-o", str(export))
    assert code == 0, output
    assert _unmasked(output) == []
    assert _unmasked(export.read_text(encoding="utf-8")) == []


def test_written_files_never_hold_an_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, output = _run("report", "--db", str(store), "-o", str(report))
    assert code == 0, output
    assert _unmasked(report.read_text(encoding="utf-8")) == []
    # an NDJSON export of the records (the store's own JSON), validated: findings masked
    ndjson = tmp_path / "records 010137-4002.jsonl"
    with carekit.open(store) as app:
        lines = [
            r.record.model_dump_json()
            for kind in ("citizen", "dream")
            for r in app.store.query(kind=kind)
        ]
    ndjson.write_text(
        "\n".join(lines) + '\n{"kind": "citizen", "x": "010137-4002"}\n', encoding="utf-8"
    )
    for fmt in ("text", "json"):
        code, output = _run("validate", "--format", fmt, str(ndjson))
        assert code == 1, output
        assert _unmasked(output) == [], fmt


def test_database_rows_outside_the_documents_hold_no_cpr(store: Path) -> None:
    code, _ = _run("remind", "--db", str(store))
    assert code in (0, 1)
    con = sqlite3.connect(store)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    leaks: dict[str, list[str]] = {}
    for table in tables:
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            if table == "records" and column == "data":
                continue
            rows = con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()
            text = "\n".join(str(r[0]) for r in rows if r[0] is not None)
            if found := _unmasked(text):
                leaks[f"{table}.{column}"] = found
    con.close()
    assert leaks == {}, sorted(leaks)


def test_reveal_cpr_is_the_only_way_the_full_number_appears(store: Path) -> None:
    citizen = next(
        cid
        for cid in _citizens(store)
        if OWN_CPR in _run("records", "show", cid, "--db", str(store), "--reveal-cpr")[1]
    )
    masked = _run("records", "show", citizen, "--db", str(store))[1]
    assert OWN_CPR not in masked
    assert OWN_CPR.replace("-", "") not in masked
    assert _unmasked(masked) == []
    json.loads(masked)  # still one JSON document
    assert uuid.UUID(citizen)
