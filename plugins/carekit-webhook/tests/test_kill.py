"""The dispatcher process killed with SIGKILL mid-batch and restarted: every notification
reaches a real receiver exactly once (as it sees it, by idempotency key) and none is lost.
Then SIGTERM stops the restarted worker gracefully."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from carekit_webhook import MemorySeenKeys, SignatureError, verify_signature

from carekit.notify import Recipient, Routing, enqueue_notification
from carekit.store import SQLiteStore

SECRET = "kill-test-secret"
WORKER = Path(__file__).with_name("_worker.py")


class Receiver(BaseHTTPRequestHandler):
    raw: ClassVar[list[str]] = []
    kept: ClassVar[list[str]] = []
    rejected: ClassVar[list[str]] = []
    seen = MemorySeenKeys()
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        key = self.headers["Idempotency-Key"]
        if len(body) < length:  # the sender was killed mid-request: nothing to verify
            with self.lock:
                self.raw.append(key)
                self.rejected.append("truncated")
            return
        time.sleep(0.03)  # slow enough that a kill lands mid-batch
        with self.lock:
            self.raw.append(key)
            try:
                verify_signature(
                    SECRET,
                    self.headers["X-Carekit-Timestamp"],
                    body,
                    self.headers["X-Carekit-Signature"],
                    delivery_id=key,
                    seen=self.seen,
                )
                self.kept.append(json.loads(body)["key"])
            except SignatureError as exc:
                self.rejected.append(exc.reason)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.slow  # two interpreter start-ups; still run in CI
def test_sigkill_mid_batch_then_restart_delivers_everything_exactly_once(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    db = tmp_path / "care.db"
    routing = Routing()
    keys = []
    with SQLiteStore(db) as store:
        for i in range(30):
            n = routing.notification(
                key=f"reminder:consent_renewal:r-{i}:2026-12-01:team:t",
                type="reminder.consent_renewal",
                recipient=Recipient(id="t", kind="team", display_name="Team"),
                record_id=f"r-{i}",
                citizen_id="c",
            )
            enqueue_notification(store, n)
            keys.append(n.key)
    cmd = [sys.executable, str(WORKER), str(db), url, SECRET]
    try:
        first = subprocess.Popen(cmd)
        wait_for(lambda: len(Receiver.raw) >= 8)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        delivered_before_kill = len(set(Receiver.kept))
        assert 0 < delivered_before_kill < 30
        second = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        wait_for(lambda: len(set(Receiver.kept)) >= 30)
        with SQLiteStore(db) as store:
            wait_for(lambda: all(i.status == "delivered" for i in store.outbox()))
        second.send_signal(signal.SIGTERM)
        out, _ = second.communicate(timeout=10)
        assert second.returncode == 0
        assert "stopped cleanly" in out
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert sorted(Receiver.kept) == sorted(keys)  # exactly once as the receiver sees it
    assert len(Receiver.raw) >= 30  # at least once on the wire
    # repeats, or a request cut off by the kill; never a bad signature on a whole request
    assert set(Receiver.rejected) <= {"replayed", "truncated"}
    with SQLiteStore(db) as store:
        assert store.outbox(status="dead") == []
        assert {i.status for i in store.outbox()} == {"delivered"}
