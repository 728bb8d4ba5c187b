"""The plugin system: hookspecs, per-application managers, the typed facade, env controls.

Every hookspec has a test here (see ``test_every_hookspec_has_a_test``) and a documented
signature in docs/reference/hooks.md.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

import carekit
from carekit import hookspecs
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.errors import ConfigurationError, PluginError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.language import JargonTerm
from carekit.model import Record, Rule
from carekit.plugins import Plugins, PluginSelection, SchemaExtension
from carekit.store import MemoryStore, StorageBackend
from carekit.testing.readers import open_reading

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("carekit_"))


def test_every_hookspec_has_a_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for name in HOOKS:
        assert re.search(rf"def test_{name.removeprefix('carekit_')}\w*", source), name


def test_every_hookspec_states_its_calling_rule_and_error_policy() -> None:
    for name in HOOKS:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert "Calling rule:" in doc, name
        assert "Error policy:" in doc, name


def test_every_hookspec_signature_is_documented() -> None:
    reference = (ROOT / "docs" / "reference" / "hooks.md").read_text(encoding="utf-8")
    for name in HOOKS:
        signature = str(inspect.signature(getattr(hookspecs, name))).replace("'", "")
        assert f"def {name}{signature}" in reference, name


def test_plugin_managers_are_per_application() -> None:
    a, b = Plugins.load(), Plugins.load()
    assert a.pm is not b.pm


def test_builtin_backends_are_registered_by_the_manager_and_listed_as_carekits() -> None:
    described = {p.name: p for p in Plugins.load().describe()}
    assert described["sqlite"].module == "carekit.store.sqlite_plugin"
    assert described["sqlite"].distribution == "carekit"
    assert described["sqlite"].hooks == ("carekit_storage_backends",)


def test_env_blocks_and_allows_plugins() -> None:
    env = {"CAREKIT_BLOCK_PLUGINS": "sqlite"}
    blocked = Plugins.load(selection=PluginSelection.from_env(env))
    assert "sqlite" not in {p.name for p in blocked.describe()}
    only = Plugins.load(selection=PluginSelection.from_env({"CAREKIT_PLUGINS": "sqlite"}))
    assert {p.name for p in only.describe()} == {"sqlite"}
    # Autoload off loads no entry points; carekit's own built-in stays (it is no entry point).
    none = Plugins.load(
        selection=PluginSelection.from_env({"CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "1"})
    )
    assert {p.name for p in none.describe()} == {"sqlite"}
    bare = Plugins.load(
        selection=PluginSelection.from_env(
            {"CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "1", "CAREKIT_BLOCK_PLUGINS": "sqlite"}
        )
    )
    assert bare.describe() == []


def _only(*plugins: object) -> Plugins:
    """A facade with exactly *plugins*: no entry points, the built-in blocked."""
    selection = PluginSelection(autoload=False, block=frozenset({"sqlite"}))
    return Plugins.load(selection=selection, plugins=plugins)


def test_storage_backends_are_collected_and_conflicting_schemes_refused() -> None:
    def backend(name: str) -> StorageBackend:
        return StorageBackend(
            name=name,
            schemes=("mem2",),
            description=name,
            factory=lambda url: MemoryStore(),
            capabilities=frozenset(),
        )

    class One:
        @carekit.hookimpl
        def carekit_storage_backends(self) -> Sequence[StorageBackend]:
            return [backend("one")]

    class Two:
        @carekit.hookimpl
        def carekit_storage_backends(self) -> Sequence[StorageBackend]:
            return [backend("two")]

    assert [b.name for b in _only(One()).storage_backends()] == ["one"]
    with open_reading("mem2://", selection=PluginSelection(autoload=False), plugins=[One()]) as app:
        assert isinstance(app.store, MemoryStore)
    with pytest.raises(ConfigurationError, match="claimed by plugins"):
        _only(One(), Two()).storage_backends()


def test_storage_backends_hook_that_raises_names_the_plugin() -> None:
    class Broken:
        @carekit.hookimpl
        def carekit_storage_backends(self) -> Sequence[StorageBackend]:
            raise RuntimeError("cannot import driver")

    plugins = Plugins.load(selection=PluginSelection(autoload=False), plugins=[Broken()])
    with pytest.raises(PluginError) as info:
        plugins.storage_backends()
    assert info.value.hook == "carekit_storage_backends"
    assert info.value.plugin


def test_storage_backends_hook_returning_the_wrong_type_is_named() -> None:
    class Wrong:
        @carekit.hookimpl
        def carekit_storage_backends(self) -> object:
            return ["not a descriptor"]

    with pytest.raises(PluginError, match="expected StorageBackend"):
        _only(Wrong()).storage_backends()


def test_unmarked_carekit_functions_are_hook_implementations_too() -> None:
    class Unmarked:
        def carekit_validation_rules(self) -> Sequence[Rule]:
            return [Rule("x", "info", Text("x", "x"), lambda r: [])]

    assert [r.name for r in _only(Unmarked()).validation_rules()] == ["x"]


def test_validation_rules_from_a_plugin_run_with_their_severity() -> None:
    def needs_life_story(record: Record) -> list[tuple[str, Text]]:
        if getattr(record, "life_story", "x") is None:
            return [("/life_story", Text("Skriv livshistorien", "Write the life story"))]
        return []

    class Municipality:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            return [
                Rule(
                    "life-story",
                    "error",
                    Text("Livshistorie", "Life story"),
                    needs_life_story,
                    ("citizen",),
                )
            ]

    with open_reading("memory://", plugins=[Municipality()]) as app:
        citizen = demo_citizens()[0].model_copy(update={"life_story": None})
        findings = app.check(citizen)
        assert [(f.rule, f.severity, f.pointer) for f in findings] == [
            ("life-story", "error", "/life_story")
        ]
        with pytest.raises(carekit.RecordValidationError):
            app.add(citizen)


def test_validation_rules_that_raise_become_error_findings() -> None:
    def broken(record: Record) -> list[tuple[str, Text]]:
        raise KeyError("oops")

    class Plugin:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            return [Rule("broken", "warning", Text("b", "b"), broken)]

    with open_reading("memory://", plugins=[Plugin()]) as app:
        findings = app.check(demo_citizens()[0])
        assert [(f.rule, f.severity) for f in findings] == [("broken", "error")]


def test_on_event_fans_out_and_collects_errors_naming_plugins() -> None:
    got: list[str] = []

    class Good:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            got.append(event.name)

    class Bad:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            raise RuntimeError("down")

    plugins = _only(Bad(), Good())
    event = DomainEvent(
        name="X",
        kind="citizen",
        record_id="r",
        citizen_id="c",
        actor_id="a",
        at=carekit.model.now(),
    )
    errors = plugins.on_event(event)
    assert got == ["X"]
    assert len(errors) == 1
    assert errors[0].hook == "carekit_on_event"


def test_schema_extensions_validate_vendor_data_at_its_pointer() -> None:
    ext = SchemaExtension(
        namespace="dk.acme",
        kinds=("citizen",),
        schema={
            "type": "object",
            "properties": {"room": {"type": "string", "pattern": "^[0-9]+$"}},
            "additionalProperties": False,
        },
    )

    class Vendor:
        @carekit.hookimpl
        def carekit_schema_extensions(self) -> Sequence[SchemaExtension]:
            return [ext]

    with open_reading("memory://", plugins=[Vendor()]) as app:
        ok = demo_citizens()[0].model_copy(update={"extensions": {"dk.acme": {"room": "12"}}})
        assert app.check(ok) == []
        bad = ok.model_copy(update={"extensions": {"dk.acme": {"room": "twelve"}}})
        assert [f.pointer for f in app.check(bad)] == ["/extensions/dk.acme/room"]
    with pytest.raises(PluginError, match="already claimed"):
        _only(Vendor(), Vendor()).schema_extensions()


def test_document_templates_take_precedence_in_reverse_registration_order(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()

    class First:
        @carekit.hookimpl
        def carekit_document_templates(self) -> Sequence[Path]:
            return [first]

    class Second:
        @carekit.hookimpl
        def carekit_document_templates(self) -> Sequence[Path]:
            return [second]

    assert _only(First(), Second()).document_templates() == [second, first]

    class Missing:
        @carekit.hookimpl
        def carekit_document_templates(self) -> Sequence[Path]:
            return [tmp_path / "nope"]

    with pytest.raises(PluginError, match="does not exist"):
        _only(Missing()).document_templates()


def test_document_templates_from_a_plugin_override_a_rendered_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from carekit.cli import cli
    from carekit.cli._mounts import mount_all

    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "_vendor_header.html").write_text("<p>Acme Omsorg</p>", encoding="utf-8")

    class Vendor:
        @carekit.hookimpl
        def carekit_document_templates(self) -> Sequence[Path]:
            return [overrides]

    db = tmp_path / "care.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    original = Plugins.load

    def load_with_vendor(**kwargs: object) -> Plugins:
        plugins = original()
        plugins.pm.register(Vendor())
        return plugins

    monkeypatch.setattr(Plugins, "load", load_with_vendor)
    mount_all(cli)
    result = CliRunner().invoke(
        cli, ["render", "home-card", "--citizen", str(demo_citizens()[0].id), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert "Acme Omsorg" in result.output


def test_jargon_terms_from_a_plugin_are_collected_per_language() -> None:
    class Local:
        @carekit.hookimpl
        def carekit_jargon_terms(self, lang: str) -> Sequence[JargonTerm]:
            if lang == "da":
                return [JargonTerm("hjemmeplejegruppe", "dem, der hjælper dig hjemme")]
            return []

    plugins = _only(Local())
    assert [t.term for t in plugins.jargon_terms("da")] == ["hjemmeplejegruppe"]
    assert plugins.jargon_terms("en") == []


@pytest.mark.needs_plugin("carekit-email", "carekit-webhook")
def test_notification_channels_come_from_installed_plugins() -> None:
    names = {c.name for c in Plugins.load().notification_channels()}
    assert {"email", "webhook"} <= names


@pytest.mark.needs_plugin("carekit-fhir")
def test_ehr_adapters_come_from_installed_plugins() -> None:
    adapters = {a.name: a for a in Plugins.load().ehr_adapters()}
    assert "fhir" in adapters
    assert "export" in adapters["fhir"].capabilities


def test_a_misspelt_hook_names_the_plugin() -> None:
    class Misspelt:
        @carekit.hookimpl
        def carekit_on_events(self, event: DomainEvent) -> None:  # not a carekit hook
            pass

    with pytest.raises(PluginError) as info:
        _only(Misspelt())
    assert "does not have" in str(info.value)


def test_a_raising_plugin_rule_finding_names_the_plugin() -> None:
    def broken(record: Record) -> list[tuple[str, Text]]:
        raise KeyError("oops")

    class Municipality:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            return [Rule("broken", "warning", Text("b", "b"), broken)]

    plugin = Municipality()
    with open_reading("memory://", plugins=[plugin]) as app:
        finding = app.check(demo_citizens()[0])[0]
        assert finding.severity == "error"
        assert "plugin" in finding.message.en


def test_listener_errors_of_add_are_kept_on_the_application() -> None:
    class Bad:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            raise RuntimeError("down")

    with open_reading("memory://", plugins=[Bad()]) as app:
        app.add(demo_citizens()[0].model_copy(update={"contact_person_id": None}))
        assert len(app.listener_errors) == 1
        assert app.listener_errors[0].hook == "carekit_on_event"
