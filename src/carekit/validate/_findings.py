"""What a validation run reports: :class:`Finding` (one problem) and :class:`Report` (the run)."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO, Any, Literal

import attrs
import orjson

from carekit.i18n import Lang, Text
from carekit.privacy import mask_cpr_in_text

__all__ = ["ERROR", "WARNING", "Finding", "FindingSpool", "KindSummary", "Report", "Severity"]

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@attrs.frozen
class Finding:
    """One problem found in the input.

    ``line`` is 1-based, ``index`` the position inside a JSON array (``None`` for NDJSON and
    single documents), ``pointer`` an RFC 6901 JSON pointer into the record (``""`` is the
    record itself), ``keyword`` the failing JSON Schema keyword or a carekit code (``json``,
    ``encoding``, ``bom``, ``depth``, ``too-large``, ``not-object``, ``unknown-kind``,
    ``duplicate-id``, ``empty-file``, ``truncated``, ``read-error``, ``gzip-limit``).
    ``message`` says what is wrong and how to fix it, in Danish and English, with CPR numbers
    masked.
    """

    severity: Severity
    file: str
    line: int
    index: int | None
    record_id: str | None
    kind: str | None
    pointer: str
    keyword: str
    message: Text

    @property
    def location(self) -> str:
        """``file:line`` or ``file:line[index]``."""
        where = f"{self.file}:{self.line}"
        return where if self.index is None else f"{where}[{self.index}]"

    def text(self, lang: Lang = "da") -> str:
        """The message in *lang*, CPR numbers masked."""
        return mask_cpr_in_text(self.message.get(lang))

    def render(self, lang: Lang = "da") -> str:
        """One line: ``file:line[index] severity pointer [keyword] message``."""
        where = self.pointer or "/"
        return f"{self.location} {self.severity} {where} [{self.keyword}] {self.text(lang)}"

    def as_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """JSON-ready; the message in *lang*, or both languages when *lang* is ``None``."""
        message: Any = (
            mask_cpr_in_text(self.message.get(lang))
            if lang
            else {"da": mask_cpr_in_text(self.message.da), "en": mask_cpr_in_text(self.message.en)}
        )
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "index": self.index,
            "record_id": self.record_id,
            "kind": self.kind,
            "pointer": self.pointer,
            "keyword": self.keyword,
            "message": message,
        }


@attrs.define
class KindSummary:
    """Records of one kind: how many, how many valid, how many invalid."""

    records: int = 0
    valid: int = 0
    invalid: int = 0

    def add(self, other: KindSummary) -> None:
        """Add *other*'s counts to these."""
        self.records += other.records
        self.valid += other.valid
        self.invalid += other.invalid


def field_key(finding: Finding) -> str | None:
    """The :attr:`Report.by_field` key of *finding* (``None`` when it has no pointer)."""
    if not finding.pointer:
        return None
    parts = ("*" if part.isdigit() else part for part in finding.pointer.split("/")[1:])
    return f"{finding.kind or '?'} /" + "/".join(parts)


class FindingSpool:
    """Findings kept in a temporary file instead of memory (one compact JSON row each), read
    back in the order they were added, as often as needed: a report of millions of findings
    then costs disk, not memory.  Iterating while adding is not supported."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._count = 0

    def append(self, finding: Finding) -> None:
        """Add *finding* at the end."""
        f = finding
        row = (f.severity, f.file, f.line, f.index, f.record_id, f.kind, f.pointer, f.keyword,
               f.message.da, f.message.en)  # fmt: skip
        self._file.write(orjson.dumps(row) + b"\n")
        self._count += 1

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add every finding of *findings* at the end."""
        for finding in findings:
            self.append(finding)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Finding]:
        self._file.flush()
        self._file.seek(0)
        for raw in self._file:
            severity, file, line, index, rid, kind, pointer, keyword, da, en = orjson.loads(raw)
            yield Finding(severity, file, line, index, rid, kind, pointer, keyword, Text(da, en))
        self._file.seek(0, 2)

    def close(self) -> None:
        """Delete the temporary file."""
        self._file.close()


#: ``by_kind`` key for records whose kind could not be read.
UNKNOWN_KIND = "?"


@attrs.define
class Report:
    """The result of :func:`carekit.validate.validate_paths`.

    ``findings`` holds at most ``max_errors`` findings; ``errors``/``warnings`` and
    ``by_keyword`` count all of them.  ``truncated`` is true when findings were left out.
    With ``spool=True`` (:func:`~carekit.validate.validate_paths`) the findings are in
    ``spool``, a temporary file, and ``findings`` is empty; :meth:`shown` iterates either.
    """

    files: list[str] = attrs.Factory(list)
    records: int = 0
    valid: int = 0
    invalid: int = 0
    errors: int = 0
    warnings: int = 0
    duplicates: int = 0
    by_kind: dict[str, KindSummary] = attrs.Factory(dict)
    by_keyword: Counter[str] = attrs.Factory(Counter)
    #: per input file: its records (valid, invalid) and its findings per keyword
    by_file: dict[str, KindSummary] = attrs.Factory(dict)
    by_file_keyword: dict[str, Counter[str]] = attrs.Factory(dict)
    #: findings per field: ``kind pointer`` with array positions as ``*`` (``"safety_plan
    #: /contacts/*/phone"``), for every finding with a pointer
    by_field: Counter[str] = attrs.Factory(Counter)
    findings: list[Finding] = attrs.Factory(list)
    max_errors: int | None = None
    truncated: bool = False
    elapsed: float = 0.0
    bytes_read: int = 0
    spool: FindingSpool | None = None

    def shown(self) -> list[Finding] | FindingSpool:
        """The findings shown in the report: ``spool`` when findings were spooled, else
        ``findings``."""
        return self.spool if self.spool is not None else self.findings

    @property
    def ok(self) -> bool:
        """True when no record is invalid and no error was found (warnings are allowed)."""
        return self.errors == 0

    @property
    def records_per_second(self) -> float:
        """Records per second of the run's ``elapsed`` time (0.0 when none was measured)."""
        return self.records / self.elapsed if self.elapsed > 0 else 0.0

    def summary_dict(self) -> dict[str, Any]:
        """JSON-ready summary: the counts (overall, per kind, keyword and file), how many
        findings are shown, timing and bytes read; not the findings themselves."""
        return {
            "files": list(self.files),
            "records": self.records,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
            "duplicates": self.duplicates,
            "by_kind": {k: attrs.asdict(v) for k, v in sorted(self.by_kind.items())},
            "by_keyword": dict(sorted(self.by_keyword.items())),
            "by_file": {
                file: attrs.asdict(counts)
                | {"by_keyword": dict(sorted(self.by_file_keyword.get(file, Counter()).items()))}
                for file, counts in self.by_file.items()
            },
            "by_field": dict(self.by_field.most_common()),
            "findings_shown": len(self.shown()),
            "max_errors": self.max_errors,
            "truncated": self.truncated,
            "elapsed_seconds": round(self.elapsed, 3),
            "bytes_read": self.bytes_read,
        }
