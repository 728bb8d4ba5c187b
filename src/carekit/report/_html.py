"""The report as one self-contained HTML page (no network: styles inline, charts inline SVG),
readable at 1280 px and printable on A4."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import jinja2

from carekit._dates import format_date
from carekit.i18n import Lang, Text
from carekit.report._compute import Cell
from carekit.report._indicators import DATA_QUALITY, INDICATORS, NO_UNIT, UNSUPPORTED, Indicator
from carekit.report._report import QualityReport
from carekit.report._svg import runchart_svg

__all__ = ["to_html"]

L = {
    "title": Text("Kvalitetsrapport", "Quality report"),
    "source": Text("Kilde", "Source"),
    "as_of": Text("Rapportdato", "Report date"),
    "range": Text("Periode", "Period"),
    "open": Text("åben", "open"),
    "organisation": Text("Organisation", "Organisation"),
    "by": Text("Opdeling", "Breakdown"),
    "used": Text("Poster brugt", "Records used"),
    "invalid": Text("Ugyldige poster (ikke brugt)", "Invalid records (not used)"),
    "contents": Text("Indhold", "Contents"),
    "group": Text("Gruppe", "Group"),
    "no_unit": Text("Uden enhed", "No unit"),
    "period": Text("Periode", "Period"),
    "numerator": Text("Tæller", "Numerator"),
    "denominator": Text("Nævner", "Denominator"),
    "value": Text("Værdi", "Value"),
    "hidden": Text("skjult (< {k})", "hidden (< {k})"),
    "no_data": Text("ingen data", "no data"),
    "definition": Text("Definition", "Definition"),
    "definitions": Text("Definitioner", "Definitions"),
    "practice": Text("Praksis", "Practice"),
    "source_fields": Text("Datakilde", "Data source"),
    "period_kind": Text("Periode", "Period"),
    "note": Text("Bemærk", "Note"),
    "unsupported": Text(
        "Indikatorer, data endnu ikke kan give", "Indicators the data cannot give yet"
    ),
    "why": Text("Hvorfor", "Why"),
    "quality": Text("Datakvalitet", "Data quality"),
    "file": Text("Fil", "File"),
    "records": Text("Poster", "Records"),
    "valid": Text("Gyldige", "Valid"),
    "top_errors": Text("Hyppigste fejltyper", "Top error types"),
    "store_quality": Text(
        "Et lager validerer hver post, når den skrives; datakvalitet vises for eksporter.",
        "A store validates every record when it is written; data quality is shown for exports.",
    ),
    "how_to_read": Text("Sådan læses et seriediagram", "How to read a run chart"),
    "how_to_read_text": Text(
        "Den stiplede linje er medianen. Et signal om ikke-tilfældig variation er et løb af "
        "punkter på samme side af medianen, der er længere end grænsen (røde firkanter), eller "
        "for få krydsninger af medianen (rød median). Punkter på medianen tælles ikke.",
        "The dashed line is the median. A signal of non-random variation is a run of points on "
        "one side of the median longer than its limit (red squares), or too few crossings of "
        "the median (red median). Points on the median are not counted.",
    ),
    "run": Text(
        "Længste løb {run} (grænse {run_limit}); krydsninger {crossings} (grænse {cross_limit})",
        "Longest run {run} (limit {run_limit}); crossings {crossings} (limit {cross_limit})",
    ),
    "snapshot": Text("på rapportdatoen", "on the report date"),
    "month": Text("måned", "month"),
    "quarter": Text("kvartal", "quarter"),
    "notes": Text("Om data", "About the data"),
    "overview": Text("Overblik", "Overview"),
    "indicator": Text("Indikator", "Indicator"),
    "latest": Text("Seneste værdi", "Latest value"),
    "signal": Text("Signal", "Signal"),
    "shift": Text("forskydning", "shift"),
    "few": Text("for få krydsninger", "too few crossings"),
    "none": Text("ingen", "none"),
}

_PERIOD = {"snapshot": "snapshot", "month": "month", "quarter": "quarter"}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _shown(cell: Cell, item: Indicator, lang: Lang, k: int) -> str:
    if cell.suppressed:
        return L["hidden"].format(k=k).get(lang)
    if cell.value is None:
        return L["no_data"].get(lang)
    if item.measure == "share":
        return f"{cell.value * 100:.0f} %"
    if item.measure == "count":
        return f"{cell.value:.0f}"
    return f"{cell.value:.2f}"


def _count(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def to_html(report: QualityReport, lang: Lang = "da") -> str:
    """The report as one self-contained HTML page in *lang*."""
    template = _environment().from_string(
        files("carekit.report").joinpath("report.html.j2").read_text(encoding="utf-8")
    )
    k = report.options.min_cell

    def t(key: str, **values: Any) -> str:
        text = L[key]
        return (text.format(**values) if values else text).get(lang)

    def group_name(group: str) -> str:
        return t("no_unit") if report.options.by == "unit" and group == NO_UNIT else group

    sections = []
    overview: list[dict[str, Any]] = []
    for result in report.results:
        item = result.indicator
        groups = []
        for series in result.groups:
            chart = series.chart
            groups.append(
                {
                    "name": group_name(series.group),
                    "svg": runchart_svg(
                        series,
                        title=f"{item.name.get(lang)} ({group_name(series.group)})",
                        percent=item.measure == "share",
                        lang=lang,
                    )
                    if chart is not None and chart.values
                    else "",
                    "run": t(
                        "run",
                        run=chart.longest_run,
                        run_limit=chart.longest_run_limit or "-",
                        crossings=chart.crossings,
                        cross_limit=chart.crossings_limit
                        if chart.crossings_limit is not None
                        else "-",
                    )
                    if chart is not None and chart.values
                    else "",
                    "signal": chart is not None and chart.signal,
                    "rows": [
                        {
                            "period": t("snapshot") if c.period == "snapshot" else c.period,
                            "numerator": _count(c.numerator),
                            "denominator": _count(c.denominator),
                            "value": _shown(c, item, lang, k),
                        }
                        for c in series.cells
                    ],
                }
            )
        sections.append({"item": item, "groups": groups})
        for series in result.groups:
            shown = [c for c in series.cells if c.value is not None]
            chart = series.chart
            fired = (
                []
                if chart is None
                else [
                    t(key)
                    for key, on in (("shift", chart.shift), ("few", chart.few_crossings))
                    if on
                ]
            )
            overview.append(
                {
                    "item": item,
                    "group": group_name(series.group),
                    "latest": f"{_shown(shown[-1], item, lang, k)} ({shown[-1].period})"
                    if shown and shown[-1].period != "snapshot"
                    else _shown(shown[-1], item, lang, k)
                    if shown
                    else t("no_data"),
                    "signal": ", ".join(fired) or (t("none") if chart is not None else "–"),
                    "fired": bool(fired),
                }
            )
    o = report.options
    return template.render(
        lang=lang,
        t=t,
        report=report,
        sections=sections,
        overview=overview,
        definitions=[*INDICATORS, DATA_QUALITY],
        unsupported=UNSUPPORTED,
        as_of=format_date(o.as_of, lang),
        start=format_date(o.start, lang) if o.start else t("open"),
        end=format_date(o.end, lang) if o.end else t("open"),
        notes=[n.get(lang) for n in report.notes()],
        period_label=lambda p: t(_PERIOD[p]),
    )
