"""Validating one :class:`~carekit.validate._reader.Task`: parse with orjson, decide with the
fast jsonschema-rs validator, detail only what it rejects.  Runs in the calling process or in a
worker; the result holds everything the parent needs to merge (it pickles small)."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable
from hashlib import blake2b
from typing import Any

import attrs
import orjson

from carekit.errors import Problem
from carekit.i18n import Text
from carekit.model import kinds
from carekit.model._problems import duplicate_key_problems, json_error_reason, may_repeat_keys
from carekit.privacy import mask_cpr_in_text
from carekit.schema import MODEL_LIMITS
from carekit.validate._findings import ERROR, UNKNOWN_KIND, Finding, Severity
from carekit.validate._messages import M, describe_error, show_value
from carekit.validate._reader import MAX_DEPTH, MAX_RECORD_BYTES, Task
from carekit.validate._schemas import KindValidators, validators_for

__all__ = ["ChunkResult", "check_task", "id_digest", "id_keys", "json_pointer", "pack_location"]

_LATIN1_LETTERS = frozenset(b"\xe6\xf8\xe5\xc6\xd8\xc5")  # æ ø å Æ Ø Å in Latin-1
_KNOWN = ", ".join(kinds())


@attrs.define
class ChunkResult:
    """What one task found: findings in line order, counts per kind, ids for duplicates.

    The ids are four parallel lists (flat lists of ints and strings pickle several times faster
    than a list of tuples): ``ids`` the record ids, ``id_kinds`` the record's kind (``None`` when
    unknown), ``id_keys`` their :func:`id_digest`, ``id_where`` the :func:`pack_location` of the
    record.  They are not in line order (accepted lines first); the parent process only
    compares keys, and sorts by ``id_where`` and reads the rest when a duplicate turns up.
    """

    file: str
    findings: list[Finding] = attrs.Factory(list)
    by_kind: dict[str, list[int]] = attrs.Factory(dict)  # kind -> [records, valid, invalid]
    ids: list[str] = attrs.Factory(list)
    id_kinds: list[str | None] = attrs.Factory(list)
    id_keys: list[IdKey] = attrs.Factory(list)
    id_where: list[int] = attrs.Factory(list)
    consumed: int = 0
    #: a ``"range"`` task: line numbers (in ``findings`` and ``id_where``) count from 1 at the
    #: start of the range, and ``newlines`` line breaks were in it; the parent shifts them
    relative: bool = False
    newlines: int = 0
    #: the findings as plain tuples, as they arrive from a worker; :meth:`place` makes them
    #: :class:`Finding` objects (with their final line numbers) in one go
    rows: list[_Row] = attrs.Factory(list)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with the findings as plain tuples: a :class:`Finding` (attrs, frozen, with a
        :class:`Text`) takes ~13 µs to unpickle in the parent, a tuple ~0.2 µs (+1 µs to build
        the :class:`Finding` again)."""
        rows = [_row(finding) for finding in self.findings]
        ids = (self.ids, self.id_kinds, self.id_keys, self.id_where)
        sizes = (self.consumed, self.relative, self.newlines)
        return _unpickle_chunk, (self.file, rows, self.by_kind, ids, sizes)

    def place(self, by: int = 0) -> None:
        """Make ``findings`` final: add *by* to every line number (a range's result placed in
        its file) and turn ``rows`` into :class:`Finding` objects."""
        if self.rows:
            self.findings = [
                Finding(severity, name, line + by, index, rid, kind, pointer, keyword, Text(da, en))
                for severity, name, line, index, rid, kind, pointer, keyword, da, en in self.rows
            ]
            self.rows = []
        elif by:
            self.findings = [_moved(finding, by) for finding in self.findings]
        if by:
            step = by << _INDEX_BITS
            self.id_where = [where + step for where in self.id_where]


def _moved(f: Finding, by: int) -> Finding:
    return Finding(f.severity, f.file, f.line + by, f.index, f.record_id, f.kind, f.pointer,
                   f.keyword, f.message)  # fmt: skip


_Row = tuple[Severity, str, int, int | None, str | None, str | None, str, str, str, str]


def _row(f: Finding) -> _Row:
    message = f.message
    return (f.severity, f.file, f.line, f.index, f.record_id, f.kind, f.pointer, f.keyword,
            message.da, message.en)  # fmt: skip


