"""Shared settings of the fuzz suite: how many cases, and the CLI runner.

CI runs the counts given per test (``examples(n)``); ``CAREKIT_FUZZ_EXAMPLES=N`` runs N cases
per test instead (docs/robustness.md records a longer run).
"""

from __future__ import annotations

import os

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from carekit.cli import cli
from carekit.cli._mounts import mount_all

mount_all(cli)

#: Exit codes a command may end with: success, invalid data / refused, usage error.
ALLOWED_EXITS = (0, 1, 2)


def examples(ci: int) -> int:
    """*ci* cases, or ``$CAREKIT_FUZZ_EXAMPLES`` when it is set."""
    value = os.environ.get("CAREKIT_FUZZ_EXAMPLES")
    return int(value) if value else ci


def invoke(args: list[str]) -> Result:
    """Run the carekit CLI in-process, catching what escapes (so a test can assert none)."""
    return CliRunner().invoke(cli, args, catch_exceptions=True)


def assert_clean(result: Result) -> None:
    """Exit 0/1/2, no exception escaped, no traceback printed."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in ALLOWED_EXITS, (result.exit_code, result.output)
    assert "Traceback" not in result.output


def fuzz_settings(ci: int) -> settings:
    """Hypothesis settings of a fuzz test: :func:`examples` cases, no per-case deadline."""
    return settings(
        max_examples=examples(ci),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
