"""``carekit validate PATH...``: bulk validation (:mod:`carekit.validate`) as a click command.

The ``carekit`` group mounts :data:`validate_command`.
Exit codes: 0 all records valid (warnings allowed, unless ``--fail-on warning``), 1 invalid
data found, 2 usage error (unknown kind, missing path, bad option), 3 internal error (a bug in
carekit: the message asks for a report) – each with a message, never a traceback, so that exit
1 always means the data.

The progress bar is click's own ``click.progressbar`` (no extra dependency), bytes-based, on
standard error, shown only when standard error is a terminal, the input is at least
:data:`PROGRESS_MIN_BYTES` and ``--quiet`` is not given.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from carekit.cli._options import lang_option
from carekit.cli._output import (
    OutputRefusedError,
    OutputWriteError,
    check_output,
    command_inputs,
    open_output,
    output_options,
)
from carekit.errors import UnknownKindError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import kinds
from carekit.validate._engine import InputNotFoundError, validate_paths
from carekit.validate._reader import expand_paths
from carekit.validate._report import FORMATS, write

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROGRESS_MIN_BYTES",
    "validate_command",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
#: Inputs smaller than this finish too fast for a progress bar to help.
PROGRESS_MIN_BYTES = 8 << 20

MSG_NOT_FOUND = Text(
    "{path} findes ikke. Tjek stien, eller brug - for at læse fra standard input.",
    "{path} does not exist. Check the path, or use - to read standard input.",
)
MSG_UNKNOWN_KIND = Text(
    "Ukendt posttype {kind!r}. Brug en af: {known}.",
    "Unknown record kind {kind!r}. Use one of: {known}.",
)
MSG_PROGRESS = Text("Validerer", "Validating")
MSG_INTERNAL = Text(
    "intern fejl i carekit ({error}); dataene er ikke bedømt. Rapportér fejlen med kommandoen "
    "og carekit-versionen (uden persondata).",
    "internal error in carekit ({error}); the data was not judged. Report it with the command "
    "and the carekit version (without personal data).",
)


def _stderr_is_tty() -> bool:
    return sys.stderr.isatty()


@contextmanager
def _progress(total: int | None, show: bool, label: str) -> Iterator[Callable[[int], None] | None]:
    if not show or total is None or total < PROGRESS_MIN_BYTES:
        yield None
        return
    bar: Any = click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True)
    with bar:
        yield bar.update


def _fail(message: str) -> NoReturn:
    click.echo(f"carekit validate: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.command(
    "validate",
    help=(
        "Validate care-data exports against carekit's published JSON Schemas. PATH is an "
        "NDJSON file, a JSON array, one JSON document, a directory (searched for .json, .jsonl, "
        ".ndjson and .gz) or - for standard input. Exit 0 when all records are valid, 1 when "
        "invalid data is found (or a warning, with --fail-on warning), 2 on usage errors, 3 on "
        "an internal error."
    ),
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--kind", help="Validate every record as this kind instead of its 'kind' field.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Report format.",
)
@output_options("Write the report to this file instead of standard output.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes.",
)
@click.option(
    "--max-errors",
    type=click.IntRange(min=0),
    default=None,
    help="Show at most this many findings (all are still counted).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 on errors only, or on warnings too (a BOM, a duplicate id).",
)
@lang_option("Language of the report.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def validate_command(  # noqa: PLR0917 - click passes options as arguments
    paths: tuple[str, ...],
    kind: str | None,
    output_format: str,
    output: Path | None,
    force: bool,
    jobs: int,
    max_errors: int | None,
    fail_on: str,
    lang: str,
    quiet: bool,
) -> None:
    """Validate PATH... (the help text is given to ``click.command``)."""
    language = check_lang(lang)
    try:
        target = None if output is None or str(output) == "-" else output
        report_ok = _run(
            paths, kind, output_format, (target, force), jobs, max_errors, language, quiet
        )
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - any other exception is carekit's bug: exit 3
        reason = type(error).__name__
        click.echo(f"carekit validate: {MSG_INTERNAL.format(error=reason).get(language)}", err=True)
        sys.exit(EXIT_INTERNAL)
    ok = report_ok[0] and (fail_on == "error" or report_ok[1] == 0)
    sys.exit(EXIT_OK if ok else EXIT_INVALID)


def _run(  # noqa: PLR0917 - the command's options
    paths: tuple[str, ...],
    kind: str | None,
    output_format: str,
    output: tuple[Path | None, bool],
    jobs: int,
    max_errors: int | None,
    language: Lang,
    quiet: bool,
) -> tuple[bool, int]:
    """Validate and write the report; ``(no errors, number of warnings)``."""
    if kind is not None and kind not in kinds():
        _fail(MSG_UNKNOWN_KIND.format(kind=kind, known=", ".join(kinds())).get(language))
    try:
        sources = expand_paths(list(paths))
    except FileNotFoundError as error:
        _fail(MSG_NOT_FOUND.format(path=error.args[0]).get(language))
    target, force = output
    inputs = [*(s.path for s in sources if s.path is not None), *command_inputs()]
    if target is not None:  # refused before gigabytes are read, never after
        try:
            check_output(target, inputs=inputs, force=force)
        except OutputRefusedError as error:
            _fail(error.text.get(language))
    sizes = [s.size for s in sources]
    total = None if any(size is None for size in sizes) else sum(s or 0 for s in sizes)
    show = not quiet and _stderr_is_tty()
    try:
        with _progress(total, show, MSG_PROGRESS.get(language)) as progress:
            report = validate_paths(
                list(paths),
                kind=kind,
                jobs=jobs,
                lang=language,
                max_errors=max_errors,
                progress=progress,
                spool=True,  # the findings wait in a temporary file: memory stays flat
            )
    except (InputNotFoundError, UnknownKindError) as error:  # pragma: no cover - checked above
        _fail(error.text.get(language))
    try:
        if target is None:
            write(report, sys.stdout, output_format, language)
        else:
            try:
                with open_output(target, inputs=inputs, force=force) as (_, handle):
                    stream = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                    write(report, stream, output_format, language)
                    stream.flush()
                    stream.detach()
            except (OutputRefusedError, OutputWriteError) as error:
                _fail(error.text.get(language))
    finally:
        if report.spool is not None:
            report.spool.close()
    return report.ok, report.warnings
