"""Secrets and addresses in the e-mail channel, against real SMTP servers (aiosmtpd):
credentials never travel unencrypted, certificates are verified, and one address field is one
recipient."""

from __future__ import annotations

import email.utils
from pathlib import Path

import pytest
from carekit_email import AddressProblem, EmailChannel, EmailConfig, make_channel, parse_address
from hypothesis import given, settings
from hypothesis import strategies as st

from carekit.errors import ConfigurationError, DeliveryError
from carekit.notify import Notification, Recipient, Routing

from .conftest import PASSWORD, USER, SMTPServer


def one_notification(address: str = "staff0@example.dk") -> Notification:
    return Routing().notification(
        key="reminder:safety_plan_review:r-0:2026-12-01:staff:staff-0",
        type="reminder.safety_plan_review",
        recipient=Recipient(
            id="staff-0", kind="staff", display_name="Medarbejder", addresses={"email": address}
        ),
        record_id="r-0",
        citizen_id="c-1",
    )


def settings_for(server: SMTPServer, **more: object) -> dict[str, object]:
    return {"host": "127.0.0.1", "port": server.port, "from": "omsorg@example.dk", "timeout": 5}


# ------------------------------------------------------------------ no login in clear text
def test_settings_with_a_username_and_no_tls_are_refused_in_both_languages() -> None:
    with pytest.raises(ConfigurationError) as caught:
        EmailConfig.from_mapping(
            {"host": "h", "from": "a@example.dk", "username": USER, "password": PASSWORD}
        )
    assert "starttls" in caught.value.text.en
    assert "krypteret" in caught.value.text.da
    assert PASSWORD not in str(caught.value)
    with pytest.raises(ConfigurationError, match="encrypted"):  # built in code alike
        EmailConfig(host="h", from_addr="a@example.dk", username=USER, password=PASSWORD)
    with pytest.raises(ConfigurationError, match="not both"):
        EmailConfig(host="h", from_addr="a@example.dk", starttls=True, implicit_tls=True)


def test_cleartext_login_is_never_attempted_against_a_server_that_offers_it(
    cleartext_auth_server: SMTPServer, auth_attempts: list[tuple[str, bool]]
) -> None:
    """The careless relay would take AUTH PLAIN in clear: the settings are refused, and a
    channel asked for STARTTLS there stops before any credential is sent."""
    base = settings_for(cleartext_auth_server)
    with pytest.raises(ConfigurationError):
        make_channel(base | {"username": USER, "password": PASSWORD})
    channel = make_channel(base | {"starttls": True, "username": USER, "password": PASSWORD})
    with pytest.raises(DeliveryError) as caught:
        channel.send(one_notification())
    assert caught.value.retryable is False
    assert "STARTTLS" in str(caught.value) or "starttls" in str(caught.value)
    assert auth_attempts == []
    assert cleartext_auth_server.handler.messages == []


def test_the_channel_checks_the_connection_is_encrypted_before_it_logs_in(
    cleartext_auth_server: SMTPServer, auth_attempts: list[tuple[str, bool]]
) -> None:
    """Even a config object that slipped past its own check (built with object.__setattr__)
    never logs in over a plain connection: the last line of defence is in the channel."""
    config = EmailConfig(
        host="127.0.0.1", port=cleartext_auth_server.port, from_addr="omsorg@example.dk"
    )
    object.__setattr__(config, "username", USER)
    object.__setattr__(config, "password", PASSWORD)
    with pytest.raises(DeliveryError) as caught:
        EmailChannel(config).send(one_notification())
    assert caught.value.retryable is False
    assert "login without encryption refused" in str(caught.value)
    assert "Login uden kryptering afvist" in caught.value.text.da
    assert auth_attempts == []
    assert cleartext_auth_server.handler.messages == []


# ------------------------------------------------------------------ certificates
def test_starttls_with_a_self_signed_certificate_is_accepted_when_its_ca_is_given(
    self_signed_smtp_server: tuple[SMTPServer, Path], auth_attempts: list[tuple[str, bool]]
) -> None:
    server, pem = self_signed_smtp_server
    channel = make_channel(
        settings_for(server)
        | {"starttls": True, "ca_file": str(pem), "username": USER, "password": PASSWORD}
    )
    channel.send(one_notification())
    assert server.handler.sessions == [{"tls": True, "login": USER.encode()}]
    assert auth_attempts
    assert all(encrypted for _mechanism, encrypted in auth_attempts)


def test_a_self_signed_certificate_is_refused_without_its_ca(
    self_signed_smtp_server: tuple[SMTPServer, Path], auth_attempts: list[tuple[str, bool]]
) -> None:
    server, _pem = self_signed_smtp_server
    channel = make_channel(
        settings_for(server) | {"starttls": True, "username": USER, "password": PASSWORD}
    )
    with pytest.raises(DeliveryError) as caught:
        channel.send(one_notification())
    assert caught.value.retryable is False
    assert "ca_file" in str(caught.value)
    assert auth_attempts == []


def test_insecure_skip_verify_is_an_explicit_opt_out_for_test_servers(
    self_signed_smtp_server: tuple[SMTPServer, Path],
) -> None:
    server, _pem = self_signed_smtp_server
    with pytest.raises(ConfigurationError, match="true or false"):
        make_channel(settings_for(server) | {"starttls": True, "insecure_skip_verify": "yes"})
    channel = make_channel(
        settings_for(server)
        | {
            "starttls": True,
            "insecure_skip_verify": True,
            "username": USER,
            "password": PASSWORD,
        }
    )
    assert channel.config.tls_context().check_hostname is False
    channel.send(one_notification())
    assert server.handler.sessions == [{"tls": True, "login": USER.encode()}]
    default = make_channel(settings_for(server) | {"starttls": True})
    assert default.config.tls_context().check_hostname is True  # verification on by default


