"""Docs grow with the code: generated pages are fresh, every page is in the nav."""

from __future__ import annotations

import re
from pathlib import Path

from carekit._docs import check

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
