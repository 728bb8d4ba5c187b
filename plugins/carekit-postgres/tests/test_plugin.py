"""The backend is a carekit plugin: entry point, hook implementation, descriptor."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from carekit_postgres import PostgresStore, plugin

from carekit.store import ALL_CAPABILITIES, StorageBackend


def test_entry_point_in_the_carekit_group_names_the_plugin_module() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="carekit")}
    assert found.get("postgres") == "carekit_postgres.plugin"


def test_hook_returns_the_postgresql_descriptor_with_every_capability() -> None:
    backends = plugin.carekit_storage_backends()
    assert len(backends) == 1
    backend = backends[0]
    assert isinstance(backend, StorageBackend)
    assert backend.name == "postgresql"
    assert backend.schemes == ("postgresql", "postgres", "postgresql+psycopg")
    assert backend.capabilities == ALL_CAPABILITIES == PostgresStore.capabilities
    assert backend.factory == PostgresStore.from_url


@pytest.mark.parametrize(
    ("url", "handled"),
    [
        ("postgresql://care@db/care", True),
        ("postgres://care@db/care", True),
        ("postgresql+psycopg://care@db/care", True),
        ("sqlite:///care.sqlite", False),
    ],
)
def test_descriptor_handles_the_postgres_schemes(url: str, handled: bool) -> None:
    scheme = url.split(":", 1)[0]
    assert (scheme in plugin.postgres_backend().schemes) is handled


def test_hook_is_marked_as_a_carekit_hookimpl() -> None:
    assert hasattr(plugin.carekit_storage_backends, "carekit_impl")
