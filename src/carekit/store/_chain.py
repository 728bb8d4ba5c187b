"""The tamper-evident history: one hash chain per store over every record version and every
audit row (and, later, every access-log row), and its verification.

Each chained row carries ``chain_seq`` (its position, 1, 2, 3 … over all chained tables
together), ``prev_hash`` (the hash of the row before it; 32 zero bytes for the first) and
``hash``::

    hash = SHA-256("carekit-chain/1\\n" || prev_hash || enc(table) || enc(chain_seq)
                   || enc(column 1) || … || enc(column n))

``enc`` is a tagged, length-prefixed encoding of a column **as stored** (``None``, an
integer, text as UTF-8, or bytes — the document is hashed as the exact bytes in the
database, never re-serialised), so two different rows can never encode alike.  The columns
of each table are listed in :data:`CHAINED_TABLES`; time stamps are the fixed-width UTC text
of :func:`~carekit.store.backend.format_time` and dates ISO text, so one row hashes the same
in SQLite and PostgreSQL.

A writer reads the chain head (``chain_head``: chain id, last position, last hash) inside its
write transaction — locked: SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's ``FOR UPDATE`` on the
head row — links its rows with a :class:`ChainWriter` and stores the new head before
commit, so concurrent writers can never fork the chain.

:func:`verify` recomputes the chain from the rows a backend streams in ``chain_seq`` order
and reports, in Danish and English, every row that is changed, missing, duplicated, out of
order or not chained at all, plus record versions without their audit row and checkpoints
the chain no longer agrees with (:class:`Checkpoint`; signing is in
:mod:`carekit.store._checkpoint`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

import attrs

from carekit.i18n import Text

__all__ = [
    "ACCESS_TABLE",
    "AUDIT_TABLE",
    "CHAINED_TABLES",
    "GENESIS",
    "RECORDS_TABLE",
    "ChainFinding",
    "ChainHead",
    "ChainReport",
    "ChainRow",
    "ChainWriter",
    "ChainedStore",
    "Checkpoint",
    "Value",
    "link_hash",
    "new_chain_id",
    "verify",
]

#: A column value as the chain hashes it.
Value = None | int | str | bytes

#: ``prev_hash`` of the first row.
GENESIS = bytes(32)
_DOMAIN = b"carekit-chain/1\n"

#: The chain's name for the table of record versions (hashed into each of its rows' links).
RECORDS_TABLE = "records"
#: The chain's name for the audit table (hashed into each of its rows' links).
AUDIT_TABLE = "audit"
ACCESS_TABLE = "access_log"

#: The chained tables (logical names, the same on every backend) and the columns each row's
#: hash covers, in order.  Link another append-only table by adding it here, giving it the
#: three chain columns in a migration, and passing its rows through
#: :meth:`ChainWriter.link` in its write transaction (``docs/privacy.md``).
CHAINED_TABLES: Mapping[str, tuple[str, ...]] = {
    RECORDS_TABLE: (
        "record_id",
        "version",
        "kind",
        "citizen_id",
        "status",
        "due_on",
        "stored_at",
        "data",
    ),
    AUDIT_TABLE: (
        "at",
        "actor_id",
        "action",
        "record_id",
        "kind",
        "citizen_id",
        "version",
        "detail",
    ),
    ACCESS_TABLE: (
        "at",
        "actor_id",
        "actor_name",
        "actor_role",
        "actor_kind",
        "purpose",
        "channel",
        "operation",
        "citizen_id",
        "kinds",
        "record_ids",
    ),
}


def _update(h: hashlib._Hash, value: Value) -> None:
    if value is None:
        h.update(b"N")
    elif isinstance(value, bytes):
        h.update(b"B" + len(value).to_bytes(8, "big"))
        h.update(value)
    elif isinstance(value, str):
        data = value.encode()
        h.update(b"S" + len(data).to_bytes(8, "big"))
        h.update(data)
    elif isinstance(value, int) and not isinstance(value, bool):
        h.update(b"I" + value.to_bytes(8, "big", signed=True))
    else:  # pragma: no cover - a backend bug, never user input
        raise TypeError(f"cannot chain a {type(value).__name__}")


def _encoded(value: Value) -> bytes:
    """``enc(value)``: the same bytes :func:`_update` feeds the hash, as one string."""
    if value.__class__ is str:
        data = value.encode()
        return b"S" + len(data).to_bytes(8, "big") + data
    if value is None:
        return b"N"
    if isinstance(value, bytes):
        return b"B" + len(value).to_bytes(8, "big") + value
    if isinstance(value, int) and not isinstance(value, bool):
        return b"I" + value.to_bytes(8, "big", signed=True)
    raise TypeError(f"cannot chain a {type(value).__name__}")  # pragma: no cover


def link_hash(prev: bytes, table: str, seq: int, values: Sequence[Value]) -> bytes:
    """The hash of the row at position *seq* of *table* with column *values*, after *prev*."""
    parts = [_DOMAIN, prev, _encoded(table), _encoded(seq)]
    parts.extend([_encoded(v) for v in values])
    return hashlib.sha256(b"".join(parts)).digest()


def new_chain_id() -> str:
    """A fresh chain id (a store's chain is named by it in every checkpoint)."""
    return str(uuid.uuid4())


@attrs.frozen
class ChainHead:
    """The end of a chain: its id, the last position (0 when empty) and the last hash."""

    chain_id: str
    seq: int
    hash: bytes


class ChainWriter:
    """Links rows after *head*, inside the caller's write transaction."""

    __slots__ = ("chain_id", "hash", "seq")

    def __init__(self, head: ChainHead) -> None:
        self.chain_id = head.chain_id
        self.seq = head.seq
        self.hash = head.hash

    def link(self, table: str, values: Sequence[Value]) -> tuple[int, bytes, bytes]:
        """``(chain_seq, prev_hash, hash)`` of the next row of *table* with *values*."""
        prev = self.hash
        self.seq += 1
        self.hash = link_hash(prev, table, self.seq, values)
        return self.seq, prev, self.hash

    @property
    def head(self) -> ChainHead:
        """The head after the rows linked so far."""
        return ChainHead(self.chain_id, self.seq, self.hash)


@attrs.frozen
class ChainRow:
    """One chained row as a backend reads it back: its table, chain columns, hashed values
    (in :data:`CHAINED_TABLES` order) and ``audit_seq``, the table's own numbering, for audit
    and access-log rows."""

    table: str
    seq: int | None
    prev_hash: bytes | None
    hash: bytes | None
    values: tuple[Value, ...]
    audit_seq: int | None = None

    def _column(self, name: str) -> Value:
        columns = CHAINED_TABLES.get(self.table, ())
        return self.values[columns.index(name)] if name in columns else None

    @property
    def record_id(self) -> str | None:
        """The record this row belongs to (``None`` for an audit row without one)."""
        value = self._column("record_id")
        return value if isinstance(value, str) else None

    @property
    def version(self) -> int | None:
        """The record version this row stores or names (``None`` when it names none)."""
        value = self._column("version")
        return value if isinstance(value, int) else None

    def describe(self) -> Text:
        """Which row this is, without content: table, position, record id and version."""
        where = f"#{self.seq}" if self.seq is not None else "(uden plads/no position)"
        rid, version = self.record_id, self.version
        if self.table == RECORDS_TABLE:
            return Text(
                f"records {where}: post {rid} version {version}",
                f"records {where}: record {rid} version {version}",
            )
        if self.table == AUDIT_TABLE:
            about = f", post {rid} version {version}" if rid else ""
            about_en = f", record {rid} version {version}" if rid else ""
            return Text(
                f"audit {where}: logpost {self.audit_seq}{about}",
                f"audit {where}: audit entry {self.audit_seq}{about_en}",
            )
        if self.table == ACCESS_TABLE:
            return Text(
                f"access_log {where}: læsning {self.audit_seq}",
                f"access_log {where}: read entry {self.audit_seq}",
            )
        return Text(f"{self.table} {where}", f"{self.table} {where}")


@attrs.frozen
class Checkpoint:
    """A signed chain head: *chain_id*, position *seq*, *head* hash, the time, the signer's
    raw Ed25519 public key and the signature over :meth:`message`."""

    chain_id: str
    seq: int
    head: bytes
    at: dt.datetime
    public_key: bytes
    signature: bytes

    def message(self) -> bytes:
        """The bytes that are signed (fixed layout, no JSON re-serialisation)."""
        return checkpoint_message(self.chain_id, self.seq, self.head, self.at)


def checkpoint_message(chain_id: str, seq: int, head: bytes, at: dt.datetime) -> bytes:
    """``carekit-checkpoint/1`` message: chain id, position, head hash (hex) and UTC time."""
    when = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return f"carekit-checkpoint/1\n{chain_id}\n{seq}\n{head.hex()}\n{when}\n".encode()


#: What a finding is about (stable codes, for ``--format json`` and tests).
FindingCode = str


@attrs.frozen
class ChainFinding:
    """One thing wrong with the chain: a stable *code*, the row (table, position, record id,
    version) when there is one, and a bilingual explanation."""

    code: FindingCode
    text: Text
    table: str | None = None
    seq: int | None = None
    record_id: str | None = None
    version: int | None = None
    audit_seq: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "table": self.table,
            "seq": self.seq,
            "record_id": self.record_id,
            "version": self.version,
            "audit_seq": self.audit_seq,
            "message": self.text.as_dict(),
        }


