from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from carekit_fhir import export_bundle
from carekit_fhir.plugin import carekit_ehr_adapters
from click.testing import CliRunner, Result
from records import CITIZEN_ID, citizen_set

import carekit
from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.ehr import EXPORT, EHRAdapter, EHRAdapterInfo
from carekit.model import Record
from carekit.store import PutItem


def _store_with_citizen_set(tmp_path: Path) -> tuple[Path, list[Record]]:
    db = tmp_path / "care.db"
    records = list(citizen_set())
    with carekit.open(db) as app:
        # one batch: a record may refer to records later in the set (referential integrity)
        app.store.put_many([PutItem(record, None) for record in records])
    return db, records


def _carekit(*args: str) -> Result:
    """``carekit ARGS`` as the console script runs it (every command mounted)."""
    mount_all(cli)
    return CliRunner().invoke(cli, list(args))


def test_carekit_export_fhir_writes_a_transaction_bundle_for_one_citizen(tmp_path: Path) -> None:
    db, records = _store_with_citizen_set(tmp_path)
    out = tmp_path / "bundle.json"
    result = _carekit(
        "export",
        "fhir",
        "--citizen",
        str(CITIZEN_ID),
        "--db",
        str(db),
        "--output",
        str(out),
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["type"] == "transaction"
    assert bundle == export_bundle(records, citizen_ids=[str(CITIZEN_ID)])
    assert f"{out}: {len(bundle['entry'])} resources" in result.output


def test_carekit_export_fhir_takes_the_store_as_a_url_and_exports_everyone(
    tmp_path: Path,
) -> None:
    db, _ = _store_with_citizen_set(tmp_path)
    result = _carekit("export", "fhir", "--db", f"sqlite:///{db}")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["resourceType"] == "Bundle"


def test_carekit_export_fhir_for_an_unknown_citizen_is_a_usage_error(tmp_path: Path) -> None:
    db, _ = _store_with_citizen_set(tmp_path)
    result = _carekit("export", "fhir", "--db", str(db), "--citizen", "nobody", "--lang", "en")
    assert result.exit_code == 2
    assert "no citizen nobody" in result.output


def test_the_plugin_has_no_command_of_its_own() -> None:
    """``carekit export fhir`` is carekit's ``export`` command with this adapter; the plugin
    ships no second, never-mounted ``export fhir``."""
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("carekit_fhir.cli")


def test_plugin_describes_the_fhir_adapter_and_its_factory_makes_one() -> None:
    (info,) = carekit_ehr_adapters()
    assert isinstance(info, EHRAdapterInfo)
    assert info.name == "fhir"
    assert EXPORT in info.capabilities
    assert info.description.da
    assert info.description.en
    adapter = info.factory()
    assert isinstance(adapter, EHRAdapter)
    assert adapter.capabilities == info.capabilities


def test_carekit_plugin_manager_finds_the_fhir_adapter_through_the_hook() -> None:
    from carekit_fhir import plugin

    from carekit.plugins import Plugins, PluginSelection

    plugins = Plugins.load(
        selection=PluginSelection.from_env({"CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "1"}),
        plugins=[plugin],
    )
    assert [a.name for a in plugins.ehr_adapters()] == ["fhir"]
