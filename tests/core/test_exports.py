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
    module = importlib.import_module(name)
    if not hasattr(module, "__path__"):  # only packages re-export
        return
    exported = set(module.__all__)
    for attr, value in vars(module).items():
        if attr.startswith("_") or inspect.ismodule(value):
            continue
        if (inspect.isclass(value) or inspect.isfunction(value)) and getattr(
            value, "__module__", ""
        ).startswith("carekit"):
            assert attr in exported, f"{name}.{attr} is public but not in __all__"


def test_carekit_open_is_the_application_entry_point() -> None:
    import carekit

    assert carekit.open.__name__ == "open_app"
    assert "open" in carekit.__all__
