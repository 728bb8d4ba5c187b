"""Making a plugin manager: one per application, never a module global.

Plugins are found through the ``carekit`` entry-point group.  carekit's own adapters (the
SQLite and memory stores) are registered through that same group, exactly like third-party
ones.  Environment variables control what is loaded:

``CAREKIT_PLUGINS``
    comma-separated entry-point names: load only these (an allow list).
``CAREKIT_BLOCK_PLUGINS``
    comma-separated entry-point names never to load.
``CAREKIT_DISABLE_PLUGIN_AUTOLOAD``
    ``1`` to load no entry points at all (register plugins yourself).
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pluggy

from carekit import hookspecs
from carekit.errors import PluginError

__all__ = [
    "ENTRY_POINT_GROUP",
    "CarekitPluginManager",
    "LoadedPlugin",
    "PluginSelection",
    "describe_plugins",
    "make_plugin_manager",
]

ENTRY_POINT_GROUP = "carekit"


@attrs.frozen
class LoadedPlugin:
    """A plugin registered in a manager, for listings (``carekit plugins``)."""

    name: str
    module: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


@attrs.frozen
class PluginSelection:
    """Which entry points to load (from the environment unless given)."""

    allow: frozenset[str] | None = None
    block: frozenset[str] = frozenset()
    autoload: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PluginSelection:
        env = os.environ if environ is None else environ

        def names(var: str) -> frozenset[str]:
            return frozenset(n.strip() for n in env.get(var, "").split(",") if n.strip())

        allow = names("CAREKIT_PLUGINS")
        return cls(
            allow=allow or None,
            block=names("CAREKIT_BLOCK_PLUGINS"),
            autoload=env.get("CAREKIT_DISABLE_PLUGIN_AUTOLOAD", "") not in ("1", "true", "yes"),
        )

    def wants(self, name: str) -> bool:
        if name in self.block:
            return False
        return self.allow is None or name in self.allow


class CarekitPluginManager(pluggy.PluginManager):
    """A pluggy manager that also accepts unmarked ``carekit_*`` functions that match a
    hookspec, so that a plugin module needs nothing from carekit at import time."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        #: entry-point name -> the distribution that provided it
        self.distributions: dict[str, importlib.metadata.Distribution] = {}

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> pluggy.HookimplOpts | None:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith("carekit_") and hasattr(hookspecs, name):
            method = getattr(plugin, name, None)
            if callable(method):
                return {
                    "wrapper": False,
                    "hookwrapper": False,
                    "optionalhook": False,
                    "tryfirst": False,
                    "trylast": False,
                    "specname": None,
                }
        return opts


def _entry_points() -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)


def make_plugin_manager(
    *,
    selection: PluginSelection | None = None,
    plugins: Iterable[object] = (),
) -> CarekitPluginManager:
    """A new manager with the hookspecs, the selected entry points and *plugins* registered.

    A plugin that fails to import raises :class:`~carekit.errors.PluginError` naming it.
    """
    selection = PluginSelection.from_env() if selection is None else selection
    pm = CarekitPluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    if selection.autoload:
        for ep in sorted(_entry_points(), key=lambda e: e.name):
            if not selection.wants(ep.name) or pm.get_plugin(ep.name) is not None:
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"could not be loaded ({type(exc).__name__}: {exc}); block it with "
                    f"CAREKIT_BLOCK_PLUGINS={ep.name} or reinstall it",
                    plugin=ep.name,
                ) from exc
            try:
                pm.register(plugin, name=ep.name)
            except pluggy.PluginValidationError as exc:
                raise PluginError(
                    f"is not a valid carekit plugin: {exc}; check the hook names against "
                    "carekit.hookspecs",
                    plugin=ep.name,
                ) from exc
            if ep.dist is not None:
                pm.distributions[ep.name] = ep.dist
    for plugin in plugins:
        try:
            pm.register(plugin)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                f"is not a valid carekit plugin: {exc}", plugin=pm.get_name(plugin) or repr(plugin)
            ) from exc
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(
            f"implements a hook carekit does not have: {exc}; check the spelling against "
            "carekit.hookspecs",
            plugin=name,
        ) from exc
    return pm


def describe_plugins(pm: CarekitPluginManager) -> list[LoadedPlugin]:
    """Every registered plugin with its distribution, version and implemented hooks."""
    out = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or []))
        dist = pm.distributions.get(name)
        out.append(
            LoadedPlugin(
                name=name,
                module=getattr(plugin, "__name__", type(plugin).__name__),
                distribution=dist.metadata["Name"] if dist is not None else None,
                version=dist.version if dist is not None else None,
                hooks=hooks,
            )
        )
    return out
