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
from carekit.testing._report import check
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


def _check(ok: object, rule: str, fix: str, seen: object = "") -> None:
    check(ok, rule, fix, seen, contract="EHR adapter")


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
        _check(
            isinstance(adapter, EHRAdapter),
            "the adapter satisfies the carekit.ehr.EHRAdapter protocol",
            "give the class every attribute and method of EHRAdapter (docs/reference/protocols.md)",
            type(adapter).__name__,
        )
        _check(
            bool(adapter.name),
            "an adapter has a non-empty name",
            "set the class attribute name = 'my-ehr'",
            repr(adapter.name),
        )
        unknown = set(adapter.capabilities) - CAPABILITIES
        _check(
            not unknown,
            "an adapter declares only capabilities carekit knows",
            f"declare only some of {sorted(CAPABILITIES)}",
            f"unknown: {sorted(unknown)}",
        )

    def test_export_of_a_full_record_set_is_a_transaction_bundle_whose_every_entry_has_a_request(
        self, adapter: EHRAdapter, full_record_set: list[Record]
    ) -> None:
        """A full export is a ``transaction`` Bundle; every entry has a POST/PUT request."""
        _require(adapter, EXPORT)
        bundle = adapter.export_bundle(full_record_set)
        _check(
            bundle.get("resourceType") == "Bundle" and bundle.get("type") == "transaction",
            "an export is a FHIR Bundle of type 'transaction'",
            'return {"resourceType": "Bundle", "type": "transaction", "entry": [...]}',
            f"resourceType={bundle.get('resourceType')!r}, type={bundle.get('type')!r}",
        )
        _check(
            bool(bundle.get("entry")),
            "the export of a full record set is not empty",
            "add an entry for every record of an exportable kind",
        )
        bad = [
            index
            for index, entry in enumerate(bundle["entry"])
            if entry.get("request", {}).get("method") not in {"POST", "PUT"}
            or not entry.get("request", {}).get("url")
        ]
        _check(
            not bad,
            "every entry of a transaction has a request with method POST or PUT and a url",
            'give each entry "request": {"method": "PUT", "url": "Type/id"}',
            f"entries without one: /entry/{bad[:5]}",
        )

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
        _check(
            len(only["entry"]) == len(full["entry"]) - 1 and "Fremmed Borger" not in str(only),
            "an export for given citizen_ids holds those citizens' records and no one else's",
            "filter the records by record.citizen_id in citizen_ids before building the Bundle",
            f"{len(only['entry'])} entries for one citizen of {len(full['entry'])} in all",
        )

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
        _check(
            find_cprs(masked) == [],
            "an export without include_cpr holds no CPR number, not even one written in a name",
            "leave the CPR identifier out unless include_cpr, and mask free text with "
            "carekit.privacy.mask_cpr_in_text",
            f"{len(find_cprs(masked))} CPR number(s) found",
        )
        asked = json.dumps(adapter.export_bundle(records, include_cpr=True), ensure_ascii=False)
        found = {m.digits for m in find_cprs(asked)}
        _check(
            found == {"0202884013"},
            "with include_cpr the export holds the citizen's own CPR number and no other",
            "export Citizen.cpr as the identifier only; keep masking free text",
            f"{len(found)} distinct CPR number(s) found",
        )

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
        _check(
            isinstance(result, ImportResult),
            "import_bundle returns a carekit.ehr.ImportResult",
            "return ImportResult(records=..., findings=...)",
            type(result).__name__,
        )
        _check(
            result.findings == (),
            "importing the adapter's own export gives no findings",
            "import every field the export writes (the export and import mappings must agree)",
            [f.render() for f in result.findings][:5],
        )
        back = sorted(result.records, key=lambda r: str(r.id))
        _check(
            back == sorted(importable, key=lambda r: str(r.id)),
            "importing the adapter's own export gives the same records back",
            "map every field both ways; compare one record's model_dump() to find the lost one",
            f"{len(back)} records back of {len(importable)}",
        )

    @pytest.mark.parametrize("case", sorted(MALFORMED_INPUTS))
    def test_malformed_input_gives_error_findings_not_exceptions(
        self, adapter: EHRAdapter, case: str
    ) -> None:
        """Malformed input gives error findings (Danish and English), never an exception."""
        _require(adapter, IMPORT)
        result = adapter.import_bundle(MALFORMED_INPUTS[case])
        _check(
            not result.ok and result.records == (),
            f"malformed input ({case}) gives error findings and no records",
            "validate the input first and return ImportResult(records=(), findings=[error …])",
            f"ok={result.ok}, {len(result.records)} record(s)",
        )
        untranslated = [f.code for f in result.findings if not (f.message.da and f.message.en)]
        _check(
            not untranslated,
            "every finding has a Danish and an English message",
            "build findings with carekit.i18n.Text(da=…, en=…)",
            untranslated,
        )

    def test_status_table_maps_every_state_of_every_workflow(self, adapter: EHRAdapter) -> None:
        """``status_table()`` maps every state of every carekit workflow."""
        table = adapter.status_table()
        for workflow in WORKFLOWS:
            _check(
                workflow.name in table,
                "status_table() maps every carekit workflow",
                f"add a mapping for the workflow {workflow.name!r}",
            )
            missing = set(workflow.state_names) - set(table[workflow.name])
            _check(
                not missing,
                "status_table() maps every state of every workflow",
                f"map the states of {workflow.name!r} to the EHR's statuses",
                f"states without a mapping: {sorted(missing)}",
            )

    def test_push_of_an_export_is_accepted(
        self, adapter: EHRAdapter, full_record_set: list[Record], push_base_url: str | None
    ) -> None:
        """A push of an export to the ``push_base_url`` server is accepted."""
        _require(adapter, PUSH)
        _require(adapter, EXPORT)
        if push_base_url is None:
            pytest.skip("no server for push tests: override the `push_base_url` fixture")
        result = adapter.push(adapter.export_bundle(full_record_set), push_base_url)
        _check(
            result.ok,
            "a push of the adapter's own export is accepted by the server",
            "read the findings: the server's OperationOutcome names what it refused",
            [f.render() for f in result.findings][:5],
        )
