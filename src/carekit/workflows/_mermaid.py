"""Mermaid state diagrams generated from the workflow tables (the docs' single source).

``to_mermaid(workflow)`` gives a ``stateDiagram-v2``: states with their Danish labels (the
words care staff see), actions as edge labels with their guards in brackets, ``[*]`` for the
start and the endings.  :func:`write_diagrams` writes ``docs/diagrams/<name>.mmd``;
:func:`embed_diagrams` refreshes the marked blocks in ``docs/workflows.md``::

    <!-- diagram: trial-action -->
    ```mermaid
    ...generated...
    ```
    <!-- /diagram -->

Regenerate both with ``python -m carekit.workflows._generate [REPO_ROOT]``; a test fails when
the committed files drift from the tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from carekit.i18n import Lang
from carekit.lifecycle import WORKFLOWS, Workflow, workflow_named

__all__ = ["DIAGRAM_BLOCK", "embed_diagrams", "to_mermaid", "write_diagrams"]

#: A marked diagram block in Markdown: group 1 is the workflow name, group 2 the diagram.
DIAGRAM_BLOCK = re.compile(
    r"<!-- diagram: ([a-z-]+) -->\n```mermaid\n(.*?)```\n<!-- /diagram -->", re.DOTALL
)


def _quote(text: str) -> str:
    return text.replace('"', "'")


def to_mermaid(workflow: Workflow, lang: Lang = "da") -> str:
    """The workflow as a Mermaid ``stateDiagram-v2`` (ends with a newline)."""
    lines = [
        "---",
        f"title: {workflow.title.get(lang)} ({workflow.name})",
        "---",
        "stateDiagram-v2",
        "    direction LR",
    ]
    lines += [f'    state "{_quote(s.label.get(lang))}" as {s.name}' for s in workflow.states]
    lines.append(f"    [*] --> {workflow.initial}")
    for action in workflow.actions:
        label = action.name
        if action.guards:
            label += " [" + ", ".join(g.name for g in action.guards) + "]"
        lines += [f"    {source} --> {action.target}: {label}" for source in action.sources]
    lines += [f"    {state} --> [*]" for state in workflow.final_states()]
    return "\n".join(lines) + "\n"


def write_diagrams(directory: Path) -> list[Path]:
    """Write ``<directory>/<workflow>.mmd`` for every workflow; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for workflow in WORKFLOWS:
        path = directory / f"{workflow.name}.mmd"
        path.write_text(to_mermaid(workflow), encoding="utf-8")
        written.append(path)
    return written


def embed_diagrams(markdown: str) -> str:
    """*markdown* with every marked diagram block replaced by the generated diagram."""

    def replace(match: re.Match[str]) -> str:
        diagram = to_mermaid(workflow_named(match.group(1)))
        return f"<!-- diagram: {match.group(1)} -->\n```mermaid\n{diagram}```\n<!-- /diagram -->"

    return DIAGRAM_BLOCK.sub(replace, markdown)
