"""The e-mail channel: one plain-text message per notification over SMTP.

The notification's idempotency key travels twice: as ``X-Carekit-Idempotency-Key`` and
inside the ``Message-ID`` (``<{sha256(key)[:32]}@{domain of From}>``), so a receiving system
or mailbox rule can drop a repeat.  The subject is the notification's subject (which carekit
renders without CPR numbers or health details) passed through CPR masking once more, on one
line.

Secrets: a username and password are sent only over TLS (STARTTLS or implicit TLS, the
server's certificate verified); the settings refuse a login without it, and the channel checks
the connection is encrypted before it logs in.  Addresses: ``To`` and ``From`` hold exactly one
address each (:func:`carekit_email.parse_address`).
"""

from __future__ import annotations

import email.policy
import hashlib
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, Final

import attrs

from carekit.errors import ConfigurationError
from carekit.i18n import Text
from carekit.notify import ChannelDeliveryError, DeliveryReceipt, Notification
from carekit.privacy import mask_cpr_in_text
from carekit_email._address import AddressProblem, parse_address

__all__ = ["IDEMPOTENCY_HEADER", "EmailChannel", "EmailConfig", "message_id_for"]

IDEMPOTENCY_HEADER: Final = "X-Carekit-Idempotency-Key"

_TEMPORARY = range(400, 500)
#: SMTP line endings; long headers (keys have no spaces) are not folded below 998 octets.
_POLICY = email.policy.SMTP.clone(max_line_length=998)


class _CleartextLoginRefused(Exception):
    """Raised before ``login`` when the connection is not encrypted."""


