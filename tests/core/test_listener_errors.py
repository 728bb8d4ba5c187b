"""A failing listener is reported the same way on every write path: kept in
``app.listener_errors`` and logged (type only, never the message), never undoing the write."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from carekit.app import Application
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.events import DomainEvent
from carekit.model import Actor, Citizen

#: the listener's message holds "personal data": it must never reach a log line
SECRET = "Else Jensen 010137-4002"


def _write_paths(anna: Actor) -> dict[str, Callable[[Application], object]]:
    def add(app: Application) -> object:
        citizen = demo_citizens()[0].model_copy(update={"contact_person_id": None})
        return app.add(citizen)

    def add_many(app: Application) -> object:
        citizen = demo_citizens()[1].model_copy(update={"contact_person_id": None})
        return app.add_many([citizen])

    def update(app: Application) -> object:
        stored = app.get(app.citizens.list()[0].record.id)
        changed = stored.record.model_copy(update={"life_story": "Sang i kor."})
        return app.update(changed, expected_version=stored.version, actor=anna)

    def modify(app: Application) -> object:
        first = app.citizens.list()[0].record
        return app.modify(
            first.id, lambda c: c.model_copy(update={"life_story": "Gik til kor."}), actor=anna
        )

    def act(app: Application) -> object:
        return app.act(app.trial_actions.list()[0].record.id, "start", actor=anna)

    def withdraw_consent(app: Application) -> object:
        return app.withdraw_consent(app.consents.list()[0].record.id, actor=anna)

    def import_records(app: Application) -> object:
        return app.import_records(demo_records(), actor=DEMO_IMPORTER)

    return {
        "add": add,
        "add_many": add_many,
        "update": update,
        "modify": modify,
        "act": act,
        "withdraw_consent": withdraw_consent,
        "import_records": import_records,
    }


PATHS = ["add", "add_many", "update", "modify", "act", "withdraw_consent", "import_records"]


@pytest.mark.parametrize("path", PATHS)
def test_every_write_path_reports_listener_errors_alike(
    app: Application, anna: Actor, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    if path not in {"add", "add_many", "import_records"}:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    seen: list[DomainEvent] = []

    def failing(event: DomainEvent) -> None:
        seen.append(event)
        raise ValueError(SECRET)

    app.subscribe(failing)
    before = len(app.listener_errors)
    with caplog.at_level(logging.WARNING, logger="carekit"):
        _write_paths(anna)[path](app)

    errors = list(app.listener_errors)[before:]
    assert seen, "the write announced no event"
    assert len(errors) == len(seen)  # one error per event the listener failed on
    assert all(e.hook == "subscribe" and "failing" in e.plugin for e in errors)
    assert all(isinstance(e.__cause__, ValueError) for e in errors)
    lines = [r.getMessage() for r in caplog.records if "listener failed" in r.getMessage()]
    assert len(lines) == len(seen)
    assert all("ValueError" in line for line in lines)
    assert not any(SECRET in r.getMessage() for r in caplog.records)
    # the write itself was kept
    assert app.citizens.list()


def test_act_returns_the_same_errors_it_reported(app: Application, anna: Actor) -> None:
    app.import_records(demo_records(), actor=DEMO_IMPORTER)

    def failing(event: DomainEvent) -> None:
        raise ValueError(SECRET)

    app.subscribe(failing)
    result = app.act(app.trial_actions.list()[0].record.id, "start", actor=anna)
    assert result.listener_errors
    assert list(result.listener_errors) == list(app.listener_errors)[-len(result.listener_errors) :]
    assert isinstance(app.citizens.list()[0].record, Citizen)
