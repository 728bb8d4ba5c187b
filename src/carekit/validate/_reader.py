"""Reading exports as a stream of raw records: NDJSON lines, JSON array elements, or one
document; plain or gzip (by magic bytes); files, directories, standard input.

Nothing here parses a record: the reader only cuts the byte stream into :class:`Task` objects
(raw bytes plus line numbers) that :mod:`carekit.validate._check` validates, in this process or
in a worker.  Memory is bounded by ``BLOCK`` plus the record size limit, whatever the file size.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

import attrs
import orjson

from carekit.i18n import Text
from carekit.validate._findings import ERROR, WARNING, Finding
from carekit.validate._messages import M

__all__ = [
    "BLOCK",
    "MAX_DEPTH",
    "MAX_GZIP_BYTES",
    "MAX_GZIP_RATIO",
    "MAX_RECORD_BYTES",
    "RANGE_BYTES",
    "Source",
    "Task",
    "expand_paths",
    "read_tasks",
]

#: Bytes read at a time, and the size of a task handed to a worker.
BLOCK = 1 << 20
#: Bytes of a plain NDJSON file a worker process reads and validates as one task (``--jobs``).
RANGE_BYTES = 4 << 20
#: Records larger than this are reported as ``too-large`` and not parsed.
MAX_RECORD_BYTES = 16 << 20
#: Records nested deeper than this are reported as ``depth`` and not validated.
MAX_DEPTH = 1024  # orjson >= 3.9 refuses deeper documents too
#: A gzip file may expand to at most this many bytes ...
MAX_GZIP_BYTES = 16 << 30
#: ... and, once it has expanded beyond 64 MiB, to at most this many times its compressed size
#: (an export of real records compresses about 5-20 times; a "gzip bomb" 1,000 times).
MAX_GZIP_RATIO = 200
_RATIO_FROM = 64 << 20

SUFFIXES = (".json", ".jsonl", ".ndjson")
_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"
_WS = b" \t\r\n"


@attrs.frozen
class Source:
    """One input: a file path, or ``-`` for standard input."""

    name: str
    path: Path | None  # None: standard input

    @property
    def size(self) -> int | None:
        if self.path is None:
            return None
        try:
            return self.path.stat().st_size
        except OSError:
            return None


@attrs.frozen
class Task:
    """Raw records of one file to validate.

    ``mode == "lines"``: ``data`` holds complete lines starting at line ``first_line``;
    ``unterminated`` says the last line had no newline at the end of the file.
    ``mode == "items"``: ``items`` holds ``(line, index, raw)`` of array elements or a document.
    ``mode == "range"``: the NDJSON lines in ``length`` bytes at ``offset`` of the plain file
    ``path``, which the worker reads and cuts into lines itself; nobody counted their line breaks
    beforehand, so the result's line numbers count from 1 at ``offset`` and the parent process
    shifts them (:attr:`ChunkResult.newlines <carekit.validate._check.ChunkResult>` says by how
    much the next range moves on).
    ``notes`` are findings the reader made itself, each ``(finding, counts_as_record)``.
    """

    file: str
    mode: Literal["lines", "items", "range"]
    first_line: int = 1
    data: bytes = b""
    unterminated: bool = False
    items: tuple[tuple[int, int | None, bytes], ...] = ()
    notes: tuple[tuple[Finding, bool], ...] = ()
    consumed: int = 0  # bytes of the underlying file read since the previous task (progress)
    path: str | None = None  # ``mode == "range"``: the file, and the bytes to read of it
    offset: int = 0
    length: int = 0

    def range_tasks(self, max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Task]:
        """The tasks of a ``"range"`` task, read here (in the worker), with line numbers
        counted from 1 at the start of the range: usually one ``"lines"`` task holding the whole
        range; a range stretched by a very long line is cut as the parent cuts a stream
        (``"lines"`` tasks of at most ``BLOCK`` bytes and ``too-large`` notes), so memory stays
        bounded by ``BLOCK`` plus *max_record_bytes* whatever the range holds.

        Raises ``OSError`` when the file is shorter than the range (changed while being read).
        """
        if self.path is None:  # pragma: no cover - the reader always sets it for ranges
            raise ValueError("a range task needs a path")
        with open(self.path, "rb") as file:  # noqa: PTH123 - a plain, short-lived handle
            file.seek(self.offset)
            if self.length <= 2 * RANGE_BYTES:  # the usual range: one read, no copies
                data = file.read(self.length)
                unterminated = not data.endswith(b"\n")
                yield Task(self.file, "lines", data=data, unterminated=unterminated)
                if len(data) < self.length:
                    raise OSError(f"{self.path} changed while it was being read")
                return
            stream = _RangeStream(file, self.length)  # a range stretched by a very long line
            yield from _Reader(self.file, stream, max_record_bytes)._lines(b"")
            if stream.remaining:
                raise OSError(f"{self.path} changed while it was being read")


def expand_paths(paths: list[str], skipped: list[Path] | None = None) -> list[Source]:
    """Files in argument order; directories walked recursively in sorted order, for
    :data:`SUFFIXES` (with or without ``.gz``); the other files found there are appended to
    *skipped*.  Raises ``FileNotFoundError`` for a path that does not exist."""
    sources: list[Source] = []
    for raw in paths:
        if raw == "-":
            sources.append(Source("<stdin>", None))
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    lower = name.lower().removesuffix(".gz")
                    if lower.endswith(SUFFIXES):
                        found.append(Path(root) / name)
                    elif skipped is not None:
                        skipped.append(Path(root) / name)
            sources.extend(Source(str(p), p) for p in found)
        elif path.exists():
            sources.append(Source(raw, path))
        else:
            raise FileNotFoundError(raw)
    return sources


def _note(
    file: str,
    line: int,
    keyword: str,
    message: Text,
    *,
    severity: str = ERROR,
    index: int | None = None,
) -> Finding:
    return Finding(
        severity=ERROR if severity == ERROR else WARNING,
        file=file,
        line=line,
        index=index,
        record_id=None,
        kind=None,
        pointer="",
        keyword=keyword,
        message=message,
    )


class _ExpansionLimit(Exception):
    """A gzip file expanded beyond :data:`MAX_GZIP_BYTES` or :data:`MAX_GZIP_RATIO`."""

    def __init__(self, expanded: int, compressed: int):
        super().__init__(expanded, compressed)
        self.expanded = expanded
        self.compressed = compressed


class _Stream:
    """A binary stream that reports how many bytes of the underlying file were consumed."""

    def __init__(self, source: Source):
        raw: IO[bytes] = sys.stdin.buffer if source.path is None else source.path.open("rb")
        self.raw = raw
        self.owned = source.path is not None
        head = self._peek(raw, 2)
        self.stream: IO[bytes] | gzip.GzipFile = (
            gzip.GzipFile(fileobj=raw, mode="rb") if head == _GZIP_MAGIC else raw
        )
        self.position = 0
        self.returned = 0  # bytes handed out by read(): the file offset for a plain file
        #: the path when the bytes read are the file's own (a regular, uncompressed file), so
        #: a worker can read a range of it itself; else ``None``
        self.plain_file: str | None = (
            str(source.path)
            if source.path is not None and self.stream is raw and source.path.is_file()
            else None
        )

    @staticmethod
    def _peek(raw: IO[bytes], size: int) -> bytes:
        peek = getattr(raw, "peek", None)
        if peek is not None:
            return bytes(peek(size)[:size])
        return b""  # pragma: no cover - files and stdin are buffered

    def read(self, size: int = BLOCK) -> bytes:
        data = self.stream.read(size)
        self.returned += len(data)
        if self.stream is not self.raw and self.returned > _RATIO_FROM:
            self._check_expansion()
        return data

    def _check_expansion(self) -> None:
        try:
            compressed = max(self.raw.tell(), 1)
        except (OSError, ValueError):  # standard input from a pipe: only the size limit
            compressed = self.returned
        if self.returned > MAX_GZIP_BYTES or self.returned > MAX_GZIP_RATIO * compressed:
            raise _ExpansionLimit(self.returned, compressed)

    def consumed(self) -> int:
        """Bytes of the underlying file consumed since the last call."""
        try:
            now = self.raw.tell()
        except (OSError, ValueError):
            return 0
        delta, self.position = now - self.position, now
        return max(delta, 0)

    def close(self) -> None:
        if self.stream is not self.raw:
            self.stream.close()
        if self.owned:
            self.raw.close()


class _RangeStream:
    """``length`` bytes of an open file from where it stands (what a worker reads of a range)."""

    def __init__(self, file: IO[bytes], length: int):
        self.file = file
        self.remaining = length

    def read(self, size: int = BLOCK) -> bytes:
        data = self.file.read(min(size, self.remaining))
        self.remaining -= len(data)
        return data

    def consumed(self) -> int:
        return 0  # the parent counts a range's bytes when its result comes back


def read_tasks(
    source: Source, *, max_record_bytes: int = MAX_RECORD_BYTES, by_reference: bool = False
) -> Iterator[Task]:
    """Cut *source* into tasks.  Read errors become a ``read-error`` finding, never an exception.

    *by_reference*: NDJSON of a plain file becomes ``"range"`` tasks (offset and length, no
    data): a worker process reads, cuts and counts the lines itself, so the bytes are neither
    read here nor pickled and piped.
    """
    stream = _Stream(source)
    reader = _Reader(source.name, stream, max_record_bytes)
    reader.by_reference = by_reference and stream.plain_file is not None
    try:
        yield from reader.run()
    except (OSError, EOFError, zlib.error) as error:
        reason = str(error) or type(error).__name__
        note = _note(source.name, reader.line, "read-error", M.READ_ERROR.format(reason=reason))
        yield Task(source.name, "items", notes=((note, False),), consumed=stream.consumed())
    except _ExpansionLimit as limit:
        message = M.GZIP_LIMIT.format(
            expanded=limit.expanded,
            compressed=limit.compressed,
            ratio=MAX_GZIP_RATIO,
            limit=MAX_GZIP_BYTES,
        )
        note = _note(source.name, reader.line, "gzip-limit", message)
        yield Task(source.name, "items", notes=((note, False),), consumed=stream.consumed())
    finally:
        stream.close()


class _Reader:
    def __init__(self, name: str, stream: _Stream | _RangeStream, max_record_bytes: int):
        self.name = name
        self.stream = stream
        self.limit = max_record_bytes
        self.line = 1
        self.by_reference = False

    def run(self) -> Iterator[Task]:
        head = self.stream.read(BLOCK)
        notes: list[tuple[Finding, bool]] = []
        if head.startswith(_BOM):
            notes.append((_note(self.name, 1, "bom", M.BOM, severity=WARNING), False))
            head = head[len(_BOM) :]
        # Find the first non-whitespace byte (an export may start with blank lines), at
        # reading speed: each block is looked at once.  Blank blocks are dropped (their lines
        # counted), except for workers' ranges, which count the lines of the file themselves.
        blank: list[bytes] = []
        while head.strip(_WS) == b"":
            more = self.stream.read(BLOCK)
            if not more:
                notes.append((_note(self.name, 1, "empty-file", M.EMPTY_FILE), False))
                yield Task(self.name, "items", notes=tuple(notes), consumed=self.stream.consumed())
                return
            if self.by_reference:
                blank.append(head)
            else:
                self.line += head.count(b"\n")
            head = more
        if blank:
            head = b"".join([*blank, head])
        first = head.lstrip(_WS)[:1]
        if notes:
            yield Task(self.name, "items", notes=tuple(notes))
        if first == b"[" and not self._ndjson_of_arrays(head):
            yield from _ArraySplitter(self, head).run()
            return
        if first == b"{":
            document = self._single_document(head)
            if isinstance(document, Task):
                yield document
                return
            head = document
        if self.by_reference and isinstance(self.stream, _Stream):
            yield from self._ranges(self.stream, head)
            return
        yield from self._lines(head)

    def _ranges(self, stream: _Stream, head: bytes) -> Iterator[Task]:
        """NDJSON of a plain file as ``"range"`` tasks of about ``RANGE_BYTES``, each ending
        after a line break (or at the end of the file).  Only the bytes around each boundary
        are read here; the worker reads, cuts and counts the lines of its range itself.
        """
        path = stream.plain_file
        assert path is not None  # by_reference is only set for plain files
        offset = stream.returned - len(head)  # where head starts (after a byte-order mark)
        counted = 0  # bytes of the file reported as consumed so far (progress)
        with open(path, "rb") as file:  # noqa: PTH123 - a plain, short-lived handle
            size = os.fstat(file.fileno()).st_size
            if size < stream.returned:  # shorter than what was read a moment ago
                raise OSError(f"{path} changed while it was being read")
            while offset < size:
                end = _range_end(file, offset + RANGE_BYTES, size)
                yield Task(
                    self.name,
                    "range",
                    consumed=end - counted,
                    path=path,
                    offset=offset,
                    length=end - offset,
                )
                counted = offset = end

    @staticmethod
    def _ndjson_of_arrays(head: bytes) -> bool:
        """NDJSON whose first line happens to be an array: the first line is complete JSON and
        more records follow it."""
        body = head.lstrip(_WS)
        first_line, _, rest = body.partition(b"\n")
        return bool(rest.strip(_WS)) and _parses(first_line)

    def _single_document(self, head: bytes) -> Task | bytes:
        """A pretty-printed single document is one task; otherwise the bytes read so far."""
        first_line = head.split(b"\n", 1)[0]
        if first_line.strip(_WS) and _parses(first_line):
            return head  # NDJSON: the first line is a complete record
        data = head
        while len(data) <= self.limit:
            more = self.stream.read(BLOCK)
            if not more:
                break
            data += more
        else:
            return data
        if not _parses(data):
            return data  # not one document: report it line by line
        line = self.line + data[: len(data) - len(data.lstrip(_WS))].count(b"\n")
        return Task(
            self.name, "items", items=((line, None, data),), consumed=self.stream.consumed()
        )

    def _lines(self, head: bytes) -> Iterator[Task]:
        pending = head
        while True:
            cut = pending.rfind(b"\n")
            if cut >= 0:
                yield self._line_task(pending, cut + 1)
                pending = pending[cut + 1 :]
            if len(pending) > self.limit:
                yield self._skip_long_line(len(pending))
                pending = self._rest
            block = self.stream.read(BLOCK)
            if not block:
                break
            pending += block
        if pending.strip(_WS):
            yield Task(
                self.name,
                "lines",
                first_line=self.line,
                data=pending,
                unterminated=True,
                consumed=self.stream.consumed(),
            )

    def _line_task(self, pending: bytes, end: int) -> Task:
        """The complete lines ``pending[:end]`` (``pending`` ends where reading stopped)."""
        first_line = self.line
        self.line += pending.count(b"\n", 0, end)
        data = pending[:end]
        return Task(
            self.name, "lines", first_line=first_line, data=data, consumed=self.stream.consumed()
        )

    def _skip_long_line(self, size: int) -> Task:
        """Read past a line longer than the limit without keeping it."""
        self._rest = b""
        while True:
            block = self.stream.read(BLOCK)
            if not block:
                break
            cut = block.find(b"\n")
            if cut >= 0:
                size += cut
                self._rest = block[cut + 1 :]
                break
            size += len(block)
        note = _note(
            self.name, self.line, "too-large", M.TOO_LARGE.format(size=size, limit=self.limit)
        )
        task = Task(self.name, "items", notes=((note, True),), consumed=self.stream.consumed())
        self.line += 1
        return task


def _range_end(file: IO[bytes], target: int, size: int) -> int:
    """The offset just after the first line break at or after *target* (*size* if none)."""
    if target >= size:
        return size
    file.seek(target)
    position = target
    while piece := file.read(1 << 16):
        cut = piece.find(b"\n")
        if cut >= 0:
            return min(position + cut + 1, size)
        position += len(piece)
    return size


def _parses(data: bytes) -> bool:
    try:
        orjson.loads(data)
    except Exception:  # noqa: BLE001 - orjson.JSONDecodeError and RecursionError alike
        return False
    return True


_SIGNIFICANT = re.compile(rb'[\[\]{}",\n]')
_STRING_END = re.compile(rb'["\\\n]')
_NOT_WS = re.compile(rb"[^ \t\r\n]")
_SCALAR_END = re.compile(rb"[,\]\s]")


class _ArraySplitter:
    """Streams the elements of a top-level JSON array without parsing them."""

    def __init__(self, reader: _Reader, head: bytes):
        self.reader = reader
        self.buf = head
        self.pos = head.index(b"[") + 1
        self.reader.line += head[: self.pos].count(b"\n")
        self.eof = False
        self.batch: list[tuple[int, int | None, bytes]] = []
        self.batch_bytes = 0
        self.notes: list[tuple[Finding, bool]] = []

    def _more(self, keep_from: int) -> bool:
        """Read another block, dropping bytes before *keep_from*; False at end of file."""
        block = self.reader.stream.read(BLOCK)
        if not block:
            self.eof = True
            return False
        self.buf = self.buf[keep_from:] + block
        self.pos -= keep_from
        return True

    def _flush(self, force: bool = False) -> Iterator[Task]:
        if (self.batch or self.notes) and (force or self.batch_bytes >= BLOCK):
            yield Task(
                self.reader.name,
                "items",
                items=tuple(self.batch),
                notes=tuple(self.notes),
                consumed=self.reader.stream.consumed(),
            )
            self.batch, self.batch_bytes, self.notes = [], 0, []

    def run(self) -> Iterator[Task]:
        index = 0
        need_comma = False
        name = self.reader.name
        while True:
            match = _NOT_WS.search(self.buf, self.pos)
            if match is None:
                self.reader.line += self.buf.count(b"\n", self.pos)
                self.pos = len(self.buf)
                if not self._more(self.pos):
                    note = _note(
                        name,
                        self.reader.line,
                        "truncated",
                        M.TRUNCATED.format(reason="no closing ]"),
                    )
                    self.notes.append((note, False))
                    break
                continue
            self.reader.line += self.buf.count(b"\n", self.pos, match.start())
            self.pos = match.start()
            char = self.buf[self.pos : self.pos + 1]
            if char == b"]":
                if index == 0 and not self.notes:  # "[]": as empty as an empty file
                    note = _note(name, self.reader.line, "empty-file", M.EMPTY_ARRAY)
                    self.notes.append((note, False))
                self.pos += 1
                self._trailing()
                break
            if char == b",":
                if not need_comma:
                    note = _note(
                        name,
                        self.reader.line,
                        "json",
                        M.JSON.format(reason="unexpected comma"),
                        index=index,
                    )
                    self.notes.append((note, False))
                need_comma = False
                self.pos += 1
                continue
            if need_comma:
                note = _note(
                    name,
                    self.reader.line,
                    "json",
                    M.JSON.format(reason="missing comma between elements"),
                    index=index,
                )
                self.notes.append((note, False))
            line = self.reader.line
            raw, complete, size = self._element()
            if not complete:
                note = _note(
                    name, line, "truncated", M.TRUNCATED.format(reason="no closing ]"), index=index
                )
                self.notes.append((note, True))
                break
            if raw is None:
                note = _note(
                    name,
                    line,
                    "too-large",
                    M.TOO_LARGE.format(size=size, limit=self.reader.limit),
                    index=index,
                )
                self.notes.append((note, True))
            else:
                self.batch.append((line, index, raw))
                self.batch_bytes += len(raw)
            index += 1
            need_comma = True
            yield from self._flush()
        yield from self._flush(force=True)

    def _trailing(self) -> None:
        while True:
            match = _NOT_WS.search(self.buf, self.pos)
            if match is not None:
                self.reader.line += self.buf.count(b"\n", self.pos, match.start())
                note = _note(
                    self.reader.name,
                    self.reader.line,
                    "json",
                    M.JSON.format(reason="data after the closing ]"),
                )
                self.notes.append((note, False))
                return
            self.pos = len(self.buf)
            if not self._more(self.pos):
                return

    def _element(self) -> tuple[bytes | None, bool, int]:  # noqa: PLR0912 - a state machine
        """``(raw or None if too large, complete, size)`` of the element at ``pos``."""
        start = self.pos
        depth = 0
        dropped = 0  # bytes of a too-large element already thrown away
        in_string = False
        scalar = self.buf[start : start + 1] not in (b"{", b"[", b'"')
        while True:
            if scalar:
                match = _SCALAR_END.search(self.buf, self.pos)
                if match is not None:
                    self.pos = match.start()
                    return self._done(start, dropped)
                self.pos = len(self.buf)
            elif in_string:
                if self._skip_string():
                    in_string = False
                    if depth == 0:
                        return self._done(start, dropped)
                    continue
            else:
                match = _SIGNIFICANT.search(self.buf, self.pos)
                if match is not None:
                    char = match.group()
                    self.pos = match.end()
                    if char == b'"':
                        in_string = True
                    elif char in b"{[":
                        depth += 1
                    elif char in b"}]":
                        depth -= 1
                        if depth <= 0:
                            return self._done(start, dropped)
                    elif char == b"\n":
                        self.reader.line += 1
                    continue
                self.pos = len(self.buf)
            if self.pos - start > self.reader.limit:
                dropped += self.pos - start
                start = self.pos
            if not self._more(start):
                return None, False, dropped + len(self.buf) - start
            start = 0

    def _done(self, start: int, dropped: int) -> tuple[bytes | None, bool, int]:
        raw = self.buf[start : self.pos]
        size = dropped + len(raw)
        return (None if dropped or size > self.reader.limit else raw), True, size

    def _skip_string(self) -> bool:
        """Move ``pos`` past the closing quote; False when more data is needed."""
        while True:
            match = _STRING_END.search(self.buf, self.pos)
            if match is None:
                self.pos = len(self.buf)
                return False
            char = match.group()
            if char == b"\\":
                if match.end() >= len(self.buf):
                    self.pos = match.start()
                    return False
                self.pos = match.end() + 1
            elif char == b"\n":
                self.reader.line += 1
                self.pos = match.end()
            else:
                self.pos = match.end()
                return True
