"""The ``carekit`` command line: every command lives in this package.

Exit codes everywhere: 0 success / all valid, 1 invalid data found, 2 usage error.
A user error prints a clear message in the user's ``--lang``, never a traceback.

Modules: ``_options`` (the shared ``--db``/``--lang``/``--json``), ``_common`` (exit codes,
JSON output), ``_app_commands`` (plugins, records, due, demo), ``_export``, ``_schema``,
:mod:`carekit.cli.validate`, :mod:`carekit.cli.workflow`, :mod:`carekit.cli.language`,
:mod:`carekit.cli.render`, :mod:`carekit.cli.notify`; ``_mounts`` adds them to :data:`cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekit._version import __version__
from carekit.cli._common import EXIT_USAGE
from carekit.cli._options import current_lang, error_message
from carekit.cli._schema import schema_group
from carekit.errors import CarekitError

__all__ = ["CarekitGroup", "cli", "main"]


class CarekitGroup(click.Group):
    """The root group: a :class:`~carekit.errors.CarekitError` that escapes a command is printed
    in the user's ``--lang`` (CPR numbers masked) and ends the command with exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the chosen command; print a carekit error instead of a traceback."""
        try:
            return super().invoke(ctx)
        except CarekitError as exc:
            click.echo(f"Error: {error_message(exc, current_lang(ctx))}", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=CarekitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="carekit")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CAREKIT_CONFIG",
    default=None,
    help="Settings file (TOML): notification channels and routing. Env: CAREKIT_CONFIG.",
)
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """carekit: safety, trust and the citizen's dreams at the centre.

    Records, workflows, validation and documents for Danish care systems.
    Store: --db URL on each command, or CAREKIT_DB (default ./carekit.sqlite).
    """
    from carekit.cli._wiring import CliState  # noqa: PLC0415 - imports the application layer

    ctx.obj = CliState(config)


cli.add_command(schema_group)


def _mount_optional() -> None:
    """Mount command groups that live in other packages."""
    from carekit.cli._mounts import mount_all  # noqa: PLC0415 - keeps import of the CLI cheap

    mount_all(cli)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _mount_optional()
    try:
        cli.main(args=argv, prog_name="carekit", standalone_mode=True)
    except CarekitError as exc:  # raised before a command ran (the group itself)
        click.echo(f"Error: {error_message(exc, 'da')}", err=True)
        sys.exit(EXIT_USAGE)
