"""The carekit plugin module (entry point group ``carekit``, name ``fhir``)."""

from __future__ import annotations

from carekit import hookimpl
from carekit.ehr import EHRAdapterInfo
from carekit.i18n import Text
from carekit_fhir._adapter import FHIRAdapter

__all__ = ["carekit_ehr_adapters"]


@hookimpl
def carekit_ehr_adapters() -> list[EHRAdapterInfo]:
    """The FHIR R4 adapter."""
    return [
        EHRAdapterInfo(
            name=FHIRAdapter.name,
            description=Text(
                "FHIR R4 med danske profiler (DK Core, KL/FSIII, MedCom): eksport, import og "
                "afsendelse til en FHIR-server.",
                "FHIR R4 with the Danish profiles (DK Core, KL/FSIII, MedCom): export, import "
                "and push to a FHIR server.",
            ),
            capabilities=FHIRAdapter.capabilities,
            factory=FHIRAdapter,
        )
    ]
