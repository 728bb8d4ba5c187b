"""``carekit export ADAPTER``: a citizen's records (or everyone's) through an EHR adapter."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import fail_usage
from carekit.cli._options import db_option, lang_option
from carekit.cli._output import check_output, command_inputs, output_options, write_output
from carekit.i18n import Text, check_lang
from carekit.model import Purpose
from carekit.privacy import mask_url
from carekit.store import resolve_url

__all__ = ["export_command"]


@click.command("export")
@click.argument("adapter")
@click.option(
    "--citizen",
    "citizens",
    multiple=True,
    metavar="ID",
    help="Only this citizen (may be repeated); default: every citizen.",
)
@click.option(
    "--include-cpr",
    is_flag=True,
    help="Include the citizens' full CPR numbers (the FHIR Patient's DK Core CPR identifier); "
    "without it the export holds no CPR number. CPR numbers in free text are always masked.",
)
@db_option()
@output_options()
@lang_option("Language of messages.")
def export_command(
    adapter: str,
    citizens: tuple[str, ...],
    db: str | None,
    output: Path | None,
    *,
    include_cpr: bool,
    force: bool,
    lang: str,
) -> None:
    """Export records through an installed EHR adapter, e.g. ``carekit export fhir``
    (FHIR R4 transaction Bundle with the Danish profiles, from carekit-fhir).

    CPR numbers in free text (names, notes) are masked as ``DDMMYY-XXXX``; the citizen's
    own CPR number is in the export only with ``--include-cpr``.

    ``-o FILE`` is never the store, the settings file or (without ``--force``) an existing
    file; it is written whole or not at all."""
    language = check_lang(lang)
    store = resolve_url(db)
    if output is not None and str(output) == "-":
        output = None
    if output is not None:  # refuse before anything is read or opened
        check_output(output, store=store, inputs=command_inputs(), force=force)
    # the full CPR number leaves only when asked, and that reveal is logged as such
    with open_from_cli(store, Purpose.REVEAL if include_cpr else Purpose.EXPORT) as app:
        adapters = {info.name: info for info in app.plugins.ehr_adapters()}
        info = adapters.get(adapter)
        if info is None:
            hint = " (pip install carekit-fhir)" if adapter == "fhir" else ""
            installed = ", ".join(sorted(adapters))
            fail_usage(
                Text(
                    f"der er ingen EHR-adapter {adapter!r}; installeret: {installed or 'ingen'}"
                    + hint,
                    f"no EHR adapter {adapter!r}; installed: {installed or 'none'}" + hint,
                ).get(language)
            )
        if "export" not in info.capabilities:
            fail_usage(
                Text(
                    f"EHR-adapteren {adapter!r} kan ikke eksportere",
                    f"the EHR adapter {adapter!r} cannot export",
                ).get(language)
            )
        known = set(app.store.citizens())
        missing = [c for c in citizens if c not in known]
        if missing:
            where, names = mask_url(app.store.url), ", ".join(missing)
            fail_usage(
                Text(f"ingen borger {names} i {where}", f"no citizen {names} in {where}").get(
                    language
                )
            )
        chosen = list(citizens) or sorted(known)
        records = [r for c in chosen for r in app.citizen_records(c, operation="export")]
        bundle = info.factory().export_bundle(records, citizen_ids=chosen, include_cpr=include_cpr)
    data = orjson.dumps(bundle, option=orjson.OPT_INDENT_2)
    if output is None:
        click.echo(data.decode())
    else:
        write_output(output, data + b"\n", store=store, inputs=command_inputs(), force=force)
        count = len(bundle.get("entry", []))
        click.echo(
            Text(f"{output}: {count} ressourcer", f"{output}: {count} resources").get(language),
            err=True,
        )
