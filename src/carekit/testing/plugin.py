"""The pytest plugin carekit installs (entry point ``pytest11: carekit``).

* marker ``carekit_capability(name, ...)``: the test needs these store capabilities; inside
  :class:`~carekit.testing.storage.StoreConformance` it is skipped when the store does not
  declare them.  It is the kit's one capability mechanism (``storage.requires`` applies it).
* option ``--carekit-store-url`` / fixture ``carekit_store_url``: a store URL to run
  conformance tests against (``None`` when not given), like devpi's ``--backend``.
"""

from __future__ import annotations

import pytest

__all__ = ["carekit_store_url", "pytest_addoption", "pytest_configure"]

CAPABILITY_MARKER = "carekit_capability"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the ``--carekit-store-url`` option (group ``carekit``)."""
    group = parser.getgroup("carekit")
    group.addoption(
        "--carekit-store-url",
        action="store",
        default=None,
        metavar="URL",
        help="store URL for carekit storage conformance tests (e.g. sqlite:///t.sqlite)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``carekit_capability`` marker."""
    config.addinivalue_line(
        "markers",
        f"{CAPABILITY_MARKER}(*names): the test needs these carekit store capabilities; "
        "skipped when the backend does not declare them",
    )


@pytest.fixture
def carekit_store_url(request: pytest.FixtureRequest) -> str | None:
    """The value of ``--carekit-store-url`` (``None`` when not given)."""
    value = request.config.getoption("--carekit-store-url", default=None)
    return str(value) if value is not None else None
