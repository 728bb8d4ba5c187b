"""Making a plugin manager: one per application, never a module global.

carekit's built-in plugins (today one, ``sqlite``: the SQLite and memory stores) are
registered by the manager itself, like tox's and pytest's built-ins, so carekit can always
open its own stores.  Third-party plugins are found through the ``carekit`` entry-point
group.  Environment variables control what is loaded:

``CAREKIT_PLUGINS``
    comma-separated entry-point names: load only these entry points (an allow list; the
    built-ins are not entry points and stay registered).
``CAREKIT_BLOCK_PLUGINS``
    comma-separated plugin names never to register, built-ins included
    (``pm.set_blocked(name)`` does the same in code).
``CAREKIT_DISABLE_PLUGIN_AUTOLOAD``
    ``1`` to load no entry points at all (register plugins yourself); the built-ins are
    still registered, so ``carekit.open("sqlite:///...")`` and ``memory://`` still work.

Every plugin has a readable name: its entry-point name, a built-in's name, or for an object
passed in code its ``__name__`` (a module's dotted name) or else its class name, made unique
with ``-2``, ``-3``, ... — never an id number.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any, Final

import attrs
import pluggy

from carekit import hookspecs
from carekit.errors import PluginError
from carekit.i18n import Text
from carekit.plugins._guard import GuardedImpl
from carekit.store import sqlite_plugin
from carekit.store._url import parse_flag

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "CarekitPluginManager",
    "LoadedPlugin",
    "PluginSelection",
    "describe_plugins",
    "make_plugin_manager",
]

#: The entry-point group third-party plugins are found through.
ENTRY_POINT_GROUP = "carekit"

#: carekit's own plugins, registered by every manager unless blocked (name -> module).
BUILTIN_PLUGINS: Final[Mapping[str, ModuleType]] = {"sqlite": sqlite_plugin}


@attrs.frozen
class LoadedPlugin:
    """A plugin registered in a manager, for listings (``carekit plugins``): its name, the
    module (or ``module.Class`` of an object) it is, its distribution and version when it
    came from one, and the hooks it implements."""

    name: str
    module: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


@attrs.frozen
class PluginSelection:
    """Which plugins to register (from the environment unless given).

    ``allow`` names the entry points to load (``None``: all); ``block`` names plugins never
    to register, built-ins included; ``autoload=False`` loads no entry points.
    """

    allow: frozenset[str] | None = None
    block: frozenset[str] = frozenset()
    autoload: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PluginSelection:
        """The selection ``CAREKIT_PLUGINS``, ``CAREKIT_BLOCK_PLUGINS`` and
        ``CAREKIT_DISABLE_PLUGIN_AUTOLOAD`` describe (in *environ*, else ``os.environ``)."""
        env = os.environ if environ is None else environ

        def names(var: str) -> frozenset[str]:
            return frozenset(n.strip() for n in env.get(var, "").split(",") if n.strip())

        allow = names("CAREKIT_PLUGINS")
        return cls(
            allow=allow or None,
            block=names("CAREKIT_BLOCK_PLUGINS"),
            autoload=parse_flag(env.get("CAREKIT_DISABLE_PLUGIN_AUTOLOAD", "")) is not True,
        )

    def wants(self, name: str) -> bool:
        """Whether the entry point *name* is to be loaded (not blocked, and allowed)."""
        if name in self.block:
            return False
        return self.allow is None or name in self.allow


class CarekitPluginManager(pluggy.PluginManager):
    """A pluggy manager with carekit's conventions.

    * unmarked ``carekit_*`` functions that match a hookspec are implementations too, so a
      plugin module needs nothing from carekit at import time;
    * plugins registered without a name get a readable one (see the module docstring);
    * every hook implementation's function is wrapped in a
      :class:`~carekit.plugins._guard.GuardedImpl`, carekit's error policy, which acts only
      inside calls made by the typed facade :class:`~carekit.plugins.Plugins`;
    * :meth:`register_builtins` registers carekit's own plugins.
    """

    def __init__(self, project_name: str = hookspecs.PROJECT_NAME) -> None:
        super().__init__(project_name)
        #: plugin name -> the distribution that provided it
        self.distributions: dict[str, importlib.metadata.Distribution] = {}

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> pluggy.HookimplOpts | None:
        """pluggy's marker options, or default options for an unmarked ``carekit_*``
        function named like a hookspec."""
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

    def get_canonical_name(self, plugin: object) -> str:
        """A readable name for *plugin*: its ``__name__`` (a module's dotted name, or one an
        object sets for itself), else its class name."""
        name = getattr(plugin, "__name__", None)
        if isinstance(name, str) and name:
            return name
        return type(plugin).__name__

    def unique_name(self, plugin: object) -> str:
        """:meth:`get_canonical_name`, with ``-2``, ``-3``, ... added while another plugin
        has that name.  A blocked name is returned as it is, so blocking still applies."""
        base = self.get_canonical_name(plugin)
        name, n = base, 1
        while not self.is_blocked(name) and self.has_plugin(name):
            n += 1
            name = f"{base}-{n}"
        return name

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """Register *plugin* (under :meth:`unique_name` unless *name* is given) and guard its
        hook implementations.  Returns the name, or ``None`` when the name is blocked."""
        registered = super().register(plugin, name or self.unique_name(plugin))
        if registered is not None:
            for caller in self.get_hookcallers(plugin) or []:
                for impl in caller.get_hookimpls():
                    if impl.plugin is not plugin or impl.wrapper or impl.hookwrapper:
                        continue  # wrappers are generators; pluggy handles what they raise
                    guarded = GuardedImpl(impl.function, plugin=registered, hook=caller.name)
                    # HookImpl.function is read by pluggy's call loop each call; replacing
                    # it keeps pluggy's order, wrappers and monitoring (see _facade).
                    object.__setattr__(impl, "function", guarded)
        return registered

    def register_builtins(self) -> list[str]:
        """Register carekit's built-in plugins (:data:`BUILTIN_PLUGINS`) that are neither
        blocked (``set_blocked``) nor registered yet; returns their names."""
        names = []
        for name, module in BUILTIN_PLUGINS.items():
            if self.is_blocked(name) or self.has_plugin(name) or self.is_registered(module):
                continue
            if self.register(module, name=name) is None:  # pragma: no cover - checked above
                continue
            dist = _own_distribution()
            if dist is not None:
                self.distributions[name] = dist
            names.append(name)
        return names


@functools.cache
def _own_distribution() -> importlib.metadata.Distribution | None:
    try:
        return importlib.metadata.distribution(hookspecs.PROJECT_NAME)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from source
        return None


def _entry_points() -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)


def make_plugin_manager(
    *,
    selection: PluginSelection | None = None,
    plugins: Iterable[object] = (),
) -> CarekitPluginManager:
    """A new manager with the hookspecs, the built-ins, the selected entry points and
    *plugins* registered, in that order (pluggy calls the last registered first).

    Names in ``selection.block`` are blocked with ``set_blocked`` first.  A plugin in
    *plugins* that is already registered (a built-in passed again) is skipped.  A plugin
    that fails to import or validate raises :class:`~carekit.errors.PluginError` naming it.
    """
    selection = PluginSelection.from_env() if selection is None else selection
    pm = CarekitPluginManager()
    pm.add_hookspecs(hookspecs)
    for name in sorted(selection.block):
        pm.set_blocked(name)
    pm.register_builtins()
    if selection.autoload:
        for ep in sorted(_entry_points(), key=lambda e: e.name):
            if not selection.wants(ep.name) or pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    Text(
                        f"kunne ikke indlæses ({type(exc).__name__}: {exc}); bloker den med "
                        f"CAREKIT_BLOCK_PLUGINS={ep.name}, eller geninstallér den",
                        f"could not be loaded ({type(exc).__name__}: {exc}); block it with "
                        f"CAREKIT_BLOCK_PLUGINS={ep.name} or reinstall it",
                    ),
                    plugin=ep.name,
                ) from exc
            if pm.is_registered(plugin):  # a built-in's module, also listed as an entry point
                continue
            try:
                pm.register(plugin, name=ep.name)
            except pluggy.PluginValidationError as exc:
                raise PluginError(
                    Text(
                        f"er ikke en gyldig carekit-udvidelse: {exc}; tjek hook-navnene mod "
                        "carekit.hookspecs",
                        f"is not a valid carekit plugin: {exc}; check the hook names against "
                        "carekit.hookspecs",
                    ),
                    plugin=ep.name,
                ) from exc
            if ep.dist is not None:
                pm.distributions[ep.name] = ep.dist
    for plugin in plugins:
        if pm.is_registered(plugin):
            continue
        try:
            pm.register(plugin)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                Text(
                    f"er ikke en gyldig carekit-udvidelse: {exc}",
                    f"is not a valid carekit plugin: {exc}",
                ),
                plugin=pm.unique_name(plugin),
            ) from exc
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or pm.get_canonical_name(exc.plugin)
        raise PluginError(
            Text(
                f"implementerer et hook, som carekit ikke har: {exc}; tjek stavningen mod "
                "carekit.hookspecs",
                f"implements a hook carekit does not have: {exc}; check the spelling against "
                "carekit.hookspecs",
            ),
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
        module = (
            plugin.__name__
            if isinstance(plugin, ModuleType)
            else f"{type(plugin).__module__}.{type(plugin).__qualname__}"
        )
        out.append(
            LoadedPlugin(
                name=name,
                module=module,
                distribution=dist.metadata["Name"] if dist is not None else None,
                version=dist.version if dist is not None else None,
                hooks=hooks,
            )
        )
    return out