def _unpickle_chunk(
    file: str,
    rows: list[_Row],
    by_kind: dict[str, list[int]],
    ids: tuple[list[str], list[str | None], list[IdKey], list[int]],
    sizes: tuple[int, bool, int],
) -> ChunkResult:
    consumed, relative, newlines = sizes
    return ChunkResult(
        file, [], by_kind, *ids, consumed=consumed, relative=relative, newlines=newlines, rows=rows
    )


#: Ids up to this many characters are their own key in the duplicate index (a UUID has 36).
KEY_CHARS = 64

IdKey = str | bytes


def id_digest(record_id: str) -> IdKey:
    """The key of an id in the duplicate index: equal ids always get the same key.

    An id of at most :data:`KEY_CHARS` characters is its own key, so different ids never share
    one (and the parent process hashes a string it received anyway, once).  A longer id is keyed
    by its 128-bit BLAKE2b digest, as ``bytes`` (never equal to a ``str`` key).
    """
    if len(record_id) <= KEY_CHARS:
        return record_id
    return blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def id_keys(ids: list[str]) -> list[IdKey]:
    """:func:`id_digest` of every id; short ids (the common case) without a call per id."""
    limit = KEY_CHARS
    if max(map(len, ids), default=0) <= limit:
        return list(ids)  # the same objects: pickled once, then as references
    return [record_id if len(record_id) <= limit else id_digest(record_id) for record_id in ids]


_LINE_BITS = 40
_INDEX_BITS = 40


def pack_location(file_no: int, line: int, index: int | None) -> int:
    """``(file number, line, array index or None)`` as one int (compact in the duplicate index)."""
    slot = 0 if index is None else index + 1
    return (file_no << (_LINE_BITS + _INDEX_BITS)) | (line << _INDEX_BITS) | slot


def unpack_location(packed: int) -> tuple[int, int, int | None]:
    slot = packed & ((1 << _INDEX_BITS) - 1)
    line = (packed >> _INDEX_BITS) & ((1 << _LINE_BITS) - 1)
    return packed >> (_LINE_BITS + _INDEX_BITS), line, (slot - 1 if slot else None)


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901: ``["a", 0, "b/c"]`` → ``/a/0/b~1c``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict):
        value = record.get("id")
        if isinstance(value, str):
            return mask_cpr_in_text(value[:80])
    return None


def _utf16(raw: bytes) -> bool:
    return raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.count(b"\x00") * 3 >= len(raw) > 0


def _encoding_hint(raw: bytes) -> Text:
    """The likely encoding of a line that is not UTF-8: UTF-16 (a byte order mark, or a NUL in
    every other byte), Windows-1252 (bytes 0x80-0x9f: € ’ “ ” …, control codes in Latin-1),
    Latin-1 (æ ø å Æ Ø Å), or no guess."""
    if _utf16(raw):
        return M.UTF16_HINT
    if any(0x80 <= b <= 0x9F for b in raw):
        return M.CP1252_HINT
    if any(b in _LATIN1_LETTERS for b in raw):
        return M.LATIN1_HINT
    return Text("", "")


