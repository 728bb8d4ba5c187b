"""The committed diagrams and the docs page are exactly what the tables generate."""

from __future__ import annotations

from pathlib import Path

import pytest

from carekit.lifecycle import WORKFLOWS, Workflow
from carekit.workflows import embed_diagrams, to_mermaid, write_diagrams
from carekit.workflows._generate import main as generate
from carekit.workflows._mermaid import DIAGRAM_BLOCK

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "docs" / "diagrams"
PAGE = ROOT / "docs" / "workflows.md"
FIX = "run `python -m carekit.workflows._generate` from the repository root"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_committed_diagram_matches_the_table(workflow: Workflow) -> None:
    path = DIAGRAMS / f"{workflow.name}.mmd"
    assert path.read_text(encoding="utf-8") == to_mermaid(workflow), f"{path} is stale: {FIX}"


def test_no_stray_diagrams_are_committed() -> None:
    assert {p.stem for p in DIAGRAMS.glob("*.mmd")} == {w.name for w in WORKFLOWS}


def test_docs_page_embeds_every_diagram_exactly_as_generated() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert embed_diagrams(text) == text, f"docs/workflows.md diagrams are stale: {FIX}"
    assert [m.group(1) for m in DIAGRAM_BLOCK.finditer(text)] == [w.name for w in WORKFLOWS]


def test_docs_page_names_every_state_action_and_practice() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for workflow in WORKFLOWS:
        for practice in workflow.practices:
            assert practice in text
        for action in workflow.actions:
            assert f"**{action.name}**" in text, action.name


def test_the_diagram_has_every_state_edge_guard_and_ending() -> None:
    workflow = next(w for w in WORKFLOWS if w.name == "trial-action")
    diagram = to_mermaid(workflow)
    assert diagram.startswith("---\ntitle: Prøvehandling (trial-action)\n---\nstateDiagram-v2\n")
    assert '    state "Ny rutine" as adopted\n' in diagram
    assert "    [*] --> planned\n" in diagram
    assert "    evaluating --> adopted: adopt [has_evaluation, enough_evaluations, " in diagram
    for ending in ("adopted", "adapted", "abandoned"):
        assert f"    {ending} --> [*]\n" in diagram


def test_the_generator_writes_diagrams_and_refreshes_the_page(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    stale = "<!-- diagram: dream -->\n```mermaid\nold\n```\n<!-- /diagram -->\n"
    (tmp_path / "docs" / "workflows.md").write_text(stale, encoding="utf-8")
    assert generate([str(tmp_path)]) == 0
    assert len(list((tmp_path / "docs" / "diagrams").glob("*.mmd"))) == len(WORKFLOWS)
    page = (tmp_path / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert "old" not in page
    assert "stateDiagram-v2" in page
    assert write_diagrams(tmp_path / "x")[0].name == f"{WORKFLOWS[0].name}.mmd"
