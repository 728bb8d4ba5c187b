"""docs/report.md's definitions are generated from the same objects as the computation."""

from __future__ import annotations

from pathlib import Path

from carekit.report import INDICATORS, UNSUPPORTED, definitions_markdown, embed_definitions

PAGE = Path(__file__).resolve().parents[2] / "docs" / "report.md"


def test_the_docs_page_matches_the_declared_indicators() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert embed_definitions(text) == text, "run: python -m carekit._docs write"
    assert definitions_markdown() in text


def test_every_indicator_and_every_gap_is_on_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for item in INDICATORS:
        assert f"{{#{item.anchor}}}" in text
        assert item.numerator.en in text
    for gap in UNSUPPORTED:
        assert gap.name.en in text
