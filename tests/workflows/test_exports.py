"""The public API is exactly what ``carekit.workflows.__all__`` names."""

from __future__ import annotations

import carekit.workflows as workflows


def test_all_names_exist_and_every_public_name_is_exported() -> None:
    assert all(hasattr(workflows, name) for name in workflows.__all__)
    public = {
        name
        for name, value in vars(workflows).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith(workflows.__name__)
        and name != "cli"
    }
    assert public <= set(workflows.__all__)
    assert sorted(workflows.__all__) == sorted(set(workflows.__all__))
