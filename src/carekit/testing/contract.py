"""The write contract as a conformance kit: what :class:`~carekit.app.Application` guarantees
on **any** store — every write validated (also a ``model_copy``), statuses owned by the
workflows, state invariants kept, references resolved, writes attributed, bilingual errors
with stable codes, and a closed application refusing every call.

Subclass it in a test module and provide the ``store_url`` fixture (a fresh, empty store
for each test)::

    from carekit.testing.contract import WriteContractConformance

    class TestMyStoreWriteContract(WriteContractConformance):
        @pytest.fixture
        def store_url(self, tmp_path): return f"sqlite:///{tmp_path / 'c.sqlite'}"

The kit seeds the demo's two citizens through :meth:`Application.import_records` and drives
only the public API.  See docs/write-contract.md.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import carekit
from carekit.app import Application
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records, demo_staff
from carekit.errors import (
    CarekitError,
    ClosedError,
    ConflictError,
    ImmutableFieldError,
    InvalidArgumentError,
    InvariantViolated,
    RecordValidationError,
    ReferenceIntegrityError,
    StatusChangeRefused,
    TransitionNotAllowed,
    UnknownActionError,
)
from carekit.lifecycle import workflow_for_kind
from carekit.model import (
    Actor,
    Agreement,
    AgreementMethod,
    LearningStory,
    MediaItem,
    MediaType,
    SafetyPlan,
    TrialAction,
    WrittenCopy,
    parse_record,
)
from carekit.store import EVENT_TOPIC
from carekit.testing.readers import TEST_PURPOSE, TEST_READER
from carekit.workflows import Context, failed_invariants

__all__ = ["WriteContractConformance", "contract_machine"]

ANNA = demo_staff()["anna"]
SOFIE = demo_staff()["sofie"]


def _no_english(text: str) -> None:
    # pydantic's English must never leak into Danish output
    for word in ("should", "String", "Input", "valid", "must"):
        assert word not in text, text


class WriteContractConformance:
    """Tests every store must pass under the application's write contract."""

    @pytest.fixture
    def store_url(self) -> str:
        """A fresh, empty store; override in your subclass."""
        raise NotImplementedError("subclasses provide a store_url fixture")

    @pytest.fixture
    def app(self, store_url: str) -> Iterator[Application]:
        """An application over the store, seeded with the demo's records."""
        with carekit.open(store_url, actor=TEST_READER, purpose=TEST_PURPOSE) as app:
            app.import_records(demo_records(), actor=DEMO_IMPORTER)
            yield app

    @pytest.fixture
    def store_factory(self, store_url: str) -> Callable[[], str]:
        """Fresh, empty stores for the state machine (one per example); override when
        ``store_url`` is not fresh on each call (memory:// is)."""
        return lambda: store_url

    def test_the_contract_holds_for_any_sequence_of_public_calls(
        self, store_factory: Callable[[], str]
    ) -> None:
        """The write contract holds after every step of any sequence of public calls (a hypothesis
        state machine)."""
        run_state_machine_as_test(  # type: ignore[no-untyped-call]  # hypothesis: untyped
            contract_machine(store_factory),
            settings=settings(
                max_examples=12,
                stateful_step_count=15,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )

    # -- helpers -------------------------------------------------------------------------
    @staticmethod
    def _plan(app: Application, n: int = 0) -> SafetyPlan:
        citizen = demo_citizens()[n]
        return app.safety_plans.list(citizen_id=citizen.id)[0].record

    @staticmethod
    def _everything_readable(app: Application) -> None:
        for citizen in app.citizens.list():
            for record in app.citizen_records(citizen.record.id):
                parse_record(record.model_dump(mode="json"))
                assert app.store.history(record.record_id)

    @staticmethod
    def _agreement() -> dict[str, Any]:
        return {
            "agreement": Agreement(
                method=AgreementMethod.BOTH,
                agreed_at=carekit.model.now(),
                agreed_with="Else",
                understood=True,
            ),
            "written_copy": WrittenCopy(
                handed_over_at=carekit.model.now(), kept_where="På køleskabet"
            ),
        }

    # -- 1. one validation path ----------------------------------------------------------
    def test_an_invalid_model_copy_is_refused_by_update_and_by_the_store(
        self, app: Application
    ) -> None:
        """An invalid ``model_copy`` is refused by ``update()`` and by the store, and nothing is
        written.

        Fix: validate every version in the store's write with carekit.store.backend.encode_record
        (it validates from the dumped JSON), before anything is written."""
        citizen = app.citizens.list()[0].record
        bad = citizen.model_copy(update={"residence": "castle"})  # pydantic does not check
        with pytest.raises(RecordValidationError) as caught:
            app.update(bad, expected_version=1, actor=ANNA)
        error = caught.value
        assert error.code == "record.invalid"
        assert [p.pointer for p in error.problems] == ["/residence"]
        assert error.text.da.startswith("citizen-post")
        _no_english(error.problems[0].message.da)
        with pytest.raises(RecordValidationError):
            app.store.put(bad, expected_version=1)
        assert app.get(citizen.id).version == 1
        assert len(app.citizens.list()) == 2  # every citizen still reads
        self._everything_readable(app)

    def test_a_model_constructed_with_bad_data_raises_record_validation_error(self) -> None:
        """Constructing a model with bad data raises RecordValidationError with Danish messages.

        Fix: this is carekit's own rule (the models); if it fails, report it as a carekit bug."""
        with pytest.raises(RecordValidationError) as caught:
            SafetyPlan(citizen_id=uuid.uuid4(), actor=ANNA, emergency_number="")
        assert caught.value.code == "record.invalid"
        for problem in caught.value.problems:
            _no_english(problem.message.da)

    # -- 2. statuses belong to the workflows ---------------------------------------------
    def test_update_cannot_change_a_status(self, app: Application) -> None:
        """``update()`` cannot change a status (StatusChangeRefused points to ``act()``).

        Fix: carekit's own rule (Application.update): if it fails on your store, get() returned a
        version other than the latest."""
        plan = self._plan(app)
        with pytest.raises(StatusChangeRefused) as caught:
            app.safety_plans.update(
                plan.model_copy(update={"status": "active"}), expected_version=1, actor=ANNA
            )
        error = caught.value
        assert error.code == "workflow.status_owned"
        assert (error.current, error.requested) == ("draft", "active")
        assert error.allowed == ("agree", "retire")
        assert "act()" in error.text.en
        assert "act()" in error.text.da
        assert app.get(plan.id).record.status == "draft"  # type: ignore[attr-defined]

    def test_add_accepts_only_the_initial_state(self, app: Application) -> None:
        """``add()`` accepts only a workflow's initial state; ``import_records()`` checks the
        invariants of other states.

        Fix: carekit's own rule (Application.add): if it fails on your store, check that
        get()/query() return the latest version."""
        trial = next(r for r in demo_records() if isinstance(r, TrialAction))
        adopted = trial.model_copy(
            update={"id": uuid.uuid4(), "status": "adopted", "evaluations": []}
        )
        with pytest.raises(StatusChangeRefused) as caught:
            app.add(adopted)
        assert caught.value.allowed == ("planned",)
        assert "import_records()" in caught.value.text.en
        with pytest.raises(InvariantViolated) as imported:  # no evaluation: not adopted
            app.import_records([adopted], actor=ANNA)
        assert "has_evaluation" in imported.value.failed

    def test_an_active_plan_cannot_be_emptied(self, app: Application) -> None:
        """An update that breaks an active sikkerhedsplan's invariants raises InvariantViolated
        naming each one.

        Fix: carekit's own rule (state invariants): if it fails on your store, check that get() and
        query() return the latest version of every record."""
        plan = self._plan(app)
        done = app.act(plan.id, "agree", actor=ANNA, data=self._agreement())
        app.act(plan.id, "activate", actor=ANNA, expected_version=done.version)
        active = app.safety_plans.get(plan.id).record
        emptied = active.model_copy(
            update={"contacts": [], "agreement": None, "written_copy": None}
        )
        with pytest.raises(InvariantViolated) as caught:
            app.safety_plans.update(emptied, expected_version=3, actor=ANNA)
        error = caught.value
        assert error.code == "workflow.invariant_violated"
        # the states in use keep every invariant activation required: with the contacts
        # gone no situation is answered around the clock, and with the agreement gone
        # nobody has checked that the plan made sense
        assert set(error.failed) == {
            "situations_answered_around_the_clock",
            "contacts_cover_week",
            "agreement_recorded",
            "understanding_checked",
            "written_copy_handed_over",
        }
        assert error.text.da.count(";") == 4
        assert error.text.en.count(";") == 4
        assert "Gældende" in error.text.da
        assert "Active" in error.text.en

    # -- 3. referential integrity --------------------------------------------------------
    def test_a_record_for_an_unknown_citizen_is_refused(self, app: Application) -> None:
        """A record whose borger does not exist is refused with ReferenceIntegrityError at
        ``/citizen_id``.

        Fix: check references inside the write transaction with
        carekit.store.backend.check_integrity (the citizen record must exist)."""
        plan = self._plan(app)
        orphan = plan.model_copy(update={"id": uuid.uuid4(), "citizen_id": uuid.uuid4()})
        with pytest.raises(ReferenceIntegrityError) as caught:
            app.add(orphan)
        error = caught.value
        assert error.code == "record.reference"
        assert "/citizen_id" in [p.pointer for p in error.problems]
        assert "findes ikke" in error.text.da

    def test_update_cannot_move_a_record_to_another_citizen(self, app: Application) -> None:
        """``update()`` cannot change a record's ``citizen_id`` (ImmutableFieldError).

        Fix: refuse a new version whose kind or citizen_id differs from the stored one
        (carekit.store.backend.check_integrity)."""
        plan = self._plan(app)
        other = demo_citizens()[1].id
        with pytest.raises(ImmutableFieldError) as caught:
            app.update(
                plan.model_copy(update={"citizen_id": other}), expected_version=1, actor=ANNA
            )
        assert caught.value.code == "record.immutable_field"
        assert [p.pointer for p in caught.value.problems] == ["/citizen_id"]

    def test_references_must_name_records_of_the_same_citizen(self, app: Application) -> None:
        """A reference to a record of another borger, or to none, is refused with
        ReferenceIntegrityError.

        Fix: resolve every reference in the write transaction: it must exist, be of the named kind
        and belong to the same citizen (check_integrity)."""
        else_, mogens = demo_citizens()
        mogens_consent = next(c for c in app.consents.list(citizen_id=mogens.id))
        story = next(r for r in demo_records() if isinstance(r, LearningStory))
        item = MediaItem(
            reference="media://else/havnen.jpg",
            media_type=MediaType.PHOTO,
            caption="Else ved havnen",
            creator=ANNA,
            created_at=carekit.model.now(),
            consent_id=mogens_consent.record.id,
        )
        with pytest.raises(ReferenceIntegrityError) as caught:
            app.update(
                app.learning_stories.get(story.id).record.model_copy(update={"media": [item]}),
                expected_version=1,
                actor=ANNA,
            )
        assert [p.pointer for p in caught.value.problems] == ["/media/0/consent_id"]
        made_up = item.model_copy(update={"consent_id": uuid.uuid4()})
        with pytest.raises(ReferenceIntegrityError):
            app.update(
                app.learning_stories.get(story.id).record.model_copy(update={"media": [made_up]}),
                expected_version=1,
                actor=ANNA,
            )
        assert else_.id == story.citizen_id

    # -- 4. attributed writes ------------------------------------------------------------
    def test_update_names_the_person_who_changed_the_record(self, app: Application) -> None:
        """``update()`` records its actor on the version, in the audit log and in the RecordUpdated
        event.

        Fix: write the audit row's actor from the version being written (record.actor), not from the
        first version."""
        citizen = app.citizens.list()[0].record
        stored = app.citizens.update(
            citizen.model_copy(update={"display_name": "Else H."}), expected_version=1, actor=SOFIE
        )
        assert stored.record.actor == SOFIE
        assert stored.record.updated_at > citizen.updated_at
        audit = app.store.audit_log(record_id=citizen.record_id)
        assert [a.actor_id for a in audit] == [citizen.actor.id, SOFIE.id]
        events = [e for e in app.events() if e.record_id == citizen.record_id]
        assert events[-1].name == "RecordUpdated"
        assert events[-1].actor_id == SOFIE.id

    def test_act_with_data_is_one_version_and_checks_the_version(self, app: Application) -> None:
        """``act()`` with data stores one version, checks ``expected_version`` and refuses a status
        in the data.

        Fix: enforce expected_version atomically in put(); act() writes once."""
        plan = self._plan(app)
        with pytest.raises(ConflictError):
            app.act(plan.id, "agree", actor=ANNA, data=self._agreement(), expected_version=7)
        result = app.act(plan.id, "agree", actor=ANNA, data=self._agreement(), expected_version=1)
        assert result.version == 2
        assert result.record.agreement is not None  # type: ignore[attr-defined]
        assert [h.record.status for h in app.safety_plans.history(plan.id)] == ["draft", "agreed"]
        with pytest.raises(RecordValidationError) as caught:
            app.act(plan.id, "activate", actor=ANNA, data={"status": "retired"})
        assert caught.value.problems[0].keyword == "readOnly"

    def test_concurrent_agrees_store_exactly_one_version(self, app: Application) -> None:
        """Of concurrent ``act()`` calls with the same expected version, exactly one succeeds.

        Fix: enforce expected_version under a lock in the write transaction: of concurrent writers
        with one expected version, only one may commit."""
        plan = self._plan(app)
        outcomes: list[str] = []
        lock = threading.Lock()

        def agree() -> None:
            try:
                app.act(plan.id, "agree", actor=ANNA, data=self._agreement(), expected_version=1)
                outcome = "ok"
            except (ConflictError, TransitionNotAllowed):
                outcome = "refused"
            with lock:
                outcomes.append(outcome)

        threads = [threading.Thread(target=agree) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes.count("ok") == 1
        assert len(app.safety_plans.history(plan.id)) == 2

    def test_modify_rereads_and_retries(self, app: Application) -> None:
        """``modify()`` rereads and reapplies the change when another writer got in first.

        Fix: raise ConflictError (never write) on a stale expected_version, so modify() can reread
        and retry."""
        citizen = app.citizens.list()[0].record
        calls: list[int] = []

        def rename(record: Any) -> Any:
            calls.append(1)
            if len(calls) == 1:  # someone else writes in between
                app.citizens.update(
                    app.citizens.get(citizen.id).record.model_copy(update={"life_story": "x y"}),
                    expected_version=1,
                    actor=SOFIE,
                )
            return record.model_copy(update={"display_name": "Else Hansen"})

        stored = app.citizens.modify(citizen.id, rename, actor=ANNA)
        assert len(calls) == 2
        assert stored.version == 3
        assert stored.record.life_story == "x y"
        assert stored.record.display_name == "Else Hansen"

    # -- 7. errors -----------------------------------------------------------------------
    def test_unknown_and_not_allowed_actions_are_different_errors(self, app: Application) -> None:
        """An unknown action and an action not allowed now raise different errors.

        Fix: carekit's own rule (the workflow engine); if it fails, report it as a carekit bug."""
        plan = self._plan(app)
        with pytest.raises(UnknownActionError) as unknown:
            app.act(plan.id, "fly", actor=ANNA)
        assert unknown.value.code == "workflow.unknown_action"
        with pytest.raises(TransitionNotAllowed) as not_now:
            app.act(plan.id, "activate", actor=ANNA)
        assert not_now.value.code == "workflow.action_not_allowed"
        assert not isinstance(not_now.value, UnknownActionError)

    def test_a_wrong_argument_type_names_the_parameter(self, app: Application) -> None:
        """An argument of the wrong type raises InvalidArgumentError naming the parameter.

        Fix: carekit's own rule (argument checks); if it fails, report it as a carekit bug."""
        plan = self._plan(app)
        with pytest.raises(InvalidArgumentError) as caught:
            app.act(plan.id, "agree", actor={"id": "anna"})  # type: ignore[arg-type]
        assert caught.value.parameter == "actor"
        assert caught.value.code == "argument.invalid"
        assert "'actor'" in caught.value.text.da
        _no_english(caught.value.text.da)

    def test_a_closed_application_refuses_every_call(self, app: Application) -> None:
        """A closed application (and its store) raises ClosedError on every call."""
        plan = self._plan(app)
        app.close()
        calls: list[tuple[Callable[..., object], tuple[object, ...], dict[str, object]]] = [
            (app.get, (plan.id,), {}),
            (app.safety_plans.list, (), {}),
            (app.citizen_records, (plan.citizen_id,), {}),
            (app.act, (plan.id, "agree"), {"actor": ANNA}),
            (app.add, (plan,), {}),
            (app.update, (plan,), {"expected_version": 1, "actor": ANNA}),
            (app.events, (), {}),
            (app.due, (), {}),
        ]
        for fn, args, kwargs in calls:
            with pytest.raises(ClosedError):
                fn(*args, **kwargs)
        with pytest.raises(ClosedError):
            app.store.put(plan, expected_version=1)

    def test_every_version_stored_validates_and_every_audit_row_names_a_writer(
        self, app: Application
    ) -> None:
        """Every stored version validates against its schema and every audit row names a writer.

        Fix: store exactly the JSON the application gives (no re-encoding that changes it) and the
        actor of each version in its audit row."""
        plan = self._plan(app)
        app.act(plan.id, "agree", actor=ANNA, data=self._agreement())
        for citizen in app.citizens.list():
            for record in app.citizen_records(citizen.record.id):
                for version in app.store.history(record.record_id):
                    parse_record(version.record.model_dump(mode="json"))
        writers = {a.actor_id for a in app.store.audit_log()}
        assert ANNA.id in writers
        assert all(item.topic == EVENT_TOPIC for item in app.store.outbox())


# --------------------------------------------------------------------------- stateful
def contract_machine(make_url: Callable[[], str]) -> type[RuleBasedStateMachine]:
    """A hypothesis state machine that drives the public API — ``add``, ``update`` (also
    with ``model_copy`` and status edits), ``act`` with and without data and versions,
    ``modify``, consent withdrawal, ``import_records`` — on a fresh store from *make_url*
    and after every step checks: every stored version validates against the published
    model; every record satisfies its state's invariants; every audit row names the actor
    of the version it wrote; nothing readable became unreadable.  A refused step raises a
    carekit error and stores nothing."""

    class WriteContractMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.app = carekit.open(make_url(), actor=TEST_READER, purpose=TEST_PURPOSE)
            self.app.import_records(demo_records(), actor=DEMO_IMPORTER)
            self.ids = [r.record_id for r in demo_records() if workflow_for_kind(r.kind)]
            self.citizens = [str(c.id) for c in demo_citizens()]

        def teardown(self) -> None:
            self.app.close()

        # -- helpers ---------------------------------------------------------------------
        def _writes(self) -> int:
            return len(self.app.store.audit_log())

        def _attempt(self, fn: Callable[[], object], by: Actor | None = None) -> None:
            before = self._writes()
            try:
                fn()
            except CarekitError:
                assert self._writes() == before, "a refused write stored something"
                return
            if by is not None:  # the write is attributed to the person who made it
                new = self.app.store.audit_log()[before:]
                assert new, "an accepted write left no audit row"
                assert {a.actor_id for a in new} == {by.id}

        # -- rules -----------------------------------------------------------------------
        @rule(data=st.data(), stale=st.booleans())
        def update_with_model_copy(self, data: st.DataObject, stale: bool) -> None:
            rid = data.draw(st.sampled_from(self.ids))
            current = self.app.get(rid)
            workflow = workflow_for_kind(current.record.kind)
            assert workflow is not None
            change = data.draw(
                st.sampled_from(["status", "bad_status", "citizen", "extension", "empty"])
            )
            update: dict[str, Any]
            if change == "status":
                update = {"status": data.draw(st.sampled_from(workflow.state_names))}
            elif change == "bad_status":
                update = {"status": "castle"}
            elif change == "citizen":
                update = {"citizen_id": uuid.UUID(data.draw(st.sampled_from(self.citizens)))}
            elif change == "extension":
                update = {"extensions": {"dk.test": {"n": data.draw(st.integers(0, 9))}}}
            else:
                empties: dict[str, dict[str, Any]] = {
                    "safety_plan": {"contacts": [], "agreement": None},
                    "trial_action": {"evaluations": [], "signs": []},
                    "dream": {"hypothesis": None},
                    "network_member": {"phones": [], "organisation": None},
                    "expectation_alignment": {"participants": []},
                    "learning_story": {"media": []},
                }
                update = empties[current.record.kind]
            version = current.version - 1 if stale and current.version > 1 else current.version
            changed = current.record.model_copy(update=update)
            actor = data.draw(st.sampled_from([ANNA, SOFIE]))
            self._attempt(
                lambda: self.app.update(changed, expected_version=version, actor=actor), by=actor
            )

        @rule(data=st.data(), with_data=st.booleans(), with_version=st.booleans())
        def act(self, data: st.DataObject, with_data: bool, with_version: bool) -> None:
            rid = data.draw(st.sampled_from(self.ids))
            current = self.app.get(rid)
            workflow = workflow_for_kind(current.record.kind)
            assert workflow is not None
            action = data.draw(st.sampled_from([*(a.name for a in workflow.actions), "fly"]))
            fields: dict[str, Any] | None = None
            if with_data and current.record.kind == "safety_plan":
                fields = WriteContractConformance._agreement()
            version = current.version if with_version else None
            actor = data.draw(st.sampled_from([ANNA, SOFIE]))
            self._attempt(
                lambda: self.app.act(
                    rid, action, actor=actor, data=fields, expected_version=version
                ),
                by=actor,
            )

        @rule(data=st.data())
        def modify(self, data: st.DataObject) -> None:
            rid = data.draw(st.sampled_from(self.ids))
            n = data.draw(st.integers(0, 9))

            def tag(record: Any) -> Any:
                return record.model_copy(update={"extensions": {"dk.test": {"m": n}}})

            self._attempt(lambda: self.app.modify(rid, tag, actor=ANNA), by=ANNA)

        @rule(data=st.data(), initial=st.booleans())
        def add_or_import(self, data: st.DataObject, initial: bool) -> None:
            template = data.draw(
                st.sampled_from([r for r in demo_records() if workflow_for_kind(r.kind)])
            )
            workflow = workflow_for_kind(template.kind)
            assert workflow is not None
            state = (
                workflow.initial if initial else data.draw(st.sampled_from(workflow.state_names))
            )
            record = template.model_copy(update={"id": uuid.uuid4(), "status": state})
            if data.draw(st.booleans()):
                self._attempt(lambda: self.app.add(record))
            else:
                self._attempt(lambda: self.app.import_records([record], actor=SOFIE))
            if self.app.store.history(record.record_id) if self._exists(record.record_id) else []:
                self.ids.append(record.record_id)

        def _exists(self, rid: str) -> bool:
            try:
                self.app.get(rid)
            except CarekitError:
                return False
            return True

        @rule(data=st.data())
        def withdraw_consent(self, data: st.DataObject) -> None:
            consents = self.app.consents.list()
            consent = data.draw(st.sampled_from(consents))
            self._attempt(lambda: self.app.withdraw_consent(consent.record.id, actor=ANNA))

        # -- what must hold after every step -----------------------------------------------
        @invariant()
        def the_contract_holds(self) -> None:
            audit: dict[tuple[str | None, int | None], str] = {
                (a.record_id, a.version): a.actor_id for a in self.app.store.audit_log()
            }
            for citizen in self.citizens:
                records = self.app.citizen_records(citizen)
                context = Context(records, complete=True)
                for record in records:
                    assert failed_invariants(record, context=context) == [], record.record_id
                    for version in self.app.store.history(record.record_id):
                        parse_record(version.record.model_dump(mode="json"))
                        key = (version.record_id, version.version)
                        assert audit[key] == version.record.actor.id, key
            assert self.app.unreadable_versions() == []

    return WriteContractMachine
