"""``carekit report``: the municipal quality report (:mod:`carekit.report`) as a command.

From a store (``--db``) or from export files (``EXPORT...``, read as ``carekit validate`` reads
them: invalid records are counted, not used).  ``-o FILE`` goes through
:mod:`carekit.cli._output` as for every command (never the store or an input, an existing file
only with ``--force``, written whole or not at all), and is never inside an export folder.
Exit 0 when the report is written, 2 on usage errors (a missing input, a refused ``-o``, bad
dates) – a message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import EXIT_OK, fail_usage
from carekit.cli._options import DATE, db_option, db_url, error_message, lang_option
from carekit.cli._output import check_output, command_inputs, output_options, write_output
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Purpose
from carekit.privacy import mask_cpr_in_text
from carekit.report import (
    FORMATS,
    QualityReport,
    ReportOptions,
    StdinTwiceError,
    build_report,
    report_from_exports,
    to_csv,
    to_html,
    to_json,
)
from carekit.store import parse_store_url
from carekit.validate import InputNotFoundError

__all__ = ["report_command", "store_records", "twelve_months_before"]

MSG_BOTH = Text(
    "Angiv enten --db eller eksportfiler, ikke begge.",
    "Give either --db or export files, not both.",
)
MSG_NO_STORE = Text(
    "{path} findes ikke; der er intet lager at lave en rapport over (angiv det med --db).",
    "{path} does not exist; there is no store to report on (name it with --db).",
)
MSG_NOT_FOUND = Text("{path} findes ikke.", "{path} does not exist.")
MSG_INSIDE = Text(
    "-o {path} ligger i en mappe med eksportfiler, som rapporten læser; næste kørsel ville "
    "læse rapporten som en eksport. Vælg en fil uden for mappen.",
    "-o {path} is inside a folder of exports the report reads; the next run would read the "
    "report as an export. Choose a file outside the folder.",
)
MSG_DATES = Text("--from er efter --to.", "--from is after --to.")
MSG_WROTE = Text(
    "Rapport skrevet til {path} ({records} poster brugt, {invalid} ugyldige).",
    "Report written to {path} ({records} records used, {invalid} invalid).",
)

_CPH = ZoneInfo("Europe/Copenhagen")


def twelve_months_before(day: dt.date) -> dt.date:
    """The first day of the month eleven months before *day*'s: twelve months in all."""
    index = day.year * 12 + day.month - 1 - 11
    return dt.date(index // 12, index % 12 + 1, 1)


def store_records(url: str) -> Iterator[tuple[dict[str, Any], str]]:
    """The latest version of every record in the store at *url*, as JSON data, citizen by
    citizen (every record names a stored citizen: the write contract), so memory holds one
    citizen's records at a time, not the store's.  Each citizen's records are read through
    the command's reader (``--as``) for administration and logged (operation ``report``)."""
    with open_from_cli(url, Purpose.ADMINISTRATION) as app:
        for citizen_id in app.store.citizens():  # ids only; the records are read below
            records = app.citizen_records(citizen_id, operation="report")
            # the citizen's own record first: --by unit learns the citizen's unit from it
            for record in sorted(records, key=lambda r: r.kind != "citizen"):
                yield record.model_dump(mode="json"), "store"


def _export_files(exports: tuple[str, ...]) -> list[Path]:
    """The files the exports name (directories walked): none of them may be the output."""
    found: list[Path] = []
    for raw in exports:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file())
        elif raw != "-":
            found.append(path)
    return found


def _refuse_inside_inputs(output: Path, exports: tuple[str, ...], language: Lang) -> None:
    """Exit 2 when *output* is inside an export directory: the next run would read the
    report as an export.  (The store, an input file and an existing file are refused by
    :func:`~carekit.cli._output.check_output`, as for every command.)"""
    target = output.resolve()
    if any(Path(raw).is_dir() and target.is_relative_to(Path(raw).resolve()) for raw in exports):
        fail_usage(MSG_INSIDE.format(path=output).get(language))


