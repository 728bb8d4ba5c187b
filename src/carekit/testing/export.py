"""The GDPR export (:meth:`~carekit.app.Application.export_citizen`) as a conformance kit:
on **any** store the export of one citizen holds every version of every record about them,
their audit rows, their access-log rows and their outbox entries — and nothing about anyone
else — and the export is itself logged, the full CPR number as a reveal.

Subclass it in a test module and provide the ``store_url`` fixture (a fresh, empty store
for each test)::

    from carekit.testing.export import CitizenExportConformance

    class TestMyStoreCitizenExport(CitizenExportConformance):
        @pytest.fixture
        def store_url(self, tmp_path): return f"sqlite:///{tmp_path / 'c.sqlite'}"

The kit seeds the demo's two citizens and drives only the public API (and the store's
``enqueue``, to put a notification in the outbox).  See docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

import carekit
from carekit.app import Application
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records, demo_staff
from carekit.errors import InvalidArgumentError, RecordNotFoundError
from carekit.model import Citizen, Purpose
from carekit.notify import Notification, Recipient, enqueue_notification

__all__ = ["CitizenExportConformance", "seed_export_store"]

ELSE, MOGENS = demo_citizens()
ANNA, BOB = demo_staff()["anna"], demo_staff()["bob"]
#: Written in a new version of Else's citizen record: the export must hold both versions.
NEW_STORY = "Else syede sit eget brudekjole i 1960."
#: The CPR number of Mogens, which must never be in Else's export.
_MOGENS_CPR = MOGENS.cpr or ""


def _notification(citizen: Citizen, body: str) -> Notification:
    return Notification(
        key=f"test:{citizen.id}",
        type="reminder",
        recipient=Recipient(
            id="team-nord", kind="team", addresses={"email": "team-nord@example.dk"}
        ),
        lang="da",
        subject="Påmindelse",
        body=body,
        record_id=str(citizen.id),
        citizen_id=str(citizen.id),
        created_at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
    )


def seed_export_store(app: Application) -> None:
    """The demo's citizens, a second version of Else's record, a read of each citizen by
    Bob and one notification about each citizen in the outbox."""
    app.import_records(demo_records(), actor=DEMO_IMPORTER)
    with app.session(actor=BOB, purpose=Purpose.CARE) as bob:
        current = bob.citizens.get(ELSE.id)
        bob.citizens.update(
            current.record.model_copy(update={"life_story": NEW_STORY}),
            expected_version=current.version,
            actor=BOB,
        )
        bob.citizen_records(MOGENS.id)
        bob.citizen_records(ELSE.id)
    enqueue_notification(app.store, _notification(ELSE, "Else skal have sin plan fulgt op."))
    enqueue_notification(app.store, _notification(MOGENS, "Mogens skal have sin plan fulgt op."))


class CitizenExportConformance:
    """Tests every store must pass for the GDPR export."""

    @pytest.fixture
    def store_url(self) -> str:
        """A fresh, empty store (override in the subclass)."""
        raise NotImplementedError("override the store_url fixture")

    @pytest.fixture
    def app(self, store_url: str) -> Iterator[Application]:
        with carekit.open(store_url) as app:
            seed_export_store(app)
            yield app

    def _export(self, app: Application, **options: Any) -> dict[str, Any]:
        with app.session(actor=ANNA, purpose=Purpose.CITIZEN_REQUEST) as anna:
            document = anna.export_citizen(ELSE.id, **options)
        app.flush_access_log()
        return document

    def test_the_export_is_one_json_document_with_a_format_marker_time_and_reader(
        self, app: Application
    ) -> None:
        """One JSON document: format marker and version, generation time, the reader.

        Fix: carekit builds the export from history(), audit(), access_log() and outbox(): check
        that they return JSON-serialisable entries."""
        document = self._export(app)
        again = orjson.loads(orjson.dumps(document))  # JSON through and through
        assert again == document
        assert (document["format"], document["format_version"]) == (
            "carekit.citizen-export",
            1,
        )
        assert dt.datetime.fromisoformat(document["generated_at"]).tzinfo is not None
        assert document["generated_by"] == {
            "actor_id": ANNA.id,
            "name": ANNA.name,
            "role": ANNA.role,
            "kind": "staff",
            "purpose": "citizen_request",
            "channel": "api",
        }
        assert document["citizen_id"] == str(ELSE.id)
        assert all(set(t) == {"da", "en"} for t in document["not_included"])

    def test_every_version_of_every_record_about_the_citizen_is_in_it(
        self, app: Application
    ) -> None:
        """Every record about the citizen, with every version, the CPR number in full.

        Fix: history() must return every version of every record; citizen records are found through
        query(citizen_id=)."""
        document = self._export(app)
        expected = {str(r.id) for r in demo_records() if r.citizen_id == ELSE.id}
        assert {r["record_id"] for r in document["records"]} == expected
        (citizen,) = [r for r in document["records"] if r["kind"] == "citizen"]
        versions = citizen["versions"]
        assert [v["version"] for v in versions] == [1, 2]
        assert versions[-1]["record"]["life_story"] == NEW_STORY
        assert versions[0]["record"]["life_story"] != NEW_STORY
        assert versions[-1]["record"]["cpr"] == ELSE.cpr  # the citizen's own data
        assert document["cpr_included"] is True

    def test_the_audit_access_log_and_outbox_entries_of_the_citizen_are_in_it(
        self, app: Application
    ) -> None:
        """The citizen's audit rows, reads and outbox entries (no recipient addresses).

        Fix: audit(), access_log(citizen_id=) and outbox() must return every row, with its citizen
        and record ids."""
        document = self._export(app)
        updates = [a for a in document["audit"] if a["version"] == 2]
        assert [(a["record_id"], a["actor_id"]) for a in updates] == [(str(ELSE.id), BOB.id)]
        assert all(a["citizen_id"] == str(ELSE.id) for a in document["audit"])
        reads = [(r["actor_name"], r["purpose"], r["operation"]) for r in document["access_log"]]
        assert ("Bob Madsen", "care", "citizen_records") in reads
        assert ("Bob Madsen", "care", "get") in reads
        topics = [o["topic"] for o in document["outbox"]]
        assert "event" in topics
        (sent,) = [o for o in document["outbox"] if o["topic"] == "notify"]
        assert sent["payload"]["body"] == "Else skal have sin plan fulgt op."
        assert "addresses" not in orjson.dumps(sent).decode()  # other people's contacts
        assert all(
            o["payload"]["citizen_id"] == str(ELSE.id)
            for o in document["outbox"]
            if o["topic"] != "notification"
        )

    def test_another_citizens_data_is_not_in_the_export(self, app: Application) -> None:
        """Nothing of another citizen: no id, name, CPR number, record or message.

        Fix: filter query() and access_log() by citizen_id exactly (no prefix or LIKE match)."""
        text = orjson.dumps(self._export(app)).decode()
        assert str(MOGENS.id) not in text
        assert MOGENS.display_name not in text
        assert _MOGENS_CPR not in text
        assert "Mogens skal have" not in text
        mogens_ids = {str(r.id) for r in demo_records() if r.citizen_id == MOGENS.id}
        assert not any(i in text for i in mogens_ids)

    def test_the_export_is_logged_and_the_cpr_number_as_a_reveal(self, app: Application) -> None:
        """One access-log entry for the export and one reveal for the CPR number.

        Fix: keep every entry given to log_access(), with its purpose."""
        before = len(app.store.access_log(citizen_id=str(ELSE.id)))
        self._export(app)
        new = app.store.access_log(citizen_id=str(ELSE.id))[before:]
        assert sorted((e.actor_id, e.purpose, e.channel, e.operation) for e in new) == [
            (ANNA.id, "citizen_request", "api", "export_citizen"),
            (ANNA.id, "reveal", "api", "export_citizen"),
        ]
        (reveal,) = [e for e in new if e.purpose == "reveal"]
        assert reveal.kinds == ("citizen",)
        assert not app.store.access_log(citizen_id=str(MOGENS.id), since=new[0].at)

    def test_without_the_cpr_number_it_is_masked_and_no_reveal_is_logged(
        self, app: Application
    ) -> None:
        """``include_cpr=False``: the CPR number masked, no reveal logged.

        Fix: carekit's own rule (the export masks); if it fails on your store, report it as a
        carekit bug."""
        before = len(app.store.access_log(citizen_id=str(ELSE.id)))
        document = self._export(app, include_cpr=False)
        assert ELSE.cpr is not None
        assert ELSE.cpr not in orjson.dumps(document).decode()
        assert document["cpr_included"] is False
        new = app.store.access_log(citizen_id=str(ELSE.id))[before:]
        assert [e.purpose for e in new] == ["citizen_request"]

    def test_an_unknown_id_or_one_of_another_kind_is_a_clear_error(self, app: Application) -> None:
        """An unknown id and the id of another kind of record are bilingual errors.

        Fix: raise RecordNotFoundError for an unknown id in get()."""
        with app.session(actor=ANNA, purpose=Purpose.CITIZEN_REQUEST) as anna:
            with pytest.raises(RecordNotFoundError) as missing:
                anna.export_citizen("00000000-0000-0000-0000-000000000000")
            assert "Ingen post" in missing.value.text.da
            plan = next(r for r in demo_records() if r.kind == "safety_plan")
            with pytest.raises(InvalidArgumentError) as wrong:
                anna.export_citizen(plan.id)
            assert "borger" in wrong.value.text.da
            assert "citizen" in wrong.value.text.en

    def test_the_export_is_read_for_the_citizens_request_or_an_export_only(
        self, app: Application
    ) -> None:
        """A reader for care may not export; one for an export may.

        Fix: carekit's own rule (the reader's purpose); if it fails, report it as a carekit bug."""
        with (
            app.session(actor=ANNA, purpose=Purpose.CARE) as anna,
            pytest.raises(InvalidArgumentError) as caught,
        ):
            anna.export_citizen(ELSE.id)
        assert "citizen_request" in caught.value.text.en
        with app.session(actor=ANNA, purpose=Purpose.EXPORT) as anna:
            assert anna.export_citizen(ELSE.id)["generated_by"]["purpose"] == "export"