class _Checker:
    def __init__(
        self, task: Task, forced_kind: str | None, max_record_bytes: int, file_no: int = 0
    ):
        self.task = task
        self.file = task.file
        self.file_no = file_no
        self.forced = forced_kind
        self.limit = max_record_bytes
        self.result = ChunkResult(task.file, consumed=task.consumed)
        self.validators: dict[str, KindValidators] = {}
        # ids of records the hot loop accepted (NDJSON lines): id (a str unless the schema lets
        # it be absent), line, kind; three lists, appended to without building tuples
        self.valid_ids: list[Any] = []
        self.valid_lines: list[int] = []
        self.valid_kinds: list[str] = []
        # ids of all other records: (id, line, index, kind)
        self.seen_ids: list[tuple[str, int, int | None, str | None]] = []

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
            bad_at: int | None = None
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                bad_at = bad.start
            else:
                if _utf16(raw):  # NULs are valid UTF-8, but no JSON text has them
                    bad_at = raw.index(b"\x00")
            if bad_at is not None:
                message = M.ENCODING.format(byte=raw[bad_at], column=bad_at + 1, hint="{hint}")
                hint = _encoding_hint(raw)
                message = Text(
                    message.da.replace("{hint}", hint.da), message.en.replace("{hint}", hint.en)
                )
                self.error(line, index, "encoding", message)
            else:
                keyword, text = ("truncated", M.TRUNCATED) if last else ("json", M.JSON)
                why = json_error_reason(error) if isinstance(error, ValueError) else None
                why = why or Text(str(error), str(error))
                message = Text(text.da.format(reason=why.da), text.en.format(reason=why.en))
                self.error(line, index, keyword, message)
        self.count(UNKNOWN_KIND, False)

    def record(
        self,
        record: Any,
        line: int,
        index: int | None,
        *,
        rejected: bool = False,
        repeated: list[Problem] | None = None,
    ) -> None:
        """Decide and detail one parsed record; *rejected*: the fast validator already said no;
        *repeated*: the problems of its repeated member names (an error each, whatever else)."""
        forced = self.forced
        kind: Any = None
        if repeated:
            rid = _record_id(record)
            known = record.get("kind") if type(record) is dict else None
            for problem in repeated:
                self.error(line, index, problem.keyword, problem.message, pointer=problem.pointer,
                           kind=known if type(known) is str and known in _KINDS else None,
                           record_id=rid)  # fmt: skip
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
        try:
            explained = (
                []
                if not rejected and validators.fast.is_valid(record)
                else _details(validators, record)
            )
        except (RecursionError, ValueError) as error:  # jsonschema-rs: "Recursion limit reached"
            if not isinstance(error, RecursionError) and "ecursion" not in str(error):
                raise
            explained = [("depth", M.TOO_DEEP_TO_CHECK, [])]
        self.count(kind, not explained and not repeated)
        if explained:
            rid = _record_id(record)
            for keyword, message, path in explained:
                pointer = json_pointer(path)
                self.error(line, index, keyword, message, kind=kind, record_id=rid, pointer=pointer)
        self._remember_id(record, line, index, kind)

    def _remember_id(self, record: Any, line: int, index: int | None, kind: str | None) -> None:
        if type(record) is dict:
            value = record.get("id")
            if type(value) is str:
                self.seen_ids.append((value, line, index, kind))

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
        repeated = duplicate_key_problems(raw) if may_repeat_keys(raw, record) else None
        self.record(record, line, index, repeated=repeated)

    def run(self) -> ChunkResult:
        task = self.task
        if task.mode == "range":
            self.range(task)
        else:
            self.notes(task)
            if task.mode == "items":
                for line, index, raw in task.items:
                    self.one(raw, line, index, last=False)
            else:
                self.lines(task.data, task.first_line, task.unterminated)
        self.result.findings.sort(key=_order)
        self._digest_ids()
        return self.result

    def notes(self, task: Task) -> None:
        """The reader's own findings."""
        for note, counts in task.notes:
            self.result.findings.append(note)
            if counts:
                self.count(UNKNOWN_KIND, False)

    def read_error(self, line: int, error: OSError) -> None:
        self.error(line, None, "read-error", M.READ_ERROR.format(reason=str(error)))

    def range(self, task: Task) -> None:
        """Read, cut and check a ``"range"`` task, numbering its lines from 1."""
        self.result.relative = True
        line = 1  # the line after the last one checked
        try:
            for sub in task.range_tasks(self.limit):
                if sub.mode == "lines":
                    line = sub.first_line + self.lines(sub.data, sub.first_line, sub.unterminated)
                else:  # a line over the size limit, skipped by the reader
                    self.notes(sub)
                    line = max(note.line for note, _ in sub.notes) + 1
        except OSError as error:
            self.read_error(line, error)
        self.result.newlines = line - 1

    def _digest_ids(self) -> None:
        """Fill the result's id lists (not in line order: the hot loop's ids come first).  The
        slow part, making the keys, runs here in the worker."""
        ids: list[str] = self.valid_ids
        lines = self.valid_lines
        kinds: list[str | None] = self.valid_kinds  # type: ignore[assignment]
        if not set(map(type, ids)) <= {str}:  # no id, or one the schema let be a non-string
            kept = [n for n, record_id in enumerate(ids) if type(record_id) is str]
            ids = [ids[n] for n in kept]
            lines = [lines[n] for n in kept]
            kinds = [kinds[n] for n in kept]
        file_bits = self.file_no << (_LINE_BITS + _INDEX_BITS)
        where = [file_bits | (line << _INDEX_BITS) for line in lines]  # pack_location(.., None)
        file_no = self.file_no
        for record_id, line, index, kind in self.seen_ids:
            ids.append(record_id)
            kinds.append(kind)
            where.append(pack_location(file_no, line, index))
        result = self.result
        result.ids, result.id_kinds, result.id_where = ids, kinds, where
        result.id_keys = id_keys(ids)

    def lines(self, data: bytes, first_line: int, unterminated: bool) -> int:  # noqa: PLR0915 - the hot loop is one function on purpose (no call per record)
        """The hot loop: one NDJSON line at a time, with as little Python per record as we can.

        *data* holds whole lines from line number *first_line*; *unterminated*: its last line
        ends the file without a line break.  Returns the number of line breaks in *data*.

        A record of a known kind that the fast validator accepts costs a parse, a dict lookup,
        the validator call and two list appends; every other case goes through :meth:`one` /
        :meth:`record`.  Counting per kind and collecting ids happen once per task, after it.
        """
        lines = data.split(b"\n")
        last_number = len(lines) - 1
        loads = orjson.loads
        dumps = orjson.dumps
        decode_error = orjson.JSONDecodeError
        careful = 2 * MAX_DEPTH  # a refused line this long is never blank: no strip() needed
        limit = self.limit
        fast: dict[object, Any] = {}
        if self.forced is None:
            fast = {kind: self.validator(kind).fast.is_valid for kind in _KINDS}
        get_fast = fast.get
        may_repeat = may_repeat_keys
        valid_kinds: list[str] = []
        add_kind = valid_kinds.append
        valid_ids: list[Any] = []
        add_id = valid_ids.append
        valid_lines: list[int] = []
        add_line = valid_lines.append
        for line_no, raw in enumerate(lines, first_line):
            if len(raw) > limit:
                number = line_no - first_line
                self.one(raw, line_no, None, last=unterminated and number == last_number)
                continue
            try:
                record = loads(raw)
            except decode_error:
                # orjson refuses exactly what nests deeper than MAX_DEPTH (its own limit), so
                # only a line it refuses needs the depth check: :meth:`one` does it first.
                if len(raw) > careful or raw.strip():  # blank lines are skipped
                    last = unterminated and line_no - first_line == last_number
                    self.one(raw, line_no, None, last)
                continue
            # repeated member names: a record orjson writes back byte for byte has none (its
            # output never repeats a name) - exported files usually are written so; any other
            # line goes through the quote-count screen (:func:`may_repeat_keys`)
            try:
                written = dumps(record)
            except TypeError:  # nested deeper than orjson writes (255)
                written = None
            if written != raw and may_repeat(raw, record):
                repeated = duplicate_key_problems(raw)
                if repeated:
                    self.record(record, line_no, None, repeated=repeated)
                    continue
            if type(record) is dict:
                kind: Any = record.get("kind")
                is_valid = get_fast(kind) if type(kind) is str else None  # [] is unhashable
                if is_valid is not None:
                    try:
                        accepted = is_valid(record)
                    except (RecursionError, ValueError):  # too deep for jsonschema-rs
                        accepted = False  # record() says so
                    if accepted:
                        add_kind(kind)
                        add_id(record.get("id"))
                        add_line(line_no)
                        continue
                    self.record(record, line_no, None, rejected=True)
                    continue
            self.record(record, line_no, None)
        self._count_valid(valid_kinds)
        self.valid_ids += valid_ids
        self.valid_lines += valid_lines
        self.valid_kinds += valid_kinds
        return last_number

    def _count_valid(self, valid_kinds: list[str]) -> None:
        counts = self.result.by_kind
        for kind, number in Counter(valid_kinds).items():
            kind_counts = counts.get(kind)
            if kind_counts is None:
                kind_counts = counts[kind] = [0, 0, 0]
            kind_counts[0] += number
            kind_counts[1] += number


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


