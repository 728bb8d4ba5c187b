"""Docs grow with the code: generated pages are fresh, every page is in the nav."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from carekit import _docs as docs_module
from carekit._apiref import api_page, collect, public_modules, undocumented
from carekit._docs import check
from carekit.lifecycle import WORKFLOWS

ROOT = Path(__file__).resolve().parents[2]


def test_generated_reference_pages_are_up_to_date() -> None:
    assert check(ROOT) == [], "run: python -m carekit._docs write"


def test_every_docs_page_is_in_the_mkdocs_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    listed = set(re.findall(r":\s*([\w/.-]+\.md)", nav))
    assert pages == listed


def test_readme_starts_with_exactly_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in first_block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[0].endswith("carekit demo")
    assert "tox" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_every_practice_is_explained_in_the_concepts_page() -> None:
    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    for practice in [f"ST-{i}" for i in range(1, 13)] + [f"DC-{i}" for i in range(1, 7)]:
        assert f"**{practice}" in concepts or f"and {practice}" in concepts, practice


def test_the_python_sample_on_the_docs_front_page_runs() -> None:
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    sample = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(sample, "docs/index.md", "exec"), {})  # our own docs sample


# --------------------------------------------------------------------------- API reference

FAKE_PACKAGE = '''
"""A fake public package for the completeness check."""

import dataclasses
import enum

from fakedocs._impl import Base, Hidden

__all__ = ["Base", "Child", "Color", "Hidden", "LIMIT", "Plain", "Point", "documented", "bare"]

#: How many at most.
LIMIT = 3


def documented(x: int, *, flag: bool = False) -> str:
    """Say *x*.

    More text that is not the first paragraph.
    """
    return str(x)


def bare() -> None:
    pass


class Plain:
    pass


class Child(Base):
    """A documented child of a documented base."""

    def run(self) -> int:
        return 1

    @property
    def size(self) -> int:
        return 2


class Color(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Point:
    x: int
'''

FAKE_IMPL = '''
"""Private definitions re-exported by the fake package."""


class Base:
    """A documented base."""

    def run(self) -> int:
        """Run it (Child.run inherits this docstring)."""
        return 0


class Hidden:
    """A documented class whose method comes from a private module."""

    def go(self) -> None:
        pass
'''


@pytest.fixture
def fakedocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    package = tmp_path / "fakedocs"
    package.mkdir()
    (package / "__init__.py").write_text(FAKE_PACKAGE, encoding="utf-8")
    (package / "_impl.py").write_text(FAKE_IMPL, encoding="utf-8")
    (package / "sub.py").write_text("__all__ = []\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fakedocs"
    for name in [m for m in sys.modules if m == "fakedocs" or m.startswith("fakedocs.")]:
        del sys.modules[name]


def test_the_completeness_check_names_every_undocumented_public_name(fakedocs: str) -> None:
    missing = undocumented(collect(fakedocs))
    assert missing == [
        "fakedocs._impl:Hidden.go",  # a public class's method, named where it is defined
        "fakedocs.sub:__doc__",  # a public module without a docstring
        "fakedocs:Child.size",  # a property
        "fakedocs:Color",  # an enum
        "fakedocs:Plain",  # a class
        "fakedocs:Point",  # dataclass's generated "Point(x: int)" is not a docstring
        "fakedocs:bare",  # a function
    ]


def test_documenting_every_name_makes_the_check_pass(fakedocs: str, tmp_path: Path) -> None:
    text = FAKE_PACKAGE
    for before, after in [
        (
            "    pass\n\n\nclass Plain:\n    pass",
            '    """Nothing."""\n\n\nclass Plain:\n    """P."""',
        ),
        ("    def size(self) -> int:\n", '    def size(self) -> int:\n        """Two."""\n'),
        ("class Color(enum.Enum):\n", 'class Color(enum.Enum):\n    """Colours."""\n\n'),
        ("class Point:\n", 'class Point:\n    """A point."""\n\n'),
    ]:
        assert before in text
        text = text.replace(before, after)
    (tmp_path / "fakedocs" / "__init__.py").write_text(text, encoding="utf-8")
    impl = FAKE_IMPL.replace("        pass", '        """Go."""')
    (tmp_path / "fakedocs" / "_impl.py").write_text(impl, encoding="utf-8")
    (tmp_path / "fakedocs" / "sub.py").write_text('"""Sub."""\n__all__ = []\n', encoding="utf-8")
    assert undocumented(collect(fakedocs)) == []


def test_a_public_module_without_all_fails_the_check(fakedocs: str, tmp_path: Path) -> None:
    (tmp_path / "fakedocs" / "sub.py").write_text('"""Sub."""\n', encoding="utf-8")
    assert "fakedocs.sub:__all__" in undocumented(collect(fakedocs))


def test_the_api_page_shows_signatures_first_paragraphs_and_members(fakedocs: str) -> None:
    page = api_page(collect(fakedocs))
    assert "## `fakedocs` {#fakedocs}" in page
    assert "def documented(x: int, *, flag: bool = False) -> str\n" in page
    assert "Say *x*.\n" in page
    assert "More text" not in page  # only the first paragraph
    assert "| `run() -> int` | Run it (Child.run inherits this docstring). |" in page
    assert "| `size: int` (property) | *not documented yet* |" in page
    assert "LIMIT = 3\n```\n\nHow many at most." in page
    assert "### `Color` (enum)" in page


def test_every_documented_carekit_module_is_on_the_api_page() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for module in public_modules():
        assert f"## `{module}` {{#" in page, module


def test_the_docs_command_reports_undocumented_names(
    fakedocs: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docs_module, "collect", lambda: collect(fakedocs))
    monkeypatch.setattr(docs_module, "check", lambda root: [])
    assert docs_module.main(["missing"]) == 0
    assert "fakedocs:bare\n" in capsys.readouterr().out
    assert docs_module.main(["check", str(ROOT)]) == 1
    err = capsys.readouterr().err
    assert "no docstring: fakedocs:bare" in err
    assert "7 public names have no docstring" in err


# --------------------------------------------------------------------------- workflow tables


def test_the_workflow_tables_say_every_state_action_guard_and_effect_in_both_languages() -> None:
    page = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    for workflow in WORKFLOWS:
        block = page.split(f"<!-- workflow-tables: {workflow.name} -->", 1)[1]
        block = block.split("<!-- /workflow-tables -->", 1)[0]
        for state in workflow.states:
            assert f"| `{state.name}` | {state.label.da} | {state.label.en} |" in block
        for action in workflow.actions:
            assert f"| **`{action.name}`** | " in block
            assert f"→ `{action.target}` | {action.label.da} | {action.label.en} |" in block
        for guard in workflow.guards():
            assert f"| `{guard.name}` | {guard.text.da} | {guard.text.en} |" in block
    # the expectation-alignment cadences come from WorkflowConfig's defaults
    assert "| `aligned` | Afstemt | 3 months | `cadence_aligned` |" in page
    assert "| `cancelled` | Aflyst | 2 weeks | `cadence_cancelled` |" in page


def test_a_hand_edited_workflow_table_fails_the_check(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    for rel in docs_module.PAGES:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(docs_module.PAGES[rel](), encoding="utf-8")
    (tmp_path / "docs" / "workflows.md").write_text(page, encoding="utf-8")
    for rel in docs_module.TEMPLATED_PAGES:  # the other partly generated pages, as committed
        if rel != "docs/workflows.md":
            (tmp_path / rel).write_text((ROOT / rel).read_text(encoding="utf-8"), encoding="utf-8")
    assert "docs/workflows.md" not in check(tmp_path)
    edited = page.replace("| `draft` | Udkast | Draft | start |", "| `draft` | Kladde | Draft | |")
    assert edited != page
    (tmp_path / "docs" / "workflows.md").write_text(edited, encoding="utf-8")
    assert check(tmp_path) == ["docs/workflows.md"]
    docs_module.write(tmp_path)
    assert (tmp_path / "docs" / "workflows.md").read_text(encoding="utf-8") == page
