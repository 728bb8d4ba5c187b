"""``python -m carekit_fhir._generate write|check``: regenerate carekit's FHIR package
(:mod:`carekit_fhir._profiles`) or check that the committed one is what the code makes."""

from __future__ import annotations

import sys

from carekit_fhir._profiles import PACKAGE_DIR, differs, write

__all__ = ["main"]


def main(argv: list[str]) -> int:
    """``write`` the package, or ``check`` it (exit 1, naming every file that differs)."""
    if argv[:1] == ["write"]:
        print(f"{len(write())} files written to {PACKAGE_DIR}")  # noqa: T201 - a command
        return 0
    drift = differs()
    for name in drift:
        print(f"differs: {name}")  # noqa: T201 - a command
    return 1 if drift else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
