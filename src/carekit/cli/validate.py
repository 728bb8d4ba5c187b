"""``carekit validate PATH...``: bulk validation (:mod:`carekit.validate`) as a click command.

The ``carekit`` group mounts :data:`validate_command`.
Exit codes: 0 all records valid (warnings allowed), 1 invalid data found, 2 usage error
(unknown kind, missing path, bad option) – with a message, never a traceback.

The progress bar is click's own ``click.progressbar`` (no extra dependency), bytes-based, on
standard error, shown only when standard error is a terminal, the input is at least
:data:`PROGRESS_MIN_BYTES` and ``--quiet`` is not given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from carekit.cli._options import lang_option
from carekit.errors import UnknownKindError
from carekit.i18n import Text, check_lang
from carekit.model import kinds
from carekit.validate._engine import InputNotFoundError, validate_paths
from carekit.validate._reader import expand_paths
from carekit.validate._report import FORMATS, render

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "PROGRESS_MIN_BYTES", "validate_command"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
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
MSG_CANNOT_WRITE = Text("Kan ikke skrive {path}: {reason}.", "Cannot write {path}: {reason}.")
MSG_PROGRESS = Text("Validerer", "Validating")


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


def _fail(message: str) -> None:
    click.echo(f"carekit validate: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.command(
    "validate",
    help=(
        "Validate care-data exports against carekit's published JSON Schemas. PATH is an "
        "NDJSON file, a JSON array, one JSON document, a directory (searched for .json, .jsonl, "
        ".ndjson and .gz) or - for standard input. Exit 0 when all records are valid, 1 when "
        "invalid data is found, 2 on usage errors."
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
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
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
@lang_option("Language of the report.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def validate_command(  # noqa: PLR0917 - click passes options as arguments
    paths: tuple[str, ...],
    kind: str | None,
    output_format: str,
    output: Path | None,
    jobs: int,
    max_errors: int | None,
    lang: str,
    quiet: bool,
) -> None:
    """Validate PATH... (the help text is given to ``click.command``)."""
    language = check_lang(lang)
    if kind is not None and kind not in kinds():
        _fail(MSG_UNKNOWN_KIND.format(kind=kind, known=", ".join(kinds())).get(language))
    try:
        sources = expand_paths(list(paths))
    except FileNotFoundError as error:
        _fail(MSG_NOT_FOUND.format(path=error.args[0]).get(language))
        return
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
            )
    except (InputNotFoundError, UnknownKindError) as error:  # pragma: no cover - checked above
        _fail(str(error))
        return
    text = render(report, output_format, language)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            _fail(MSG_CANNOT_WRITE.format(path=output, reason=error.strerror).get(language))
    sys.exit(EXIT_OK if report.ok else EXIT_INVALID)
