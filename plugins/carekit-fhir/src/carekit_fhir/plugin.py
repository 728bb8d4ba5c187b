"""The carekit plugin module (entry point group ``carekit``, name ``fhir``).

carekit imports this module whenever it builds a plugin manager (every ``carekit.open()``),
so it imports nothing heavy: the FHIR models (``fhir.resources``) load only when an EHR
adapter is asked for (``carekit export``, ``Plugins.ehr_adapters()``).  See docs/startup.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carekit.hookspecs import hookimpl

if TYPE_CHECKING:
    from carekit.ehr import EHRAdapterInfo

__all__ = ["carekit_ehr_adapters"]


@hookimpl
def carekit_ehr_adapters() -> list[EHRAdapterInfo]:
    """The FHIR R4 adapter."""
    from carekit.ehr import EHRAdapterInfo  # noqa: PLC0415 - keeps the entry point cheap
    from carekit.i18n import Text  # noqa: PLC0415
    from carekit_fhir._adapter import FHIRAdapter  # noqa: PLC0415 - imports fhir.resources

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
