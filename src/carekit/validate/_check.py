"""Validating one :class:`~carekit.validate._reader.Task`: parse with orjson, decide with the
fast jsonschema-rs validator, detail only what it rejects.  Runs in the calling process or in a
worker; the result holds everything the parent needs to merge (it pickles small)."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

import attrs
import orjson

from carekit.i18n import Text
from carekit.model import kinds
from carekit.privacy import mask_cpr_in_text
from carekit.validate._findings import ERROR, UNKNOWN_KIND, Finding
from carekit.validate._messages import M, describe_error, show_value
from carekit.validate._reader import MAX_DEPTH, MAX_RECORD_BYTES, Task
from carekit.validate._schemas import KindValidators, validators_for

__all__ = ["ChunkResult", "check_task", "json_pointer"]

_LATIN1_LETTERS = frozenset(b"\xe6\xf8\xe5\xc6\xd8\xc5")  # æ ø å Æ Ø Å in Latin-1
_KNOWN = ", ".join(kinds())


@attrs.define
class ChunkResult:
    """What one task found: findings in line order, counts per kind, ids for duplicates."""

    file: str
    findings: list[Finding] = attrs.Factory(list)
    by_kind: dict[str, list[int]] = attrs.Factory(dict)  # kind -> [records, valid, invalid]
    ids: list[tuple[str, int, int | None, str | None]] = attrs.Factory(list)
    consumed: int = 0


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901: ``["a", 0, "b/c"]`` → ``/a/0/b~1c``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict):
        value = record.get("id")
        if isinstance(value, str):
            return mask_cpr_in_text(value[:80])
    return None


class _Checker:
    def __init__(self, task: Task, forced_kind: str | None, max_record_bytes: int):
        self.task = task
        self.file = task.file
        self.forced = forced_kind
        self.limit = max_record_bytes
        self.result = ChunkResult(task.file, consumed=task.consumed)
        self.validators: dict[str, KindValidators] = {}

    # -- counting -----------------------------------------------------------------------------
    def count(self, kind: str, valid: bool) -> None:
        counts = self.result.by_kind.get(kind)
        if counts is None:
            counts = self.result.by_kind[kind] = [0, 0, 0]
        counts[0] += 1
        counts[1 if valid else 2] += 1

    def error(
        self,
        line: int,
        index: int | None,
        keyword: str,
        message: Text,
        *,
        kind: str | None = None,
        record_id: str | None = None,
        pointer: str = "",
    ) -> None:
        self.result.findings.append(
            Finding(ERROR, self.file, line, index, record_id, kind, pointer, keyword, message)
        )

    def validator(self, kind: str) -> KindValidators:
        found = self.validators.get(kind)
        if found is None:
            found = self.validators[kind] = validators_for(kind)
        return found

    # -- one record ---------------------------------------------------------------------------
    def bad_json(
        self, raw: bytes, line: int, index: int | None, error: Exception, last: bool
    ) -> None:
        reason = str(error).split(":", 1)[0] if "recursion" not in str(error) else "recursion"
        if reason == "recursion":
            self.error(line, index, "depth", M.DEPTH.format(limit=MAX_DEPTH))
        else:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                latin1 = any(b in _LATIN1_LETTERS for b in raw)
                message = M.ENCODING.format(
                    byte=raw[bad.start],
                    column=bad.start + 1,
                    hint="{hint}",
                )
                hint = M.LATIN1_HINT if latin1 else Text("", "")
                message = Text(
                    message.da.replace("{hint}", hint.da), message.en.replace("{hint}", hint.en)
                )
                self.error(line, index, "encoding", message)
            else:
                keyword, text = ("truncated", M.TRUNCATED) if last else ("json", M.JSON)
                self.error(line, index, keyword, text.format(reason=mask_cpr_in_text(str(error))))
        self.count(UNKNOWN_KIND, False)

    def record(self, record: Any, line: int, index: int | None) -> None:
        forced = self.forced
        kind: Any = None
        if forced is not None:
            kind = forced
        elif type(record) is not dict:
            self.error(line, index, "not-object", M.NOT_OBJECT.format(value=show_value(record)))
            self.count(UNKNOWN_KIND, False)
            return
        else:
            kind = record.get("kind")
            if type(kind) is not str or kind not in _KINDS:
                rid = _record_id(record)
                if "kind" in record:
                    text = M.UNKNOWN_KIND.format(value=show_value(kind), known=_KNOWN)
                else:
                    text = M.NO_KIND.format(known=_KNOWN)
                self.error(line, index, "unknown-kind", text, record_id=rid, pointer="/kind")
                self.count(UNKNOWN_KIND, False)
                self._remember_id(record, line, index, None)
                return
        validators = self.validator(kind)
        # The exact validator's error list is the verdict: one pass decides and details.
        errors = (
            () if validators.fast.is_valid(record) else list(validators.exact.iter_errors(record))
        )
        self.count(kind, not errors)
        if errors:
            self.detail(validators, errors, record, kind=kind, line=line, index=index)
        self._remember_id(record, line, index, kind)

    def _remember_id(self, record: Any, line: int, index: int | None, kind: str | None) -> None:
        if type(record) is dict:
            value = record.get("id")
            if type(value) is str:
                self.result.ids.append((value, line, index, kind))

    def detail(
        self,
        validators: KindValidators,
        errors: list[Any],
        record: Any,
        *,
        kind: str,
        line: int,
        index: int | None,
    ) -> None:
        rid = _record_id(record)
        for error in errors:
            keyword, message, path = _explain(validators, error)
            pointer = json_pointer(path)
            self.error(line, index, keyword, message, kind=kind, record_id=rid, pointer=pointer)

    # -- a task -------------------------------------------------------------------------------
    def too_deep(self, raw: bytes) -> bool:
        return (
            len(raw) > 2 * MAX_DEPTH
            and raw.count(b"{") + raw.count(b"[") > MAX_DEPTH
            and _depth(raw) > MAX_DEPTH
        )

    def one(self, raw: bytes, line: int, index: int | None, last: bool) -> None:
        if len(raw) > self.limit:
            self.error(
                line, index, "too-large", M.TOO_LARGE.format(size=len(raw), limit=self.limit)
            )
            self.count(UNKNOWN_KIND, False)
            return
        if self.too_deep(raw):
            self.error(line, index, "depth", M.DEPTH.format(limit=MAX_DEPTH))
            self.count(UNKNOWN_KIND, False)
            return
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            self.bad_json(raw, line, index, error, last)
            return
        self.record(record, line, index)

    def run(self) -> ChunkResult:
        task = self.task
        for note, counts in task.notes:
            self.result.findings.append(note)
            if counts:
                self.count(UNKNOWN_KIND, False)
        if task.mode == "items":
            for line, index, raw in task.items:
                self.one(raw, line, index, last=False)
        else:
            self.lines()
        self.result.findings.sort(key=_order)
        return self.result

    def lines(self) -> None:
        """The hot loop: one NDJSON line at a time, with as little Python per record as we can.

        A record of a known kind that the fast validator accepts is counted right here; every
        other case goes through :meth:`one` / :meth:`record`.
        """
        task = self.task
        lines = task.data.split(b"\n")
        last_number = len(lines) - 1
        loads = orjson.loads
        decode_error = orjson.JSONDecodeError
        careful = max(2 * MAX_DEPTH, 0)  # a line this short cannot nest deeper than MAX_DEPTH
        fast: dict[object, Any] = {}
        if self.forced is None:
            fast = {kind: self.validator(kind).fast.is_valid for kind in _KINDS}
        counts = self.result.by_kind
        remember = self.result.ids.append
        line_no = task.first_line - 1
        for number, raw in enumerate(lines):
            line_no += 1
            if len(raw) > careful:
                self.one(raw, line_no, None, last=task.unterminated and number == last_number)
                continue
            try:
                record = loads(raw)
            except decode_error as error:
                if raw.strip():
                    last = task.unterminated and number == last_number
                    self.bad_json(raw, line_no, None, error, last)
                continue
            if type(record) is dict:
                kind: Any = record.get("kind")
                is_valid = fast.get(kind)
                if is_valid is not None and is_valid(record):
                    kind_counts = counts.get(kind)
                    if kind_counts is None:
                        kind_counts = counts[kind] = [0, 0, 0]
                    kind_counts[0] += 1
                    kind_counts[1] += 1
                    record_id = record.get("id")
                    if type(record_id) is str:
                        remember((record_id, line_no, None, kind))
                    continue
            self.record(record, line_no, None)


_KINDS = frozenset(kinds())


def _order(finding: Finding) -> tuple[int, int]:
    return finding.line, -1 if finding.index is None else finding.index


def _depth(raw: bytes) -> int:
    """Maximum nesting depth of *raw*, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x7B, 0x5B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x7D, 0x5D):
            depth -= 1
    return deepest


