"""Mount the command groups that other packages provide.

Each is imported lazily and independently, so that one optional part failing to import
(a missing optional dependency) does not take the whole command line down.
"""

from __future__ import annotations

import importlib

import click

__all__ = ["mount_all"]

#: (module, attribute, name on the command line)
_COMMANDS: tuple[tuple[str, str, str], ...] = (
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
    ("carekit.cli.dreams", "watch_command", "watch"),
    ("carekit.cli.dreams", "trial_group", "trial"),
)


def mount_all(cli: click.Group) -> None:
    """Add every command to *cli* (idempotent)."""
    for module_name, attr, name in _COMMANDS:
        if name in cli.commands:
            continue
        try:
            module = importlib.import_module(module_name)
            command = getattr(module, attr)
        except (ImportError, AttributeError) as exc:
            command = _unavailable(name, f"{type(exc).__name__}: {exc}")
        cli.add_command(command, name=name)


def _unavailable(name: str, why: str) -> click.Command:
    """A stand-in that explains why a command cannot run (exit 2), instead of crashing the
    whole command line."""

    @click.command(
        name, context_settings={"ignore_unknown_options": True}, add_help_option=False, hidden=True
    )
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def command(args: tuple[str, ...]) -> None:
        click.echo(
            f"Error: 'carekit {name}' is not available: {why}. "
            "Reinstall carekit with its dependencies.",
            err=True,
        )
        raise SystemExit(2)

    return command
