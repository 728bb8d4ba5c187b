"""A trial action's reminders go to its whole team, not one person (#19 point 3, DC-6)."""

from __future__ import annotations

import datetime as dt

from carekit.model import Actor, ActorKind
from carekit.notify import Dispatcher, Recipient, Routing, StaticDirectory, remind
from carekit.store import MemoryStore
from carekit.testing.records import STAFF, make_record
from carekit.workflows import due

from .conftest import ANNA, CITIZEN, TEAM, Clock, FakeChannel

DUE = dt.date(2026, 12, 1)
JONAS = Actor(id="staff-jonas", kind=ActorKind.STAFF, name="Jonas")
JONAS_R = Recipient(
    id=JONAS.id, kind="staff", display_name="Jonas", addresses={"email": "jonas@example.dk"}
)


def test_every_responsible_person_of_a_trial_action_is_reminded(
    store: MemoryStore, clock: Clock
) -> None:
    trial = make_record(
        "trial_action", status="running", evaluation_date=DUE, responsible=[STAFF, JONAS]
    )
    (item,) = due([trial], DUE)
    assert item.responsible == STAFF
    assert item.team == (STAFF, JONAS)
    store.put(make_record("dream"), expected_version=None)  # the trial action refers to it
    store.put(trial, expected_version=None)
    directory = StaticDirectory(recipients=[TEAM, ANNA, JONAS_R], teams={CITIZEN: TEAM.id})
    routing = Routing(directory=directory)
    stats = remind(store, DUE, routing=routing, now=clock())
    assert stats.enqueued == 2
    email = FakeChannel("email", requires_address=True)
    Dispatcher(store, [email], routing=routing, clock=clock).drain()
    assert sorted(n.recipient.id for n in email.sent) == sorted([ANNA.id, JONAS.id])


def test_staff_reminders_use_the_shared_professional_words() -> None:
    from carekit.language import check_text
    from carekit.notify import TemplateSet
    from carekit.render import for_audience

    rendered = TemplateSet.default().render(
        "reminder.trial_action_evaluation", "da", {"recipient_name": "Anna", "due_date": "1/12"}
    )
    assert rendered.subject == "Husk: Prøvehandlingen skal evalueres"
    assert "tegnene" in rendered.body
    report = check_text(rendered.subject + ". " + rendered.body, "da")
    assert {h.term for h in report.hits} == {"evaluere"}  # the citizen rule set flags it
    assert for_audience(report, "staff").hits == ()  # the staff rule set allows it


def test_the_team_is_reminded_to_seek_a_new_perspective_before_the_evaluation_date(
    store: MemoryStore, clock: Clock
) -> None:
    """A trial action stuck for three evaluations is reminded about although its evaluation
    date is weeks away (#19 point 4)."""
    from carekit.model import Evaluation, EvaluationResult, Rater

    stuck = [
        Evaluation(
            evaluated_at=dt.datetime(2026, 11, 24 + i, 10, 0, tzinfo=dt.UTC),
            rated_by=Rater.STAFF,
            rater=STAFF,
            result=EvaluationResult.NO_CHANGE,
        )
        for i in range(3)
    ]
    trial = make_record(
        "trial_action",
        status="running",
        evaluation_date=DUE + dt.timedelta(days=30),
        responsible=[STAFF, JONAS],
        evaluations=stuck,
    )
    routine = make_record("routine", review_date=DUE)
    store.put(make_record("dream"), expected_version=None)
    store.put(trial, expected_version=None)
    store.put(routine, expected_version=None)
    directory = StaticDirectory(recipients=[TEAM, ANNA, JONAS_R], teams={CITIZEN: TEAM.id})
    routing = Routing(directory=directory)
    stats = remind(store, DUE, routing=routing, now=clock())
    assert stats.enqueued == 3  # Anna and Jonas for the trial action, the team for the routine
    email = FakeChannel("email", requires_address=True)
    Dispatcher(store, [email], routing=routing, clock=clock).drain()
    subjects = sorted((n.recipient.id, n.subject) for n in email.sent)
    assert (JONAS.id, "Husk: Søg et nyt perspektiv") in subjects
    assert (ANNA.id, "Husk: Søg et nyt perspektiv") in subjects
    assert (TEAM.id, "Husk: Se på en fast rutine") in subjects
