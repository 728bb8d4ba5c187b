"""Shared CLI plumbing: exit codes, error printing, JSON output."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click
import orjson

from carekit.cli._options import error_line

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "echo_json", "fail_usage"]

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
