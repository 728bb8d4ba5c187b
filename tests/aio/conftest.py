"""Fixtures of the async tests: anyio's pytest plugin on the asyncio backend."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """The async tests run on asyncio (the backend web frameworks use)."""
    return "asyncio"
