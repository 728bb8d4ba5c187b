"""The pytest plugin carekit installs (entry point ``pytest11: carekit``).

* marker ``carekit_capability(name, ...)``: the test needs these store capabilities; inside
  :class:`~carekit.testing.storage.StoreConformance` it is skipped when the store does not
  declare them.  It is the kit's one capability mechanism (``storage.requires`` applies it).
* every failing test of a shipped kit (a ``carekit.testing`` module) gets a report section
  ``carekit contract``: the rule the test checks (its docstring), the kit part (mixin) it
  belongs to and where the rules are described, so a failure says what was broken.
* option ``--carekit-store-url`` / fixture ``carekit_store_url``: a store URL to run
  conformance tests against (``None`` when not given), like devpi's ``--backend``.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator
from typing import Any

import pytest

__all__ = [
    "carekit_store_url",
    "pytest_addoption",
    "pytest_configure",
    "pytest_runtest_makereport",
    "rule_of",
]

#: The kits' own ``assert`` statements show what they compared, as a test module's do: pytest
#: rewrites them when this plugin registers the modules before any test imports them.
KIT_MODULES = (
    "carekit.testing.chain",
    "carekit.testing.contract",
    "carekit.testing.ehr",
    "carekit.testing.notification",
    "carekit.testing.query",
    "carekit.testing.storage",
)
pytest.register_assert_rewrite(*KIT_MODULES)

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


def rule_of(item: pytest.Item) -> str | None:
    """The ``carekit contract`` text for a kit test: its rule (docstring), how to fix it (the
    docstring's ``Fix:`` paragraph), its kit part and where to read more; ``None`` for a test
    that is not from a shipped kit."""
    function = getattr(item, "function", None)
    module = getattr(function, "__module__", "") or ""
    if not module.startswith("carekit.testing."):
        return None
    doc = inspect.getdoc(function) or function.__name__  # type: ignore[union-attr]  # a kit test is a function
    rule, _, fix = doc.partition("\nFix: ")
    owner = function.__qualname__.split(".")[0]  # type: ignore[union-attr]  # the defining mixin
    text = f"rule broken: {' '.join(rule.split())}\n"
    if fix:
        text += f"how to fix: {' '.join(fix.split())}\n"
    return (
        text + f"kit part: {module}.{owner}\n"
        "rules, fault-injection seam and the mutants each test kills: "
        "docs/writing-an-adapter.md and docs/kit-mutants.md"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """Add the ``carekit contract`` section (the rule broken) to a failing kit test."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.failed and call.when == "call":
        text = rule_of(item)
        if text is not None:
            report.sections.append(("carekit contract", text))


@pytest.fixture
def carekit_store_url(request: pytest.FixtureRequest) -> str | None:
    """The value of ``--carekit-store-url`` (``None`` when not given)."""
    value = request.config.getoption("--carekit-store-url", default=None)
    return str(value) if value is not None else None
