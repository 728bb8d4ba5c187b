"""Webhook secrets: the delivery id is signed (a replay with a changed Idempotency-Key fails),
a replay inside the tolerance window is refused, an expired timestamp is refused, and two
secrets are accepted while the secret rotates - against the real HTTP receiver too."""

from __future__ import annotations

import httpx
import pytest
from carekit_webhook import (
    DELIVERY_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemorySeenKeys,
    SignatureError,
    WebhookChannel,
    WebhookConfig,
    WebhookVerifier,
    make_channel,
    sign,
    signed_string,
    verify_signature,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from carekit.errors import ConfigurationError, DeliveryError
from carekit.notify import Notification, Recipient, Routing

from .conftest import SECRET, HTTPReceiver

NOW = 1_800_000_000
OLD, NEW = "old-secret-0123456789", "new-secret-9876543210"


def notification(i: int = 0) -> Notification:
    return Routing().notification(
        key=f"event:e-{i}:notice.safety_plan_updated:citizen:c-{i}",
        type="notice.safety_plan_updated",
        recipient=Recipient(id=f"c-{i}", kind="citizen", display_name="Karen"),
        record_id=f"r-{i}",
        citizen_id=f"c-{i}",
    )


def signed_request(
    secret: str = SECRET, at: float = NOW, i: int = 0
) -> tuple[bytes, dict[str, str]]:
    with WebhookChannel(
        WebhookConfig(url="https://hooks.example.dk/x", secret=secret), clock=lambda: at
    ) as channel:
        return channel.request_for(notification(i))


def test_the_signed_string_is_delivery_id_dot_timestamp_dot_body() -> None:
    assert signed_string("evt-1", 1700000000, b'{"a":1}') == b'evt-1.1700000000.{"a":1}'


# ------------------------------------------------------------------ replay
def test_a_replay_with_a_changed_idempotency_key_is_rejected() -> None:
    """The attack the first scheme allowed: same body, timestamp and signature, a new
    Idempotency-Key so a receiver de-duplicating on that header would act twice."""
    verifier = WebhookVerifier(SECRET)
    body, headers = signed_request()
    assert verifier.verify(headers, body, now=NOW) == headers[DELIVERY_ID_HEADER]
    changed = headers | {DELIVERY_ID_HEADER: headers[DELIVERY_ID_HEADER] + "-again"}
    with pytest.raises(SignatureError) as caught:
        verifier.verify(changed, body, now=NOW + 1)
    assert caught.value.reason == "mismatch"
    assert "Idempotency-Key" in caught.value.text.en


def test_a_replay_of_the_same_delivery_inside_the_tolerance_window_is_rejected() -> None:
    verifier = WebhookVerifier(SECRET, tolerance_seconds=300)
    body, headers = signed_request()
    verifier.verify(headers, body, now=NOW)
    for later in (1, 150, 299):
        with pytest.raises(SignatureError) as caught:
            verifier.verify(headers, body, now=NOW + later)
        assert caught.value.reason == "replayed"


def test_a_resigned_retry_of_a_processed_delivery_is_recognised_as_a_repeat() -> None:
    """The sender retries with the same delivery id and a fresh timestamp and signature."""
    verifier = WebhookVerifier(SECRET)
    body, headers = signed_request(at=NOW)
    verifier.verify(headers, body, now=NOW)
    retry_body, retry_headers = signed_request(at=NOW + 60)
    assert retry_headers[SIGNATURE_HEADER] != headers[SIGNATURE_HEADER]
    with pytest.raises(SignatureError) as caught:
        verifier.verify(retry_headers, retry_body, now=NOW + 60)
    assert caught.value.reason == "replayed"


def test_an_expired_timestamp_is_rejected_and_the_id_not_remembered() -> None:
    seen = MemorySeenKeys()
    body, headers = signed_request(at=NOW)
    with pytest.raises(SignatureError) as caught:
        verify_signature(
            SECRET,
            headers[TIMESTAMP_HEADER],
            body,
            headers[SIGNATURE_HEADER],
            delivery_id=headers[DELIVERY_ID_HEADER],
            now=NOW + 301,
            seen=seen,
        )
    assert caught.value.reason == "too_old"
    assert caught.value.text.da.startswith("Tidsstemplet er for gammelt")
    assert seen.add(headers[DELIVERY_ID_HEADER], NOW + 302)  # a refused request is not kept


def test_a_memory_shorter_than_the_replay_window_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="twice the tolerance"):
        WebhookVerifier(SECRET, tolerance_seconds=300, seen=MemorySeenKeys(ttl_seconds=60))


@pytest.mark.parametrize(
    ("timestamp", "delivery_id", "signature"),
    [
        (" 1800000000", "k", None),
        ("+1800000000", "k", None),
        ("1_800_000_000", "k", None),
        ("1800000000", "", None),
        ("1800000000", None, None),
        ("1800000000", "k", "sha256=" + "0" * 64),  # the first scheme is not accepted
        ("1800000000", "k", "v2=" + "G" * 64),
    ],
)
def test_malformed_parts_are_rejected(
    timestamp: str, delivery_id: str | None, signature: str | None
) -> None:
    body = b"{}"
    good = signature or sign(SECRET, NOW, body, delivery_id="k")
    with pytest.raises(SignatureError) as caught:
        verify_signature(SECRET, timestamp, body, good, delivery_id=delivery_id, now=NOW)
    assert caught.value.reason == "malformed"


