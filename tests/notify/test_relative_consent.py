"""A relative hears about the citizen only with the citizen's active consent to share with the
network, checked when the notice is routed (ST-11, issue #18): through the real dispatcher and
store, with exact texts, a visible reason (no name) when the relative is left out, and a
withdrawn or expired consent stopping the notices."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.events import DomainEvent
from carekit.model import Consent, NetworkMember
from carekit.notify import (
    SKIP_REASONS,
    Dispatcher,
    Recipient,
    RecordConsents,
    Routing,
    Skipped,
    StaticDirectory,
)
from carekit.store import MemoryStore
from carekit.testing.records import make_record, touch

from .conftest import ANNA, CITIZEN, KAREN, SON, TEAM, Clock, FakeChannel


def event(name: str, **data: Any) -> DomainEvent:
    return DomainEvent(
        name=name,
        kind="safety_plan",
        record_id="r-1",
        citizen_id=CITIZEN,
        actor_id=ANNA.id,
        at=dt.datetime.now(dt.UTC),
        data=data,
    )


def deliver(
    store: MemoryStore, routing: Routing, clock: Clock, *events: DomainEvent
) -> tuple[FakeChannel, FakeChannel, int]:
    sms = FakeChannel("sms", requires_address=True)
    email = FakeChannel("email", requires_address=True)  # only the relative has an e-mail
    for e in events:
        store.enqueue("event", e.to_dict())
    stats = Dispatcher(store, [sms, email], routing=routing, clock=clock).drain()
    return sms, email, stats.relatives_skipped


def consent(**changes: Any) -> Consent:
    record = make_record("consent")
    assert isinstance(record, Consent)
    changed = touch(record, **changes) if changes else record
    assert isinstance(changed, Consent)
    return changed


def test_with_consent_the_relative_reads_the_text_written_for_relatives(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    store.put(consent(), expected_version=None)
    sms, email, skipped = deliver(store, routing, clock, event("SafetyPlanRevised"))
    assert skipped == 0
    (to_citizen,) = sms.sent
    (to_son,) = email.sent
    assert to_citizen.subject == "Din plan for tryghed er ændret"
    assert to_citizen.body == (
        "Hej Karen.\n\nDin plan er ændret. Den siger, hvad du kan gøre, hvis du ikke føler dig "
        "tryg. Læs den, og sig til, hvis noget ikke giver mening.\n\nSe mere her: "
        f"https://care.example.dk/{CITIZEN}/r-1"
    )
    assert to_son.subject == "The safety plan has changed"
    assert to_son.body == (
        "Hello Peter.\n\nThe plan for what to do when someone does not feel safe has changed "
        "for the person you are close to. Feel free to talk it over.\n\nSee more here: "
        f"https://care.example.dk/{CITIZEN}/r-1"
    )


def test_a_danish_relative_reads_the_danish_text_for_relatives(
    store: MemoryStore, clock: Clock
) -> None:
    store.put(consent(), expected_version=None)
    datter = Recipient(
        id="rel-2", kind="relative", display_name="Lise", addresses={"email": "l@x.dk"}
    )
    routing = Routing(
        directory=StaticDirectory(recipients=[KAREN, datter], relatives={CITIZEN: ["rel-2"]})
    )
    _sms, email, _ = deliver(store, routing, clock, event("NetworkMemberActivated", who="Jonas"))
    (to_lise,) = email.sent
    assert to_lise.subject == "En ny person kommer på besøg"
    assert to_lise.body == (
        "Hej Lise.\n\nDer kommer en ny person på besøg hos den, du er pårørende til. Personen "
        "hedder Jonas. Du må gerne ringe, hvis du har spørgsmål."
    )


def test_without_consent_the_relative_is_skipped_and_the_log_says_why_without_a_name(
    store: MemoryStore, routing: Routing, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="carekit.notify"):
        sms, email, skipped = deliver(
            store, routing, clock, event("NetworkMemberActivated", who="Jonas")
        )
    assert len(sms.sent) == 1  # the citizen still hears about it
    assert email.sent == []
    assert skipped == 1
    (line,) = [r.getMessage() for r in caplog.records if "relative" in r.getMessage()]
    assert "notice.new_person not sent to a relative (no_consent)" in line
    for name in ("Peter", "Karen", "Jonas", "peter@example.com"):
        assert name not in caplog.text


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"withdrawn_at": "now"}, "consent_withdrawn"),
        ({"valid_until": dt.date(2026, 11, 20), "renew_by": None}, "consent_expired"),
    ],
)
def test_a_withdrawn_or_expired_consent_stops_the_notices(
    store: MemoryStore,
    routing: Routing,
    clock: Clock,
    changes: dict[str, Any],
    reason: str,
) -> None:
    given = consent()
    store.put(given, expected_version=None)
    _sms, email, _ = deliver(store, routing, clock, event("SafetyPlanRevised"))
    assert len(email.sent) == 1  # while the consent is active

    if changes.get("withdrawn_at") == "now":
        changes = {"withdrawn_at": clock.now - dt.timedelta(minutes=5)}
    store.put(touch(given, **changes), expected_version=1)
    plan_event = event("SafetyPlanActivated")
    routed = routing.route(plan_event, on=clock.now.date(), consents=_store_consents(store))
    assert routed.skipped == [Skipped("notice.safety_plan_updated", SON.id, reason)]  # type: ignore[arg-type]
    _sms, email, skipped = deliver(store, routing, clock, plan_event)
    assert (email.sent, skipped) == ([], 1)


def _store_consents(store: MemoryStore) -> RecordConsents:
    return RecordConsents([row.record for row in store.query()])


def test_a_relative_the_citizen_does_not_share_with_is_skipped_even_with_consent(
    store: MemoryStore, clock: Clock
) -> None:
    store.put(consent(), expected_version=None)
    member = make_record("network_member")
    assert isinstance(member, NetworkMember)
    daughter = touch(
        member, role="relative", side="private", consent_to_share=False, is_contact_person=False
    )
    store.put(daughter, expected_version=None)
    her = Recipient(
        id=str(daughter.id), kind="relative", display_name="Lise", addresses={"email": "l@x.dk"}
    )
    routing = Routing(
        directory=StaticDirectory(recipients=[KAREN, her], relatives={CITIZEN: [her.id]})
    )
    _sms, email, skipped = deliver(store, routing, clock, event("SafetyPlanRevised"))
    assert (email.sent, skipped) == ([], 1)


def test_routing_without_a_consent_check_leaves_relatives_out_and_says_so() -> None:
    routing = Routing(
        directory=StaticDirectory(recipients=[KAREN, SON, TEAM], relatives={CITIZEN: ["rel-1"]})
    )
    routed = routing.route(event("SafetyPlanRevised"))
    assert [n.recipient.kind for n in routed.notifications] == ["citizen"]
    (skip,) = routed.skipped
    assert skip.reason == "consent_not_checked"
    assert skip.describe().en.startswith("The consent could not be checked")


def test_every_reason_reads_well_in_both_languages() -> None:
    for text in SKIP_REASONS.values():
        assert text.da.endswith(".")
        assert text.en.endswith(".")
        assert "samtykke" in text.da.lower() or "pårørende" in text.da
    assert SKIP_REASONS["no_consent"].da == (
        "Borgeren har ikke givet samtykke til deling med netværket."
    )


_START = dt.date(2026, 11, 1)


@given(
    given_day=st.integers(0, 40),
    withdrawn_day=st.none() | st.integers(0, 40),
    valid_days=st.none() | st.integers(0, 40),
    on_day=st.integers(0, 40),
)
def test_a_relative_is_notified_exactly_when_the_consent_is_active(
    given_day: int, withdrawn_day: int | None, valid_days: int | None, on_day: int
) -> None:
    def at(day: int) -> dt.datetime:
        return dt.datetime.combine(_START + dt.timedelta(days=day), dt.time(12), dt.UTC)

    valid_until = _START + dt.timedelta(days=given_day + valid_days) if valid_days else None
    record = consent(
        given_at=at(given_day),
        withdrawn_at=at(max(withdrawn_day, given_day)) if withdrawn_day is not None else None,
        valid_until=valid_until,
        renew_by=None,
    )
    on = _START + dt.timedelta(days=on_day)
    routing = Routing(
        directory=StaticDirectory(recipients=[KAREN, SON], relatives={CITIZEN: ["rel-1"]})
    )
    routed = routing.route(event("SafetyPlanRevised"), on=on, consents=RecordConsents([record]))
    reached = [n.recipient.kind for n in routed.notifications]
    assert ("relative" in reached) is record.is_active(on)
    assert "citizen" in reached
    assert len(routed.skipped) == (0 if record.is_active(on) else 1)


def test_a_consent_given_by_a_relative_without_a_legal_basis_does_not_count() -> None:
    routing = Routing(
        directory=StaticDirectory(recipients=[KAREN, SON], relatives={CITIZEN: ["rel-1"]})
    )
    on = dt.date(2026, 11, 20)
    by_son = consent(given_by="relative", given_by_name="Peter", renew_by=None)
    routed = routing.route(event("SafetyPlanRevised"), on=on, consents=RecordConsents([by_son]))
    assert [s.reason for s in routed.skipped] == ["consent_without_legal_basis"]
    with_basis = consent(
        given_by="relative",
        given_by_name="Peter",
        legal_basis="lasting_power_of_attorney",
        renew_by=None,
    )
    routed = routing.route(event("SafetyPlanRevised"), on=on, consents=RecordConsents([with_basis]))
    assert (len(routed.notifications), routed.skipped) == (2, [])
