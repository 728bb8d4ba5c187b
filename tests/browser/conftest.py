"""Fixtures for browser tests: skip loudly when Chromium or axe is missing, fail in CI.

CI sets ``CAREKIT_REQUIRE_BROWSER=1``: then a missing piece is a failure, not a skip.
Install everything with ``bash .ci/install-browser.sh``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import Chromium, artifact_dir, find_axe, find_chromium, missing_requirements


def _require_browser() -> None:
    missing = missing_requirements()
    if not missing:
        return
    reason = (
        "BROWSER TESTS NOT RUN: missing " + ", ".join(missing) + ". "
        "Run `bash .ci/install-browser.sh` (and install the test extra)."
    )
    if os.environ.get("CAREKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " CAREKIT_REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """A headless Chromium for the whole session, killed at the end."""
    _require_browser()
    executable = find_chromium()
    assert executable is not None
    with Chromium(executable) as browser:
        yield browser


@pytest.fixture(scope="session")
def axe_js() -> Path:
    _require_browser()
    path = find_axe()
    assert path is not None
    return path


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """A directory for this test's screenshots and PDFs under ``artifacts/browser/``."""
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    path = artifact_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path
