"""Start-up stays cheap (docs/startup.md): what ``import carekit``, ``carekit --version`` and
the first ``carekit.open()`` import, each checked in a fresh interpreter.

Time is measured by ``benchmarks/bench_startup.py``; these tests pin the *imports*, which do
not depend on how busy the machine is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import carekit

NEEDS_ALL_PLUGINS = pytest.mark.needs_plugin(
    "carekit-fhir",
    "carekit-postgres",
    "carekit-mariadb",
    "carekit-email",
    "carekit-webhook",
    "carekit-example",
)

#: Modules no plain ``carekit.open('memory://' | 'sqlite:///…')`` may import: the heavy
#: dependencies of the reference plugins, and their modules beyond the entry point.
HEAVY = (
    "fhir",
    "fhir_core",
    "psycopg",
    "psycopg_pool",
    "pymysql",
    "httpx",
    "smtplib",
    "ssl",
    "weasyprint",
    "carekit_fhir.",
    "carekit_postgres._store",
    "carekit_postgres._migrations",
    "carekit_mariadb._store",
    "carekit_mariadb._schema",
    "carekit_email._channel",
    "carekit_webhook._channel",
    # carekit's own document layer (Jinja2 templates): loaded by the first render or Min log
    "carekit.render",
    "jinja2",
)


def modules_after(code: str, tmp_path: Path | None = None) -> dict[str, object]:
    """Run *code* in a fresh interpreter (this one's ``sys.path``); return what it printed
    as JSON, plus ``"modules"``: every module imported by then."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import json as _json, sys as _sys
        _out = globals().get("result", {})
        _out["modules"] = sorted(_sys.modules)
        print("\\n" + _json.dumps(_out))
        """
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "CAREKIT_PLUGINS": "",
        "CAREKIT_BLOCK_PLUGINS": "",
        "CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(data, dict)
    return data


def heavy_in(modules: object) -> list[str]:
    assert isinstance(modules, list)
    return [
        m
        for m in modules
        if any(m == h or m.startswith(h if h.endswith(".") else h + ".") for h in HEAVY)
        and m not in ("carekit_fhir.plugin",)
    ]


def test_import_carekit_imports_no_model_no_pydantic_and_no_plugin() -> None:
    modules = modules_after("import carekit")["modules"]
    assert isinstance(modules, list)
    loaded = {m for m in modules if m.startswith(("carekit", "pydantic", "pluggy", "attr"))}
    assert loaded == {"carekit", "carekit._version"}


def test_the_public_names_resolve_on_first_use_and_all_is_complete() -> None:
    for name in carekit.__all__:
        assert getattr(carekit, name) is not None, name
    assert carekit.open.__name__ == "open_app"
    assert set(carekit.__all__) <= set(dir(carekit))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = carekit.no_such_name


def test_subpackages_are_attributes_after_a_bare_import() -> None:
    result = modules_after(
        """
        import carekit
        result = {"now": type(carekit.model.now()).__name__, "kinds": len(carekit.model.kinds())}
        """
    )
    assert result["now"] == "datetime"
    assert result["kinds"] == 14


def test_carekit_version_imports_no_model_and_no_command_module() -> None:
    result = modules_after(
        """
        import contextlib, io
        from carekit.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                main(["--version"])
            except SystemExit as exc:
                code = exc.code
        result = {"out": out.getvalue(), "code": code}
        """
    )
    assert result["code"] == 0
    assert result["out"] == f"carekit, version {carekit.__version__}\n"
    modules = result["modules"]
    assert isinstance(modules, list)
    assert not [m for m in modules if m.startswith(("pydantic", "carekit.model", "carekit.app"))]
    # the command table and the language plumbing (click's messages in Danish), no command
    commands = [m for m in modules if m.startswith("carekit.cli.")]
    assert sorted(commands) == [
        "carekit.cli._click_da",
        "carekit.cli._mounts",
        "carekit.cli._options",
    ]


def test_a_command_imports_its_own_module_and_not_the_others() -> None:
    result = modules_after(
        """
        import contextlib, io
        from carekit.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main(["workflow", "list"])
            except SystemExit as exc:
                result = {"code": exc.code}
        """
    )
    assert result["code"] == 0
    modules = result["modules"]
    assert isinstance(modules, list)
    assert "carekit.cli.workflow" in modules
    for other in ("carekit.cli.render", "carekit.cli.notify", "carekit.cli.validate"):
        assert other not in modules


@NEEDS_ALL_PLUGINS
@pytest.mark.parametrize("url", ["memory://", "sqlite"])
def test_opening_a_builtin_store_imports_no_heavy_plugin_module(url: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'care.sqlite'}" if url == "sqlite" else url
    result = modules_after(
        f"""
        import carekit
        with carekit.open({target!r}) as app:
            result = {{"plugins": sorted(p.name for p in app.plugins.describe())}}
        """
    )
    # every reference plugin is registered, none of them pays for its heavy modules
    assert result["plugins"] == [
        "email",
        "example",
        "fhir",
        "mariadb",
        "postgres",
        "sqlite",
        "webhook",
    ]
    assert heavy_in(result["modules"]) == []


#: What loading each reference plugin's entry point may add to a process that has the
#: application layer loaded already (as ``carekit.open()`` has when it loads plugins).
ENTRY_POINT_BUDGET = {
    "fhir": {"carekit_fhir", "carekit_fhir.plugin"},
    "postgres": {"carekit_postgres", "carekit_postgres.plugin", "carekit_postgres._settings"},
    "mariadb": {"carekit_mariadb", "carekit_mariadb.plugin", "carekit_mariadb._settings"},
    "email": {"carekit_email", "carekit_email.plugin"},
    "webhook": {"carekit_webhook", "carekit_webhook.plugin"},
    # The example's plugin module is quoted verbatim by docs/writing-an-adapter.md, so it
    # keeps its module-level imports: its own small modules and carekit.notify.
    "example": {
        "carekit_example",
        "carekit_example.plugin",
        "carekit_example._channel",
        "carekit_example._extension",
        "carekit_example._listener",
        "carekit_example._rules",
        "carekit._dates",
        "carekit.notify",
        "carekit.notify._backoff",
        "carekit.notify._cancel",
        "carekit.notify._dispatch",
        "carekit.notify._model",
        "carekit.notify._remind",
        "carekit.notify._routing",
        "carekit.notify._templates",
        "signal",
    },
}


@NEEDS_ALL_PLUGINS
@pytest.mark.parametrize("name", sorted(ENTRY_POINT_BUDGET))
def test_each_reference_entry_point_imports_only_its_small_modules(name: str) -> None:
    result = modules_after(
        f"""
        import importlib.metadata, sys
        import carekit.app, carekit.plugins
        before = set(sys.modules)
        (ep,) = [e for e in importlib.metadata.entry_points(group="carekit") if e.name == {name!r}]
        ep.load()
        result = {{"new": sorted(set(sys.modules) - before)}}
        """
    )
    new = result["new"]
    assert isinstance(new, list)
    assert set(new) - ENTRY_POINT_BUDGET[name] == set()


@NEEDS_ALL_PLUGINS
def test_the_heavy_modules_load_on_first_use_of_their_capability(tmp_path: Path) -> None:
    result = modules_after(
        """
        import sys
        import carekit
        app = carekit.open("memory://")
        before = set(sys.modules)
        channels = sorted(c.name for c in app.plugins.notification_channels())
        after_channels = set(sys.modules)
        adapters = [a.name for a in app.plugins.ehr_adapters()]
        result = {"adapters": adapters, "channels": channels,
                  "channels_new": sorted(after_channels - before),
                  "adapters_new": sorted(set(sys.modules) - after_channels)}
        app.close()
        """
    )
    assert result["channels"] == ["email", "file-drop", "webhook"]
    # descriptors only: the channels' transports load when a channel is built
    assert heavy_in(result["channels_new"]) == []
    assert result["adapters"] == ["fhir"]
    adapters_new = result["adapters_new"]
    assert isinstance(adapters_new, list)
    assert "carekit_fhir._adapter" in adapters_new
    assert "fhir.resources" in adapters_new


@NEEDS_ALL_PLUGINS
def test_the_postgres_descriptor_imports_psycopg_only_when_a_store_is_opened() -> None:
    result = modules_after(
        """
        import sys
        from carekit.plugins import Plugins
        (backend,) = [b for b in Plugins.load().storage_backends() if b.name == "postgresql"]
        before = "psycopg" in sys.modules
        from carekit_postgres import PostgresStore
        result = {"before": before, "same": backend.factory == PostgresStore.from_url}
        """
    )
    assert result == {"before": False, "same": True, "modules": result["modules"]}
