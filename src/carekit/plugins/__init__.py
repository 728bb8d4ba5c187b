"""The plugin system: one pluggy manager per application behind a typed facade."""

from carekit.hookspecs import hookimpl
from carekit.plugins._facade import Plugins, SchemaExtension
from carekit.plugins._manager import (
    ENTRY_POINT_GROUP,
    CarekitPluginManager,
    LoadedPlugin,
    PluginSelection,
    describe_plugins,
    make_plugin_manager,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "CarekitPluginManager",
    "LoadedPlugin",
    "PluginSelection",
    "Plugins",
    "SchemaExtension",
    "describe_plugins",
    "hookimpl",
    "make_plugin_manager",
]