@click.command("report")
@click.argument("exports", nargs=-1, metavar="[EXPORT...]")
@db_option(
    "The store to report on: a URL or a SQLite file path. Without EXPORT: $CAREKIT_DB, "
    "else ./carekit.sqlite."
)
@click.option("--organisation", default=None, help="Only this organisation ('all' today).")
@click.option(
    "--from",
    "start",
    type=DATE,
    default=None,
    help="First day counted. Default: the twelve months up to --to (else the report date).",
)
@click.option("--to", "end", type=DATE, default=None, help="Last day counted.")
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="Report date for the 'on the report date' indicators. Default: --to, else today.",
)
@click.option(
    "--by",
    type=click.Choice(["month", "unit", "vendor"]),
    default="month",
    show_default=True,
    help="Breakdown: month (none beyond the periods), unit, vendor (export file).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="Output format. Default: from the -o suffix, else html.",
)
@click.option(
    "--min-cell",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Hide cells counting fewer citizens or records than this.",
)
@click.option(
    "--baseline",
    type=click.IntRange(min=1),
    default=None,
    help="Freeze each run chart's median on its first N periods.",
)
@lang_option("Language of the report.")
@output_options("The file to write (default: standard output).")
def report_command(  # noqa: PLR0917 - click passes options as arguments
    exports: tuple[str, ...],
    db: str | None,
    organisation: str | None,
    start: dt.date | None,
    end: dt.date | None,
    as_of: dt.date | None,
    by: str,
    output_format: str | None,
    min_cell: int,
    baseline: int | None,
    lang: str,
    output: Path | None,
    *,
    force: bool,
) -> None:
    """Write the quality report: indicators per practice with run charts (Anhøj rules),
    from a store or from validated exports.  Aggregates only; small cells hidden."""
    language = check_lang(lang)
    context = click.get_current_context()
    from_env = context.get_parameter_source("db") == click.core.ParameterSource.ENVIRONMENT
    if exports and db and not from_env:
        fail_usage(MSG_BOTH.get(language))
    last = end
    report_date = as_of or (last or dt.datetime.now(_CPH).date())
    # default: the twelve months up to the report date (the month of the report date included)
    first = start or twelve_months_before(last or report_date)
    if last and first > last:
        fail_usage(MSG_DATES.get(language))
    options = ReportOptions(
        as_of=report_date,
        start=first,
        end=last,
        by="vendor" if by == "vendor" else "unit" if by == "unit" else "month",
        organisation=organisation,
        min_cell=min_cell,
        baseline=baseline,
    )
    if output is not None and str(output) == "-":
        output = None
    suffix = output.suffix.lower() if output is not None else ""
    chosen = output_format or {".json": "json", ".csv": "csv"}.get(suffix, "html")
    url = None if exports else (db or db_url("carekit.sqlite"))
    inputs = [*_export_files(exports), *command_inputs()]
    if output is not None:  # refuse before anything is read or opened
        _refuse_inside_inputs(output, exports, language)
        check_output(output, store=url, inputs=inputs, force=force)
    report: QualityReport
    if url is None:
        try:
            report = report_from_exports(list(exports), options)
        except InputNotFoundError as error:
            fail_usage(MSG_NOT_FOUND.format(path=error.path).get(language))
        except StdinTwiceError as error:
            fail_usage(error_message(error, language))
    else:
        parsed = parse_store_url(url)
        if parsed.scheme == "sqlite" and not Path(parsed.path).exists():
            fail_usage(MSG_NO_STORE.format(path=parsed.path).get(language))
        report = build_report(store_records(url), options)
    text = (
        to_json(report)
        if chosen == "json"
        else to_csv(report)
        if chosen == "csv"
        else to_html(report, language)
    )
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text.encode(), store=url, inputs=inputs, force=force)
        records = sum(report.used.values())
        shown = MSG_WROTE.format(path=output, records=records, invalid=report.invalid)
        click.echo(mask_cpr_in_text(shown.get(language)), err=True)
    raise SystemExit(EXIT_OK)
