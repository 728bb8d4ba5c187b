"""The example plugin as carekit sees it: found through its entry point, visible in
``carekit plugins``, blockable, and each hook working through ``carekit.open()``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from _example_support import ONLY_EXAMPLE
from carekit_example import CONTACT_PERSON_RULE, NAMESPACE, EventCounter
from carekit_example import plugin as example_plugin
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import carekit
from carekit.app import Application
from carekit.demo import demo_records
from carekit.errors import PluginError, RecordValidationError
from carekit.events import DomainEvent
from carekit.hookspecs import hookimpl
from carekit.model import RuleFinding, SafetyPlan
from carekit.plugins import Plugins, PluginSelection
from carekit.store import sqlite_plugin
from carekit.testing.readers import open_reading
from carekit.testing.records import STAFF, make_record, records_of_every_kind

EXAMPLE_HOOKS = [
    "carekit_notification_channels",
    "carekit_on_event",
    "carekit_schema_extensions",
    "carekit_validation_rules",
]
REVIEW_DAY = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # after make_record's review date


def _contact(*, is_contact_person: bool) -> dict[str, object]:
    return {
        "name": "Kontaktperson Lone",
        "phone": "70102031",
        "is_contact_person": is_contact_person,
    }


def _plan(*, contact_person: bool) -> SafetyPlan:
    plan = make_record("safety_plan", contacts=[_contact(is_contact_person=contact_person)])
    assert isinstance(plan, SafetyPlan)
    return plan


def _seed(app: Application) -> None:
    """The citizen and network members the sample records refer to (the write contract:
    a record's citizen and references must exist)."""
    app.import_records(
        [r for r in records_of_every_kind() if r.kind in ("citizen", "network_member")],
        actor=STAFF,
    )


def _ours(findings: list[RuleFinding]) -> list[RuleFinding]:
    return [f for f in findings if f.rule == CONTACT_PERSON_RULE.name]


# --------------------------------------------------------------------------- discovery
def test_plugin_is_found_through_its_entry_point() -> None:
    loaded = {p.name: p for p in Plugins.load(selection=PluginSelection.from_env({})).describe()}
    example = loaded["example"]
    assert example.module == "carekit_example.plugin"
    assert example.distribution == "carekit-example"
    assert example.version == "0.1.0"
    assert list(example.hooks) == EXAMPLE_HOOKS


def test_facade_returns_the_example_descriptors() -> None:
    plugins = Plugins.load(selection=ONLY_EXAMPLE)
    assert [c.name for c in plugins.notification_channels()] == ["file-drop"]
    assert CONTACT_PERSON_RULE in plugins.validation_rules()
    assert list(plugins.schema_extensions()) == [NAMESPACE]


def _cli_plugins(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    from carekit.cli import _mounts, cli

    for name in ("CAREKIT_PLUGINS", "CAREKIT_BLOCK_PLUGINS", "CAREKIT_DISABLE_PLUGIN_AUTOLOAD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _mounts.mount_all(cli)
    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def _rows(data: dict[str, object]) -> dict[str, dict[str, object]]:
    rows = data["plugins"]
    assert isinstance(rows, list)
    return {str(row["name"]): row for row in rows}


def test_carekit_plugins_json_lists_the_plugin_with_version_and_hooks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = _rows(_cli_plugins(monkeypatch))["example"]
    assert row["distribution"] == "carekit-example"
    assert row["version"] == "0.1.0"
    assert row["hooks"] == EXAMPLE_HOOKS


def test_block_plugins_hides_it_from_carekit_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(_cli_plugins(monkeypatch, CAREKIT_BLOCK_PLUGINS="example"))
    assert "example" not in rows
    assert "sqlite" in rows


def test_block_plugins_hides_it_from_the_application() -> None:
    selection = PluginSelection.from_env({"CAREKIT_BLOCK_PLUGINS": "example"})
    with carekit.open("memory://", selection=selection) as app:
        assert "example" not in {p.name for p in app.plugins.describe()}
        assert CONTACT_PERSON_RULE not in app.rules
        assert NAMESPACE not in app.extensions


def test_allow_list_loads_only_the_named_plugins() -> None:
    selection = PluginSelection.from_env({"CAREKIT_PLUGINS": "sqlite,example"})
    names = {p.name for p in Plugins.load(selection=selection).describe()}
    assert names == {"sqlite", "example"}


# --------------------------------------------------------------------------- the rule
def test_rule_warns_about_a_safety_plan_without_a_contact_person(app: Application) -> None:
    (finding,) = _ours(app.check(_plan(contact_person=False)))
    assert finding.severity == "warning"
    assert finding.pointer == "/contacts"
    assert "kontaktperson" in finding.message.da
    assert "contact person" in finding.message.en


def test_rule_is_quiet_when_the_plan_names_a_contact_person(app: Application) -> None:
    assert _ours(app.check(_plan(contact_person=True))) == []


def test_a_warning_does_not_block_saving(app: Application) -> None:
    _seed(app)
    plan = _plan(contact_person=False).model_copy(update={"status": "draft"})
    assert _ours(app.check(plan))
    assert app.add(plan).version == 1


def test_rule_only_looks_at_safety_plans(app: Application) -> None:
    for record in records_of_every_kind():
        if record.kind != "safety_plan":
            assert _ours(app.check(record)) == []


def test_demo_safety_plans_name_a_contact_person(app: Application) -> None:
    plans = [r for r in demo_records() if r.kind == "safety_plan"]
    assert plans
    for plan in plans:
        assert _ours(app.check(plan)) == []


@given(st.lists(st.booleans(), max_size=5))
def test_rule_fires_exactly_when_no_contact_is_the_contact_person(flags: list[bool]) -> None:
    plan = make_record("safety_plan", contacts=[_contact(is_contact_person=f) for f in flags])
    findings = list(CONTACT_PERSON_RULE.run(plan))
    assert bool(findings) == (not any(flags))


# --------------------------------------------------------------------------- the listener
def test_listener_counts_events_by_name(app: Application, event_counts: EventCounter) -> None:
    _seed(app)
    seeded = event_counts.snapshot()
    plan = make_record("safety_plan")
    app.import_records([plan], actor=STAFF)  # an active plan arrives through the import path
    result = app.act(plan.id, "mark_review_due", actor=STAFF, at=REVIEW_DAY)
    assert result.listener_errors == ()
    counts = event_counts.snapshot()
    assert {k: v - seeded.get(k, 0) for k, v in counts.items() if v != seeded.get(k, 0)} == {
        "RecordImported": 1,
        "SafetyPlanReviewDue": 1,
    }


def test_an_event_counter_instance_counts_for_one_application(event_counts: EventCounter) -> None:
    mine = EventCounter()
    with carekit.open("memory://", selection=ONLY_EXAMPLE, plugins=[mine]) as app:
        app.import_records(records_of_every_kind(), actor=STAFF)
    assert mine.count("RecordImported") == 14
    assert event_counts.count("RecordImported") == 14  # the module's counter saw them too


class BrokenListener:
    """A second plugin whose listener always fails."""

    def __init__(self) -> None:
        self.__name__ = "broken-listener"  # the name carekit reports for this plugin

    @hookimpl
    def carekit_on_event(self, event: DomainEvent) -> None:
        raise RuntimeError("the listener's own backend is down")


@pytest.fixture
def app_with_broken_listener(event_counts: EventCounter) -> Iterator[Application]:
    # pluggy calls the last registered first: the example's listener, then the broken one.
    selection = PluginSelection(autoload=False)
    plugins = [sqlite_plugin, BrokenListener(), example_plugin]
    with open_reading("memory://", selection=selection, plugins=plugins) as app:
        yield app


def test_failing_listener_does_not_undo_the_change_and_is_named(
    app_with_broken_listener: Application, event_counts: EventCounter
) -> None:
    app = app_with_broken_listener
    _seed(app)
    plan = make_record("safety_plan")
    app.import_records([plan], actor=STAFF)
    result = app.act(plan.id, "mark_review_due", actor=STAFF, at=REVIEW_DAY)

    (error,) = result.listener_errors
    assert isinstance(error, PluginError)
    assert error.plugin == "broken-listener"
    assert error.hook == "carekit_on_event"
    assert "RuntimeError" in str(error)
    stored = app.get(plan.id)
    assert stored.version == 2
    assert stored.record.status == "review_due"  # type: ignore[attr-defined]  # the Record base
    # ... and the listeners after it still ran.
    assert event_counts.count("SafetyPlanReviewDue") == 1


# --------------------------------------------------------------------------- the extension
def test_bad_extension_data_is_an_error_finding_at_its_pointer(app: Application) -> None:
    citizen = make_record("citizen", extensions={NAMESPACE: {"room_number": "tolv"}})
    findings = [f for f in app.check(citizen) if f.rule == f"extension:{NAMESPACE}"]
    (finding,) = findings
    assert finding.severity == "error"
    assert finding.pointer == "/extensions/dk.example/room_number"


def test_unknown_extension_property_is_reported_at_the_namespace(app: Application) -> None:
    citizen = make_record("citizen", extensions={NAMESPACE: {"bed": "2"}})
    pointers = [f.pointer for f in app.check(citizen) if f.rule == f"extension:{NAMESPACE}"]
    assert pointers == ["/extensions/dk.example"]


def test_bad_extension_data_blocks_saving(app: Application) -> None:
    citizen = make_record("citizen", extensions={NAMESPACE: {"room_number": "12 b"}})
    with pytest.raises(RecordValidationError) as info:
        app.add(citizen)
    assert [p.pointer for p in info.value.problems] == ["/extensions/dk.example/room_number"]


def test_good_extension_data_is_saved_and_kept(app: Application) -> None:
    citizen = make_record("citizen", extensions={NAMESPACE: {"room_number": "112B"}})
    app.add(citizen)
    assert app.get(citizen.id).record.extensions == {NAMESPACE: {"room_number": "112B"}}


def test_extension_is_not_checked_on_other_kinds(app: Application) -> None:
    plan = make_record("safety_plan", extensions={NAMESPACE: {"room_number": "tolv"}})
    assert [f for f in app.check(plan) if f.rule.startswith("extension:")] == []


def test_carekit_plugins_json_lists_its_channel_and_not_when_blocked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    channels = _cli_plugins(monkeypatch)["notification_channels"]
    assert isinstance(channels, list)
    drop = next(c for c in channels if c["name"] == "file-drop")
    assert drop["capabilities"] == ["body", "idempotency_key", "subject"]
    assert drop["description"]
    ehr = _cli_plugins(monkeypatch)["ehr_adapters"]
    assert isinstance(ehr, list)
    blocked = _cli_plugins(monkeypatch, CAREKIT_BLOCK_PLUGINS="example")["notification_channels"]
    assert isinstance(blocked, list)
    assert "file-drop" not in {c["name"] for c in blocked}
