"""``carekit access-log CITIZEN``: the citizen's "Min log" — who looked at and who changed
their data, by day, with names and roles — as text, JSON or an HTML document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import orjson

from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import fail_usage
from carekit.cli._options import DATE, db_option, lang_option
from carekit.cli._output import check_output, command_inputs, output_options, write_output
from carekit.cli._wiring import current_reader
from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Actor, Purpose
from carekit.render import AccessReport, access_report_data, access_report_text, render_access_log
from carekit.store import resolve_url

__all__ = ["access_log_command"]


@click.command("access-log")
@click.argument("citizen", required=False)
@click.option(
    "--since",
    type=DATE,
    default=None,
    help="Only from this day (YYYY-MM-DD, Europe/Copenhagen).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="Plain text, JSON, or an HTML document for the citizen.",
)
@click.option(
    "--actor",
    "actor",
    metavar="NAME",
    default=None,
    help="Your own reads instead of a citizen's log (NAME must be who you are: --as).",
)
@click.option(
    "--purpose",
    type=click.Choice([p.value for p in Purpose]),
    default=Purpose.CITIZEN_REQUEST.value,
    show_default=True,
    help="Why you look the log up (it is logged too).",
)
@db_option()
@output_options()
@lang_option()
def access_log_command(  # noqa: PLR0917 - click passes options as arguments
    citizen: str | None,
    since: dt.date | None,
    fmt: str,
    actor: str | None,
    purpose: str,
    db: str | None,
    output: Path | None,
    *,
    force: bool,
    lang: str,
) -> None:
    """Show who has looked at and who has changed a citizen's data ("Min log"), grouped by
    day, with names and roles; reads come from the access log, changes from the audit.

    Staff look up their own reads with --actor NAME (their --as name)."""
    language: Lang = check_lang(lang)
    reader = current_reader()
    _check_request(citizen, actor, fmt, reader, language)
    store = resolve_url(db)
    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        check_output(output, store=store, inputs=command_inputs(), force=force)
    with open_from_cli(store, Purpose(purpose)) as app:
        try:
            report = app.access_log(
                citizen,
                since=since,
                actor_id=reader.id if actor is not None else None,
            )
        except CarekitError as exc:
            fail_usage(exc.text.get(language))
        if citizen is not None and report.citizen is None:
            fail_usage(Text(f"ingen borger {citizen}", f"no citizen {citizen}").get(language))
    data = _formatted(report, fmt, language)
    if output is None:
        click.echo(data.decode(), nl=False)
    else:
        write_output(output, data, store=store, inputs=command_inputs(), force=force)


def _check_request(
    citizen: str | None, actor: str | None, fmt: str, reader: Actor, language: Lang
) -> None:
    """Refuse what the command cannot show: nothing named, someone else's reads, an HTML
    document without a citizen."""
    if citizen is None and actor is None:
        fail_usage(
            Text(
                "Angiv en borger (CITIZEN) eller dine egne læsninger med --actor.",
                "Name a citizen (CITIZEN) or your own reads with --actor.",
            ).get(language)
        )
    if actor is not None and actor not in (reader.id, reader.name):
        fail_usage(
            Text(
                f"--actor {actor}: du kan kun se dine egne læsninger (du er {reader.name}; "
                "sig hvem du er med --as).",
                f"--actor {actor}: you can only look up your own reads (you are "
                f"{reader.name}; say who you are with --as).",
            ).get(language)
        )
    if fmt == "html" and citizen is None:
        fail_usage(
            Text(
                "HTML-udgaven er til borgeren: angiv en borger.",
                "The HTML version is for the citizen: name a citizen.",
            ).get(language)
        )


def _formatted(report: AccessReport, fmt: str, language: Lang) -> bytes:
    if fmt == "json":
        return orjson.dumps(access_report_data(report), option=orjson.OPT_INDENT_2) + b"\n"
    if fmt == "html":
        return render_access_log(report, lang=language).as_bytes()
    return access_report_text(report, language).encode()
