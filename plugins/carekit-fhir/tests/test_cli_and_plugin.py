from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from carekit_fhir.cli import export_fhir_command, make_export_fhir_command
from carekit_fhir.plugin import carekit_ehr_adapters
from click.testing import CliRunner
from records import CITIZEN_ID, citizen_set

from carekit.ehr import EXPORT, EHRAdapter, EHRAdapterInfo
from carekit.model import Record


def _loader(
    calls: list[tuple[str | None, str | None]],
) -> Callable[[str | None, str | None], list[Record]]:
    def load(db: str | None, citizen: str | None) -> list[Record]:
        calls.append((db, citizen))
        return [r for r in citizen_set() if citizen is None or str(r.citizen_id) == citizen]

    return load


def test_export_fhir_writes_a_transaction_bundle_for_one_citizen(tmp_path: Path) -> None:
    calls: list[tuple[str | None, str | None]] = []
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(
        make_export_fhir_command(_loader(calls)),
        ["--citizen", str(CITIZEN_ID), "--db", "sqlite:///x.db", "--output", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert calls == [("sqlite:///x.db", str(CITIZEN_ID))]
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["type"] == "transaction"
    assert "Wrote" in result.output


def test_export_fhir_without_citizen_exports_everyone_to_stdout() -> None:
    result = CliRunner().invoke(make_export_fhir_command(_loader([])), [])
    assert result.exit_code == 0
    assert json.loads(result.output)["resourceType"] == "Bundle"


def test_export_fhir_for_an_unknown_citizen_fails_in_both_languages() -> None:
    result = CliRunner().invoke(make_export_fhir_command(_loader([])), ["--citizen", "nobody"])
    assert result.exit_code == 1
    assert "Ingen borger" in result.output
    assert "No citizen" in result.output


def test_default_command_is_a_click_command_named_fhir() -> None:
    assert export_fhir_command.name == "fhir"
    assert {p.name for p in export_fhir_command.params} == {"citizen", "db", "output"}


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


def test_default_loader_reads_the_records_through_carekit_open(tmp_path: Path) -> None:
    import carekit

    url = f"sqlite:///{tmp_path / 'care.db'}"
    app = carekit.open(url)
    records = citizen_set()
    for record in records:
        app.store.put(record, expected_version=None)
    close = getattr(app, "close", None)
    if close is not None:
        close()
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(
        export_fhir_command, ["--citizen", str(CITIZEN_ID), "--db", url, "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    from carekit_fhir import export_bundle

    assert bundle == export_bundle(records)
