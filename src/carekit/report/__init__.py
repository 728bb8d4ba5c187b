"""The municipal quality report: indicators per practice (ST-n, DC-n), computed per
organisation, group and period from a store or from validated exports, with run charts read
by the Anhøj rules.  See ``docs/report.md``.

    >>> from carekit.report import runchart
    >>> runchart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).crossings
    1
"""

from carekit.report._compute import (
    Cell,
    GroupSeries,
    IndicatorResult,
    ReportOptions,
    month_of,
    periods_between,
    quarter_of,
)
from carekit.report._exports import FileQuality, StdinTwiceError, citizen_units, read_exports
from carekit.report._html import to_html
from carekit.report._indicators import (
    DATA_QUALITY,
    INDICATORS,
    NO_ORGANISATION,
    NO_UNIT,
    UNSUPPORTED,
    Indicator,
    Unsupported,
    indicator,
)
from carekit.report._page import definitions_markdown, embed_definitions
from carekit.report._report import (
    FORMATS,
    QualityReport,
    as_data,
    build_report,
    report_from_exports,
    to_csv,
    to_json,
)
from carekit.report._runchart import RunChart, crossings_limit, longest_run_limit, runchart

__all__ = [
    "DATA_QUALITY",
    "FORMATS",
    "INDICATORS",
    "NO_ORGANISATION",
    "NO_UNIT",
    "UNSUPPORTED",
    "Cell",
    "FileQuality",
    "GroupSeries",
    "Indicator",
    "IndicatorResult",
    "QualityReport",
    "ReportOptions",
    "RunChart",
    "StdinTwiceError",
    "Unsupported",
    "as_data",
    "build_report",
    "citizen_units",
    "crossings_limit",
    "definitions_markdown",
    "embed_definitions",
    "indicator",
    "longest_run_limit",
    "month_of",
    "periods_between",
    "quarter_of",
    "read_exports",
    "report_from_exports",
    "runchart",
    "to_csv",
    "to_html",
    "to_json",
]
