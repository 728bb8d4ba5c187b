"""The envelope and key wrapping (carekit.store._crypto): rules that hold for all inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.store import DataKeyError, load_store_key
from carekit.store._crypto import (
    MAGIC,
    DecryptError,
    generate_store_key,
    is_sealed,
    open_sealed,
    record_aad,
    seal,
    unwrap_key,
    wrap_key,
)

keys = st.binary(min_size=32, max_size=32)
ids = st.text(min_size=1, max_size=40)
versions = st.integers(min_value=1, max_value=10**6)


@given(keys, st.binary(max_size=2000), ids, versions, ids)
def test_an_envelope_opens_to_its_plaintext_under_its_key_and_row(
    key: bytes, plaintext: bytes, record_id: str, version: int, citizen: str
) -> None:
    aad = record_aad(record_id, version, citizen)
    envelope = seal(key, plaintext, aad)
    assert is_sealed(envelope)
    assert envelope.startswith(MAGIC)
    assert plaintext not in envelope[4:] or len(plaintext) < 8
    assert open_sealed(key, envelope, aad) == plaintext


@given(keys, st.binary(max_size=200), ids, versions, ids, ids, versions)
def test_an_envelope_moved_to_another_row_version_or_citizen_never_opens(
    key: bytes,
    plaintext: bytes,
    record_id: str,
    version: int,
    citizen: str,
    other_id: str,
    other_version: int,
) -> None:
    envelope = seal(key, plaintext, record_aad(record_id, version, citizen))
    for aad in (
        record_aad(other_id, version, citizen),
        record_aad(record_id, other_version, citizen),
        record_aad(record_id, version, other_id),
    ):
        if aad != record_aad(record_id, version, citizen):
            with pytest.raises(DecryptError):
                open_sealed(key, envelope, aad)


@given(keys, keys, st.binary(max_size=200), st.integers(min_value=0, max_value=10**6))
def test_another_key_or_any_flipped_byte_is_always_rejected(
    key: bytes, other: bytes, plaintext: bytes, position: int
) -> None:
    aad = record_aad("r", 1, "c")
    envelope = seal(key, plaintext, aad)
    if other != key:
        with pytest.raises(DecryptError):
            open_sealed(other, envelope, aad)
    index = 4 + position % (len(envelope) - 4)
    flipped = envelope[:index] + bytes([envelope[index] ^ 1]) + envelope[index + 1 :]
    with pytest.raises(DecryptError):
        open_sealed(key, flipped, aad)


@given(keys, keys, ids, ids)
def test_a_wrapped_key_unwraps_only_for_its_citizen(
    store_key: bytes, data_key: bytes, citizen: str, other: str
) -> None:
    wrapped = wrap_key(store_key, data_key, citizen)
    assert unwrap_key(store_key, wrapped, citizen) == data_key
    if other != citizen:
        with pytest.raises(DecryptError):
            unwrap_key(store_key, wrapped, other)


@given(st.binary(max_size=300))
def test_plaintext_json_is_never_taken_for_an_envelope(data: bytes) -> None:
    document = b"{" + data
    assert not is_sealed(document)


def test_store_keys_load_from_base64_bytes_and_files_and_bad_ones_are_named(
    tmp_path: Path,
) -> None:
    text = generate_store_key()
    key = load_store_key(text, source="test")
    assert len(key) == 32
    assert load_store_key(key, source="test") == key
    path = tmp_path / "k"
    path.write_text(text + "\n")
    assert load_store_key(str(path), source="test") == key
    path.write_text("not a key")
    with pytest.raises(DataKeyError) as caught:
        load_store_key(str(path), source="[store] data_key_file")
    assert "[store] data_key_file" in caught.value.text.da
    assert "not a key" not in str(caught.value)
    with pytest.raises(DataKeyError):
        load_store_key(str(tmp_path / "missing"), source="test")
    with pytest.raises(DataKeyError):
        load_store_key(b"short", source="test")
