"""The ``carekit`` command line: every command lives in this package.

Exit codes everywhere: 0 success / all valid, 1 invalid data found, 2 usage error.
A user error prints a clear message in the user's ``--lang``, never a traceback.

Modules: ``_options`` (the shared ``--db``/``--lang``/``--json``), ``_common`` (exit codes,
JSON output), ``_app_commands`` (plugins, records, due, demo), ``_export``, ``_schema``,
:mod:`carekit.cli.validate`, :mod:`carekit.cli.workflow`, :mod:`carekit.cli.language`,
:mod:`carekit.cli.render`, :mod:`carekit.cli.notify`; ``_mounts`` lists them, and the root
group imports each only when it runs (``carekit --version`` imports no command, no model).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from carekit._version import __version__
from carekit.cli._mounts import command_names, load_command

__all__ = ["CarekitGroup", "cli", "main"]


class CarekitGroup(click.Group):
    """The root group: a :class:`~carekit.errors.CarekitError` that escapes a command is printed
    in the user's ``--lang`` (CPR numbers masked) and ends the command with exit code 2.

    The commands of :mod:`carekit.cli._mounts` are mounted lazily: a command's module is
    imported the first time the command is looked up (to run it, or for ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, mounted or not (no import)."""
        return sorted({*self.commands, *command_names()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command *cmd_name*, importing and mounting it on first use."""
        command = self.commands.get(cmd_name)
        if command is None:
            command = load_command(cmd_name)
            if command is not None:
                self.add_command(command, name=cmd_name)
        return command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line, with click's own error messages in the user's ``--lang``
        (:mod:`carekit.cli._click_da`)."""
        from carekit.cli._click_da import install, running  # noqa: PLC0415

        install()
        argv = kwargs.get("args", args[0] if args else None)
        with running(sys.argv[1:] if argv is None else list(argv)):
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        """Run the chosen command; print a carekit error instead of a traceback."""
        # Imported here, not at the top: `carekit --version` and `--help` never get here.
        from carekit.cli._common import EXIT_USAGE  # noqa: PLC0415
        from carekit.cli._options import current_lang, error_line, error_message  # noqa: PLC0415
        from carekit.errors import CarekitError  # noqa: PLC0415

        try:
            return super().invoke(ctx)
        except CarekitError as exc:
            language = current_lang(ctx)
            click.echo(error_line(error_message(exc, language), language), err=True)
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
@click.option(
    "--as",
    "reader",
    metavar="NAME",
    envvar="CAREKIT_ACTOR",
    default=None,
    help="Who is reading (a name; logged in the citizen's access log). Env: CAREKIT_ACTOR. "
    "Default: the login name.",
)
@click.option(
    "--role",
    "role",
    metavar="ROLE",
    envvar="CAREKIT_ACTOR_ROLE",
    default=None,
    help="The reader's role, e.g. 'sygeplejerske'. Env: CAREKIT_ACTOR_ROLE.",
)
@click.pass_context
def cli(ctx: click.Context, config: Path | None, reader: str | None, role: str | None) -> None:
    """carekit: safety, trust and the citizen's dreams at the centre.

    Records, workflows, validation and documents for Danish care systems.
    Store: --db URL on each command, or CAREKIT_DB (default ./carekit.sqlite).
    Every read of a citizen's data is logged under --as NAME (and --role).
    """
    from carekit.cli._wiring import CliState  # noqa: PLC0415 - imports the application layer

    ctx.obj = CliState(config, reader=reader, role=role)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="carekit", standalone_mode=True)
    except Exception as exc:
        from carekit.cli._common import EXIT_USAGE  # noqa: PLC0415 - only on an error
        from carekit.cli._options import CHOSEN_LANG, error_line, error_message  # noqa: PLC0415
        from carekit.errors import CarekitError  # noqa: PLC0415

        if not isinstance(exc, CarekitError):
            raise
        # raised before a command ran (the group itself)
        language = CHOSEN_LANG.get() or "da"
        click.echo(error_line(error_message(exc, language), language), err=True)
        sys.exit(EXIT_USAGE)
