"""``--by unit``: every record counts in its citizen's unit (``Citizen.unit``), from a store and
from exports in any order; citizens without a unit are the group "-" ("Uden enhed")."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import orjson
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.cli.report import store_records
from carekit.model import Citizen, Record
from carekit.report import (
    NO_UNIT,
    QualityReport,
    ReportOptions,
    build_report,
    citizen_units,
    report_from_exports,
    to_html,
)
from carekit.store import sqlite_url
from carekit.testing.readers import open_reading

from .records import as_json, at, cells, check_in, citizen, report

mount_all(cli)

NORTH = "Hjemmeplejen Nord"
SOUTH = "Bostedet Lyngen, afd. B"
OPTIONS = ReportOptions(as_of=dt.date(2026, 6, 30), by="unit", min_cell=1)


def resident(unit: str | None) -> Citizen:
    return citizen().model_copy(update={"unit": unit})


def people() -> list[Record]:
    """Two citizens in the north (ratings 4 and 2), one in the south (5), one without (1)."""
    north_1, north_2, south, nowhere = (
        resident(NORTH),
        resident(NORTH),
        resident(SOUTH),
        resident(None),
    )
    day = at("2026-03-10")
    return [
        north_1,
        check_in(day, 4, north_1.citizen_id),
        north_2,
        check_in(day, 2, north_2.citizen_id),
        south,
        check_in(day, 5, south.citizen_id),
        nowhere,
        check_in(day, 1, nowhere.citizen_id),
    ]


def mean(result: QualityReport, group: str) -> tuple[float | None, float | None]:
    cell = cells(result, group)[("st1-check-in-mean", "2026-03")]
    return cell.numerator, cell.denominator


def test_records_count_in_their_citizens_unit() -> None:
    result = report(people(), by="unit")
    assert mean(result, NORTH) == (6, 2)
    assert mean(result, SOUTH) == (5, 1)
    assert mean(result, NO_UNIT) == (1, 1)
    groups = {g.group for r in result.results for g in r.groups}
    assert groups == {NORTH, SOUTH, NO_UNIT}
    notes = [n.en for n in result.notes()]
    assert "--by unit: the group '-' is citizens without a unit (Citizen: unit)." in notes


def test_without_any_unit_there_is_one_group_and_a_note_saying_so() -> None:
    records = [r.model_copy(update={"unit": None}) if r.kind == "citizen" else r for r in people()]
    result = report(records, by="unit")
    assert mean(result, NO_UNIT) == (12, 4)
    notes = [n.da for n in result.notes()]
    assert (
        "--by unit: ingen borger i data har en enhed (Borger: enhed), så der er én gruppe, '-'."
        in notes
    )


def test_small_cells_are_hidden_per_unit() -> None:
    result = report(people(), by="unit", min_cell=2)
    north = cells(result, NORTH)[("st1-check-in-mean", "2026-03")]
    south = cells(result, SOUTH)[("st1-check-in-mean", "2026-03")]
    assert (north.suppressed, north.value) == (False, 3)
    assert (south.suppressed, south.value) == (True, None)


def write_export(path: Path, records: list[Record]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r.model_dump(mode="json")) + b"\n" for r in records))
    return path


def test_exports_in_any_order_give_the_units_of_the_citizens(tmp_path: Path) -> None:
    records = people()
    others = [r for r in records if r.kind != "citizen"]
    citizens = [r for r in records if r.kind == "citizen"]
    first = write_export(tmp_path / "a.ndjson", others)  # the check-ins before their citizens
    second = write_export(tmp_path / "b.ndjson", citizens)
    result = report_from_exports([str(first), str(second)], OPTIONS)
    assert mean(result, NORTH) == (6, 2)
    assert mean(result, SOUTH) == (5, 1)
    assert mean(result, NO_UNIT) == (1, 1)


def test_the_units_pass_reads_citizens_only_as_validate_accepts_them(tmp_path: Path) -> None:
    escaped = resident(NORTH)
    line = orjson.dumps(escaped.model_dump(mode="json")).replace(
        b'"kind":"citizen"', b'"kind":"\\u0063itizen"'
    )
    invalid = resident(SOUTH).model_dump(mode="json")
    invalid["unit"] = ""  # the unit is a non-empty text: the record is invalid
    path = tmp_path / "c.ndjson"
    path.write_bytes(line + b"\n" + orjson.dumps(invalid) + b"\n" + b"not json\n")
    units = citizen_units([str(path)])
    assert units == {str(escaped.citizen_id): NORTH}


def test_the_store_gives_the_same_units_as_its_records(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    records = people()
    with open_reading(db) as app:
        app.import_records(records, actor=records[0].actor)
    from_store = build_report(store_records(sqlite_url(db)), OPTIONS)
    assert mean(from_store, NORTH) == (6, 2)
    assert mean(from_store, NO_UNIT) == (1, 1)
    run = CliRunner().invoke(
        cli,
        [
            "report",
            "--db",
            str(db),
            "--by",
            "unit",
            "--as-of",
            "2026-06-30",
            "--min-cell",
            "1",
            "--format",
            "json",
        ],
        env={"CAREKIT_DB": ""},
    )
    assert run.exit_code == 0, run.output
    data = orjson.loads(run.output)
    groups = {g["group"] for i in data["indicators"] for g in i["groups"]}
    assert groups == {NORTH, SOUTH, NO_UNIT}


def test_the_html_names_the_units_and_no_unit_in_both_languages() -> None:
    result = report(people(), by="unit")
    danish, english = to_html(result, "da"), to_html(result, "en")
    assert NORTH in danish
    assert "Uden enhed" in danish
    assert "No unit" in english
    assert '<th scope="col">Gruppe</th>' in danish


def test_standard_input_with_by_unit_is_a_clear_usage_error() -> None:
    for lang, text in [
        ("da", "standardinput kan kun læses én gang. Gem data i en fil"),
        ("en", "standard input can be read only once. Save the data to a file"),
    ]:
        run = CliRunner().invoke(
            cli, ["report", "-", "--by", "unit", "--lang", lang], input="", env={"CAREKIT_DB": ""}
        )
        assert run.exit_code == 2
        assert text in run.output
        assert run.exception is None or isinstance(run.exception, SystemExit)


UNITS = st.sampled_from([NORTH, SOUTH, None])


@settings(max_examples=40, deadline=None)
@given(people_=st.lists(st.tuples(UNITS, st.integers(1, 5)), min_size=1, max_size=12))
def test_the_units_partition_the_totals(people_: list[tuple[str | None, int]]) -> None:
    records: list[Record] = []
    for unit, rating in people_:
        person = resident(unit).model_copy(update={"id": uuid.uuid4()})
        person = person.model_copy(update={"citizen_id": person.id})
        records += [person, check_in(at("2026-03-10"), rating, person.citizen_id)]
    by_unit = build_report(as_json(records), OPTIONS)
    total = build_report(as_json(records), ReportOptions(as_of=OPTIONS.as_of, min_cell=1))
    whole = cells(total)
    for result_id in ("st1-check-in-mean", "dc2-trials-started"):
        for (key, period), cell in whole.items():
            if key != result_id:
                continue
            parts = [
                cells(by_unit, g).get((key, period)) for g in {u or NO_UNIT for u, _ in people_}
            ]
            assert sum(p.numerator or 0 for p in parts if p) == cell.numerator
            assert sum(p.denominator or 0 for p in parts if p) == cell.denominator
