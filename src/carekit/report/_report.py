"""The report as data (:class:`QualityReport`), built from records or exports, and its JSON and
CSV forms.  The HTML form is :mod:`carekit.report._html`; all three show the same numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs
import orjson

from carekit._version import __version__
from carekit.i18n import Text
from carekit.privacy import mask_cpr_in_text
from carekit.report._compute import Cell, Computation, IndicatorResult, ReportOptions
from carekit.report._exports import FileQuality, citizen_units, read_exports
from carekit.report._indicators import NO_ORGANISATION, NO_UNIT, UNSUPPORTED
from carekit.report._runchart import RunChart

__all__ = ["FORMATS", "Format", "QualityReport", "build_report", "report_from_exports", "to_csv",
           "to_json"]  # fmt: skip

Format = Literal["html", "json", "csv"]
FORMATS: tuple[Format, ...] = ("html", "json", "csv")


@attrs.frozen
class QualityReport:
    """The computed report: options, indicator results, records used per kind, and (for
    exports) each file's validation counts.  Aggregates only."""

    options: ReportOptions
    results: tuple[IndicatorResult, ...]
    used: Mapping[str, int]
    quality: tuple[FileQuality, ...] | None
    source: Text
    skipped: int = 0
    later: int = 0

    @property
    def invalid(self) -> int:
        """Invalid records in the exports (0 for a store)."""
        return sum(q.invalid for q in self.quality or ())

    def notes(self) -> list[Text]:
        """What the reader should know about the data behind the numbers."""
        found = [
            Text(
                "Posterne har endnu ingen organisation: alt er én organisation, "
                f"'{NO_ORGANISATION}'.",
                "Records carry no organisation yet: everything is one organisation, "
                f"'{NO_ORGANISATION}'.",
            )
        ]
        org = self.options.organisation
        if org not in (None, NO_ORGANISATION):
            found.append(
                Text(
                    f"Organisationen '{org}' findes ikke i data; rapporten er tom.",
                    f"The organisation '{org}' is not in the data; the report is empty.",
                )
            )
        if self.options.by == "unit":
            groups = {g.group for r in self.results for g in r.groups}
            if groups <= {NO_UNIT}:
                found.append(
                    Text(
                        "--by unit: ingen borger i data har en enhed (Borger: enhed), så der "
                        f"er én gruppe, '{NO_UNIT}'.",
                        "--by unit: no citizen in the data has a unit (Citizen: unit), so "
                        f"there is one group, '{NO_UNIT}'.",
                    )
                )
            elif NO_UNIT in groups:
                found.append(
                    Text(
                        f"--by unit: gruppen '{NO_UNIT}' er borgere uden enhed (Borger: enhed).",
                        f"--by unit: the group '{NO_UNIT}' is citizens without a unit "
                        "(Citizen: unit).",
                    )
                )
        if self.later:
            found.append(
                Text(
                    "Poster oprettet efter rapportdatoen (dansk dato), ikke talt med: "
                    f"{self.later}.",
                    "Records created after the report date (Danish date), not counted: "
                    f"{self.later}.",
                )
            )
        if self.skipped:
            found.append(
                Text(
                    "Gyldige poster med en dato, Python ikke kan regne med, ikke brugt: "
                    f"{self.skipped}.",
                    "Valid records with a date Python cannot compute with, not used: "
                    f"{self.skipped}.",
                )
            )
        found.append(
            Text(
                f"Celler med færre end {self.options.min_cell} borgere eller poster er skjult.",
                f"Cells with fewer than {self.options.min_cell} citizens or records are hidden.",
            )
        )
        return found


def build_report(
    records: Iterable[tuple[Mapping[str, Any], str]],
    options: ReportOptions,
    *,
    quality: Mapping[str, FileQuality] | None = None,
    source: Text | None = None,
    units: Mapping[str, str | None] | None = None,
) -> QualityReport:
    """The report over *records*: ``(JSON data of a valid record, source name)`` pairs, read
    once, one at a time.  *quality*: the exports' validation counts, if read from exports.
    *units*: each citizen's unit for ``by="unit"`` when known beforehand; else each citizen's
    record must come before the citizen's other records (:class:`~carekit.report._compute.
    Computation`)."""
    computation = Computation(options, units)
    computation.add_all(records)
    return QualityReport(
        options=options,
        results=tuple(computation.results()),
        used=dict(sorted(computation.used.items())),
        quality=tuple(quality.values()) if quality is not None else None,
        source=source or Text("lager", "store"),
        skipped=sum(computation.skipped.values()),
        later=computation.later,
    )