@settings(max_examples=300, deadline=None)
@given(
    key=st.text(min_size=1, max_size=40),
    other=st.text(min_size=1, max_size=40),
    body=st.binary(max_size=100),
)
def test_a_signature_never_verifies_for_another_delivery_id(
    key: str, other: str, body: bytes
) -> None:
    signature = sign(SECRET, NOW, body, delivery_id=key)
    verify_signature(SECRET, NOW, body, signature, delivery_id=key, now=NOW)
    if other != key:
        with pytest.raises(SignatureError):
            verify_signature(SECRET, NOW, body, signature, delivery_id=other, now=NOW)


# ------------------------------------------------------------------ rotation
def test_rotation_both_secrets_are_accepted_until_the_old_one_is_retired() -> None:
    verifier = WebhookVerifier(OLD)
    old_body, old_headers = signed_request(OLD)
    verifier.verify(old_headers, old_body, now=NOW)
    # step 1: the receiver accepts the new secret beside the old one
    verifier.rotate(NEW)
    # step 2: the sender signs with the new secret; old signatures still in flight verify
    new_body, new_headers = signed_request(NEW, i=1)
    retry_body, retry_headers = signed_request(NEW, i=2)
    verifier.verify(new_headers, new_body, now=NOW)
    late_body, late_headers = signed_request(OLD, i=3)
    verifier.verify(late_headers, late_body, now=NOW)
    # step 3: after the longest retry delay the old secret is retired
    verifier.retire_old()
    verifier.verify(retry_headers, retry_body, now=NOW)
    stale_body, stale_headers = signed_request(OLD, i=4)
    with pytest.raises(SignatureError) as caught:
        verifier.verify(stale_headers, stale_body, now=NOW)
    assert caught.value.reason == "mismatch"


def test_a_wrong_secret_is_rejected_even_with_two_accepted() -> None:
    body, headers = signed_request("someone-else's-secret")
    with pytest.raises(SignatureError) as caught:
        WebhookVerifier([NEW, OLD]).verify(headers, body, now=NOW)
    assert caught.value.reason == "mismatch"


@pytest.mark.parametrize("secrets", [[], [""], [NEW, OLD, "third"]])
def test_a_receiver_needs_one_or_two_non_empty_secrets(secrets: list[str]) -> None:
    with pytest.raises(ConfigurationError):
        WebhookVerifier(secrets)


def test_rotation_against_the_real_receiver(http_receiver: HTTPReceiver) -> None:
    """The receiver in conftest verifies with SECRET; during a rotation it takes [NEW,
    SECRET], so deliveries signed with either are processed, each exactly once."""
    verifier = WebhookVerifier([NEW, SECRET])
    received: list[str] = []
    with WebhookChannel(WebhookConfig(url=http_receiver.url, secret=SECRET)) as channel:
        channel.send(notification(10))
    # the conftest receiver still knows only SECRET: it answers 401
    with (
        WebhookChannel(WebhookConfig(url=http_receiver.url, secret=NEW)) as channel,
        pytest.raises(DeliveryError, match="HTTP 401"),
    ):
        channel.send(notification(11))
    for entry in http_receiver.receiver.raw:
        received.append(verifier.verify(entry["headers"], entry["body"]))
    assert received == [notification(10).key, notification(11).key]
    # the conftest receiver (only SECRET) refused the one signed with NEW
    assert sorted(http_receiver.receiver.kept) == [notification(10).key]
    assert http_receiver.receiver.rejected == ["mismatch"]


def test_a_changed_header_replayed_against_the_real_receiver_is_refused(
    http_receiver: HTTPReceiver,
) -> None:
    with WebhookChannel(WebhookConfig(url=http_receiver.url, secret=SECRET)) as channel:
        channel.send(notification())
    (first,) = http_receiver.receiver.raw
    wanted = {"content-type", "idempotency-key", "x-carekit-timestamp", "x-carekit-signature"}
    headers = {k: v for k, v in first["headers"].items() if k.lower() in wanted}
    replay = headers | {"Idempotency-Key": "a-new-key-the-receiver-has-not-seen"}
    answer = httpx.post(http_receiver.url, content=first["body"], headers=replay)
    assert answer.status_code == 401
    same = httpx.post(http_receiver.url, content=first["body"], headers=headers)
    assert same.status_code == 200  # a repeat: acknowledged, not acted on again
    assert list(http_receiver.receiver.kept) == [notification().key]
    assert http_receiver.receiver.rejected == ["mismatch", "replayed"]


# ------------------------------------------------------------------ the URL
def test_plain_http_is_refused_except_to_this_machine_or_when_allowed() -> None:
    with pytest.raises(ConfigurationError, match="without encryption") as caught:
        make_channel({"url": "http://hooks.example.dk/x", "secret": "s"})
    assert "kryptering" in caught.value.text.da
    for local in ("http://127.0.0.1:8080/x", "http://[::1]/x", "http://localhost/x"):
        make_channel({"url": local, "secret": "s"}).close()
    make_channel({"url": "http://hooks.example.dk/x", "secret": "s", "allow_http": True}).close()
    with pytest.raises(ConfigurationError, match="true or false"):
        make_channel({"url": "http://hooks.example.dk/x", "secret": "s", "allow_http": "yes"})


def test_a_password_in_the_url_is_never_shown() -> None:
    url = "https://vendor:pa/ss?w#rd@hooks.example.dk/x"
    with make_channel({"url": url, "secret": "s"}) as channel:
        assert "pa/ss?w#rd" not in repr(channel.config)
        assert "vendor:***@hooks.example.dk" in repr(channel.config)
    with pytest.raises(ConfigurationError) as caught:
        make_channel({"url": "http://vendor:pa/ss?w#rd@hooks.example.dk/x", "secret": "s"})
    assert "pa/ss" not in str(caught.value)
    assert "pa/ss" not in caught.value.text.da
