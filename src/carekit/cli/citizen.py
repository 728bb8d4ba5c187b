"""``carekit citizen …``: what the citizen asks for about their own data.

``carekit citizen export CITIZEN`` writes the GDPR export (articles 15 and 20): every
version of every record, the audit, the access log and the outbox entries about the
citizen as one JSON document (:meth:`carekit.app.Application.export_citizen`), or with
``--format html`` a summary the citizen can read.  The export is logged as a read for the
citizen's request (``--purpose``); the JSON includes the full CPR number, logged as a
reveal, and the HTML summary never shows it.

``carekit citizen erase CITIZEN --reason TEXT --yes`` erases the citizen's data (article
17) by destroying their data key (:meth:`carekit.app.Application.erase_citizen`), after the
settings file's ``[retention]`` rules; it prints what was erased.  ``carekit store new-key
-o FILE`` writes a new store key (``[store] data_key_file``).  See ``docs/privacy.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import EXIT_INVALID, create_secret_file, echo_json, fail_usage
from carekit.cli._options import db_option, error_message, lang_option
from carekit.cli._output import check_output, command_inputs, output_options, write_output
from carekit.errors import CarekitError, RecordNotFoundError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Purpose
from carekit.render import render_citizen_export
from carekit.store import ErasureRefusedError, ErasureReport, parse_store_url, resolve_url

__all__ = ["citizen_group", "store_group"]

_NO_CITIZEN = Text(
    "Ingen borger med id'et {citizen} i lageret. Tjek id'et (det er borgerens id i carekit, "
    "ikke et CPR-nummer).",
    "No citizen with the id {citizen} in the store. Check the id (it is the citizen's carekit "
    "id, not a CPR number).",
)


@click.group("citizen")
def citizen_group() -> None:
    """What a citizen asks for about their own data (the GDPR export and erasure)."""


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
            fail_usage(_NO_CITIZEN.format(citizen=citizen).get(language))
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


def _erase_summary(report: ErasureReport, lang: Lang) -> str:
    kinds = ", ".join(f"{kind} {count}" for kind, count in report.kinds.items())
    text = Text(
        f"Data om borger {report.citizen_id} er slettet: {report.records} poster "
        f"({report.versions} versioner: {kinds}) kan ikke længere læses, og "
        f"{report.outbox_removed} udbakke-beskeder er fjernet. At posterne fandtes, og hvem "
        "der ændrede dem, står stadig i revisionsloggen ('carekit audit verify' består).",
        f"Citizen {report.citizen_id}'s data was erased: {report.records} records "
        f"({report.versions} versions: {kinds}) can no longer be read, and "
        f"{report.outbox_removed} outbox items were removed. That the records existed and who "
        "changed them is still in the audit log ('carekit audit verify' passes).",
    ).get(lang)
    if report.scrub_note is not None:
        text += "\n" + report.scrub_note.get(lang)
    return text


@citizen_group.command("erase")
@click.argument("citizen")
@click.option(
    "--reason",
    default=None,
    help="Why the data is erased, e.g. the case number of the request (kept in the audit "
    "log: no personal data).",
)
@click.option("--yes", is_flag=True, help="Confirm: erasure cannot be undone.")
@click.option(
    "--override-retention",
    "override",
    default=None,
    metavar="REASON",
    help="Erase records still under the [retention] rules, for this reason (audited).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@db_option()
@lang_option()
def citizen_erase_command(
    citizen: str,
    reason: str | None,
    override: str | None,
    fmt: str,
    db: str | None,
    *,
    yes: bool,
    lang: str,
) -> None:
    """Erase CITIZEN's data (GDPR art. 17) by destroying their data key: every version stays
    as unreadable ciphertext, so the history still verifies; search columns, CPR digests
    and outbox messages about them are removed.  Needs the store's data key, --reason and
    --yes; records under the settings file's [retention] rules are refused unless
    --override-retention names why."""
    from carekit.app import RetentionRules  # noqa: PLC0415
    from carekit.cli._wiring import load_settings  # noqa: PLC0415

    language: Lang = check_lang(lang)
    if reason is None or not reason.strip():
        fail_usage(
            Text(
                "Angiv hvorfor borgerens data slettes med --reason TEKST (fx sagsnummeret for "
                "anmodningen; ingen personoplysninger, den gemmes i revisionsloggen).",
                "Say why the citizen's data is erased with --reason TEXT (e.g. the case number "
                "of the request; no personal data, it is kept in the audit log).",
            ).get(language)
        )
    store = resolve_url(db)
    parsed = parse_store_url(store)
    if parsed.scheme == "sqlite" and not Path(parsed.path).exists():  # never make a store
        fail_usage(
            Text(
                f"{parsed.path} findes ikke; der er intet lager at slette i (angiv det med --db).",
                f"{parsed.path} does not exist; there is no store to erase in (name it with --db).",
            ).get(language)
        )
    if not yes:
        fail_usage(
            Text(
                f"Sletning af data om borger {citizen} kan ikke fortrydes. Gentag kommandoen med "
                "--yes for at bekræfte.",
                f"Erasing citizen {citizen}'s data cannot be undone. Repeat the command with "
                "--yes to confirm.",
            ).get(language)
        )
    root = click.get_current_context().find_root().obj
    try:
        settings = load_settings(getattr(root, "config", None))
        rules = RetentionRules.from_settings(settings.retention)
    except CarekitError as exc:
        fail_usage(error_message(exc, language))
    with open_from_cli(store, Purpose.CITIZEN_REQUEST) as app:
        try:
            report = app.erase_citizen(
                citizen, reason=reason, retention=rules, override_retention=override
            )
        except RecordNotFoundError:
            fail_usage(_NO_CITIZEN.format(citizen=citizen).get(language))
        except ErasureRefusedError as exc:
            click.echo(error_message(exc, language), err=True)
            sys.exit(EXIT_INVALID)
        except CarekitError as exc:
            fail_usage(error_message(exc, language))
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        click.echo(_erase_summary(report, language))


@click.group("store")
def store_group() -> None:
    """The store's data key (encryption at rest per citizen)."""


@store_group.command("new-key")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the key (base64); refused if the file exists.",
)
@lang_option()
def new_key_command(output: Path, lang: str) -> None:
    """Write a new store key (readable by its owner only; the key is never printed).  Name
    the file in the settings file: [store] data_key_file = "FILE".  Keep a copy where the
    database backups are NOT: without the key nothing encrypted can be read."""
    from carekit.store._crypto import generate_store_key  # noqa: PLC0415

    language = check_lang(lang)
    create_secret_file(output, (generate_store_key() + "\n").encode("ascii"), language)
    click.echo(
        Text(
            f'Ny datanøgle skrevet til {output}. Sæt [store] data_key_file = "{output}".',
            f'New data key written to {output}. Set [store] data_key_file = "{output}".',
        ).get(language)
    )
