"""carekit-fhir: carekit records as FHIR R4 (DK Core, KL/FSIII and MedCom codes).

::

    from carekit_fhir import export_bundle, import_bundle, push_bundle
    bundle = export_bundle(records, citizen_ids=[citizen_id])
    result = push_bundle(bundle, "https://fhir.example/fhir")
    result = import_bundle(bundle)          # records + findings with FHIR paths
    PACKAGE_DIR                             # carekit's FHIR package (profiles, extensions, codes)
"""

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
