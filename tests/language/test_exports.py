"""The public API is exactly what ``carekit.language.__all__`` names."""

from __future__ import annotations

import carekit.language as language


def test_all_names_exist_and_public_names_are_exported() -> None:
    assert all(hasattr(language, name) for name in language.__all__)
    public = {
        name
        for name, value in vars(language).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith(language.__name__)
    }
    assert public <= set(language.__all__)
    assert sorted(language.__all__) == sorted(set(language.__all__))
