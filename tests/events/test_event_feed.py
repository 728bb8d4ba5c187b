"""The event feed (#17): CloudEvents, pages after a cursor, the types table, no personal
data in what leaves the process."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.app import Application, EventPage, default_source, event_types
from carekit.demo import DEMO_IMPORTER, demo_records, demo_staff
from carekit.errors import InvalidCursorError
from carekit.events import DomainEvent, cloudevent_type, to_cloudevent
from carekit.lifecycle import WORKFLOWS
from carekit.model import Record, parse_record
from carekit.testing.readers import open_reading

NAME = "Karen Testesen"
CPR = "010190-1239"
_LEAK = re.compile(r"Testesen|0101901239|010190-1239")
_EVENT = DomainEvent(
    name="TrialActionAdopted",
    kind="trial_action",
    record_id="r-1",
    citizen_id="c-1",
    actor_id="staff-7",
    at=dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.UTC),
    action="adopt",
    from_state="evaluating",
    to_state="adopted",
    record_version=4,
)


def test_a_cloudevent_has_the_required_attributes() -> None:
    out = to_cloudevent(_EVENT, source="urn:carekit:test")
    assert out == {
        "specversion": "1.0",
        "id": _EVENT.id,
        "source": "urn:carekit:test",
        "type": "dk.carekit.trial_action.adopted",
        "subject": "r-1",
        "time": "2026-12-03T14:00:00Z",
        "datacontenttype": "application/json",
        "data": {
            "name": "TrialActionAdopted",
            "kind": "trial_action",
            "record_id": "r-1",
            "citizen_id": "c-1",
            "record_version": 4,
            "action": "adopt",
            "from_state": "evaluating",
            "to_state": "adopted",
            "actor": {"id": "staff-7"},
        },
    }
    json.dumps(out)  # JSON-ready as it is


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        (
            "TrialActionEvaluationStarted",
            "trial_action",
            "dk.carekit.trial_action.evaluation_started",
        ),
        ("RecordCreated", "dream", "dk.carekit.dream.created"),
        (
            "ExpectationsAligned",
            "expectation_alignment",
            "dk.carekit.expectation_alignment.expectations_aligned",
        ),
        ("SafetyPlanReviewDue", "safety_plan", "dk.carekit.safety_plan.review_due"),
    ],
)
def test_types_are_derived_from_kind_and_event(name: str, kind: str, expected: str) -> None:
    assert cloudevent_type(name, kind) == expected


def test_the_types_table_covers_every_workflow_action_once() -> None:
    table = event_types()
    types = [t.type for t in table]
    assert types == sorted(set(types))
    for workflow in WORKFLOWS:
        for action in workflow.actions:
            assert cloudevent_type(action.event, workflow.kind) in types
    assert "dk.carekit.citizen.created" in types
    assert all(re.fullmatch(r"dk\.carekit\.[a-z_]+\.[a-z_]+", t) for t in types)


_free = st.text(max_size=30).map(lambda s: f"{s} {NAME} {CPR} {s}")


@given(reason=_free, data=st.dictionaries(st.text(max_size=8), _free, max_size=4))
def test_no_free_text_reaches_a_cloudevent(reason: str, data: dict[str, str]) -> None:
    event = DomainEvent(
        name="RecordUpdated",
        kind="dream",
        record_id="r",
        citizen_id="c",
        actor_id=f"staff {CPR}",
        at=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
        reason=reason,
        data=data,
    )
    text = json.dumps(to_cloudevent(event, source="urn:carekit:x"))
    assert not _LEAK.search(text)


def _with_personal_text(record: Record) -> Record:
    """*record* with the name and the CPR number appended to every string that still
    validates with them (free text), and the CPR number set on a citizen."""
    data: dict[str, Any] = record.model_dump(mode="json")
    if record.kind == "citizen":
        data["cpr"] = CPR

    def walk(node: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if isinstance(node, dict):
            return [p for k, v in node.items() for p in walk(v, (*path, k))]
        if isinstance(node, list):
            return [p for i, v in enumerate(node) for p in walk(v, (*path, i))]
        return [path] if isinstance(node, str) else []

    for path in walk(data, ()):
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        before = parent[path[-1]]
        if re.fullmatch(r"[0-9a-f-]{36}|[0-9T:.+-]+Z?|[a-z_-]+", before):
            continue  # ids, dates, enum values
        parent[path[-1]] = f"{before} {NAME} {CPR}"
        try:
            parse_record(data)
        except ValueError:
            parent[path[-1]] = before
    return parse_record(data)


@pytest.fixture
def personal_app() -> Any:
    with open_reading("memory://") as app:
        app.import_records([_with_personal_text(r) for r in demo_records()], actor=DEMO_IMPORTER)
        yield app


def test_no_personal_content_leaves_in_the_feed(personal_app: Application) -> None:
    stored = json.dumps([r.record.model_dump(mode="json") for r in personal_app.citizens.list()])
    assert NAME in stored  # the records really hold the name and the CPR number
    anna = demo_staff()["anna"]
    plan = personal_app.safety_plans.list()[0].record
    result = personal_app.act(plan.id, "retire", actor=anna, reason=f"{NAME} {CPR} flyttet")
    page = personal_app.events(limit=None)
    assert len(page) > 10
    assert page[-1].record_id == result.stored[0].record.record_id
    assert page[-1].reason is not None  # the reason was kept (masked) in the event, not sent
    text = json.dumps(page.cloudevents(source=default_source(personal_app.store.url)))
    assert not _LEAK.search(text)


def test_pages_follow_each_other(demo_app: Application) -> None:
    everything = demo_app.events()
    assert isinstance(everything, EventPage)
    seen: list[str] = []
    cursor = None
    for _ in range(1000):
        page = demo_app.events(after=cursor, limit=7)
        assert len(page) <= 7
        if not page:
            assert page.cursor == cursor
            break
        seen.extend(e.id for e in page)
        cursor = page.cursor
    assert seen == [e.id for e in everything]
    # the old call still works: a list, oldest first, limit counted from the start
    assert [e.id for e in demo_app.events(limit=3)] == seen[:3]
    assert demo_app.events()[-2:] == everything[-2:]


def test_a_new_event_appears_after_the_last_cursor(demo_app: Application) -> None:
    cursor = demo_app.events().cursor
    assert list(demo_app.events(after=cursor)) == []
    stored = demo_app.citizens.list()[0]
    demo_app.update(stored.record, expected_version=stored.version, actor=demo_staff()["anna"])
    (event,) = demo_app.events(after=cursor)
    assert event.name == "RecordUpdated"


@pytest.mark.parametrize("bad", ["", "garbage", "Zm9vOjE", "Y2FyZWtpdC1mZWVkOjE6LTE", "!!"])
def test_a_bad_cursor_is_refused_in_both_languages(demo_app: Application, bad: str) -> None:
    with pytest.raises(InvalidCursorError) as info:
        demo_app.events(after=bad)
    assert "markør" in info.value.text.da
    assert "cursor" in info.value.text.en


def test_the_source_names_no_path() -> None:
    source = default_source("sqlite:///home/karen.testesen/care.sqlite")
    assert re.fullmatch(r"urn:carekit:sqlite:[0-9a-f]{12}", source)
