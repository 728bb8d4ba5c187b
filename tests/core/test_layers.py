"""The layer contract of docs/index.md (section Layers) (``[tool.importlinter]`` in pyproject.toml).

``tox -e lint`` runs ``lint-imports``; these tests run the same contracts, on the real sources
and on a copy with one deliberately bad import, so a broken layer fails the test suite too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter", reason="import-linter is in the lint and test environments")

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
SOURCES = ROOT / "src"

_RUN = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
)


def lint_imports(sources: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The project's contracts checked against the ``carekit`` package under *sources*."""
    return subprocess.run(
        [sys.executable, "-c", _RUN, str(PYPROJECT)],
        cwd=cwd,
        env={"PYTHONPATH": str(sources), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def copied_sources(tmp_path: Path) -> Path:
    """A copy of ``src/carekit`` that a test may break."""
    target = tmp_path / "src"
    shutil.copytree(
        SOURCES / "carekit", target / "carekit", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def test_the_sources_keep_every_contract(tmp_path: Path) -> None:
    result = lint_imports(SOURCES, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "carekit layers (docs/index.md#layers) KEPT" in result.stdout
    assert "carekit does not import its plugins KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "expected"),
    [
        # an inner layer reaching an outer one
        ("model/_bad.py", "import carekit.app\n", "carekit.model._bad -> carekit.app"),
        # two siblings of one layer that must stay independent
        ("render/_bad.py", "from carekit import notify\n", "carekit.render._bad -> carekit.notify"),
        # a call-time import counts as much as a top-level one
        (
            "store/_bad.py",
            "def f() -> None:\n    import carekit.plugins  # noqa\n",
            "carekit.store._bad -> carekit.plugins",
        ),
    ],
)
def test_a_bad_import_breaks_the_layer_contract(
    copied_sources: Path, tmp_path: Path, module: str, bad_import: str, expected: str
) -> None:
    (copied_sources / "carekit" / module).write_text(bad_import, encoding="utf-8")
    result = lint_imports(copied_sources, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "carekit layers (docs/index.md#layers) BROKEN" in result.stdout
    assert expected in result.stdout


def test_an_import_of_a_plugin_breaks_the_plugin_contract(
    copied_sources: Path, tmp_path: Path
) -> None:
    (copied_sources / "carekit" / "store" / "_bad.py").write_text(
        "import carekit_postgres\n", encoding="utf-8"
    )
    result = lint_imports(copied_sources, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "carekit does not import its plugins BROKEN" in result.stdout
    assert "carekit.store._bad -> carekit_postgres" in result.stdout


def test_an_import_only_for_type_checking_is_not_a_dependency(
    copied_sources: Path, tmp_path: Path
) -> None:
    (copied_sources / "carekit" / "model" / "_annotations.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import carekit.app\n",
        encoding="utf-8",
    )
    result = lint_imports(copied_sources, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
