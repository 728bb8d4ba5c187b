"""Shared helpers: the demo records and ways to change one record in them."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest

from carekit.demo import demo_citizens, demo_records
from carekit.model import Citizen, Record
from carekit.testing.readers import open_reading

R = TypeVar("R", bound=Record)


@pytest.fixture
def records() -> list[Record]:
    return demo_records()


@pytest.fixture
def else_() -> Citizen:
    return demo_citizens()[0]


@pytest.fixture
def mogens() -> Citizen:
    return demo_citizens()[1]


def one(records: list[Record], cls: type[R], citizen: Citizen) -> R:
    """The one record of *cls* for *citizen* in *records*."""
    found = [r for r in records if isinstance(r, cls) and r.citizen_id == citizen.id]
    assert len(found) == 1, found
    return found[0]


def replace(records: list[Record], cls: type[R], citizen: Citizen, **update: Any) -> list[Record]:
    """*records* with the citizen's record of *cls* changed (same id: a new version)."""
    old = one(records, cls, citizen)
    new = type(old).model_validate({**old.model_dump(), **update})
    return [new if r is old else r for r in records]


@pytest.fixture(scope="session")
def walked() -> list[Record]:
    """Every stored record (latest versions) after ``carekit demo`` has walked the workflows:
    plans agreed, activated and revised, the alignment held and concluded."""
    from carekit.demo import run_demo

    lines: list[str] = []
    with open_reading("memory://") as app:
        run_demo(app, echo=lines.append)
        return [row.record for row in app.store.query()]
