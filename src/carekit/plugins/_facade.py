"""The typed facade over pluggy: one method per hook, with the calling rule and error policy
of its hookspec (:mod:`carekit.hookspecs`) applied and every error naming the plugin.

Every method calls the hook through pluggy's own :class:`pluggy.HookCaller`
(``pm.hook.carekit_...(**kwargs)``), once, so everything pluggy documents holds: the last
registered implementation runs first, ``tryfirst`` / ``trylast`` move an implementation,
``wrapper=True`` (and old-style ``hookwrapper=True``) implementations wrap the whole call and
see — and may replace — its result, and monitors added with
``pm.add_hookcall_monitoring`` / ``pm.enable_tracing`` see the call.  The facade adds only
types and carekit's error policy.

Why this design.  The error policy needs to know *which* implementation returned or raised
what, which pluggy's call does not tell: a carekit ``wrapper=True`` implementation sees the
exception but not who raised it, and a call monitor sees the whole call only.  Calling each
implementation through its own subset hook caller would name it, but would run every wrapper
and monitor once per implementation, each seeing a part of the result — not pluggy's
semantics.  So the manager wraps each implementation's function in a
:class:`~carekit.plugins._guard.GuardedImpl` when the plugin is registered, and pluggy's
call loop calls that.  While a facade method records a call, the guard notes each plugin's
returned value and turns an exception into a :class:`~carekit.errors.PluginError` naming the
plugin: raised for collecting hooks, collected for fan-out hooks (so the other listeners
still run, inside the same pluggy call).  Anything else that raises inside the call — a
wrapper — is named after the hook's wrappers.  Outside the facade the guard is transparent.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from carekit.errors import ConfigurationError, PluginError
from carekit.hookspecs import SchemaExtension
from carekit.i18n import Text
from carekit.language import JargonTerm
from carekit.model import Rule
from carekit.plugins._guard import recording
from carekit.plugins._manager import (
    CarekitPluginManager,
    LoadedPlugin,
    PluginSelection,
    describe_plugins,
    make_plugin_manager,
)
from carekit.privacy import masked_logger
from carekit.store import StorageBackend

if TYPE_CHECKING:
    from carekit.ehr import EHRAdapterInfo
    from carekit.events import DomainEvent
    from carekit.notify import ChannelInfo

__all__ = ["Plugins", "SchemaExtension"]

log = masked_logger("carekit.plugins")
_T = TypeVar("_T")


def _wrapper_names(caller: pluggy.HookCaller) -> str | None:
    """The plugins with wrappers on *caller*, for errors no implementation raised."""
    names = [i.plugin_name for i in caller.get_hookimpls() if i.wrapper or i.hookwrapper]
    return ", ".join(dict.fromkeys(names)) or None


class Plugins:
    """Typed access to every carekit hook, through one application's plugin manager.

    Build one per application with :meth:`Plugins.load`; pass ``plugins=[...]`` to register
    objects directly (tests, embedded use).  ``pm`` is the pluggy manager, for everything
    pluggy offers (``set_blocked``, ``add_hookcall_monitoring``, ``register``, ...).
    """

    def __init__(self, pm: CarekitPluginManager):
        #: the application's pluggy plugin manager
        self.pm = pm

    @classmethod
    def load(
        cls, *, selection: PluginSelection | None = None, plugins: Sequence[object] = ()
    ) -> Plugins:
        """A facade over a new manager: built-ins, the entry points *selection* allows
        (default: from the environment) and *plugins* (see
        :func:`~carekit.plugins.make_plugin_manager`)."""
        return cls(make_plugin_manager(selection=selection, plugins=plugins))

    # -- helpers ---------------------------------------------------------------------------
    def _collect(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a collecting hook through pluggy; return (plugin name, item) pairs in
        pluggy's call order.  A raising implementation stops with PluginError naming it."""
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        with recording(hook_name, fan_out=False) as call:
            try:
                results = caller(**kwargs)
            except PluginError:
                raise
            except Exception as exc:
                wrappers = _wrapper_names(caller)
                if wrappers is None:
                    raise
                raise PluginError(
                    Text(
                        f"en omslutning (wrapper) rejste {type(exc).__name__}: {exc}",
                        f"a wrapper raised {type(exc).__name__}: {exc}",
                    ),
                    plugin=wrappers,
                    hook=hook_name,
                ) from exc
        wrappers = _wrapper_names(caller) or "?"
        if not isinstance(results, list):  # a wrapper replaced pluggy's list of results
            raise PluginError(
                Text(
                    f"en omslutning (wrapper) returnerede {type(results).__name__}, men en "
                    "liste af resultater var ventet",
                    f"a wrapper returned {type(results).__name__}, expected a list of results",
                ),
                plugin=wrappers,
                hook=hook_name,
            )
        # Who returned what: by the identity of each returned list, else (a wrapper built
        # new lists) of each item; what no implementation returned, a wrapper added.
        list_owner = {id(value): plugin for plugin, value in call.returned}
        item_owner = {
            id(item): plugin
            for plugin, value in call.returned
            if isinstance(value, (list, tuple))
            for item in value
        }
        out: list[tuple[str, Any]] = []
        for result in results:
            owner = list_owner.get(id(result))
            if not isinstance(result, (list, tuple)):
                raise PluginError(
                    Text(
                        f"returnerede {type(result).__name__}, men en liste var ventet",
                        f"returned {type(result).__name__}, expected a list",
                    ),
                    plugin=owner or wrappers,
                    hook=hook_name,
                )
            out.extend((owner or item_owner.get(id(item), wrappers), item) for item in result)
        return out

    def _typed(self, pairs: list[tuple[str, Any]], kind: type[_T], hook: str) -> list[_T]:
        """The items of *pairs*, each checked to be a *kind*; a wrong one names its plugin."""
        items: list[_T] = []
        for name, item in pairs:
            if not isinstance(item, kind):
                raise PluginError(
                    Text(
                        f"returnerede {type(item).__name__}, men {kind.__name__} var ventet",
                        f"returned {type(item).__name__}, expected {kind.__name__}",
                    ),
                    plugin=name,
                    hook=hook,
                )
            items.append(item)
        return items

    # -- collecting hooks --------------------------------------------------------------------
    def storage_backends(self) -> list[StorageBackend]:
        """The storage backend descriptors of every plugin, built-ins included.

        Two plugins claiming one URL scheme is a :class:`~carekit.errors.ConfigurationError`
        naming both."""
        pairs = self._collect("carekit_storage_backends")
        backends = self._typed(pairs, StorageBackend, "carekit_storage_backends")
        owners: dict[str, str] = {}
        for (plugin, _), backend in zip(pairs, backends, strict=True):
            for scheme in backend.schemes:
                if scheme in owners and owners[scheme] != plugin:
                    raise ConfigurationError(
                        Text(
                            f"URL-skemaet {scheme!r} hævdes af både udvidelsen "
                            f"{owners[scheme]!r} og {plugin!r}; bloker den ene med "
                            "CAREKIT_BLOCK_PLUGINS.",
                            f"URL scheme {scheme!r} is claimed by plugins {owners[scheme]!r} "
                            f"and {plugin!r}; block one with CAREKIT_BLOCK_PLUGINS.",
                        )
                    )
                owners[scheme] = plugin
        return backends

    def notification_channels(self) -> list[ChannelInfo]:
        """The notification channel descriptors of every plugin."""
        from carekit.notify import ChannelInfo  # noqa: PLC0415 - notify is an outer layer

        return self._typed(
            self._collect("carekit_notification_channels"),
            ChannelInfo,
            "carekit_notification_channels",
        )

    def ehr_adapters(self) -> list[EHRAdapterInfo]:
        """The EHR adapter descriptors of every plugin."""
        from carekit.ehr import EHRAdapterInfo  # noqa: PLC0415 - ehr is an outer layer

        return self._typed(
            self._collect("carekit_ehr_adapters"), EHRAdapterInfo, "carekit_ehr_adapters"
        )

    def validation_rules(self) -> list[Rule]:
        """The extra validation rules of every plugin, in pluggy's call order."""
        return [rule for _, rule in self.validation_rules_by_plugin()]

    def validation_rules_by_plugin(self) -> list[tuple[str, Rule]]:
        """(plugin name, rule) pairs, so that findings can name the plugin."""
        pairs = self._collect("carekit_validation_rules")
        rules = self._typed(pairs, Rule, "carekit_validation_rules")
        return [(plugin, rule) for (plugin, _), rule in zip(pairs, rules, strict=True)]

    def schema_extensions(self) -> dict[str, SchemaExtension]:
        """The schema extensions of every plugin by namespace; a namespace claimed twice is
        a :class:`~carekit.errors.PluginError` naming the second plugin."""
        pairs = self._collect("carekit_schema_extensions")
        exts = self._typed(pairs, SchemaExtension, "carekit_schema_extensions")
        by_ns: dict[str, SchemaExtension] = {}
        for (plugin, _), ext in zip(pairs, exts, strict=True):
            if ext.namespace in by_ns:
                raise PluginError(
                    Text(
                        f"navnerummet {ext.namespace!r} for udvidelser er allerede taget",
                        f"extension namespace {ext.namespace!r} is already claimed",
                    ),
                    plugin=plugin,
                    hook="carekit_schema_extensions",
                )
            by_ns[ext.namespace] = ext
        return by_ns

    def document_templates(self) -> list[Path]:
        """Template override directories, highest precedence first: pluggy calls the
        last-registered plugin first, and a plugin's own directories keep its order."""
        dirs: list[Path] = []
        for plugin, item in self._collect("carekit_document_templates"):
            path = Path(item)
            if not path.is_dir():
                raise PluginError(
                    Text(
                        f"skabelonmappen {path} findes ikke",
                        f"template directory {path} does not exist",
                    ),
                    plugin=plugin,
                    hook="carekit_document_templates",
                )
            dirs.append(path)
        return dirs

    def jargon_terms(self, lang: str) -> list[JargonTerm]:
        """The extra jargon terms of every plugin for *lang* (``da`` or ``en``)."""
        return self._typed(
            self._collect("carekit_jargon_terms", lang=lang), JargonTerm, "carekit_jargon_terms"
        )

    # -- fan-out hooks -----------------------------------------------------------------------
    def on_event(self, event: DomainEvent) -> list[PluginError]:
        """Deliver *event* to every listener; a failing listener never stops the others.
        Returns the errors, each naming its plugin."""
        return self._fan_out("carekit_on_event", event=event)

    def _fan_out(self, hook_name: str, **kwargs: Any) -> list[PluginError]:
        """Call a fan-out hook through pluggy; every implementation runs, the errors of the
        raising ones are logged (type only, never the message: it may hold personal data)
        and returned."""
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        with recording(hook_name, fan_out=True) as call:
            try:
                caller(**kwargs)
            except Exception as exc:  # noqa: BLE001 - a wrapper raised; reported, not re-raised
                error = PluginError(
                    f"{type(exc).__name__}: {exc}",
                    plugin=_wrapper_names(caller) or "?",
                    hook=hook_name,
                )
                error.__cause__ = exc
                call.errors.append(error)
        for error in call.errors:
            log.warning(
                "listener failed: plugin=%s hook=%s error=%s",
                error.plugin,
                hook_name,
                type(error.__cause__).__name__,
            )
        return call.errors

    # -- introspection -----------------------------------------------------------------------
    def describe(self) -> list[LoadedPlugin]:
        """Every registered plugin (built-ins included), sorted by name, for listings."""
        return describe_plugins(self.pm)