def _details(validators: KindValidators, record: Any) -> list[tuple[str, Text, list[Any]]]:
    """The verdict and report for a record: ``(keyword, message, instance path)`` of every
    error, an empty list when the record is valid (JSON Schema 2020-12, formats asserted).

    The fast validator's errors are the reference's except where it tightened a check
    (:meth:`KindValidators.tightened_format`): the native ``uuid``/``date``/``date-time`` check
    and their canonical pattern.  Those are settled value by value with the exact format check
    (one error per value, a ``format`` error, or none).  Only a
    tightened check inside ``anyOf`` (a branch might pass after all), or a rejected record with
    no errors, goes through the exact validator.
    """
    explained: list[tuple[str, Text, list[Any]]] = []
    settled: set[tuple[Any, ...]] = set()
    for error in validators.fast.iter_errors(record):
        schema_path = error.schema_path
        keyword = str(schema_path[-1]) if schema_path else ""
        details: dict[str, Any] = error.kind.as_dict()
        name = validators.tightened_format(keyword, details)
        if name is not None:
            path = list(error.instance_path)
            where = tuple(path)
            if where in settled:
                continue
            settled.add(where)
            if not validators.reference_formats[name](error.instance):
                message = describe_error("format", {"format": name}, error.instance, None)
                explained.append(("format", message, path))
            continue
        if keyword == "anyOf" and _has_tightened(validators, details):
            return _exact_details(validators, record)
        explained.append(_explain(validators, error, details, schema_path))
    if not explained and not settled:  # rejected without a reason: let the exact one decide
        return _exact_details(validators, record)
    return _tidy(explained)


