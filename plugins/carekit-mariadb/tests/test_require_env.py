"""Without a server the suite skips loudly; with CAREKIT_REQUIRE_MARIADB=1 it fails (CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _support import REQUIRE_ENV, URL_ENV, required, unreachable

CLOSED = "mariadb://root@127.0.0.1:1/mysql"


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("yes", True), ("0", False), ("", False)]
)
def test_require_flag_is_read_from_the_environment(value: str, expected: bool) -> None:
    assert required({REQUIRE_ENV: value}) is expected
    assert required({}) is False


def test_unreachable_server_skips_with_a_loud_reason() -> None:
    with pytest.raises(pytest.skip.Exception, match=r"MariaDB NOT REACHABLE .* NOT tested"):
        unreachable(CLOSED, "connection refused", env={})


def test_unreachable_server_fails_when_mariadb_is_required() -> None:
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE_ENV}=1 makes this a failure"):
        unreachable(CLOSED, "connection refused", env={REQUIRE_ENV: "1"})


def _start_suite_against_closed_port(require: bool) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_ENV}
    env[URL_ENV] = CLOSED
    if require:
        env[REQUIRE_ENV] = "1"
    here = Path(__file__).parent
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs"]
    return subprocess.Popen(
        [*command, str(here / "test_server.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=here.parent,
    )


@pytest.fixture(scope="module")
def closed_port_runs() -> dict[bool, tuple[int, str]]:
    """Both runs against a closed port, at once: ``{require: (exit code, output)}``."""
    running = {require: _start_suite_against_closed_port(require) for require in (False, True)}
    done = {}
    for require, process in running.items():
        output, _ = process.communicate(timeout=120)
        done[require] = (process.returncode, output)
    return done


def test_suite_run_without_a_server_skips_and_says_why(
    closed_port_runs: dict[bool, tuple[int, str]],
) -> None:
    code, output = closed_port_runs[False]
    assert code == 0, output
    assert "1 skipped" in output
    assert "MariaDB NOT REACHABLE at mariadb://root@127.0.0.1:1/mysql" in output


def test_suite_run_without_a_server_fails_when_required(
    closed_port_runs: dict[bool, tuple[int, str]],
) -> None:
    code, output = closed_port_runs[True]
    assert code == 1, output
    assert "1 error" in output
    assert f"{REQUIRE_ENV}=1 makes this a failure" in output
