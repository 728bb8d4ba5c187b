"""The EHR-adapter protocol: export records to, import records from, and push to electronic
health record systems.  Adapters (such as the ``carekit-fhir`` plugin) implement
:class:`EHRAdapter` and describe themselves with :class:`EHRAdapterInfo`."""

from carekit.ehr._protocol import (
    CAPABILITIES,
    EXPORT,
    IMPORT,
    PUSH,
    CapabilityNotSupportedError,
    EHRAdapter,
    EHRAdapterInfo,
    EHRError,
    Finding,
    FindingSeverity,
    ImportResult,
    PushResult,
    StatusMapping,
)

__all__ = [
    "CAPABILITIES",
    "EXPORT",
    "IMPORT",
    "PUSH",
    "CapabilityNotSupportedError",
    "EHRAdapter",
    "EHRAdapterInfo",
    "EHRError",
    "Finding",
    "FindingSeverity",
    "ImportResult",
    "PushResult",
    "StatusMapping",
]
