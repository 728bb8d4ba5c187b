"""Suppression, exports, and the three formats showing the same numbers without personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import orjson

from carekit.model import Record
from carekit.report import ReportOptions, as_data, report_from_exports, to_csv, to_html, to_json

from .records import cells, citizen, information, report, story

AS_OF = dt.date(2026, 6, 30)


def test_cells_with_fewer_than_min_cell_records_are_suppressed() -> None:
    records: list[Record] = [information("2026-03-02", "both") for _ in range(4)]
    records += [information("2026-04-02", "both") for _ in range(5)]
    found = cells(report(records, min_cell=5))
    march = found[("st4-information-both-checked", "2026-03")]
    assert march.suppressed
    assert march.value is None
    assert march.numerator is None
    assert march.denominator is None
    april = found[("st4-information-both-checked", "2026-04")]
    assert not april.suppressed
    assert april.value == 1
    assert april.denominator == 5


def test_small_counts_are_suppressed_but_zero_is_shown() -> None:
    records: list[Record] = [story("shared", "2026-03-01") for _ in range(3)]
    records += [story("shared", "2026-05-01") for _ in range(6)]
    found = cells(report(records, min_cell=5))
    assert found[("dc5-stories-shared", "2026-03")].suppressed
    assert found[("dc5-stories-shared", "2026-04")].value == 0
    assert not found[("dc5-stories-shared", "2026-04")].suppressed
    assert found[("dc5-stories-shared", "2026-05")].value == 6


def test_the_min_cell_is_configurable() -> None:
    records: list[Record] = [information("2026-03-02", "both") for _ in range(4)]
    assert not cells(report(records, min_cell=4))[
        ("st4-information-both-checked", "2026-03")
    ].suppressed
    assert cells(report(records, min_cell=10))[
        ("st4-information-both-checked", "2026-03")
    ].suppressed


def test_suppressed_cells_never_reach_the_chart() -> None:
    records: list[Record] = [information("2026-03-02", "both") for _ in range(2)]
    records += [information("2026-04-02", "oral") for _ in range(6)]
    result = report(records, min_cell=5)
    series = next(r for r in result.results if r.indicator.id == "st4-information-both-checked")
    assert series.groups[0].chart is not None
    assert series.groups[0].chart.values == (0.0,)


def _write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _line(record: Record, **changes: Any) -> bytes:
    data = record.model_dump(mode="json")
    data.update(changes)
    return orjson.dumps(data)


def test_exports_use_valid_records_and_count_invalid_ones(tmp_path: Path) -> None:
    good = [information("2026-03-02", "both") for _ in range(3)]
    lines = [_line(r) for r in good]
    lines.append(_line(information("2026-03-03", "both"), given_at="2026-03-03T25:00:00+01:00"))
    lines.append(b'{"kind": "spaceship"}')
    lines.append(b"{not json")
    # valid RFC 3339, but carekit's schema refuses a leap second (what the model cannot hold)
    lines.append(_line(information("2026-03-04", "both"), given_at="2016-12-31T23:59:60Z"))
    # lower-case t and z are valid RFC 3339; 23:30 UTC is the next day in Denmark
    lines.append(_line(information("2026-03-05", "both"), given_at="2016-12-31t23:30:00z"))
    lines.append(b"")  # a blank line is no record
    export = _write(tmp_path / "vendor-a.ndjson", lines)
    result = report_from_exports([str(export)], ReportOptions(as_of=AS_OF, min_cell=1))
    assert result.quality is not None
    (quality,) = result.quality
    assert (quality.records, quality.valid, quality.invalid) == (8, 4, 4)
    top = dict(quality.top())
    assert top["format"] == 1
    assert top["unknown-kind"] == 1
    assert top["json"] == 1
    assert sum(top.values()) == 4
    assert result.used == {"information_record": 4}
    found = cells(result)
    assert found[("st4-information-both-checked", "2026-03")].denominator == 3
    assert found[("st4-information-both-checked", "2017-01")].denominator == 1  # Danish date


def test_json_arrays_gzip_and_vendors(tmp_path: Path) -> None:
    import gzip

    a = tmp_path / "a.json"
    a.write_bytes(orjson.dumps([information("2026-03-02", "both").model_dump(mode="json")] * 2))
    b = tmp_path / "b.ndjson.gz"
    b.write_bytes(gzip.compress(_line(information("2026-03-02", "oral")) + b"\n"))
    options = ReportOptions(as_of=AS_OF, min_cell=1, by="vendor")
    result = report_from_exports([str(a), str(b)], options)
    assert cells(result, str(a))[("st4-information-both-checked", "2026-03")].value == 1
    assert cells(result, str(b))[("st4-information-both-checked", "2026-03")].value == 0


def _sample() -> list[Record]:
    records: list[Record] = [citizen() for _ in range(6)]
    for month in range(1, 7):
        records += [information(f"2026-{month:02d}-{d:02d}", "both" if d % 2 else "oral")
                    for d in range(1, 8)]  # fmt: skip
    return records


def test_json_csv_and_html_show_the_same_numbers() -> None:
    result = report(_sample(), min_cell=5)
    data = as_data(result)
    assert orjson.loads(to_json(result)) == data
    info = next(i for i in data["indicators"] if i["id"] == "st4-information-both-checked")
    march = next(c for c in info["groups"][0]["cells"] if c["period"] == "2026-03")
    assert (march["numerator"], march["denominator"]) == (4, 7)
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    row = next(
        r
        for r in rows
        if r["indicator"] == "st4-information-both-checked" and r["period"] == "2026-03"
    )
    assert (row["numerator"], row["denominator"], row["value"]) == ("4", "7", "0.571429")
    assert row["median"] == str(info["groups"][0]["runchart"]["median"])
    html = to_html(result, "en")
    assert "57 %" in html
    assert "<svg" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "<script" not in html


def test_no_personal_data_in_any_format() -> None:
    result = report(_sample(), min_cell=1)
    outputs = [to_json(result), to_csv(result), to_html(result, "da"), to_html(result, "en")]
    for text in outputs:
        assert "Karen" not in text
        assert "010190" not in text
        assert "staff-anna" not in text
        assert "00000000-0000-4000-8000-000000000001" not in text  # the citizen id


def test_the_html_links_every_indicator_to_its_definition() -> None:
    html = to_html(report(_sample()), "da")
    assert 'href="#def-st4-information-both-checked"' in html
    assert 'id="def-st4-information-both-checked"' in html
    assert "Forskellige hjælpere pr. borger pr. 14 dage" in html  # not supported, and why
    assert 'lang="da"' in html


def test_a_cpr_number_in_a_file_name_is_masked(tmp_path: Path) -> None:
    export = _write(
        tmp_path / "borger-010190-1234.ndjson", [_line(information("2026-03-02", "both"))]
    )
    result = report_from_exports([str(export)], ReportOptions(as_of=AS_OF, min_cell=1, by="vendor"))
    for text in (to_json(result), to_csv(result), to_html(result, "en")):
        assert "010190-1234" not in text
        assert "010190-XXXX" in text


def test_the_overview_names_each_indicators_latest_value_and_its_signal() -> None:
    records: list[Record] = []
    for month in range(1, 13):  # 0 % for four months, then 100 %: a shift
        how = "oral" if month <= 4 else "both"
        records += [information(f"2026-{month:02d}-{d:02d}", how) for d in range(1, 11)]
    result = report(records, as_of=dt.date(2026, 12, 31), baseline=4)
    html = to_html(result, "en")
    overview = html.split('id="overview"', 1)[1].split("</table>", 1)[0]
    row = overview.split('href="#st4-information-both-checked"', 1)[1].split("</tr>", 1)[0]
    assert "100 % (2026-12)" in row
    assert 'class="signal">shift' in row
