"""Mount the command groups that other packages provide.

Each is imported lazily and independently: :class:`~carekit.cli.CarekitGroup` imports a
command's module only when that command runs (or ``--help`` lists it), so ``carekit
--version`` imports none of them, and one optional part failing to import (a missing
optional dependency) does not take the whole command line down.  Add a command by appending
a line to :data:`_COMMANDS`.
"""

from __future__ import annotations

import importlib

import click

__all__ = ["command_names", "load_command", "mount_all"]

#: (module, attribute, name on the command line)
_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("carekit.cli._schema", "schema_group", "schema"),
    ("carekit.cli._app_commands", "plugins_command", "plugins"),
    ("carekit.cli._app_commands", "records_group", "records"),
    ("carekit.cli._app_commands", "due_command", "due"),
    ("carekit.cli._app_commands", "check_command", "check"),
    ("carekit.cli._app_commands", "demo_command", "demo"),
    ("carekit.cli.validate", "validate_command", "validate"),
    ("carekit.cli.workflow", "workflow_group", "workflow"),
    ("carekit.cli.language", "check_language_command", "check-language"),
    ("carekit.cli.render", "render_command", "render"),
    ("carekit.cli._export", "export_command", "export"),
    ("carekit.cli.notify", "dispatch_command", "dispatch"),
    ("carekit.cli.notify", "outbox_group", "outbox"),
    ("carekit.cli.notify", "remind_command", "remind"),
    ("carekit.cli.report", "report_command", "report"),
    ("carekit.cli._import", "import_command", "import"),
    ("carekit.cli.dreams", "watch_command", "watch"),
    ("carekit.cli.dreams", "trial_group", "trial"),
    ("carekit.cli.foundation", "foundation_group", "foundation"),
    ("carekit.cli.audit", "audit_group", "audit"),
    ("carekit.cli.access_log", "access_log_command", "access-log"),
    ("carekit.cli.citizen", "citizen_group", "citizen"),
    ("carekit.cli.citizen", "store_group", "store"),
    ("carekit.cli.events", "events_group", "events"),
)


def command_names() -> list[str]:
    """The names of every mountable command, without importing any of them."""
    return [name for _, _, name in _COMMANDS]


def load_command(name: str) -> click.Command | None:
    """Import the command *name* (a stand-in explaining the failure when its module cannot be
    imported); ``None`` when no command has that name."""
    for module_name, attr, command_name in _COMMANDS:
        if command_name != name:
            continue
        try:
            module = importlib.import_module(module_name)
            command = getattr(module, attr)
        except (ImportError, AttributeError) as exc:
            return _unavailable(name, f"{type(exc).__name__}: {exc}")
        if not isinstance(command, click.Command):
            return _unavailable(name, f"{module_name}.{attr} is not a click command")
        return command
    return None


def mount_all(cli: click.Group) -> None:
    """Add every command to *cli* now (idempotent); the root group also mounts them one by
    one on first use, so calling this is only needed to list ``cli.commands`` directly."""
    for name in command_names():
        if name in cli.commands:
            continue
        command = load_command(name)
        if command is not None:
            cli.add_command(command, name=name)


def _unavailable(name: str, why: str) -> click.Command:
    """A stand-in that explains why a command cannot run (exit 2), instead of crashing the
    whole command line."""

    @click.command(
        name, context_settings={"ignore_unknown_options": True}, add_help_option=False, hidden=True
    )
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def command(args: tuple[str, ...]) -> None:
        from carekit.cli._options import error_line, lang_in_args  # noqa: PLC0415 - on failure
        from carekit.i18n import Text  # noqa: PLC0415

        message = Text(
            f"'carekit {name}' kan ikke bruges: {why}. Installer carekit igen med dets "
            "afhængigheder.",
            f"'carekit {name}' is not available: {why}. Reinstall carekit with its dependencies.",
        )
        click.echo(error_line(message.get(lang_in_args(args) or "da")), err=True)
        raise SystemExit(2)

    return command
