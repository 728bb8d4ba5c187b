"""A real SMTP server on 127.0.0.1 (aiosmtpd) that can be told to misbehave."""

from __future__ import annotations

import asyncio
import email
import socket
import ssl
from collections import deque
from collections.abc import Iterator
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from carekit_email import IDEMPOTENCY_HEADER


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _encrypted(server: Any, session: Any) -> bool:
    """STARTTLS sets ``session.ssl``; implicit TLS shows only on the transport."""
    transport = getattr(server, "transport", None)
    implicit = transport is not None and transport.get_extra_info("ssl_object") is not None
    return session.ssl is not None or implicit


class Handler:
    """Records every message; ``faults`` is a queue of what to do with the next DATA
    commands: ``"4xx"``, ``"5xx"``, ``"slow"`` (keep the message, answer after ``slow_seconds``)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.sessions: list[dict[str, Any]] = []  # per accepted message: TLS used, who logged in
        self.faults: deque[str] = deque()
        self.slow_seconds = 1.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        fault = self.faults.popleft() if self.faults else "ok"
        if fault == "4xx":
            return "451 4.3.0 Try again later"
        if fault == "5xx":
            return "554 5.7.1 Message rejected"
        # A slow server has taken the message but answers late: the sender times out,
        # retries, and the receiver gets the message twice (it drops the repeat by key).
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        login = session.auth_data.login if session.authenticated else None
        self.sessions.append({"tls": _encrypted(server, session), "login": login})
        if fault == "slow":
            await asyncio.sleep(self.slow_seconds)
        return "250 OK"

    def keys(self) -> list[str]:
        return [str(m[IDEMPOTENCY_HEADER]) for m in self.messages]

    def deduplicated(self) -> dict[str, Message]:
        """What the receiver keeps after dropping repeats by the idempotency key."""
        seen: dict[str, Message] = {}
        for message in self.messages:
            seen.setdefault(str(message[IDEMPOTENCY_HEADER]), message)
        return seen


class SMTPServer:
    def __init__(self, **smtp_options: Any) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller: Controller | None = None
        self.smtp_options = smtp_options

    def start(self) -> None:
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, **self.smtp_options
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


USER, PASSWORD = "omsorg", "hemmeligt-kodeord"
#: every AUTH attempt any test server saw: (mechanism, was the session encrypted)
AUTH_ATTEMPTS: list[tuple[str, bool]] = []


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    AUTH_ATTEMPTS.append((mechanism, _encrypted(server, session)))
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    """A throw-away CA; it signs the test server's certificate for 127.0.0.1."""
    return trustme.CA()


@pytest.fixture
def ca_file(certificate_authority: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def tls_smtp_server(certificate_authority: trustme.CA) -> Iterator[SMTPServer]:
    """Like a municipal mail relay: STARTTLS required before anything else, then a login
    (over TLS only) before mail is taken."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    server = SMTPServer(
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def auth_attempts() -> Iterator[list[tuple[str, bool]]]:
    AUTH_ATTEMPTS.clear()
    yield AUTH_ATTEMPTS
    AUTH_ATTEMPTS.clear()


@pytest.fixture
def cleartext_auth_server() -> Iterator[SMTPServer]:
    """A careless relay: offers AUTH PLAIN/LOGIN over an unencrypted connection and no
    STARTTLS.  A client that sends credentials here sends them in clear."""
    server = SMTPServer(authenticator=_authenticate, auth_require_tls=False, auth_required=False)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def implicit_tls_smtp_server(certificate_authority: trustme.CA) -> Iterator[SMTPServer]:
    """TLS from the first byte (SMTPS, like port 465), then a login."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    # aiosmtpd's auth_require_tls looks at STARTTLS only (and warns when AUTH is required
    # without it); this session is TLS throughout, so AUTH is offered, not required.
    server = SMTPServer(
        ssl_context=context,
        authenticator=_authenticate,
        auth_required=False,
        auth_require_tls=False,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def self_signed_smtp_server(tmp_path: Path) -> Iterator[tuple[SMTPServer, Path]]:
    """STARTTLS with a self-signed certificate for 127.0.0.1 (its own CA); yields the server
    and the certificate's PEM file, which a client must be given as ``ca_file``."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    pem = tmp_path / "self-signed-ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    server = SMTPServer(
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    server.start()
    try:
        yield server, pem
    finally:
        server.stop()
