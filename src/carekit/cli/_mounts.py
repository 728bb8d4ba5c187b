"""Mount the command groups that other packages provide."""

from __future__ import annotations

import click

__all__ = ["mount_all"]


def mount_all(cli: click.Group) -> None:
    """Add every command group to *cli* (idempotent)."""
