"""Bulk validation of care-data exports against carekit's published JSON Schemas.

    >>> from carekit.validate import validate_paths
    >>> report = validate_paths(["export.ndjson"])          # doctest: +SKIP
    >>> report.ok, report.records, report.invalid            # doctest: +SKIP

Verdicts equal python-jsonschema's (Draft 2020-12 with format checking) record for record;
jsonschema-rs does the work.  See ``docs/validate.md``.
"""

from carekit.validate._engine import InputNotFoundError, iter_findings, validate_paths
from carekit.validate._findings import (
    ERROR,
    WARNING,
    Finding,
    FindingSpool,
    KindSummary,
    Report,
    Severity,
)
from carekit.validate._reader import MAX_DEPTH, MAX_RECORD_BYTES
from carekit.validate._report import FORMATS, WRITERS, render, write
from carekit.validate._samples import sample_record

__all__ = [
    "ERROR",
    "FORMATS",
    "MAX_DEPTH",
    "MAX_RECORD_BYTES",
    "WARNING",
    "WRITERS",
    "Finding",
    "FindingSpool",
    "InputNotFoundError",
    "KindSummary",
    "Report",
    "Severity",
    "iter_findings",
    "render",
    "sample_record",
    "validate_paths",
    "write",
]
