"""A kit failure says which rule was broken, what the kit saw and how to fix it: the channel
and EHR kits through :func:`carekit.testing._report.check`, and the remaining plain ``assert``
statements of the kits rewritten by pytest (registered by the ``carekit`` pytest plugin), so
they show the values they compared."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from carekit.testing._report import check

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def _kit_output(select: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(HERE / "kit_vs_mutants.py"),
            "-k",
            select,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_a_channel_kit_failure_names_the_rule_what_it_saw_and_the_fix() -> None:
    out = _kit_output("TestMutant_channel_ignores_idempotency_key and repeat_carries")
    assert "channel contract broken: a repeat carries the same idempotency key" in out
    assert "the kit saw: the receiver got keys [" in out
    assert "how to fix: derive the idempotency key from notification.key only" in out


def test_a_plain_assert_of_the_storage_kit_shows_the_values_and_the_rule() -> None:
    out = _kit_output("TestMutant_memory_missing_audit and every_write_appends_an_audit_entry")
    # pytest's rewritten assert shows the compared values, not a bare AssertionError
    assert "E       AssertionError: assert [] == [('create', 1" in out
    assert "rule broken: Every write appends one audit entry (action, version, actor)" in out
    assert "how to fix: append one AuditEntry (action 'create' or 'update', the version" in out
    assert "kit part: carekit.testing.storage.AuditConformance" in out


def test_every_kit_test_with_a_plain_assert_says_how_to_fix_it() -> None:
    """A kit test that still has plain ``assert`` statements has a ``Fix:`` paragraph, shown
    as "how to fix" in its ``carekit contract`` section."""
    missing = []
    for name in ("storage", "contract", "export", "ehr", "notification", "query", "chain"):
        module = importlib.import_module(f"carekit.testing.{name}")
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
                continue
            plain = any(isinstance(x, ast.Assert) for x in ast.walk(node))
            if plain and "\nFix: " not in (ast.get_docstring(node) or ""):
                missing.append(f"{name}.{node.name}")
    assert missing == []


def test_check_fails_with_the_contract_named_and_never_a_traceback() -> None:
    with pytest.raises(pytest.fail.Exception) as info:
        check(False, "a rule", "the fix", "what was seen", contract="EHR adapter")
    text = str(info.value)
    assert text == (
        "EHR adapter contract broken: a rule\n  the kit saw: what was seen\n  how to fix: the fix"
    )
    check(True, "never raised", "no fix")
