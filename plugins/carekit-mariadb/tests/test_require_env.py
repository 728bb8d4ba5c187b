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


def _run_suite_against_closed_port(require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_ENV}
    env[URL_ENV] = CLOSED
    if require:
        env[REQUIRE_ENV] = "1"
    here = Path(__file__).parent
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rs",
            str(here / "test_server.py"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=here.parent,
        check=False,
    )


def test_suite_run_without_a_server_skips_and_says_why() -> None:
    result = _run_suite_against_closed_port(require=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "MariaDB NOT REACHABLE at mariadb://root@127.0.0.1:1/mysql" in result.stdout


def test_suite_run_without_a_server_fails_when_required() -> None:
    result = _run_suite_against_closed_port(require=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout
    assert f"{REQUIRE_ENV}=1 makes this a failure" in result.stdout
