"""The EHR-adapter conformance suite: the contract of :class:`carekit.ehr.EHRAdapter` as tests.

An adapter author writes one fixture and gets every test::

    from carekit.testing.ehr import EHRAdapterConformance

    class TestMyAdapter(EHRAdapterConformance):
        @pytest.fixture
        def adapter_factory(self):
            return MyAdapter

Tests for a capability the adapter does not declare (``export``, ``import``, ``push``) are
skipped with the reason.  Push tests need a server: override ``push_base_url`` to return its
URL (they are skipped, saying so, when it is None).  Override ``full_record_set`` to test with
your own records.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from carekit.ehr import CAPABILITIES, EXPORT, IMPORT, PUSH, EHRAdapter, ImportResult
from carekit.lifecycle import WORKFLOWS
from carekit.model import Record
from carekit.privacy import find_cprs
from carekit.testing.records import make_record, records_of_every_kind

__all__ = ["MALFORMED_INPUTS", "EHRAdapterConformance"]

#: Inputs every adapter must answer with findings, never an exception.
MALFORMED_INPUTS: dict[str, Any] = {
    "not-json": b"this is not json {",
    "not-utf8": b"\xff\xfe\x00garbage",
    "empty-text": "",
    "json-array": "[1, 2, 3]",
    "json-string": '"Bundle"',
    "empty-object": {},
    "not-a-bundle": {"resourceType": "Patient", "name": [{"text": "Ane"}]},
    "bundle-bad-type": {"resourceType": "Bundle", "type": 42},
    "unknown-resource-type": {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{"resource": {"resourceType": "NoSuchThing"}}],
    },
    "invalid-element": {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Patient", "birthDate": "the 3rd of May"}}],
    },
    "entry-not-object": {"resourceType": "Bundle", "type": "collection", "entry": ["x"]},
}


def _require(adapter: EHRAdapter, capability: str) -> None:
    if capability not in adapter.capabilities:
        pytest.skip(f"adapter {adapter.name!r} does not declare the {capability!r} capability")


class EHRAdapterConformance:
    """Mixin: subclass it in a test class and provide the ``adapter_factory`` fixture."""

    @pytest.fixture
    def adapter_factory(self) -> Callable[[], EHRAdapter]:
        raise NotImplementedError("provide an `adapter_factory` fixture returning the factory")

    @pytest.fixture
    def adapter(self, adapter_factory: Callable[[], EHRAdapter]) -> EHRAdapter:
        return adapter_factory()

    @pytest.fixture
    def push_base_url(self) -> str | None:
        return None

    @pytest.fixture
    def full_record_set(self) -> list[Record]:
        """One record of every kind for one citizen, plus a private-network member."""
        records = records_of_every_kind()
        relative = make_record(
            "network_member",
            1,
            citizen_id=records[0].citizen_id,
            side="private",
            role="relative",
            name="Datter",
            phones=[{"number": "+45 20 30 40 50", "answers": ["evenings", "weekends"]}],
        )
        return [*records, relative]

    # -- the contract -------------------------------------------------------------------------
    def test_adapter_satisfies_the_protocol_and_declares_known_capabilities(
        self, adapter: EHRAdapter
    ) -> None:
        """The adapter is an ``EHRAdapter`` with a name and only known capabilities."""
        assert isinstance(adapter, EHRAdapter)
        assert adapter.name
        assert set(adapter.capabilities) <= CAPABILITIES

    def test_export_of_a_full_record_set_is_a_transaction_bundle_whose_every_entry_has_a_request(
        self, adapter: EHRAdapter, full_record_set: list[Record]
    ) -> None:
        """A full export is a ``transaction`` Bundle; every entry has a POST/PUT request."""
        _require(adapter, EXPORT)
        bundle = adapter.export_bundle(full_record_set)
        assert bundle["resourceType"] == "Bundle"
        assert bundle["type"] == "transaction"
        assert bundle["entry"], "the export of a full record set must not be empty"
        for entry in bundle["entry"]:
            assert entry["request"]["method"] in {"POST", "PUT"}
            assert entry["request"]["url"]

    def test_export_for_given_citizens_leaves_other_citizens_out(
        self, adapter: EHRAdapter, full_record_set: list[Record]
    ) -> None:
        """An export for given ``citizen_ids`` leaves out the records of other citizens."""
        _require(adapter, EXPORT)
        other = uuid.uuid4()
        stranger = make_record("citizen", 7, citizen_id=other, display_name="Fremmed Borger")
        full = adapter.export_bundle([*full_record_set, stranger])
        only = adapter.export_bundle(
            [*full_record_set, stranger], citizen_ids=[str(full_record_set[0].citizen_id)]
        )
        assert len(only["entry"]) == len(full["entry"]) - 1
        assert "Fremmed Borger" not in str(only)

    def test_export_holds_no_unmasked_cpr_unless_asked_and_then_only_the_citizens_own(
        self, adapter: EHRAdapter, full_record_set: list[Record]
    ) -> None:
        """Without ``include_cpr`` an export holds no CPR number (a CPR number written in a
        name is masked); with it, the citizen's own CPR number and no other."""
        _require(adapter, EXPORT)
        records = [
            r.model_copy(update={"cpr": "020288-4013", "display_name": "Else 010137-4002"})
            if r.kind == "citizen"
            else r
            for r in full_record_set
        ]
        masked = json.dumps(adapter.export_bundle(records), ensure_ascii=False)
        assert find_cprs(masked) == [], "an export without include_cpr holds a CPR number"
        asked = json.dumps(adapter.export_bundle(records, include_cpr=True), ensure_ascii=False)
        assert {m.digits for m in find_cprs(asked)} == {"0202884013"}

    def test_import_of_its_own_export_round_trips_importable_kinds_without_findings(
        self, adapter: EHRAdapter, full_record_set: list[Record]
    ) -> None:
        """Importing its own export gives the importable records back, without findings."""
        _require(adapter, EXPORT)
        _require(adapter, IMPORT)
        importable = [r for r in full_record_set if r.kind in adapter.importable_kinds]
        if not importable:
            pytest.skip(f"adapter {adapter.name!r} declares no importable kinds")
        result = adapter.import_bundle(adapter.export_bundle(importable))
        assert isinstance(result, ImportResult)
        assert result.findings == ()
        assert sorted(result.records, key=lambda r: str(r.id)) == sorted(
            importable, key=lambda r: str(r.id)
        )

    @pytest.mark.parametrize("case", sorted(MALFORMED_INPUTS))
    def test_malformed_input_gives_error_findings_not_exceptions(
        self, adapter: EHRAdapter, case: str
    ) -> None:
        """Malformed input gives error findings (Danish and English), never an exception."""
        _require(adapter, IMPORT)
        result = adapter.import_bundle(MALFORMED_INPUTS[case])
        assert not result.ok
        assert result.records == ()
        for finding in result.findings:
            assert finding.message.da
            assert finding.message.en

    def test_status_table_maps_every_state_of_every_workflow(self, adapter: EHRAdapter) -> None:
        """``status_table()`` maps every state of every carekit workflow."""
        table = adapter.status_table()
        for workflow in WORKFLOWS:
            assert workflow.name in table, f"no status mapping for workflow {workflow.name}"
            missing = set(workflow.state_names) - set(table[workflow.name])
            assert not missing, f"{workflow.name}: states without a mapping: {sorted(missing)}"

    def test_push_of_an_export_is_accepted(
        self, adapter: EHRAdapter, full_record_set: list[Record], push_base_url: str | None
    ) -> None:
        """A push of an export to the ``push_base_url`` server is accepted."""
        _require(adapter, PUSH)
        _require(adapter, EXPORT)
        if push_base_url is None:
            pytest.skip("no server for push tests: override the `push_base_url` fixture")
        result = adapter.push(adapter.export_bundle(full_record_set), push_base_url)
        assert result.ok, [f.render() for f in result.findings]