def report_from_exports(paths: list[str], options: ReportOptions) -> QualityReport:
    """The report over the valid records of the export files *paths* (read as ``carekit
    validate`` reads them; invalid records counted in the data-quality section, not used)."""
    quality: dict[str, FileQuality] = {}
    names = mask_cpr_in_text(", ".join(paths))  # a file name may hold a CPR number
    # by unit: the citizens' units first (a record may come before its citizen's record)
    units = citizen_units(paths) if options.by == "unit" else None
    return build_report(
        read_exports(paths, quality),
        options,
        quality=quality,
        source=Text(f"eksport: {names}", f"export: {names}"),
        units=units,
    )


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {
        "period": cell.period,
        "numerator": _number(cell.numerator),
        "denominator": _number(cell.denominator),
        "value": _number(cell.value),
        "suppressed": cell.suppressed,
    }


def _chart_json(chart: RunChart | None) -> dict[str, Any] | None:
    if chart is None:
        return None
    data = chart.as_dict()
    data["median"] = _number(chart.median)
    return data


def as_data(report: QualityReport) -> dict[str, Any]:
    """The report as JSON data (the ``--format json`` output)."""
    o = report.options
    return {
        "carekit_report": 1,
        "carekit_version": __version__,
        "source": report.source.as_dict(),
        "as_of": o.as_of.isoformat(),
        "from": o.start.isoformat() if o.start else None,
        "to": o.end.isoformat() if o.end else None,
        "organisation": o.organisation or NO_ORGANISATION,
        "by": o.by,
        "min_cell": o.min_cell,
        "baseline": o.baseline,
        "records_used": dict(report.used),
        "invalid_records": report.invalid,
        "records_after_report_date": report.later,
        "notes": [n.as_dict() for n in report.notes()],
        "indicators": [
            {
                "id": r.indicator.id,
                "practice": list(r.indicator.practice),
                "name": r.indicator.name.as_dict(),
                "measure": r.indicator.measure,
                "per": r.indicator.per,
                "period": r.indicator.period,
                "groups": [
                    {
                        "group": g.group,
                        "cells": [_cell_json(c) for c in g.cells],
                        "runchart": _chart_json(g.chart),
                    }
                    for g in r.groups
                ],
            }
            for r in report.results
        ],
        "data_quality": None
        if report.quality is None
        else [
            {
                "file": q.name,
                "records": q.records,
                "valid": q.valid,
                "invalid": q.invalid,
                "invalid_share": _number(q.invalid_share),
                "top_errors": [{"keyword": k, "count": n} for k, n in q.top()],
            }
            for q in report.quality
        ],
        "not_supported": [
            {
                "id": u.id,
                "practice": list(u.practice),
                "name": u.name.as_dict(),
                "why": u.why.as_dict(),
            }
            for u in UNSUPPORTED
        ],
    }


def to_json(report: QualityReport) -> str:
    """The report as indented JSON text."""
    return orjson.dumps(as_data(report), option=orjson.OPT_INDENT_2).decode() + "\n"


CSV_COLUMNS = (
    "indicator", "practice", "group", "period", "numerator", "denominator", "value",
    "suppressed", "median", "longest_run", "longest_run_limit", "crossings", "crossings_limit",
    "shift", "few_crossings",
)  # fmt: skip


def to_csv(report: QualityReport) -> str:
    """The report as CSV: a row per indicator, group and period (the run-chart columns repeat
    on each row of a series); data quality as rows of indicator ``dq-invalid-share``.  The
    columns hold ids and numbers only, the same in either language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.results:
        for g in r.groups:
            chart = g.chart
            extra: list[Any] = ["", "", "", "", "", "", ""]
            if chart is not None:
                extra = [_number(chart.median), chart.longest_run, chart.longest_run_limit,
                         chart.crossings, chart.crossings_limit, chart.shift,
                         chart.few_crossings]  # fmt: skip
            for c in g.cells:
                writer.writerow([
                    r.indicator.id, " ".join(r.indicator.practice), g.group, c.period,
                    _shown(c.numerator), _shown(c.denominator), _shown(c.value), c.suppressed,
                    *(_shown(v) for v in extra),
                ])  # fmt: skip
    for q in report.quality or ():
        writer.writerow(["dq-invalid-share", "", q.name, "snapshot", q.invalid, q.records,
                         _shown(q.invalid_share), False, "", "", "", "", "", "", ""])  # fmt: skip
    return out.getvalue()


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    return value
