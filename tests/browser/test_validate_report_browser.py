"""The validation report's HTML in Chromium: at 1280 px nothing is cut off, the "how to fix"
text included (issue #21)."""

from __future__ import annotations

from pathlib import Path

import orjson

from carekit.validate import render, sample_record, validate_paths

from .harness import Chromium, serve_html

WIDTH = 1280


def citizen(seed: int) -> dict[str, object]:
    return sample_record("citizen", seed=seed)


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


def test_at_1280_px_nothing_is_cut_off_and_the_fix_text_is_visible(
    chromium: Chromium, tmp_path: Path
) -> None:
    paths = _exports(tmp_path)
    record = sample_record("safety_plan", seed=3, full=True)
    record["agreement"] = {**record["agreement"], "agreed_at": "i går"}
    more = tmp_path / "leverandoer-b" / "plans.ndjson"
    more.write_bytes(orjson.dumps(record) + b"\n")
    html = render(validate_paths([str(p) for p in [*paths, more]]), "html", "da")
    with serve_html(html) as url, chromium.new_page() as page:
        page.goto(url)
        page.set_width(WIDTH)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
        cells = page.evaluate(
            "[...document.querySelectorAll('td.message')].map(c => {"
            " const r = c.getBoundingClientRect();"
            " return [r.right, c.scrollWidth - c.clientWidth, r.width,"
            " getComputedStyle(c).visibility, getComputedStyle(c).display]; })"
        )
    assert max(widths) <= WIDTH, widths
    assert len(cells) == 5
    for right, hidden, width, visibility, display in cells:
        assert right <= WIDTH
        assert hidden <= 0  # no text beyond the cell's box
        assert width >= 250  # a readable column, not a sliver
        assert (visibility, display) == ("visible", "table-cell")
