"""Headless Chromium for tests of rendered citizen documents.

Serves an HTML page from 127.0.0.1 on an ephemeral port, screenshots it at a viewport width,
runs axe-core in it, and prints it to PDF.  Chromium is driven over the Chrome DevTools
Protocol (CDP).

Why ``websocket-client`` and not Playwright: CDP needs only a websocket and a dozen JSON
commands.  Playwright's Python wheel bundles a Node driver pinned to its own Chromium build,
and using Debian's ``chromium`` with it is an unsupported combination that breaks whenever the
two drift apart; ``websocket-client`` is a small pure-Python, synchronous client with no
browser download of its own, so the only browser is the one ``.ci/install-browser.sh`` puts
on the machine.

Chromium always runs with ``--headless --no-sandbox --disable-gpu
--disable-background-networking --disable-component-update --no-first-run --disable-sync`` and
a fresh ``--user-data-dir`` in a temporary directory, and is killed when the context ends.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import itertools
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

A4_WIDTH = 794  # CSS pixels: 210 mm at 96 dpi
PHONE_WIDTH = 360
SERIOUS_IMPACTS = frozenset({"serious", "critical"})

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-allow-origins=*",
)


class BrowserUnavailableError(RuntimeError):
    """Chromium, axe-core or the websocket client is missing; the message says how to fix it."""


def find_chromium() -> str | None:
    """Chromium: ``$CAREKIT_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    explicit = os.environ.get("CAREKIT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def find_axe() -> Path | None:
    """Path of ``axe.min.js``: ``$CAREKIT_AXE``, else where ``.ci/install-browser.sh`` puts it."""
    explicit = os.environ.get("CAREKIT_AXE")
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    default_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "carekit/axe"
    axe_dir = Path(os.environ.get("CAREKIT_AXE_DIR") or default_dir)
    candidate = axe_dir / "node_modules" / "axe-core" / "axe.min.js"
    return candidate if candidate.is_file() else None


def missing_requirements() -> list[str]:
    """What the browser tests lack on this machine (empty when everything is there)."""
    missing = []
    if find_chromium() is None:
        missing.append("Chromium (apt-get install chromium)")
    if find_axe() is None:
        missing.append("axe-core (npm, see .ci/install-browser.sh)")
    try:
        import websocket  # noqa: F401
    except ImportError:
        missing.append("the websocket-client Python package")
    try:
        import pypdf  # noqa: F401
    except ImportError:
        missing.append("the pypdf Python package")
    return missing


def artifact_dir() -> Path:
    """``$CAREKIT_ARTIFACTS/browser`` or ``artifacts/browser`` in the repository root."""
    root = os.environ.get("CAREKIT_ARTIFACTS")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / "artifacts"
    path = base / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- a local HTTP server ----------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_html(html: str | Path, name: str = "index.html") -> Iterator[str]:
    """Serve *html* (a string or a file) at ``http://127.0.0.1:<ephemeral port>/<name>``.

    The server runs in a daemon thread and is shut down when the context ends.
    """
    with tempfile.TemporaryDirectory(prefix="carekit-serve-") as root:
        if isinstance(html, Path):
            (Path(root) / name).write_bytes(html.read_bytes())
        else:
            (Path(root) / name).write_text(html, encoding="utf-8")

        def handler(*args: Any) -> _QuietHandler:
            return _QuietHandler(*args, directory=root)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{name}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


# --- Chromium over CDP -------------------------------------------------------------------------


@dataclass(frozen=True)
class AxeViolation:
    id: str
    impact: str | None
    help: str
    targets: tuple[str, ...]


class Page:
    """One browser tab, driven over its CDP websocket."""

    def __init__(self, ws_url: str, timeout: float = 30.0) -> None:
        import websocket

        self._ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []
        self.timeout = timeout
        self.send("Page.enable")
        self.send("Runtime.enable")

    def close(self) -> None:
        self._ws.close()

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one CDP command and return its result (raise on a CDP error)."""
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"CDP {method} failed: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def wait_for_event(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for index, event in enumerate(self._events):
                if event["method"] == method:
                    del self._events[: index + 1]
                    return event
            message = json.loads(self._ws.recv())
            if "method" in message:
                self._events.append(message)
        raise TimeoutError(f"no {method} within {self.timeout} s")

    def goto(self, url: str) -> None:
        self._events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired")
        self.evaluate("document.fonts.ready.then(() => true)", await_promise=True)

    def set_width(self, width: int, height: int = 800) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=await_promise,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, width: int) -> Path:
        """A full-page PNG at viewport *width* CSS pixels (device scale 1)."""
        self.set_width(width)
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)") or 800)
        self.set_width(width, max(height, 1))
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def axe(self, axe_js: Path, impacts: Iterable[str] | None = None) -> list[AxeViolation]:
        """Run axe-core in the page; violations, filtered to *impacts* when given."""
        self.evaluate(axe_js.read_text(encoding="utf-8"))
        raw = self.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
            "({id: v.id, impact: v.impact, help: v.help, "
            "targets: v.nodes.map(n => n.target.join(' '))})))",
            await_promise=True,
        )
        wanted = set(impacts) if impacts is not None else None
        return [
            AxeViolation(v["id"], v["impact"], v["help"], tuple(v["targets"]))
            for v in raw
            if wanted is None or v["impact"] in wanted
        ]

    def pdf(self, path: Path) -> Path:
        """Print the page to an A4 PDF."""
        data = self.send(
            "Page.printToPDF",
            paperWidth=8.27,
            paperHeight=11.69,
            printBackground=True,
            preferCSSPageSize=True,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data["data"]))
        return path


class Chromium:
    """A headless Chromium process with a fresh profile; use as a context manager."""

    def __init__(self, executable: str, *, startup_timeout: float = 30.0) -> None:
        self.executable = executable
        self.startup_timeout = startup_timeout
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def __enter__(self) -> Chromium:
        self._profile = tempfile.TemporaryDirectory(prefix="carekit-chromium-")
        profile = Path(self._profile.name)
        self._process = subprocess.Popen(
            [
                self.executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so helpers die with it
        )
        try:
            self.port = self._wait_for_port(profile / "DevToolsActivePort")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_for_port(self, port_file: Path) -> int:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrowserUnavailableError(
                    f"{self.executable} exited with {self._process.returncode} at startup"
                )
            with contextlib.suppress(FileNotFoundError, ValueError, IndexError):
                return int(port_file.read_text().splitlines()[0])
            time.sleep(0.05)
        raise BrowserUnavailableError(
            f"{self.executable} did not start within {self.startup_timeout} s"
        )

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            group = self._process.pid  # start_new_session: the group id is the pid
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)  # renderer and zygote helpers left behind
            self._process = None
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    @contextlib.contextmanager
    def new_page(self) -> Iterator[Page]:
        """A fresh tab, closed when the context ends."""
        import urllib.request

        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            target = json.load(response)
        page = Page(target["webSocketDebuggerUrl"])
        try:
            yield page
        finally:
            page.close()
            with contextlib.suppress(OSError):
                urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json/close/{target['id']}", timeout=10
                ).close()


def png_size(path: Path) -> tuple[int, int]:
    """``(width, height)`` of a PNG file; ``ValueError`` when it is not a PNG."""
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


def pdf_text(path: Path) -> str:
    """The text of a PDF, page after page (via pypdf)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
