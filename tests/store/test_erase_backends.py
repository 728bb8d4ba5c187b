"""Backends without encryption at rest refuse a data key and erasure with a typed,
bilingual "not supported by this backend" error."""

from __future__ import annotations

import pytest

from carekit.demo import demo_citizens
from carekit.errors import InvalidArgumentError
from carekit.store import ErasureNotSupportedError
from carekit.testing.erasure import DATA_KEY
from carekit.testing.export import seed_export_store
from carekit.testing.readers import open_reading

ELSE, _ = demo_citizens()


def test_the_memory_store_refuses_a_data_key() -> None:
    with pytest.raises(ErasureNotSupportedError) as caught:
        open_reading("memory://", data_key=DATA_KEY)
    assert caught.value.backend == "memory://"
    assert "understøtter ikke" in caught.value.text.da
    assert "does not support" in caught.value.text.en


def test_erasure_on_the_memory_store_is_refused_and_nothing_changes() -> None:
    with open_reading("memory://") as app:
        seed_export_store(app)
        with pytest.raises(ErasureNotSupportedError) as caught:
            app.erase_citizen(ELSE.id, reason="sag 2026-0417")
        assert caught.value.backend == "MemoryStore"
        assert app.citizens.get(ELSE.id).record.display_name == ELSE.display_name


def test_a_reason_with_a_cpr_number_is_refused_before_anything_happens() -> None:
    with open_reading("memory://") as app:
        seed_export_store(app)
        with pytest.raises(InvalidArgumentError) as caught:
            app.erase_citizen(ELSE.id, reason="anmodning fra 010137-4002")
        assert "010137-4002" not in str(caught.value)
        assert "CPR" in caught.value.text.da
