"""The typed facade over pluggy: one method per hook, with the calling rule and error policy
of its hookspec applied and every error naming the plugin."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from carekit.errors import ConfigurationError, PluginError
from carekit.plugins._manager import (
    CarekitPluginManager,
    LoadedPlugin,
    PluginSelection,
    describe_plugins,
    make_plugin_manager,
)

if TYPE_CHECKING:
    from carekit.ehr import EHRAdapterInfo
    from carekit.events import DomainEvent
    from carekit.language import JargonTerm
    from carekit.model import Rule
    from carekit.notify import ChannelInfo
    from carekit.store import StorageBackend

__all__ = ["Plugins", "SchemaExtension"]

log = logging.getLogger("carekit.plugins")
_T = TypeVar("_T")


@attrs.frozen
class SchemaExtension:
    """A vendor's JSON Schema for ``record.extensions[namespace]`` on some record kinds."""

    namespace: str
    schema: dict[str, Any]
    kinds: tuple[str, ...] = ()
    description: str = ""


def _plugin_name(pm: pluggy.PluginManager, impl: pluggy.HookImpl) -> str:
    return pm.get_name(impl.plugin) or impl.plugin_name


class Plugins:
    """Typed access to every carekit hook.

    Build one per application with :meth:`Plugins.load`; pass ``plugins=[...]`` to register
    objects directly (tests, embedded use).
    """

    def __init__(self, pm: CarekitPluginManager):
        self.pm = pm

    @classmethod
    def load(
        cls, *, selection: PluginSelection | None = None, plugins: Sequence[object] = ()
    ) -> Plugins:
        return cls(make_plugin_manager(selection=selection, plugins=plugins))

    # -- helpers ---------------------------------------------------------------------------
    def _collect(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation; return (plugin name, item) pairs.  A raising
        implementation stops with PluginError naming it."""
        caller = getattr(self.pm.hook, hook_name)
        out: list[tuple[str, Any]] = []
        for impl in caller.get_hookimpls():  # registration order
            name = _plugin_name(self.pm, impl)
            try:
                result = impl.function(**{a: kwargs[a] for a in impl.argnames})
            except Exception as exc:
                raise PluginError(
                    f"{type(exc).__name__}: {exc}", plugin=name, hook=hook_name
                ) from exc
            if result is None:
                continue
            if not isinstance(result, (list, tuple)):
                raise PluginError(
                    f"returned {type(result).__name__}, expected a list",
                    plugin=name,
                    hook=hook_name,
                )
            out.extend((name, item) for item in result)
        return out

    def _typed(self, pairs: list[tuple[str, Any]], kind: type[_T], hook: str) -> list[_T]:
        items: list[_T] = []
        for name, item in pairs:
            if not isinstance(item, kind):
                raise PluginError(
                    f"returned {type(item).__name__}, expected {kind.__name__}",
                    plugin=name,
                    hook=hook,
                )
            items.append(item)
        return items

    # -- collecting hooks --------------------------------------------------------------------
    def storage_backends(self) -> list[StorageBackend]:
        from carekit.store import StorageBackend  # noqa: PLC0415 - store is an outer layer

        pairs = self._collect("carekit_storage_backends")
        backends = self._typed(pairs, StorageBackend, "carekit_storage_backends")
        owners: dict[str, str] = {}
        for (plugin, _), backend in zip(pairs, backends, strict=True):
            for scheme in backend.schemes:
                if scheme in owners and owners[scheme] != plugin:
                    raise ConfigurationError(
                        f"URL scheme {scheme!r} is claimed by plugins {owners[scheme]!r} and "
                        f"{plugin!r}; block one with CAREKIT_BLOCK_PLUGINS"
                    )
                owners[scheme] = plugin
        return backends

    def notification_channels(self) -> list[ChannelInfo]:
        from carekit.notify import ChannelInfo  # noqa: PLC0415

        return self._typed(
            self._collect("carekit_notification_channels"),
            ChannelInfo,
            "carekit_notification_channels",
        )

    def ehr_adapters(self) -> list[EHRAdapterInfo]:
        from carekit.ehr import EHRAdapterInfo  # noqa: PLC0415

        return self._typed(
            self._collect("carekit_ehr_adapters"), EHRAdapterInfo, "carekit_ehr_adapters"
        )

    def validation_rules(self) -> list[Rule]:
        return [rule for _, rule in self.validation_rules_by_plugin()]

    def validation_rules_by_plugin(self) -> list[tuple[str, Rule]]:
        """(plugin name, rule) pairs, so that findings can name the plugin."""
        from carekit.model import Rule  # noqa: PLC0415

        pairs = self._collect("carekit_validation_rules")
        rules = self._typed(pairs, Rule, "carekit_validation_rules")
        return [(plugin, rule) for (plugin, _), rule in zip(pairs, rules, strict=True)]

    def schema_extensions(self) -> dict[str, SchemaExtension]:
        pairs = self._collect("carekit_schema_extensions")
        exts = self._typed(pairs, SchemaExtension, "carekit_schema_extensions")
        by_ns: dict[str, SchemaExtension] = {}
        for (plugin, _), ext in zip(pairs, exts, strict=True):
            if ext.namespace in by_ns:
                raise PluginError(
                    f"extension namespace {ext.namespace!r} is already claimed",
                    plugin=plugin,
                    hook="carekit_schema_extensions",
                )
            by_ns[ext.namespace] = ext
        return by_ns

    def document_templates(self) -> list[Path]:
        """Override directories, highest precedence first."""
        pairs = self._collect("carekit_document_templates")
        dirs: list[Path] = []
        for plugin, item in reversed(pairs):
            path = Path(item)
            if not path.is_dir():
                raise PluginError(
                    f"template directory {path} does not exist",
                    plugin=plugin,
                    hook="carekit_document_templates",
                )
            dirs.append(path)
        return dirs

    def jargon_terms(self, lang: str) -> list[JargonTerm]:
        from carekit.language import JargonTerm  # noqa: PLC0415

        return self._typed(
            self._collect("carekit_jargon_terms", lang=lang), JargonTerm, "carekit_jargon_terms"
        )

    # -- fan-out hooks -----------------------------------------------------------------------
    def on_event(self, event: DomainEvent) -> list[PluginError]:
        """Deliver *event* to every listener; a failing listener never stops the others.
        Returns the errors, each naming its plugin."""
        return self._fan_out("carekit_on_event", lambda f: f(event=event))

    def _fan_out(
        self, hook_name: str, call: Callable[[Callable[..., Any]], Any]
    ) -> list[PluginError]:
        caller = getattr(self.pm.hook, hook_name)
        errors: list[PluginError] = []
        for impl in caller.get_hookimpls():  # registration order
            name = _plugin_name(self.pm, impl)
            try:
                call(impl.function)
            except Exception as exc:  # noqa: BLE001 - collected and reported, never re-raised
                error = PluginError(f"{type(exc).__name__}: {exc}", plugin=name, hook=hook_name)
                log.warning(
                    "listener failed: plugin=%s hook=%s error=%s",
                    name,
                    hook_name,
                    type(exc).__name__,
                )
                errors.append(error)
        return errors

    # -- introspection -----------------------------------------------------------------------
    def describe(self) -> list[LoadedPlugin]:
        return describe_plugins(self.pm)