def _explain(validators: KindValidators, error: Any) -> tuple[str, Text, list[Any]]:
    """``(keyword, message, instance path)`` of one jsonschema-rs error."""
    details: dict[str, Any] = error.kind.as_dict()
    keyword = validators.keyword_of(list(error.schema_path), details.get("format"))
    path = list(error.instance_path)
    if keyword == "anyOf":
        sub_errors = [sub for branch in details.get("context", ()) for sub in branch]
        informative = [s for s in sub_errors if _kw(validators, s) != "type"]
        if informative:
            keyword, inner, path = _explain(validators, informative[0])
            return (
                keyword,
                Text(M.ANY_OF.da.format(inner=inner.da), M.ANY_OF.en.format(inner=inner.en)),
                path,
            )
        types = [t for s in sub_errors for t in s.kind.as_dict().get("types", ())]
        if types:
            return "type", describe_error("type", {"types": types}, error.instance, None), path
        return keyword, M.ANY_OF_PLAIN.format(value=show_value(error.instance)), path
    if keyword == "required":
        path.append(details.get("property", ""))
    pattern = None
    if keyword == "pattern":
        name = details.get("format")
        pattern = (
            validators.py_patterns.get(name)
            if name
            else validators.original_pattern(details.get("pattern"))
        )
    return keyword, describe_error(keyword, details, error.instance, pattern), path


def _kw(validators: KindValidators, error: Any) -> str:
    return validators.keyword_of(list(error.schema_path), error.kind.as_dict().get("format"))


def check_task(
    task: Task, forced_kind: str | None = None, max_record_bytes: int = MAX_RECORD_BYTES
) -> ChunkResult:
    """Validate one task.  The garbage collector is paused: parsed records die young."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Checker(task, forced_kind, max_record_bytes).run()
    finally:
        if enabled:
            gc.enable()
