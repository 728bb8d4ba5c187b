"""The typed facade calls hooks through pluggy's HookCallers: pluggy's call order
(last registered first, ``tryfirst`` / ``trylast``), ``wrapper=True`` and old-style
``hookwrapper=True`` implementations and call monitoring all hold, and carekit's error
policy still names the plugin."""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping, Sequence
from typing import Any

import pluggy
import pytest

import carekit
from carekit.errors import PluginError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Rule, now
from carekit.plugins import Plugins, PluginSelection

NO_BUILTINS = PluginSelection(autoload=False, block=frozenset({"sqlite"}))
RuleLists = list[Sequence[Rule]]


def _only(*plugins: object) -> Plugins:
    return Plugins.load(selection=NO_BUILTINS, plugins=plugins)


def _rule(name: str) -> Rule:
    return Rule(name, "info", Text(name, name), lambda record: [])


def _event() -> DomainEvent:
    return DomainEvent(
        name="X", kind="citizen", record_id="r", citizen_id="c", actor_id="a", at=now()
    )


class Rules:
    """A plugin contributing one rule named *name*, optionally ordered by pluggy's marks."""

    def __init__(self, name: str, *, tryfirst: bool = False, trylast: bool = False) -> None:
        self.__name__ = name
        rule = _rule(name)

        @carekit.hookimpl(tryfirst=tryfirst, trylast=trylast)
        def carekit_validation_rules() -> Sequence[Rule]:
            return [rule]

        self.carekit_validation_rules = carekit_validation_rules


def _names(plugins: Plugins) -> list[str]:
    return [rule.name for rule in plugins.validation_rules()]


# --------------------------------------------------------------------------- call order
def test_the_last_registered_implementation_runs_first() -> None:
    assert _names(_only(Rules("first"), Rules("second"), Rules("third"))) == [
        "third",
        "second",
        "first",
    ]


def test_a_tryfirst_implementation_runs_first_and_a_trylast_one_last() -> None:
    plugins = _only(Rules("early", tryfirst=True), Rules("plain"), Rules("late", trylast=True))
    assert _names(plugins) == ["early", "plain", "late"]
    plugins = _only(Rules("late", trylast=True), Rules("plain"), Rules("early", tryfirst=True))
    assert _names(plugins) == ["early", "plain", "late"]


def test_fan_out_listeners_run_in_pluggy_order_and_tryfirst_first() -> None:
    seen: list[str] = []

    class Listener:
        def __init__(self, name: str, *, tryfirst: bool = False) -> None:
            self.__name__ = name

            @carekit.hookimpl(tryfirst=tryfirst)
            def carekit_on_event(event: DomainEvent) -> None:
                seen.append(name)

            self.carekit_on_event = carekit_on_event

    plugins = _only(Listener("a", tryfirst=True), Listener("b"), Listener("c"))
    assert plugins.on_event(_event()) == []
    assert seen == ["a", "c", "b"]


# --------------------------------------------------------------------------- wrappers
def test_a_wrapper_implementation_wraps_the_call_and_can_alter_its_result() -> None:
    seen: list[RuleLists] = []

    class Wrapper:
        @carekit.hookimpl(wrapper=True)
        def carekit_validation_rules(self) -> Generator[None, RuleLists, RuleLists]:
            results = yield
            seen.append(list(results))
            kept = [[r for r in rules if r.name != "dropped"] for rules in results]
            return [*kept, [_rule("added")]]

    plugins = _only(Rules("kept"), Rules("dropped"), Wrapper())
    assert _names(plugins) == ["kept", "added"]
    assert [[r.name for r in rules] for rules in seen[0]] == [["dropped"], ["kept"]]
    # Items keep their plugin's name; items a wrapper added carry the wrapper's name.
    assert [p for p, _ in plugins.validation_rules_by_plugin()] == ["kept", "Wrapper"]


def test_an_old_style_hookwrapper_wraps_the_call_too() -> None:
    class OldWrapper:
        @carekit.hookimpl(hookwrapper=True)
        def carekit_validation_rules(self) -> Generator[None, pluggy.Result[RuleLists], None]:
            outcome = yield
            outcome.force_result([*outcome.get_result(), [_rule("from-old-wrapper")]])

    assert _names(_only(Rules("plain"), OldWrapper())) == ["plain", "from-old-wrapper"]


def test_a_wrapper_sees_the_error_naming_the_plugin_and_may_recover() -> None:
    caught: list[BaseException] = []

    class Broken:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            raise RuntimeError("cannot read rule file")

    class Forgiving:
        @carekit.hookimpl(wrapper=True)
        def carekit_validation_rules(self) -> Generator[None, RuleLists, RuleLists]:
            try:
                return (yield)
            except PluginError as exc:
                caught.append(exc)
                return []

    with pytest.raises(PluginError) as info:
        _only(Broken()).validation_rules()
    assert (info.value.plugin, info.value.hook) == ("Broken", "carekit_validation_rules")
    assert "RuntimeError: cannot read rule file" in str(info.value)

    assert _only(Broken(), Forgiving()).validation_rules() == []
    (error,) = caught
    assert isinstance(error, PluginError)
    assert error.plugin == "Broken"


