"""Store URLs, masking, default path, backend descriptors and open_store."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import ConfigurationError, UnknownBackendError
from carekit.store import (
    InvalidStoreURLError,
    MemoryStore,
    SQLiteStore,
    default_sqlite_path,
    mask_url,
    open_store,
    parse_store_url,
    select_backend,
    sqlite_url,
)
from carekit.store.sqlite_plugin import carekit_storage_backends


def test_sqlite_urls_follow_the_three_and_four_slash_convention() -> None:
    assert parse_store_url("sqlite:///data/care.sqlite").path == "data/care.sqlite"
    absolute = parse_store_url("sqlite:////var/lib/care.sqlite?audit_reads=1")
    assert absolute.path == "/var/lib/care.sqlite"
    assert absolute.flag("audit_reads") is True
    assert parse_store_url(sqlite_url("/tmp/a b.sqlite")).path == "/tmp/a b.sqlite"


@pytest.mark.parametrize("url", ["care.sqlite", "sqlite://", "sqlite:///:memory:", "://x"])
def test_unusable_urls_raise_a_bilingual_configuration_error(url: str) -> None:
    with pytest.raises(InvalidStoreURLError) as info:
        parse_store_url(url)
    assert isinstance(info.value, ConfigurationError)
    assert info.value.text.da != info.value.text.en


def test_bad_flag_value_is_a_clear_error() -> None:
    with pytest.raises(InvalidStoreURLError, match="audit_reads=maybe"):
        parse_store_url("memory://?audit_reads=maybe").flag("audit_reads")


@given(
    user=st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    password=st.from_regex(r"[A-Za-z0-9!$%&*+=]{1,20}", fullmatch=True),
)
def test_passwords_never_survive_masking(user: str, password: str) -> None:
    url = f"postgresql://{user}:{password}@127.0.0.1:5432/care"
    masked = mask_url(url)
    assert masked == f"postgresql://{user}:***@127.0.0.1:5432/care"
    assert parse_store_url(url).masked == masked


def test_default_sqlite_path_is_carekit_sqlite_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_sqlite_path() == tmp_path / "carekit.sqlite"


def test_builtin_backends_are_described_and_open_their_urls(tmp_path: Path) -> None:
    by_name = {b.name: b for b in carekit_storage_backends()}
    assert set(by_name) == {"sqlite", "memory"}
    with by_name["sqlite"].factory(sqlite_url(tmp_path / "x.sqlite")) as store:
        assert isinstance(store, SQLiteStore)
        assert store.capabilities == by_name["sqlite"].capabilities
    memory = by_name["memory"].factory("memory://?audit_reads=1")
    assert isinstance(memory, MemoryStore)
    assert memory.audit_reads
    assert select_backend("memory://", by_name.values()).name == "memory"
    assert select_backend("sqlite:///x", by_name.values()).name == "sqlite"


def test_open_store_names_installed_backends_for_unknown_scheme() -> None:
    with pytest.raises(UnknownBackendError) as info:
        open_store("postgresql://care:secret@db/care")
    assert info.value.installed == ("memory", "sqlite")
    assert "secret" not in str(info.value)
    assert "carekit-postgres" in str(info.value)


def test_sqlite_options_come_from_the_url(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "o.sqlite", synchronous="normal", audit_reads="1")
    with open_store(url) as store:
        assert isinstance(store, SQLiteStore)
        assert (store.synchronous, store.audit_reads) == ("normal", True)
    with pytest.raises(InvalidStoreURLError):
        open_store(sqlite_url(tmp_path / "o.sqlite", synchronous="off"))
