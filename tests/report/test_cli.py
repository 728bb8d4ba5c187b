"""``carekit report``: from the demo store and from exports; -o never overwrites an input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.cli.report import store_records, twelve_months_before
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.report import ReportOptions, build_report, to_json
from carekit.store import sqlite_url
from carekit.testing.readers import open_reading

from .records import information

mount_all(cli)


def run(*args: str, cwd: Path | None = None) -> Result:
    env = {"CAREKIT_DB": ""}
    if cwd is None:
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("demo")
    result = run("demo", "--db", str(where / "carekit-demo.sqlite"))
    assert result.exit_code == 0, result.output
    return where / "carekit-demo.sqlite"


def test_the_demo_store_gives_a_report(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", "--db", str(demo_db), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Kvalitetsrapport" in html
    assert "<svg" in html
    assert "Rapport skrevet til" in result.output


def test_the_demo_store_in_json_and_csv_in_english(demo_db: Path, tmp_path: Path) -> None:
    js = tmp_path / "r.json"
    assert run("report", "--db", str(demo_db), "-o", str(js), "--min-cell", "1").exit_code == 0
    data = orjson.loads(js.read_bytes())
    assert data["records_used"]["safety_plan"] >= 1
    plans = next(i for i in data["indicators"] if i["id"] == "st10-around-the-clock")
    assert plans["groups"][0]["cells"][0]["denominator"] >= 1
    out = tmp_path / "r.txt"
    result = run("report", "--db", str(demo_db), "--format", "csv", "--lang", "en", "-o", str(out),
                 "--min-cell", "1")  # fmt: skip
    assert result.exit_code == 0
    assert "Report written to" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    csv_plans = next(r for r in rows if r["indicator"] == "st10-around-the-clock")
    assert float(csv_plans["denominator"]) == plans["groups"][0]["cells"][0]["denominator"]


def test_o_refuses_the_store(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    result = run("report", "--db", str(demo_db), "-o", str(demo_db), "--force")
    assert result.exit_code == 2
    assert "er selve lageret" in result.output
    assert demo_db.read_bytes() == before


def test_o_refuses_an_export(tmp_path: Path) -> None:
    export = tmp_path / "e.ndjson"
    export.write_bytes(orjson.dumps(information("2026-03-02", "both").model_dump(mode="json")))
    before = export.read_bytes()
    result = run("report", str(export), "-o", str(export), "--lang", "en", "--force")
    assert result.exit_code == 2
    assert "is one of the command's inputs" in result.output
    assert export.read_bytes() == before
    folder = run("report", str(tmp_path), "-o", str(export), "--lang", "en", "--force")
    assert folder.exit_code == 2  # inside a directory given as input
    assert "inside a folder of exports" in folder.output
    assert export.read_bytes() == before
    new = run("report", str(tmp_path), "-o", str(tmp_path / "new.json"), "--lang", "en")
    assert new.exit_code == 2  # would be read as an export next time
    assert not (tmp_path / "new.json").exists()


def test_an_existing_file_needs_force_and_dash_is_standard_output(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.csv"
    out.write_text("keep me", encoding="utf-8")
    kept = run("report", "--db", str(demo_db), "-o", str(out), "--lang", "en")
    assert kept.exit_code == 2
    assert "already exists" in kept.output
    assert out.read_text(encoding="utf-8") == "keep me"
    replaced = run("report", "--db", str(demo_db), "-o", str(out), "--force")
    assert replaced.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("indicator,practice,group")
    printed = run("report", "--db", str(demo_db), "--format", "json", "-o", "-")
    assert printed.exit_code == 0
    assert orjson.loads(printed.stdout)["carekit_report"] == 1


def test_exports_with_dates_and_vendors(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ndjson", tmp_path / "b.ndjson"
    a.write_bytes(orjson.dumps(information("2026-03-02", "both").model_dump(mode="json")) + b"\n")
    b.write_bytes(b'{"kind": "spaceship"}\n')
    out = tmp_path / "r.json"
    result = run("report", str(a), str(b), "--by", "vendor", "--from", "2026-01-01",
                 "--to", "2026-06-30", "-o", str(out), "--min-cell", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = orjson.loads(out.read_bytes())
    assert data["invalid_records"] == 1
    assert data["from"] == "2026-01-01"
    assert data["as_of"] == "2026-06-30"
    info = next(i for i in data["indicators"] if i["id"] == "st4-information-both-checked")
    assert {g["group"] for g in info["groups"]} == {str(a)}
    assert [c["period"] for c in info["groups"][0]["cells"]][:3] == ["2026-01", "2026-02",
                                                                    "2026-03"]  # fmt: skip
    quality = {q["file"]: q for q in data["data_quality"]}
    assert quality[str(b)]["invalid"] == 1


def test_usage_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    out = str(tmp_path / "r.html")
    missing = run("report", str(tmp_path / "nope.ndjson"), "-o", out, "--lang", "en")
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    no_store = run("report", "--db", str(tmp_path / "none.sqlite"), "-o", out, "--lang", "en")
    assert no_store.exit_code == 2
    assert "no store to report on" in no_store.output
    assert not (tmp_path / "none.sqlite").exists()  # a report never creates a store
    both = run("report", "x.ndjson", "--db", "y.sqlite", "-o", out, "--lang", "en")
    assert both.exit_code == 2
    assert "not both" in both.output
    dates = run("report", "--from", "2026-05-01", "--to", "2026-04-01", "x", "-o", out)
    assert dates.exit_code == 2
    assert "--from er efter --to" in dates.output


def test_exports_win_over_carekit_db_from_the_environment(tmp_path: Path) -> None:
    export = tmp_path / "e.ndjson"
    export.write_bytes(orjson.dumps(information("2026-03-02", "both").model_dump(mode="json")))
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        cli,
        ["report", str(export), "-o", str(out), "--to", "2026-06-30", "--min-cell", "1"],
        env={"CAREKIT_DB": str(tmp_path / "elsewhere.sqlite")},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert orjson.loads(out.read_bytes())["records_used"] == {"information_record": 1}
    assert not (tmp_path / "elsewhere.sqlite").exists()


def test_a_store_gives_the_same_report_as_its_records(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    options = ReportOptions(as_of=dt.date(2026, 12, 1), min_cell=1)
    from_store = build_report(store_records(sqlite_url(db)), options)
    direct = build_report([(r.model_dump(mode="json"), "store") for r in demo_records()], options)
    assert from_store.used == direct.used
    assert to_json(from_store) == to_json(direct)


def test_the_default_range_is_twelve_months() -> None:
    assert twelve_months_before(dt.date(2026, 12, 2)) == dt.date(2026, 1, 1)
    assert twelve_months_before(dt.date(2026, 3, 31)) == dt.date(2025, 4, 1)
