"""The plugin system: one pluggy manager per application behind a typed facade."""

from carekit.hookspecs import SchemaExtension, hookimpl
from carekit.plugins._facade import Plugins
from carekit.plugins._lazy import LazyCallable, lazy_callable
from carekit.plugins._manager import (
    BUILTIN_PLUGINS,
    ENTRY_POINT_GROUP,
    CarekitPluginManager,
    LoadedPlugin,
    PluginSelection,
    describe_plugins,
    make_plugin_manager,
)

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "CarekitPluginManager",
    "LazyCallable",
    "LoadedPlugin",
    "PluginSelection",
    "Plugins",
    "SchemaExtension",
    "describe_plugins",
    "hookimpl",
    "lazy_callable",
    "make_plugin_manager",
]