def test_implicit_tls_logs_in_over_tls_from_the_first_byte(
    implicit_tls_smtp_server: SMTPServer, ca_file: Path, auth_attempts: list[tuple[str, bool]]
) -> None:
    channel = make_channel(
        settings_for(implicit_tls_smtp_server)
        | {"implicit_tls": True, "ca_file": str(ca_file), "username": USER, "password": PASSWORD}
    )
    channel.send(one_notification())
    assert implicit_tls_smtp_server.handler.sessions == [{"tls": True, "login": USER.encode()}]
    assert auth_attempts
    assert all(encrypted for _mechanism, encrypted in auth_attempts)


def test_implicit_tls_defaults_to_port_465() -> None:
    config = EmailConfig.from_mapping({"host": "h", "from": "a@example.dk", "implicit_tls": True})
    assert config.port == 465


# ------------------------------------------------------------------ addresses
@pytest.mark.parametrize(
    "field",
    [
        "anna@kommune.dk, mallory@evil.example",
        "anna@kommune.dk; mallory@evil.example",
        "anna@kommune.dk mallory@evil.example",
        "Anna <anna@kommune.dk>, mallory@evil.example",
        "Holm, Anna <anna@kommune.dk>",
        "anna@kommune.dk\r\nBcc: mallory@evil.example",
        "anna@kommune.dk,",
        "anna@@kommune.dk",
        '"anna@kommune.dk"@evil.example',
        "anna@kommune.dk)<mallory@evil.example>",
        "anna@kommune",
        "@kommune.dk",
        "anna@",
        "",
        "   ",
    ],
)
def test_a_field_that_is_not_exactly_one_address_is_refused(field: str) -> None:
    with pytest.raises(AddressProblem) as caught:
        parse_address(field)
    assert caught.value.text.da
    assert caught.value.text.en
    assert "mallory" not in caught.value.text.en  # the value is not repeated


@pytest.mark.parametrize(
    ("field", "addr_spec"),
    [
        ("anna@kommune.dk", "anna@kommune.dk"),
        (" anna.holm+omsorg@kommune.dk ", "anna.holm+omsorg@kommune.dk"),
        ("Anna Holm <anna@kommune.dk>", "anna@kommune.dk"),
        ('"Holm, Anna" <anna@kommune.dk>', "anna@kommune.dk"),
        ("soren@æblegård.dk", "soren@æblegård.dk"),
    ],
)
def test_one_address_with_or_without_a_display_name_is_accepted(field: str, addr_spec: str) -> None:
    assert parse_address(field).addr_spec == addr_spec


def test_a_recipient_address_with_a_comma_is_a_permanent_bilingual_error(
    smtp_server: SMTPServer,
) -> None:
    channel = make_channel(settings_for(smtp_server))
    with pytest.raises(DeliveryError) as caught:
        channel.send(one_notification("anna@kommune.dk, mallory@evil.example"))
    assert caught.value.retryable is False
    assert "more than one address" in str(caught.value)
    assert "mere end én adresse" in caught.value.text.da
    assert smtp_server.handler.messages == []


def test_a_from_setting_with_two_addresses_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="from: the field holds more than one"):
        EmailConfig.from_mapping({"host": "h", "from": "a@example.dk, b@example.dk"})


def test_the_message_goes_to_exactly_the_one_recipient(smtp_server: SMTPServer) -> None:
    channel = make_channel(settings_for(smtp_server))
    channel.send(one_notification('"Holm, Anna" <anna@kommune.dk>'))
    (message,) = smtp_server.handler.messages
    assert email.utils.getaddresses([str(message["To"])]) == [("Holm, Anna", "anna@kommune.dk")]


def test_a_line_break_in_a_subject_never_starts_a_header(smtp_server: SMTPServer) -> None:
    n = one_notification()
    object.__setattr__(n, "subject", "Påmindelse\r\nBcc: mallory@evil.example")
    make_channel(settings_for(smtp_server)).send(n)
    (message,) = smtp_server.handler.messages
    assert message["Bcc"] is None
    assert message["Subject"] == "Påmindelse Bcc: mallory@evil.example"


@settings(max_examples=300, deadline=None)
@given(
    first=st.emails(),
    second=st.emails(),
    sep=st.sampled_from([",", ";", ", ", " , ", "\n", " "]),
)
def test_two_addresses_in_one_field_are_never_one_recipient(
    first: str, second: str, sep: str
) -> None:
    try:
        parsed = parse_address(first + sep + second)
    except AddressProblem:
        return
    raise AssertionError(f"accepted {parsed!r}")  # pragma: no cover - the assertion


@settings(max_examples=300, deadline=None)
@given(field=st.text(max_size=60))
def test_any_text_is_one_address_or_a_problem_never_a_traceback(field: str) -> None:
    try:
        address = parse_address(field)
    except AddressProblem as problem:
        if not (problem.text.da and problem.text.en):
            raise AssertionError("a problem without a reason") from None
        return
    pairs = email.utils.getaddresses([str(address)])
    assert len(pairs) == 1
    assert address.addr_spec.count("@") == 1
