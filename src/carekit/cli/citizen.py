"""``carekit citizen …``: what the citizen asks for about their own data.

``carekit citizen export CITIZEN`` writes the GDPR export (articles 15 and 20): every
version of every record, the audit, the access log and the outbox entries about the
citizen as one JSON document (:meth:`carekit.app.Application.export_citizen`), or with
``--format html`` a summary the citizen can read.  The export is logged as a read for the
citizen's request (``--purpose``); the JSON includes the full CPR number, logged as a
reveal, and the HTML summary never shows it.
"""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import fail_usage
from carekit.cli._options import db_option, error_message, lang_option
from carekit.cli._output import check_output, command_inputs, output_options, write_output
from carekit.errors import CarekitError, RecordNotFoundError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Purpose
from carekit.render import render_citizen_export
from carekit.store import parse_store_url, resolve_url

__all__ = ["citizen_group"]


@click.group("citizen")
def citizen_group() -> None:
    """What a citizen asks for about their own data (the GDPR export)."""


@citizen_group.command("export")
@click.argument("citizen")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "html"]),
    default="json",
    show_default=True,
    help="The whole export as JSON (machine-readable), or an HTML summary for the citizen.",
)
@click.option(
    "--purpose",
    type=click.Choice([p.value for p in (Purpose.CITIZEN_REQUEST, Purpose.EXPORT)]),
    default=Purpose.CITIZEN_REQUEST.value,
    show_default=True,
    help="Why the export is made (it is logged).",
)
@click.option(
    "--without-cpr",
    is_flag=True,
    help="Mask the CPR number in the JSON (it is included, and logged as a reveal, otherwise).",
)
@db_option()
@output_options()
@lang_option("Language of the HTML summary and of the messages.")
def citizen_export_command(
    citizen: str,
    fmt: str,
    purpose: str,
    db: str | None,
    output: Path | None,
    *,
    without_cpr: bool,
    force: bool,
    lang: str,
) -> None:
    """Everything held about CITIZEN (their carekit id): every version of every record, who
    changed and who read it, and the messages about them — as one JSON document, or an HTML
    summary in plain Danish or English (--format html)."""
    language: Lang = check_lang(lang)
    store = resolve_url(db)
    if output is not None and str(output) == "-":
        output = None
    parsed = parse_store_url(store)
    if parsed.scheme == "sqlite" and not Path(parsed.path).exists():  # never make a store
        fail_usage(
            Text(
                f"{parsed.path} findes ikke; der er intet lager at lave et udtræk fra "
                "(angiv det med --db).",
                f"{parsed.path} does not exist; there is no store to export from (name it "
                "with --db).",
            ).get(language)
        )
    if output is not None:  # refuse before anything is read
        check_output(output, store=store, inputs=command_inputs(), force=force)
    with open_from_cli(store, Purpose(purpose)) as app:
        try:
            # the HTML summary never shows the CPR number: nothing is revealed for it
            document = app.export_citizen(citizen, include_cpr=fmt == "json" and not without_cpr)
        except RecordNotFoundError:
            fail_usage(
                Text(
                    f"Ingen borger med id'et {citizen} i lageret. Tjek id'et (det er borgerens "
                    "id i carekit, ikke et CPR-nummer).",
                    f"No citizen with the id {citizen} in the store. Check the id (it is the "
                    "citizen's carekit id, not a CPR number).",
                ).get(language)
            )
        except CarekitError as exc:
            fail_usage(error_message(exc, language))
    if fmt == "html":
        data = render_citizen_export(document, lang=language).as_bytes()
    else:
        data = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    if output is None:
        click.echo(data.decode(), nl=False)
    else:
        write_output(output, data, store=store, inputs=command_inputs(), force=force)
