"""MkDocs hook: serve mermaid from the pinned npm package, so diagrams draw with no network.

``npm ci`` (run by ``.ci/install-browser.sh``) installs ``mermaid`` at the version pinned in
``package.json`` / ``package-lock.json`` into ``node_modules/``.  This hook adds its one-file
browser bundle to the site as ``js/mermaid.min.js``; ``js/mermaid-init.js`` draws every
``<div class="mermaid">`` block.  A missing or differently versioned install fails the build
with the command that fixes it, so the site never ships without its diagrams.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = "js/mermaid.min.js"


def mermaid_bundle(root: Path = ROOT) -> Path:
    """The pinned mermaid bundle under *root*; ``PluginError`` naming the fix when absent."""
    wanted = json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"][
        "mermaid"
    ]
    package = root / "node_modules" / "mermaid"
    bundle = package / "dist" / "mermaid.min.js"
    if not bundle.is_file():
        raise PluginError(f"mermaid {wanted} is not installed: run `npm ci` in {root}")
    found = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if found != wanted:
        raise PluginError(f"mermaid {found} is installed, package.json pins {wanted}: run `npm ci`")
    return bundle


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    files.append(File.generated(config, BUNDLE, abs_src_path=str(mermaid_bundle())))
    return files
