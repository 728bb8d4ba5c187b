"""Shared CLI plumbing: exit codes, error printing, JSON output."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from carekit.cli._options import error_line
from carekit.i18n import Lang, Text

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "create_secret_file",
    "echo_json",
    "fail_usage",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def echo_json(data: Any) -> None:
    """Print *data* as indented JSON (UTF-8, ``ensure_ascii`` off)."""
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode())


def fail_usage(message: str) -> NoReturn:
    """Print a usage error (``Fejl: …`` / ``Error: …`` in ``--lang``, CPR numbers masked) and
    exit with code 2."""
    click.echo(error_line(message), err=True)
    sys.exit(EXIT_USAGE)


def create_secret_file(path: Path, data: bytes, lang: Lang) -> None:
    """Write a key to the new file *path*, readable by its owner only (mode 0600); an existing
    file is never overwritten - exit 2 with the reason instead (``new-key`` commands)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        fail_usage(
            Text(
                f"Kan ikke oprette {path} ({exc.strerror}); en eksisterende nøgle "
                "overskrives aldrig.",
                f"Cannot create {path} ({exc.strerror}); an existing key is never overwritten.",
            ).get(lang)
        )
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
