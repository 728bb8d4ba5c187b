"""Users import from carekit and its public subpackages; __all__ is complete and true."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC = [
    "carekit",
    "carekit.model",
    "carekit.lifecycle",
    "carekit.schema",
    "carekit.workflows",
    "carekit.validate",
    "carekit.store",
    "carekit.store.backend",
    "carekit.plugins",
    "carekit.notify",
    "carekit.ehr",
    "carekit.language",
    "carekit.render",
    "carekit.app",
    "carekit.demo",
    "carekit.errors",
    "carekit.i18n",
    "carekit.privacy",
    "carekit.events",
    "carekit.hookspecs",
]


@pytest.mark.parametrize("name", PUBLIC)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for item in module.__all__:
        assert hasattr(module, item), f"{name}.__all__ names missing {item}"


@pytest.mark.parametrize("name", PUBLIC)
def test_public_classes_and_functions_defined_in_carekit_are_exported(name: str) -> None:
    """A package exports what it takes from carekit's modules; a plain module exports what
    it defines itself or takes from a private module (names it imports from a public module
    are that module's API, not its own)."""
    module = importlib.import_module(name)
    exported = set(module.__all__)
    is_package = hasattr(module, "__path__")
    checked = []
    for attr, value in vars(module).items():
        if attr.startswith("_") or not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        origin = getattr(value, "__module__", "")
        if is_package:
            ours = origin.startswith("carekit")
        else:
            private = any(part.startswith("_") for part in origin.split("."))
            ours = origin == name or (origin.startswith("carekit") and private)
        if ours:
            assert attr in exported, f"{name}.{attr} is public but not in __all__"
            checked.append(attr)
    assert checked, f"{name} defines or re-exports no public class or function"
