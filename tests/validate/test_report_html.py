"""The HTML report a municipality reads: findings grouped by file under its vendor folder (its
width in Chromium is tested in tests/browser/test_validate_report_browser.py)."""

from __future__ import annotations

from pathlib import Path

import orjson

from carekit.validate import render, validate_paths

from .conftest import citizen

WIDTH = 1280


def _exports(root: Path) -> list[Path]:
    """Two vendors' exports, each with long messages (a long unknown key, a bad enum)."""
    paths = []
    for vendor, seed in (("leverandoer-a", 1), ("leverandoer-b", 2)):
        folder = root / vendor
        folder.mkdir()
        bad = {**citizen(seed), "residence": "plejehjem-" + "x" * 60, "ukendt_" + "y" * 120: 1}
        path = folder / "2026-11.ndjson"
        path.write_bytes(b"\n".join(orjson.dumps(r) for r in (citizen(seed + 5), bad)) + b"\n")
        paths.append(path)
    return paths


def test_findings_are_grouped_by_file_under_its_vendor(tmp_path: Path) -> None:
    paths = _exports(tmp_path)
    html = render(validate_paths([str(p) for p in paths]), "html", "da")
    sections = html.split('<section class="file">')[1:]
    assert len(sections) == 2
    for path, section in zip(paths, sections, strict=True):
        assert f'<span class="vendor">{path.parent.name}</span>' in section.split("</h3>")[0]
        assert str(path) in section.split("</h3>")[0]
        assert section.count('<td class="message">') == 2  # residence and the unknown field
        assert "</table></section>" in section
