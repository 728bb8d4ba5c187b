"""The indicator definitions of ``docs/report.md``, generated from :data:`INDICATORS` (the
same objects the computation uses), between ``<!-- report-indicators -->`` markers."""

from __future__ import annotations

import re

from carekit.report._indicators import DATA_QUALITY, INDICATORS, UNSUPPORTED, Indicator

__all__ = ["definitions_markdown", "embed_definitions"]

_BLOCK = re.compile(r"<!-- report-indicators -->\n.*?<!-- /report-indicators -->", re.DOTALL)
_PERIOD = {"month": "month", "quarter": "quarter", "snapshot": "on the report date"}
_MEASURE = {
    "share": "share (numerator / denominator, in per cent)",
    "mean": "mean (sum / count)",
    "rate": "rate (numerator per {per} of the denominator)",
    "count": "count (the numerator alone)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _definition(item: Indicator) -> list[str]:
    direction = {True: "higher", False: "lower", None: "neither (read with the others)"}
    rows = [
        f"### {item.name.en} {{#{item.anchor}}}",
        "",
        f"*{item.name.da}* · `{item.id}`",
        "",
        "| | |",
        "|---|---|",
        f"| Practice | {', '.join(item.practice) or '-'} |",
        f"| Numerator | {_cell(item.numerator.en)} |",
        f"| Denominator | {_cell(item.denominator.en)} |",
        f"| Value | {_MEASURE[item.measure].format(per=item.per)} |",
        f"| Period | {_PERIOD[item.period]} |",
        f"| Data source | {_cell(item.source.en)} |",
        f"| Better is | {direction[item.higher_is_better]} |",
    ]
    if item.note is not None:
        rows.append(f"| Note | {_cell(item.note.en)} |")
    return [*rows, ""]


def definitions_markdown() -> str:
    """The definitions section: every indicator, data quality, and what is not supported."""
    out = ["<!-- generated from carekit.report.INDICATORS by `python -m carekit._docs write` -->",
           ""]  # fmt: skip
    for item in (*INDICATORS, DATA_QUALITY):
        out.extend(_definition(item))
    out += [
        "### Not supported by the data yet",
        "",
        "| Practice | Indicator | Why |",
        "|---|---|---|",
    ]
    out += [
        f"| {', '.join(u.practice) or '-'} | {_cell(u.name.en)} | {_cell(u.why.en)} |"
        for u in UNSUPPORTED
    ]
    return "\n".join(out) + "\n"


def embed_definitions(markdown: str) -> str:
    """*markdown* with its ``report-indicators`` block regenerated."""
    return _BLOCK.sub(
        lambda _: (
            f"<!-- report-indicators -->\n{definitions_markdown()}<!-- /report-indicators -->"
        ),
        markdown,
    )
