"""The backend is a carekit plugin: entry point, hook, descriptor, lazy driver import,
found by ``carekit.open()`` and blockable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from carekit_mariadb import MariaDBStore, plugin

import carekit
from carekit.errors import UnknownBackendError
from carekit.plugins import Plugins, PluginSelection
from carekit.store import ALL_CAPABILITIES, StorageBackend
from carekit.testing.records import make_record


def test_entry_point_in_the_carekit_group_names_the_plugin_module() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="carekit")}
    assert found.get("mariadb") == "carekit_mariadb.plugin"


def test_hook_returns_the_descriptor_with_the_stores_capabilities() -> None:
    (backend,) = plugin.carekit_storage_backends()
    assert isinstance(backend, StorageBackend)
    assert backend.name == "mariadb"
    assert backend.schemes == ("mariadb",)
    assert backend.capabilities == MariaDBStore.capabilities == ALL_CAPABILITIES
    assert backend.factory == MariaDBStore.from_url
    assert hasattr(plugin.carekit_storage_backends, "carekit_impl")


def _fresh_python(code: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    for name in ("CAREKIT_PLUGINS", "CAREKIT_BLOCK_PLUGINS", "CAREKIT_DISABLE_PLUGIN_AUTOLOAD"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_loading_the_plugin_and_opening_a_memory_store_never_imports_pymysql() -> None:
    result = _fresh_python(
        "import json, sys, carekit\n"
        "with carekit.open('memory://') as app:\n"
        "    names = sorted(p.name for p in app.plugins.describe())\n"
        "    backends = sorted(b.name for b in app.plugins.storage_backends())\n"
        "print(json.dumps({'names': names, 'backends': backends,\n"
        "    'heavy': sorted(m for m in sys.modules if m.startswith('pymysql')\n"
        "                    or m in ('carekit_mariadb._store', 'carekit_mariadb._schema'))}))\n"
    )
    assert "mariadb" in result["names"]  # type: ignore[operator]
    assert "mariadb" in result["backends"]  # type: ignore[operator]
    assert result["heavy"] == []


def test_the_plugin_can_be_blocked() -> None:
    selection = PluginSelection.from_env({"CAREKIT_BLOCK_PLUGINS": "mariadb"})
    plugins = Plugins.load(selection=selection)
    assert "mariadb" not in [p.name for p in plugins.describe()]
    with pytest.raises(UnknownBackendError):
        carekit.open("mariadb://care@127.0.0.1:1/care", selection=selection)


@pytest.mark.mariadb
def test_carekit_open_picks_the_backend_by_its_scheme(fresh_url: str) -> None:
    with carekit.open(fresh_url) as app:
        store = app.store
        assert isinstance(store, MariaDBStore)
        citizen = make_record("citizen", 1)
        store.put(citizen, expected_version=None)
        assert store.get(citizen.record_id).version == 1
