"""carekit's own stores are built-in plugins, registered by the manager (like tox's
built-ins): there without entry points, blockable by name, and chosen for a URL or a file
path by the one backend-selection function."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import carekit
from carekit import hookspecs
from carekit.errors import UnknownBackendError
from carekit.plugins import BUILTIN_PLUGINS, CarekitPluginManager, Plugins, PluginSelection
from carekit.store import (
    MemoryStore,
    SQLiteStore,
    builtin_backends,
    open_store,
    resolve_url,
    select_backend,
    sqlite_plugin,
    sqlite_url,
)
from carekit.testing.readers import open_reading

ROOT = Path(__file__).resolve().parents[2]
AUTOLOAD_OFF = PluginSelection.from_env({"CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "1"})


def _schemes(plugins: Plugins) -> set[str]:
    return {s for b in plugins.storage_backends() for s in b.schemes}


def test_the_builtin_stores_are_registered_without_entry_points() -> None:
    assert dict(BUILTIN_PLUGINS) == {"sqlite": sqlite_plugin}
    plugins = Plugins.load(selection=AUTOLOAD_OFF)
    assert plugins.pm.get_plugin("sqlite") is sqlite_plugin
    assert _schemes(plugins) == {"sqlite", "memory"}


def test_autoload_off_still_opens_sqlite_and_memory_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREKIT_DISABLE_PLUGIN_AUTOLOAD", "1")
    with open_reading(sqlite_url(tmp_path / "care.sqlite")) as app:
        assert isinstance(app.store, SQLiteStore)
        assert [p.name for p in app.plugins.describe()] == ["sqlite"]
    with open_reading(tmp_path / "path.sqlite") as app:
        assert isinstance(app.store, SQLiteStore)
    with open_reading("memory://") as app:
        assert isinstance(app.store, MemoryStore)


def test_autoload_off_opens_the_builtin_stores_in_a_fresh_process(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import carekit
        with carekit.open({sqlite_url(tmp_path / "fresh.sqlite")!r}) as app:
            print(type(app.store).__name__, [p.name for p in app.plugins.describe()])
        with carekit.open("memory://") as app:
            print(type(app.store).__name__)
        """
    )
    env = {**os.environ, "CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["SQLiteStore ['sqlite']", "MemoryStore"]


def test_set_blocked_blocks_a_builtin_before_and_after_registration() -> None:
    pm = CarekitPluginManager()
    pm.add_hookspecs(hookspecs)
    pm.set_blocked("sqlite")
    assert pm.register_builtins() == []
    assert not pm.is_registered(sqlite_plugin)

    plugins = Plugins.load(selection=AUTOLOAD_OFF)
    plugins.pm.set_blocked("sqlite")  # pluggy unregisters it
    assert plugins.storage_backends() == []
    assert plugins.describe() == []


def test_a_blocked_builtin_leaves_no_backend_for_its_urls() -> None:
    selection = PluginSelection(autoload=False, block=frozenset({"sqlite"}))
    with pytest.raises(UnknownBackendError, match="installed backends: none"):
        open_reading("memory://", selection=selection)


def test_the_allow_list_selects_entry_points_and_keeps_the_builtins() -> None:
    only_nothing = PluginSelection(allow=frozenset({"no-such-plugin"}))
    assert [p.name for p in Plugins.load(selection=only_nothing).describe()] == ["sqlite"]


def test_passing_a_builtin_again_registers_it_once() -> None:
    plugins = Plugins.load(selection=AUTOLOAD_OFF, plugins=[sqlite_plugin])
    assert [p.name for p in plugins.describe()] == ["sqlite"]
    assert len(plugins.storage_backends()) == 2


# --------------------------------------------------------------------------- one selection path
def test_a_file_path_and_its_url_select_the_same_store(tmp_path: Path) -> None:
    path = tmp_path / "same.sqlite"
    assert resolve_url(path) == resolve_url(str(path)) == sqlite_url(path)
    assert resolve_url(sqlite_url(path)) == sqlite_url(path)
    with open_store(path) as store:
        assert isinstance(store, SQLiteStore)
    with open_reading(sqlite_url(path)) as by_url, open_reading(str(path)) as by_path:
        assert by_url.store.url == by_path.store.url


def test_select_backend_picks_by_scheme_and_names_the_installed_ones() -> None:
    backends = builtin_backends()
    assert select_backend("memory://", backends).name == "memory"
    assert select_backend("SQLITE:///x.sqlite", backends).name == "sqlite"
    with pytest.raises(UnknownBackendError) as info:
        select_backend("postgresql://care:secret@db/care", backends)
    assert info.value.installed == ("memory", "sqlite")
    assert "secret" not in str(info.value)


def test_carekit_open_and_open_store_select_backends_in_one_place() -> None:
    sources = {
        path: (ROOT / "src" / "carekit" / path).read_text(encoding="utf-8")
        for path in ("app/_open.py", "store/__init__.py")
    }
    for path, source in sources.items():
        assert "select_backend(" in source, path
        assert ".schemes" not in source, path  # no second scheme-matching loop


def test_hookspecs_import_nothing_from_the_plugin_layer() -> None:
    tree = ast.parse((ROOT / "src" / "carekit" / "hookspecs.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {m for m in imported if m.startswith("carekit.plugins")}
    assert carekit.plugins.SchemaExtension is hookspecs.SchemaExtension
