"""The e-mail channel: one plain-text message per notification over SMTP.

The notification's idempotency key travels twice: as ``X-Carekit-Idempotency-Key`` and
inside the ``Message-ID`` (``<{sha256(key)[:32]}@{domain of From}>``), so a receiving system
or mailbox rule can drop a repeat.  The subject is the notification's subject (which carekit
renders without CPR numbers or health details) passed through CPR masking once more.
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

__all__ = ["IDEMPOTENCY_HEADER", "EmailChannel", "EmailConfig", "message_id_for"]

IDEMPOTENCY_HEADER: Final = "X-Carekit-Idempotency-Key"

_TEMPORARY = range(400, 500)
#: SMTP line endings; long headers (keys have no spaces) are not folded below 998 octets.
_POLICY = email.policy.SMTP.clone(max_line_length=998)


def message_id_for(key: str, domain: str) -> str:
    """The ``Message-ID`` for a notification key: the same key, the same id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


@attrs.frozen(kw_only=True)
class EmailConfig:
    """SMTP settings.  ``password`` is never shown in ``repr``."""

    host: str
    port: int = 25
    from_addr: str
    starttls: bool = False
    #: a PEM file of the CA(s) that signed the server's certificate, trusted instead of the
    #: system's store (an internal mail relay); ``None``: the system's trusted CAs
    ca_file: str | None = attrs.field(default=None)
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 10.0

    @ca_file.validator
    def _ca_file_exists(self, _attribute: Any, value: str | None) -> None:
        if value is not None and not Path(value).is_file():
            raise ConfigurationError(
                f"e-mail channel: ca_file {value} is not a file; give the path of a PEM file "
                "with the CA certificate(s) that signed the SMTP server's certificate"
            )

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> EmailConfig:
        """Build from settings: ``host``, ``port``, ``from``, ``starttls``, ``ca_file``,
        ``username``, ``password``, ``timeout``."""
        missing = [name for name in ("host", "from") if not config.get(name)]
        if missing:
            raise ConfigurationError(
                f"e-mail channel: missing setting(s) {', '.join(missing)}; set e.g. "
                "host = 'smtp.example.dk' and from = 'omsorg@example.dk'"
            )
        unknown = set(config) - {
            "host",
            "port",
            "from",
            "starttls",
            "ca_file",
            "username",
            "password",
            "timeout",
            "name",
        }
        if unknown:
            raise ConfigurationError(
                f"e-mail channel: unknown setting(s) {', '.join(sorted(unknown))}; known: host, "
                "port, from, starttls, ca_file, username, password, timeout, name"
            )
        ca_file = config.get("ca_file")
        try:
            return cls(
                host=str(config["host"]),
                port=int(config.get("port", 25)),
                from_addr=str(config["from"]),
                starttls=bool(config.get("starttls", False)),
                ca_file=None if ca_file is None else str(ca_file),
                username=config.get("username"),
                password=config.get("password"),
                timeout=float(config.get("timeout", 10.0)),
            )
        except ConfigurationError:
            raise
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(
                f"e-mail channel: port must be a whole number and timeout a number of "
                f"seconds ({exc})"
            ) from None

    @property
    def domain(self) -> str:
        return self.from_addr.rsplit("@", 1)[-1] or "carekit.invalid"


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
        msg = EmailMessage(policy=_POLICY)
        msg["From"] = self.config.from_addr
        msg["To"] = to
        msg["Subject"] = mask_cpr_in_text(notification.subject)
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
        with smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout) as smtp:
            if cfg.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=cfg.ca_file))
            if cfg.username:
                smtp.login(cfg.username, cfg.password or "")
            smtp.send_message(msg)
