"""Regenerate ``docs/diagrams/*.mmd`` and the diagram blocks in ``docs/workflows.md``.

Run from the repository root: ``python -m carekit.workflows._generate [REPO_ROOT]``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from carekit.workflows._mermaid import embed_diagrams, write_diagrams


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else Path.cwd()
    write_diagrams(root / "docs" / "diagrams")
    page = root / "docs" / "workflows.md"
    if page.exists():
        page.write_text(embed_diagrams(page.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
