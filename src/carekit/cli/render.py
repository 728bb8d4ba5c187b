"""``carekit render DOCUMENT --citizen ID``: a document as HTML or PDF, from the command line.

The documents are :mod:`carekit.render`'s; the ``carekit`` group mounts
:data:`render_command`.

Where the records come from
    A *record loader* is a callable ``loader(db_url, citizen_id) -> Sequence[Record]``
    (``db_url`` is the ``--db`` value as a URL, or None).  The command uses

    * with ``--demo``: the demo records (``carekit.demo.demo_records()``),
    * else ``ctx.obj["carekit.render.loader"]`` (:data:`LOADER_KEY`), which the ``carekit``
      group puts there (built on ``carekit.open(url)``).

    Without either the command stops with exit code 2 and says so.

``-o FILE`` is never the store, a template override or the settings file, and an existing
file is replaced only with ``--force``; the file is written atomically
(:mod:`carekit.cli._output`).

Exit codes: 0 the document was written (warnings, if any, go to standard error); 1 it was
written but has warnings and ``--strict`` was given, or the record it needs is missing;
2 usage error (unknown document, bad or unknown citizen id, no record source, PDF not
available, a broken template).
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

import click

from carekit.cli._options import DATE, db_option, error_line, lang_option
from carekit.cli._output import (
    OutputRefusedError,
    OutputWriteError,
    check_output,
    command_inputs,
    output_options,
    write_output,
)
from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang
from carekit.language import JargonTerm
from carekit.model import Record
from carekit.privacy import mask_cpr_in_text
from carekit.render._documents import DOCUMENTS
from carekit.render._errors import MissingRecordError, RenderError
from carekit.render._render import render_document

__all__ = ["LOADER_KEY", "PLUGINS_KEY", "RecordLoader", "render_command"]

#: ``loader(db_url, citizen_id)``: the records a document is rendered from.
RecordLoader = Callable[[str | None, uuid.UUID], Sequence[Record]]
#: The key under which a group may put a loader into ``ctx.obj`` (a dict).
LOADER_KEY = "carekit.render.loader"
#: ``ctx.obj`` key of a callable returning the application's :class:`carekit.plugins.Plugins`.
PLUGINS_KEY = "carekit.plugins"

EXIT_OK = 0
EXIT_WARNINGS = 1
EXIT_USAGE = 2

MSG_NO_SOURCE = Text(
    "Der er ingen kilde til posterne. Brug --db URL (kræver carekit.open) eller --demo.",
    "There is no source for the records. Use --db URL (needs carekit.open) or --demo.",
)
MSG_BAD_ID = Text(
    "{value!r} er ikke et borger-id (et UUID som 6f1c2b57-8d0e-4c55-9b61-2f6a4e0c1d93).",
    "{value!r} is not a citizen id (a UUID such as 6f1c2b57-8d0e-4c55-9b61-2f6a4e0c1d93).",
)
MSG_LOAD_FAILED = Text(
    "Kunne ikke hente posterne: {reason}", "Could not load the records: {reason}"
)
MSG_WROTE = Text("Skrev {path}.", "Wrote {path}.")
MSG_WARNINGS = Text(
    "{count} advarsel(er). Se dem igennem, før dokumentet udleveres.",
    "{count} warning(s). Look at them before the document is handed over.",
)


def _demo_loader(db_url: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
    from carekit.demo import demo_records  # noqa: PLC0415 - only when asked for

    return demo_records()


def _pick_loader(ctx: click.Context, demo: bool) -> RecordLoader | None:
    if demo:
        return _demo_loader
    obj: object = ctx.find_object(dict)
    if isinstance(obj, Mapping):
        found = obj.get(LOADER_KEY)
        if callable(found):
            return found  # type: ignore[no-any-return]
    return None


def _plugin_extras(ctx: click.Context, lang: Lang) -> tuple[list[Path], list[JargonTerm]]:
    """Template directories and jargon terms from plugins (the ``carekit_document_templates``
    and ``carekit_jargon_terms`` hooks), when the application put its plugins in ``ctx.obj``."""
    obj: object = ctx.find_object(dict)
    get_plugins = obj.get(PLUGINS_KEY) if isinstance(obj, Mapping) else None
    if not callable(get_plugins):
        return [], []
    plugins = get_plugins()
    return list(plugins.document_templates()), list(plugins.jargon_terms(lang))


def _store_url(db: str | None) -> str | None:
    from carekit.store import resolve_url  # noqa: PLC0415 - keeps `carekit --help` cheap

    try:
        return resolve_url(db)
    except CarekitError:
        return db


def _template_files(template_dirs: Sequence[Path]) -> list[Path]:
    """Every file in the template override folders: inputs an output never replaces."""
    return [f for d in template_dirs for f in d.rglob("*") if f.is_file()]


def _write(
    target: Path | None,
    data: bytes | None,
    *,
    store: str | None,
    inputs: Sequence[Path],
    force: bool,
    lang: Lang,
) -> None:
    """Check *target* (when *data* is None) or write *data* to it; a refusal or a failed
    write ends the command with exit code 2."""
    if target is None:
        return
    try:
        if data is None:
            check_output(target, store=store, inputs=inputs, force=force)
        else:
            write_output(target, data, store=store, inputs=inputs, force=force)
    except (OutputRefusedError, OutputWriteError) as error:
        _fail(error.render(lang), EXIT_USAGE)


_WARNING = Text("Advarsel: {message}", "Warning: {message}")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(error_line(message), err=True)
    sys.exit(code)


@click.command("render")
@click.argument("document", metavar="DOCUMENT")
@click.option("--citizen", "citizen", required=True, help="The citizen's carekit id (UUID).")
@db_option("Store the records are read from (URL or SQLite file path).")
@click.option("--demo", is_flag=True, help="Use the demo records (to try the documents).")
@lang_option("Language. Default: the citizen's preferred language.", default=None)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True
)
@output_options("File to write; - (the default) is standard output.")
@click.option("--strict", is_flag=True, help="Exit with 1 when the document has warnings.")
@click.option("--reveal-cpr", is_flag=True, help="Print the full CPR number (default: masked).")
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="The day the document is made for (YYYY-MM-DD); default today in Europe/Copenhagen.",
)
@click.option(
    "--template-dir",
    "template_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory with template overrides (may be repeated; searched first).",
)
@click.pass_context
def render_command(
    ctx: click.Context,
    *,
    document: str,
    citizen: str,
    db: str | None,
    demo: bool,
    lang: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
    strict: bool,
    reveal_cpr: bool,
    as_of: dt.date | None,
    template_dirs: tuple[Path, ...],
) -> None:
    """Render DOCUMENT for a citizen: safety-plan, visits, network, alignment, home-card,
    dreams or watch.

    Warnings (too hard to read, jargon, a plan that is still a draft) go to standard error.
    """
    shown: Lang = check_lang(lang) if lang else "da"
    if document not in DOCUMENTS:
        _fail(
            Text(
                f"Dokumentet {document!r} findes ikke. Vælg et af: {', '.join(DOCUMENTS)}.",
                f"There is no document {document!r}. Choose one of: {', '.join(DOCUMENTS)}.",
            ).get(shown),
            EXIT_USAGE,
        )
    try:
        citizen_id = uuid.UUID(citizen)
    except ValueError:
        _fail(MSG_BAD_ID.format(value=citizen).get(shown), EXIT_USAGE)
    loader = _pick_loader(ctx, demo)
    if loader is None:
        _fail(MSG_NO_SOURCE.get(shown), EXIT_USAGE)
    target = None if output is None or str(output) == "-" else output
    store = None if demo else _store_url(db)
    inputs = [*_template_files(template_dirs), *command_inputs(ctx)]
    _write(target, None, store=store, inputs=inputs, force=force, lang=shown)  # check first
    try:
        records = loader(db, citizen_id)
    except RenderError as error:
        _fail(error.render(shown), EXIT_USAGE)
    except Exception as error:  # noqa: BLE001 - a loader's failure is reported, not a traceback
        _fail(MSG_LOAD_FAILED.format(reason=error).get(shown), EXIT_USAGE)
    hook_dirs, hook_terms = _plugin_extras(ctx, check_lang(lang) if lang else "da")
    try:
        rendered = render_document(
            document,
            records,
            citizen_id=citizen_id,
            lang=check_lang(lang) if lang else None,
            format="pdf" if fmt == "pdf" else "html",
            template_dirs=(*template_dirs, *hook_dirs),
            reveal_cpr=reveal_cpr,
            extra_terms=hook_terms,
            as_of=as_of,
        )
    except MissingRecordError as error:
        _fail(error.render(shown), EXIT_WARNINGS)
    except RenderError as error:
        _fail(error.render(shown), EXIT_USAGE)
    shown = rendered.lang
    if target is None:
        click.echo(rendered.as_bytes(), nl=False)
    else:
        _write(target, rendered.as_bytes(), store=store, inputs=inputs, force=force, lang=shown)
        click.echo(MSG_WROTE.format(path=target).get(shown), err=True)
    for warning in rendered.warnings:
        line = _WARNING.format(message=mask_cpr_in_text(warning.render(shown)))
        click.echo(line.get(shown), err=True)
    if rendered.warnings:
        click.echo(MSG_WARNINGS.format(count=len(rendered.warnings)).get(shown), err=True)
        if strict:
            sys.exit(EXIT_WARNINGS)