def message_id_for(key: str, domain: str) -> str:
    """The ``Message-ID`` for a notification key: the same key, the same id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


_KNOWN = frozenset(
    {
        "host",
        "port",
        "from",
        "starttls",
        "implicit_tls",
        "ca_file",
        "insecure_skip_verify",
        "username",
        "password",
        "timeout",
        "name",
    }
)


def _config_error(da: str, en: str) -> ConfigurationError:
    return ConfigurationError(Text(f"E-mail-kanalen: {da}", f"e-mail channel: {en}"))


@attrs.frozen(kw_only=True)
class EmailConfig:
    """SMTP settings.  ``password`` is never shown in ``repr``.

    Credentials only travel encrypted: with a ``username`` either ``starttls`` (upgrade a
    plain connection, port 587) or ``implicit_tls`` (TLS from the first byte, port 465) must
    be on, or the settings are refused.  The server's certificate is verified (against the
    system's CAs or ``ca_file``); ``insecure_skip_verify`` turns that off and exists for tests
    against throw-away servers only.
    """

    host: str
    port: int = 25
    from_addr: str
    starttls: bool = False
    #: TLS from the first byte (``smtplib.SMTP_SSL``, usually port 465) instead of STARTTLS
    implicit_tls: bool = False
    #: a PEM file of the CA(s) that signed the server's certificate, trusted instead of the
    #: system's store (an internal mail relay); ``None``: the system's trusted CAs
    ca_file: str | None = attrs.field(default=None)
    #: do not verify the server's certificate: for tests against a throw-away server only,
    #: never in production (anyone on the path could read the password)
    insecure_skip_verify: bool = False
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 10.0

    @ca_file.validator
    def _ca_file_exists(self, _attribute: Any, value: str | None) -> None:
        if value is not None and not Path(value).is_file():
            raise _config_error(
                f"ca_file {value} er ikke en fil; angiv stien til en PEM-fil med det/de "
                "CA-certifikater, der har udstedt SMTP-serverens certifikat",
                f"ca_file {value} is not a file; give the path of a PEM file "
                "with the CA certificate(s) that signed the SMTP server's certificate",
            )

    def __attrs_post_init__(self) -> None:
        if self.starttls and self.implicit_tls:
            raise _config_error(
                "vælg enten starttls (port 587) eller implicit_tls (port 465), ikke begge",
                "choose starttls (port 587) or implicit_tls (port 465), not both",
            )
        if self.username and not self.tls:
            raise _config_error(
                "et brugernavn og en adgangskode sendes kun krypteret; slå starttls = true "
                "(port 587) eller implicit_tls = true (port 465) til",
                "a username and password are only sent encrypted; set starttls = true "
                "(port 587) or implicit_tls = true (port 465)",
            )
        try:
            parse_address(self.from_addr)
        except AddressProblem as problem:
            raise _config_error(f"from: {problem.text.da}", f"from: {problem.text.en}") from None

    @property
    def tls(self) -> bool:
        """Whether the connection is encrypted (STARTTLS or implicit TLS)."""
        return self.starttls or self.implicit_tls

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> EmailConfig:
        """Build from settings: ``host``, ``port``, ``from``, ``starttls``, ``implicit_tls``,
        ``ca_file``, ``insecure_skip_verify``, ``username``, ``password``, ``timeout``."""
        missing = [name for name in ("host", "from") if not config.get(name)]
        if missing:
            raise _config_error(
                f"mangler indstilling(er) {', '.join(missing)}; angiv fx "
                "host = 'smtp.example.dk' og from = 'omsorg@example.dk'",
                f"missing setting(s) {', '.join(missing)}; set e.g. "
                "host = 'smtp.example.dk' and from = 'omsorg@example.dk'",
            )
        unknown = set(config) - _KNOWN
        if unknown:
            names = ", ".join(sorted(unknown))
            known = ", ".join(sorted(_KNOWN))
            raise _config_error(
                f"ukendt(e) indstilling(er) {names}; kendte: {known}",
                f"unknown setting(s) {names}; known: {known}",
            )
        flags = {}
        for flag in ("starttls", "implicit_tls", "insecure_skip_verify"):
            value = config.get(flag, False)
            if not isinstance(value, bool):
                raise _config_error(
                    f"{flag} skal være true eller false", f"{flag} must be true or false"
                )
            flags[flag] = value
        ca_file = config.get("ca_file")
        username = config.get("username")
        password = config.get("password")
        try:
            return cls(
                host=str(config["host"]),
                port=int(config.get("port", 465 if flags["implicit_tls"] else 25)),
                from_addr=str(config["from"]),
                ca_file=None if ca_file is None else str(ca_file),
                username=None if username is None else str(username),
                password=None if password is None else str(password),
                timeout=float(config.get("timeout", 10.0)),
                **flags,
            )
        except ConfigurationError:
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise _config_error(
                f"port skal være et heltal og timeout et antal sekunder ({type(exc).__name__})",
                f"port must be a whole number and timeout a number of seconds "
                f"({type(exc).__name__})",
            ) from None

    @property
    def domain(self) -> str:
        return parse_address(self.from_addr).domain or "carekit.invalid"

    def tls_context(self) -> ssl.SSLContext:
        """The TLS context: certificate and host name verified (against ``ca_file`` when set)
        unless ``insecure_skip_verify``."""
        context = ssl.create_default_context(cafile=self.ca_file)
        if self.insecure_skip_verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


class EmailChannel:
    """Sends each notification as an e-mail to ``recipient.addresses[name]``."""

    requires_address = True

    def __init__(self, config: EmailConfig, *, name: str = "email") -> None:
        self.config = config
        self.name = name

    def build_message(self, notification: Notification) -> EmailMessage:
        to = notification.recipient.address(self.name)
        if not to:
            raise ChannelDeliveryError(
                Text(
                    f"Modtageren {notification.recipient.id} har ingen e-mailadresse.",
                    f"recipient {notification.recipient.id} has no e-mail address; add one "
                    f"under addresses[{self.name!r}]",
                ),
                channel=self.name,
                retryable=False,
                key=notification.key,
            )
        try:
            address = parse_address(to)
        except AddressProblem as problem:
            raise ChannelDeliveryError(
                Text(
                    f"Modtageren {notification.recipient.id}s e-mailadresse kan ikke bruges: "
                    f"{problem.text.da}",
                    f"the e-mail address of recipient {notification.recipient.id} cannot be "
                    f"used: {problem.text.en} (under addresses[{self.name!r}])",
                ),
                channel=self.name,
                retryable=False,
                key=notification.key,
            ) from None
        msg = EmailMessage(policy=_POLICY)
        msg["From"] = str(parse_address(self.config.from_addr))
        msg["To"] = str(address)
        # one line: a line break in a subject would start a new header
        msg["Subject"] = " ".join(mask_cpr_in_text(notification.subject).split())
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        msg["Message-ID"] = message_id_for(notification.key, self.config.domain)
        msg[IDEMPOTENCY_HEADER] = notification.key
        msg["X-Carekit-Type"] = notification.type
        msg.set_content(mask_cpr_in_text(notification.body))
        msg["Content-Language"] = notification.lang  # after set_content, which resets Content-*
        return msg

    def send(self, notification: Notification) -> DeliveryReceipt:
        msg = self.build_message(notification)
        try:
            self._send(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise self._error(
                Text(
                    "Modtageren blev afvist ({codes}).", "the recipient was refused ({codes})"
                ).format(codes=", ".join(map(str, codes))),
                notification,
                retryable=all(code in _TEMPORARY for code in codes),
                code=codes[0] if codes else None,
            ) from None
        except _CleartextLoginRefused:
            raise self._error(
                Text(
                    "Login uden kryptering afvist: brugernavn og adgangskode sendes kun over "
                    "TLS (starttls eller implicit_tls).",
                    "login without encryption refused: the username and password are only "
                    "sent over TLS (starttls or implicit_tls)",
                ),
                notification,
                retryable=False,
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise self._error(
                Text(
                    "Serveren understøtter ikke {what}. Ret indstillingerne (starttls).",
                    "the server does not support {what}; check the starttls setting",
                ).format(what=str(exc) or "STARTTLS/AUTH"),
                notification,
                retryable=False,
            ) from None
        except ssl.SSLCertVerificationError as exc:
            raise self._error(
                Text(
                    "SMTP-serverens certifikat kunne ikke godkendes ({reason}). Ret host, eller "
                    "angiv den udsteder, der skal stoles på (ca_file).",
                    "the SMTP server's certificate could not be verified ({reason}); check host, "
                    "or set ca_file to the CA that signed it",
                ).format(reason=exc.verify_message or type(exc).__name__),
                notification,
                retryable=False,
            ) from None
        except smtplib.SMTPResponseException as exc:
            reply = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            temporary = exc.smtp_code in _TEMPORARY
            raise self._error(
                Text(
                    "SMTP-serveren svarede {code} {reply}"
                    + (" (midlertidig fejl, prøver igen)." if temporary else "."),
                    "the SMTP server answered {code} {reply}"
                    + (" (temporary; will retry)" if temporary else " (permanent)"),
                ).format(code=exc.smtp_code, reply=reply),
                notification,
                retryable=temporary,
                code=exc.smtp_code,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise self._error(
                Text(
                    "Kan ikke nå SMTP-serveren {host}:{port} ({reason}). Prøver igen senere.",
                    "cannot reach the SMTP server {host}:{port} ({reason}); will retry",
                ).format(host=self.config.host, port=self.config.port, reason=type(exc).__name__),
                notification,
                retryable=True,
            ) from None
        return DeliveryReceipt(
            channel=self.name, key=notification.key, message_id=str(msg["Message-ID"])
        )

    def _error(
        self, text: Text, notification: Notification, *, retryable: bool, code: int | None = None
    ) -> ChannelDeliveryError:
        return ChannelDeliveryError(
            text, channel=self.name, retryable=retryable, key=notification.key, code=code
        )

    def _send(self, msg: EmailMessage) -> None:
        cfg = self.config
        context = cfg.tls_context() if cfg.tls else None
        smtp = (
            smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
            if cfg.implicit_tls
            else smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        )
        with smtp:
            if cfg.starttls:
                smtp.starttls(context=context)
            if cfg.username:
                # The settings already require TLS with a username; this is the last line of
                # defence: credentials never leave over a connection that is not encrypted.
                if not isinstance(smtp.sock, ssl.SSLSocket):
                    raise _CleartextLoginRefused
                smtp.login(cfg.username, cfg.password or "")
            smtp.send_message(msg)