def test_a_raising_wrapper_is_named() -> None:
    class BadWrapper:
        @carekit.hookimpl(wrapper=True)
        def carekit_validation_rules(self) -> Generator[None, RuleLists, RuleLists]:
            yield
            raise ValueError("wrapper broke")

    with pytest.raises(PluginError) as info:
        _only(Rules("plain"), BadWrapper()).validation_rules()
    assert info.value.plugin == "BadWrapper"
    assert "ValueError: wrapper broke" in str(info.value)
    errors = _only(BadListenerWrapper()).on_event(_event())
    assert [(e.plugin, e.hook) for e in errors] == [("BadListenerWrapper", "carekit_on_event")]


class BadListenerWrapper:
    @carekit.hookimpl(wrapper=True)
    def carekit_on_event(self, event: DomainEvent) -> Generator[None, object, object]:
        yield
        raise ValueError("wrapper broke")


def test_a_wrong_item_is_named_after_its_plugin_even_behind_a_wrapper() -> None:
    class Wrong:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> object:
            return ["not a rule"]

    class Reverser:
        @carekit.hookimpl(wrapper=True)
        def carekit_validation_rules(self) -> Generator[None, RuleLists, RuleLists]:
            return list(reversed((yield)))

    with pytest.raises(PluginError, match="expected Rule") as info:
        _only(Wrong(), Rules("fine"), Reverser()).validation_rules()
    assert info.value.plugin == "Wrong"


# --------------------------------------------------------------------------- monitoring
def test_hook_call_monitoring_sees_each_facade_call_once() -> None:
    calls: list[tuple[str, list[str], Mapping[str, object]]] = []
    outcomes: list[object] = []

    def before(hook: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]) -> None:
        calls.append((hook, [i.plugin_name for i in impls], dict(kwargs)))

    def after(
        outcome: pluggy.Result[Any],
        hook: str,
        impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, object],
    ) -> None:
        outcomes.append(outcome.get_result())

    class Bad:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            raise RuntimeError("down")

    class Good:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            pass

    plugins = _only(Rules("r"), Bad(), Good())
    undo = plugins.pm.add_hookcall_monitoring(before, after)
    assert _names(plugins) == ["r"]
    event = _event()
    errors = plugins.on_event(event)
    undo()
    plugins.validation_rules()  # no longer monitored

    assert calls == [
        ("carekit_validation_rules", ["r"], {}),
        ("carekit_on_event", ["Bad", "Good"], {"event": event}),
    ]
    assert [[r.name for r in rules] for rules in outcomes[0]] == [["r"]]  # type: ignore[attr-defined]
    # The failing listener did not end pluggy's call: one call, the good listener ran.
    assert outcomes[1] == []
    assert [e.plugin for e in errors] == ["Bad"]


def test_outside_the_facade_a_hook_call_is_plain_pluggy() -> None:
    class Broken:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            raise RuntimeError("plain")

    plugins = _only(Rules("r"))
    assert [[r.name for r in rules] for rules in plugins.pm.hook.carekit_validation_rules()] == [
        ["r"]
    ]
    plugins.pm.register(Broken())
    with pytest.raises(RuntimeError, match="plain"):
        plugins.pm.hook.carekit_validation_rules()


# --------------------------------------------------------------------------- names
def test_object_plugins_are_named_by_class_made_unique_never_by_id() -> None:
    class Vendor:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            return []

    plugins = _only(Vendor(), Vendor(), Rules("municipality"))
    listed = {p.name: p for p in plugins.describe()}
    assert set(listed) == {"Vendor", "Vendor-2", "municipality"}
    assert listed["Vendor"].module == f"{__name__}.{Vendor.__qualname__}"
    assert all(not re.fullmatch(r"\d+", name) for name in listed)
    # A plugin registered later through pluggy gets a readable name too.
    assert plugins.pm.register(Vendor()) == "Vendor-3"


def test_an_error_names_an_object_plugin_by_its_class() -> None:
    class Exploding:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            raise RuntimeError("boom")

    (error,) = _only(Exploding()).on_event(_event())
    assert error.plugin == "Exploding"
    assert "plugin 'Exploding' in hook carekit_on_event" in str(error)
    assert isinstance(error.__cause__, RuntimeError)


def test_blocking_an_object_plugins_name_still_blocks_it() -> None:
    class Vendor:
        @carekit.hookimpl
        def carekit_validation_rules(self) -> Sequence[Rule]:
            return [_rule("vendor")]

    plugins = _only()
    plugins.pm.set_blocked("Vendor")
    assert plugins.pm.register(Vendor()) is None
    assert plugins.validation_rules() == []
