"""A real HTTP receiver on 127.0.0.1 (stdlib http.server in a thread) that verifies
signatures, drops repeats by Idempotency-Key, and can answer 500 or hang."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from carekit_webhook import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemorySeenKeys,
    SignatureError,
    verify_signature,
)

SECRET = "test-secret-0123456789"


def pytest_configure(config: pytest.Config) -> None:
    # carekit's own marker, for the kill test that moved here from carekit's core suite
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


class Receiver:
    def __init__(self) -> None:
        self.raw: list[dict[str, Any]] = []  # every request as it arrived
        self.kept: dict[str, dict[str, Any]] = {}  # what the receiver acts on, by key
        self.rejected: list[str] = []
        self.faults: deque[str] = deque()  # "500", "hang", "400"
        self.hang_seconds = 1.0
        self.seen = MemorySeenKeys()
        self.lock = threading.Lock()


def make_handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                fault = receiver.faults.popleft() if receiver.faults else "ok"
            if fault in ("500", "400"):
                self._answer(int(fault))
                return
            key = self.headers.get(IDEMPOTENCY_HEADER)
            entry = {"headers": dict(self.headers.items()), "body": body}
            with receiver.lock:
                receiver.raw.append(entry)
            try:
                verify_signature(
                    SECRET,
                    self.headers.get(TIMESTAMP_HEADER, ""),
                    body,
                    self.headers.get(SIGNATURE_HEADER, ""),
                    delivery_id=key,
                    seen=receiver.seen,
                )
            except SignatureError as exc:
                with receiver.lock:
                    receiver.rejected.append(exc.reason)
                # A replay of something already processed: say OK so the sender stops.
                self._answer(200 if exc.reason == "replayed" else 401)
                return
            with receiver.lock:
                receiver.kept[str(key)] = {"json": json.loads(body), **entry}
            if fault == "hang":  # processed, but the answer comes too late
                time.sleep(receiver.hang_seconds)
            self._answer(200)

        def _answer(self, status: int) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the client gave up (timeout test)
                pass

    return Handler


class HTTPReceiver:
    def __init__(self) -> None:
        self.receiver = Receiver()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.receiver))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def http_receiver() -> Iterator[HTTPReceiver]:
    server = HTTPReceiver()
    server.start()
    try:
        yield server
    finally:
        server.stop()