@attrs.frozen
class ChainReport:
    """The result of :func:`verify`: rows checked, the head the rows end in, and findings
    (the first is the first bad row in chain order)."""

    rows: int
    head: ChainHead
    findings: tuple[ChainFinding, ...]

    @property
    def ok(self) -> bool:
        """True when the chain verified: no finding."""
        return not self.findings


@runtime_checkable
class ChainedStore(Protocol):
    """A store that keeps the tamper-evident history (SQLite, PostgreSQL)."""

    def chain_snapshot(self) -> AbstractContextManager[tuple[ChainHead, Iterator[ChainRow]]]:
        """The stored head and every chained row in ``chain_seq`` order (rows without a
        position last), read in one consistent snapshot."""
        ...

    def chain_verify(self, checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
        """Recompute the chain (:func:`verify`) against *checkpoints*."""
        ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Keep a signed checkpoint in the store's ``chain_checkpoints`` table."""
        ...

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints kept in the store, oldest first."""
        ...


def _finding(code: str, row: ChainRow, da: str, en: str) -> ChainFinding:
    where = row.describe()
    return ChainFinding(
        code,
        Text(f"{where.da}: {da}", f"{where.en}: {en}"),
        table=row.table,
        seq=row.seq,
        record_id=row.record_id,
        version=row.version,
        audit_seq=row.audit_seq,
    )


_MAX_FINDINGS = 100


class _Verifier:
    def __init__(self, stored: ChainHead, checkpoints: Sequence[Checkpoint]) -> None:
        self.stored = stored
        self.findings: list[ChainFinding] = []
        self.expected = 1
        self.prev = GENESIS
        self.prev_row: ChainRow | None = None
        self.last_version: dict[str, int] = {}
        self.versions: dict[tuple[str, int], ChainRow] = {}
        self.audited: dict[tuple[str, int], ChainRow] = {}
        self.last_audit_seq = 0
        self.last_access_seq = 0
        self.rows = 0
        self.wanted = {cp.seq: cp for cp in checkpoints}
        self.checkpoints = checkpoints
        self.seen_checkpoint: set[int] = set()

    def add(self, finding: ChainFinding) -> None:
        if len(self.findings) < _MAX_FINDINGS:
            self.findings.append(finding)

    def row(self, row: ChainRow) -> None:
        self.rows += 1
        if row.seq is None or row.hash is None or row.prev_hash is None:
            self.add(
                _finding(
                    "unchained",
                    row,
                    "rækken er ikke en del af kæden (indsat uden om carekit?).",
                    "the row is not part of the chain (inserted outside carekit?).",
                )
            )
            self.content(row)
            return
        if row.seq < self.expected:
            self.add(
                _finding(
                    "duplicate",
                    row,
                    f"plads {row.seq} er brugt to gange (en indsat række?).",
                    f"position {row.seq} is used twice (an inserted row?).",
                )
            )
        elif row.seq > self.expected:
            missing = (
                f"{self.expected}"
                if row.seq == self.expected + 1
                else f"{self.expected}-{row.seq - 1}"
            )
            self.add(
                _finding(
                    "missing",
                    row,
                    f"række(r) {missing} mangler før denne (slettet?).",
                    f"row(s) {missing} are missing before this one (deleted?).",
                )
            )
        elif row.prev_hash != self.prev:
            self.add(
                _finding(
                    "link",
                    row,
                    "prev_hash passer ikke med rækken før (flyttet, indsat eller slettet?).",
                    "prev_hash does not match the row before it (moved, inserted or deleted?).",
                )
            )
        if link_hash(row.prev_hash, row.table, row.seq, row.values) != row.hash:
            self.add(
                _finding(
                    "content",
                    row,
                    "indholdet er ændret, siden rækken blev skrevet (hash passer ikke).",
                    "the content changed after the row was written (hash does not match).",
                )
            )
        cp = self.wanted.get(row.seq)
        if cp is not None:
            self.seen_checkpoint.add(row.seq)
            if cp.head != row.hash:
                self.add(
                    _finding(
                        "checkpoint",
                        row,
                        f"kontrolpunktet fra {cp.at:%Y-%m-%d %H:%M} har et andet hoved her: "
                        "kæden er skrevet om siden.",
                        f"the checkpoint of {cp.at:%Y-%m-%d %H:%M} has another head here: the "
                        "chain was rewritten since.",
                    )
                )
        self.expected = max(self.expected, row.seq + 1)
        self.prev = row.hash
        self.prev_row = row
        self.content(row)

    def content(self, row: ChainRow) -> None:
        """Order checks that do not depend on the hashes: versions of a record follow each
        other, audit entries keep their numbering, every version has its audit entry."""
        rid, version = row.record_id, row.version
        if row.table == RECORDS_TABLE and rid is not None and version is not None:
            before = self.last_version.get(rid, 0)
            if version != before + 1:
                self.add(
                    _finding(
                        "order",
                        row,
                        f"version {version} kommer efter version {before} i kæden.",
                        f"version {version} comes after version {before} in the chain.",
                    )
                )
            self.last_version[rid] = max(before, version)
            self.versions[(rid, version)] = row
        elif row.table == AUDIT_TABLE:
            if row.audit_seq is not None and row.seq is not None:
                if row.audit_seq <= self.last_audit_seq:
                    self.add(
                        _finding(
                            "order",
                            row,
                            f"logpost {row.audit_seq} står efter logpost {self.last_audit_seq} "
                            "i kæden (byttet om?).",
                            f"audit entry {row.audit_seq} comes after entry "
                            f"{self.last_audit_seq} in the chain (swapped?).",
                        )
                    )
                self.last_audit_seq = max(self.last_audit_seq, row.audit_seq)
            action = row.values[CHAINED_TABLES[AUDIT_TABLE].index("action")]
            if action in ("create", "update") and rid is not None and version is not None:
                self.audited.setdefault((rid, version), row)
        elif row.table == ACCESS_TABLE and row.audit_seq is not None and row.seq is not None:
            if row.audit_seq <= self.last_access_seq:
                self.add(
                    _finding(
                        "order",
                        row,
                        f"læsning {row.audit_seq} står efter læsning {self.last_access_seq} "
                        "i kæden (byttet om?).",
                        f"read entry {row.audit_seq} comes after read entry "
                        f"{self.last_access_seq} in the chain (swapped?).",
                    )
                )
            self.last_access_seq = max(self.last_access_seq, row.audit_seq)

    def finish(self) -> ChainHead:
        last = self.expected - 1
        end = ChainHead(self.stored.chain_id, last, self.prev)
        for key in sorted(self.versions.keys() - self.audited.keys()):
            self.add(
                _finding(
                    "no_audit",
                    self.versions[key],
                    "versionen har ingen logpost (skrevet uden om carekit?).",
                    "the version has no audit entry (written outside carekit?).",
                )
            )
        for key in sorted(self.audited.keys() - self.versions.keys()):
            self.add(
                _finding(
                    "no_version",
                    self.audited[key],
                    f"logposten nævner version {key[1]} af post {key[0]}, som ikke findes "
                    "(slettet?).",
                    f"the audit entry names version {key[1]} of record {key[0]}, which does "
                    "not exist (deleted?).",
                )
            )
        if (self.stored.seq, self.stored.hash) != (end.seq, end.hash):
            self.add(
                ChainFinding(
                    "head",
                    Text(
                        f"Kædens hoved siger plads {self.stored.seq}, men rækkerne ender ved "
                        f"{end.seq} (rækker slettet eller tilføjet i enden?).",
                        f"The chain head says position {self.stored.seq}, but the rows end at "
                        f"{end.seq} (rows deleted or added at the end?).",
                    ),
                    table=None,
                    seq=end.seq,
                )
            )
        for cp in self.checkpoints:
            if cp.chain_id != self.stored.chain_id:
                self.add(
                    ChainFinding(
                        "checkpoint",
                        Text(
                            f"Kontrolpunktet (plads {cp.seq}) hører til en anden kæde "
                            f"({cp.chain_id}) end lagerets ({self.stored.chain_id}).",
                            f"The checkpoint (position {cp.seq}) belongs to another chain "
                            f"({cp.chain_id}) than the store's ({self.stored.chain_id}).",
                        ),
                        seq=cp.seq,
                    )
                )
            elif cp.seq not in self.seen_checkpoint:
                self.add(
                    ChainFinding(
                        "checkpoint",
                        Text(
                            f"Kontrolpunktet fra {cp.at:%Y-%m-%d %H:%M} nævner plads {cp.seq}, "
                            f"men kæden har kun {end.seq} rækker: rækker er slettet.",
                            f"The checkpoint of {cp.at:%Y-%m-%d %H:%M} names position "
                            f"{cp.seq}, but the chain has only {end.seq} rows: rows were "
                            "deleted.",
                        ),
                        seq=cp.seq,
                    )
                )
        return end


def verify(
    stored: ChainHead, rows: Iterable[ChainRow], checkpoints: Sequence[Checkpoint] = ()
) -> ChainReport:
    """Recompute the chain from *rows* (in ``chain_seq`` order, unchained rows last) and
    compare it with the *stored* head and each checkpoint (whose signatures the caller has
    checked): a checkpoint is consistent when the row at its position has its head hash and
    every row up to there links — an old head is a prefix of the current chain (the
    consistency of RFC 9162, by full recomputation)."""
    verifier = _Verifier(stored, checkpoints)
    for row in rows:
        verifier.row(row)
    end = verifier.finish()
    findings = sorted(
        verifier.findings,
        key=lambda f: (f.seq is None, f.seq if f.seq is not None else 0),
    )
    return ChainReport(verifier.rows, end, tuple(findings))
