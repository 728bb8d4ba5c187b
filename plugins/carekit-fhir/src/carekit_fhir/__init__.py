"""carekit-fhir: carekit records as FHIR R4 (DK Core, KL/FSIII and MedCom codes).

::

    from carekit_fhir import export_bundle, import_bundle, push_bundle
    bundle = export_bundle(records, citizen_ids=[citizen_id])
    result = push_bundle(bundle, "https://fhir.example/fhir")
    result = import_bundle(bundle)          # records + findings with FHIR paths
    PACKAGE_DIR                             # carekit's FHIR package (profiles, extensions, codes)

The names below are imported on first use, so that carekit can load the plugin's entry
point (``carekit_fhir.plugin``) without importing the FHIR models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carekit_fhir._adapter import FHIRAdapter
    from carekit_fhir._export import RESOURCE_TYPE, export_bundle
    from carekit_fhir._import import IMPORT_TYPES, IMPORTABLE, import_bundle
    from carekit_fhir._profiles import PACKAGE_DIR, PROFILES, profile_of
    from carekit_fhir._push import outcome_findings, pull, push_bundle
    from carekit_fhir._status import STATUS_TABLE, fhir_status

__all__ = [
    "IMPORTABLE",
    "IMPORT_TYPES",
    "PACKAGE_DIR",
    "PROFILES",
    "RESOURCE_TYPE",
    "STATUS_TABLE",
    "FHIRAdapter",
    "export_bundle",
    "fhir_status",
    "import_bundle",
    "outcome_findings",
    "profile_of",
    "pull",
    "push_bundle",
]

_HOME = {
    "FHIRAdapter": "_adapter",
    "RESOURCE_TYPE": "_export",
    "export_bundle": "_export",
    "IMPORTABLE": "_import",
    "IMPORT_TYPES": "_import",
    "PACKAGE_DIR": "_profiles",
    "PROFILES": "_profiles",
    "profile_of": "_profiles",
    "import_bundle": "_import",
    "outcome_findings": "_push",
    "pull": "_push",
    "push_bundle": "_push",
    "STATUS_TABLE": "_status",
    "fhir_status": "_status",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
