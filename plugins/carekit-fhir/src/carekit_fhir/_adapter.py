"""The FHIR R4 adapter object (what ``carekit_ehr_adapters`` hands out)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from carekit.ehr import EXPORT, IMPORT, PUSH, ImportResult, PushResult, StatusMapping
from carekit.model import Record, kinds
from carekit_fhir._export import export_bundle
from carekit_fhir._import import import_bundle
from carekit_fhir._push import pull, push_bundle
from carekit_fhir._status import STATUS_TABLE

__all__ = ["FHIRAdapter"]


class FHIRAdapter:
    """FHIR R4 (DK Core / KL / MedCom codes) export, import and push."""

    name = "fhir"
    capabilities: frozenset[str] = frozenset({EXPORT, IMPORT, PUSH})
    #: Record kinds that survive export → import unchanged: every kind.
    importable_kinds: frozenset[str] = frozenset(kinds())

    def export_bundle(
        self,
        records: Iterable[Record],
        *,
        citizen_ids: Iterable[str] | None = None,
        include_cpr: bool = False,
    ) -> dict[str, Any]:
        """The records as a transaction Bundle; CPR numbers in free text masked, the CPR
        identifier only with *include_cpr*."""
        return export_bundle(records, citizen_ids=citizen_ids, include_cpr=include_cpr)

    def import_bundle(self, data: bytes | str | Mapping[str, Any]) -> ImportResult:
        return import_bundle(data)

    def push(self, bundle: Mapping[str, Any], base_url: str, **options: Any) -> PushResult:
        """:func:`~carekit_fhir.push_bundle`: options ``include_cpr``, ``allow_http``,
        ``timeout``, ``headers``, ``client``."""
        return push_bundle(bundle, base_url, **options)

    def pull(self, base_url: str, citizen_id: str, **options: Any) -> ImportResult:
        """Import a citizen's Patient, RelatedPersons, CareTeams and the Practitioner(Role)s in
        them from a FHIR server."""
        return pull(base_url, citizen_id, **options)

    def status_table(self) -> Mapping[str, Mapping[str, StatusMapping]]:
        return STATUS_TABLE
