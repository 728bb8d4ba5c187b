"""Helpers shared by the example plugin's tests (a uniquely named module, so that several
plugins' test suites can run in one pytest session)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from carekit.plugins import PluginSelection

#: Only the built-in stores and this plugin, found through their entry points; other
#: installed plugins (postgres, fhir, …) stay out of these tests.
ONLY_EXAMPLE = PluginSelection(allow=frozenset({"sqlite", "example"}))


class DropReceiver:
    """A legacy system that polls the drop directory: it reads every finished ``*.json``
    file, keeps what it read, and removes the file (as such systems do after pick-up)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.seen: list[tuple[dict[str, Any], str]] = []  # (parsed JSON, raw text)

    def pick_up(self) -> None:
        for path in sorted(self.directory.glob("*.json")):
            raw = path.read_text(encoding="utf-8")
            self.seen.append((json.loads(raw), raw))
            path.unlink()
