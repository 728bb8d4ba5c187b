"""The docs site draws its workflow diagrams as pictures, with no network.

Builds the site with ``mkdocs build --strict`` into a temporary directory, serves it from
127.0.0.1 with every ``https://`` request blocked, opens the Workflows page in headless
Chromium and checks that each mermaid block became an SVG naming its workflow's states.
Screenshots (the whole page and one diagram) are kept under ``artifacts/browser/<test>/``.

Needs mkdocs (the ``docs`` extra) and mermaid from npm (``npm ci``, which
``.ci/install-browser.sh`` runs).  Without mkdocs the test skips, unless
``CAREKIT_REQUIRE_DOCS=1`` (set by ``tox -e docs``) makes that a failure.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import importlib.util
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carekit.lifecycle import WORKFLOWS

from .harness import Chromium, png_size

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serve(directory: Path) -> Iterator[str]:
    """Serve *directory* at ``http://127.0.0.1:<ephemeral port>/``."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("mkdocs") is None:
        reason = "DOCS SITE TEST NOT RUN: mkdocs is missing (pip install -e '.[docs]')."
        if os.environ.get("CAREKIT_REQUIRE_DOCS") == "1":
            pytest.fail(reason + " CAREKIT_REQUIRE_DOCS=1 makes this a failure.", pytrace=False)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    return out


#: Resolves to the diagram texts once every mermaid block holds an SVG (or null on timeout).
WAIT_FOR_DIAGRAMS = """
new Promise((resolve) => {
  const started = Date.now();
  const poll = () => {
    const blocks = [...document.querySelectorAll("div.mermaid")];
    const drawn = blocks.filter((b) => b.querySelector("svg g"));
    if (blocks.length > 0 && drawn.length === blocks.length) {
      resolve(blocks.map((b) => ({
        text: b.querySelector("svg").textContent,
        nodes: b.querySelectorAll("svg g.node").length,
        width: b.querySelector("svg").getBoundingClientRect().width,
      })));
    } else if (Date.now() - started > 20000) {
      resolve(null);
    } else {
      setTimeout(poll, 100);
    }
  };
  poll();
})
"""


def test_workflow_diagrams_are_drawn_as_svg_offline(
    chromium: Chromium, site: Path, artifacts: Path
) -> None:
    assert (site / "js" / "mermaid.min.js").is_file()
    with _serve(site) as base, chromium.new_page() as page:
        page.send("Network.enable")
        page.send("Network.setBlockedURLs", urls=["https://*"])  # CDNs: only 127.0.0.1 is left
        page.set_width(1200)
        page.goto(base + "workflows/")
        diagrams = page.evaluate(WAIT_FOR_DIAGRAMS, await_promise=True)
        assert diagrams is not None, "the mermaid blocks were not drawn within 20 s"
        assert len(diagrams) == len(WORKFLOWS)
        for workflow, diagram in zip(WORKFLOWS, diagrams, strict=True):
            # one box per state, each with its Danish label, and the workflow's title
            assert diagram["nodes"] >= len(workflow.states), workflow.name
            for state in workflow.states:
                assert state.label.da in diagram["text"], (workflow.name, state.label.da)
            assert diagram["width"] > 100, workflow.name

        local = page.evaluate(
            "performance.getEntriesByType('resource').map((e) => e.name)"
            ".filter((n) => n.includes('mermaid'))"
        )
        assert sorted(local) == [base + "js/mermaid-init.js", base + "js/mermaid.min.js"]

        whole = page.screenshot(artifacts / "workflows-page.png", 1200)
        box = page.evaluate(
            "JSON.stringify(document.querySelectorAll('div.mermaid')[3].getBoundingClientRect())"
        )
        rect = json.loads(box)
        data = page.send(
            "Page.captureScreenshot",
            format="png",
            clip={
                "x": rect["x"],
                "y": rect["y"] + page.evaluate("window.scrollY"),
                "width": rect["width"],
                "height": rect["height"],
                "scale": 1,
            },
        )
    one = artifacts / "trial-action-diagram.png"
    one.write_bytes(base64.b64decode(data["data"]))
    assert png_size(whole)[0] == 1200
    width, height = png_size(one)
    assert width > 100
    assert height > 50