_Explained = list[tuple[str, Text, list[Any]]]


def _tidy(explained: _Explained) -> _Explained:
    """Without the model-limit ``pattern`` error of a value that has a ``format`` error too:
    the format error says what is wrong; the limit only matters for a valid date."""
    formats = {tuple(path) for keyword, _, path in explained if keyword == "format"}
    if not formats:
        return explained
    return [
        item
        for item in explained
        if not (
            item[0] == "pattern" and item[1].en.startswith(_LIMIT_EN) and tuple(item[2]) in formats
        )
    ]


_LIMIT_EN = M.MODEL_LIMIT.en.split("{", 1)[0]


def _has_tightened(validators: KindValidators, details: dict[str, Any]) -> bool:
    for branch in details.get("context", ()):
        for sub in branch:
            sub_path = sub.schema_path
            keyword = str(sub_path[-1]) if sub_path else ""
            sub_details: dict[str, Any] = sub.kind.as_dict()
            if validators.tightened_format(keyword, sub_details) is not None:
                return True
            if keyword == "anyOf" and _has_tightened(validators, sub_details):
                return True
    return False


def _exact_details(validators: KindValidators, record: Any) -> list[tuple[str, Text, list[Any]]]:
    return _tidy([_explain(validators, error) for error in validators.exact.iter_errors(record)])


def _explain(
    validators: KindValidators,
    error: Any,
    details: dict[str, Any] | None = None,
    schema_path: Any = None,
) -> tuple[str, Text, list[Any]]:
    """``(keyword, message, instance path)`` of one jsonschema-rs error (*details* and
    *schema_path*: the error's, when the caller has read them already)."""
    if details is None:
        details = error.kind.as_dict()
    if schema_path is None:
        schema_path = error.schema_path
    keyword = validators.keyword_of(list(schema_path), details.get("format"))
    path = list(error.instance_path)
    if keyword == "anyOf":
        sub_errors = [sub for branch in details.get("context", ()) for sub in branch]
        # an error inside the value (a field of a nullable object) says more than any error
        # on the value itself, even a type error; a model-limit pattern says less than a format
        depth = len(path)
        deeper = [s for s in sub_errors if len(list(s.instance_path)) > depth]
        informative = sorted(
            deeper or [s for s in sub_errors if _kw(validators, s) != "type"],
            key=lambda s: _is_limit(validators, s),
        )
        if informative:
            keyword, inner, path = _explain(validators, informative[0])
            if deeper:  # the value is not null: "(or null)" would be about another field
                return keyword, inner, path
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
        pattern = validators.original_pattern(details.get("pattern"))
        if pattern in LIMIT_PATTERNS:
            return keyword, M.MODEL_LIMIT.format(value=show_value(error.instance)), path
    return keyword, describe_error(keyword, details, error.instance, pattern), path


#: The patterns the published schema puts beside a date/date-time format (what the model holds).
LIMIT_PATTERNS = frozenset(limit["pattern"] for limit in MODEL_LIMITS.values())


def _is_limit(validators: KindValidators, error: Any) -> bool:
    if _kw(validators, error) != "pattern":
        return False
    return validators.original_pattern(error.kind.as_dict().get("pattern")) in LIMIT_PATTERNS


def _kw(validators: KindValidators, error: Any) -> str:
    return validators.keyword_of(list(error.schema_path), error.kind.as_dict().get("format"))


def check_task(
    task: Task,
    forced_kind: str | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
    file_no: int = 0,
) -> ChunkResult:
    """Validate one task (*file_no* goes into the packed id locations).  The garbage collector
    is paused: parsed records die young."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Checker(task, forced_kind, max_record_bytes, file_no).run()
    finally:
        if enabled:
            gc.enable()
