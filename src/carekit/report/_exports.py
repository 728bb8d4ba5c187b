"""Reading validated exports for the report: validate's own streaming reader and validators.

Files are cut into records by :func:`carekit.validate._reader.read_tasks` (NDJSON, JSON
arrays, gzip, directories, standard input; memory bounded whatever the file size).  A record
is used when validation accepts it: the fast validator first, and for what it rejects,
validate's own :func:`~carekit.validate._check.check_task` decides and says why (so the
counts and error types are exactly those of ``carekit validate``).  Invalid records are
counted, never used.  Duplicate ids are not looked for here (that is ``carekit validate``'s
job): run it first in CI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs
import orjson

from carekit.errors import CarekitError
from carekit.i18n import Text
from carekit.model import kinds
from carekit.privacy import mask_cpr_in_text
from carekit.validate import ERROR, InputNotFoundError
from carekit.validate._check import check_task
from carekit.validate._reader import Task, expand_paths, read_tasks
from carekit.validate._schemas import validators_for

__all__ = ["FileQuality", "StdinTwiceError", "citizen_units", "read_exports"]


@attrs.define
class FileQuality:
    """What validation said of one export file: records, valid, invalid, error types."""

    name: str
    records: int = 0
    valid: int = 0
    invalid: int = 0
    keywords: Counter[str] = attrs.Factory(Counter)

    @property
    def invalid_share(self) -> float | None:
        """Invalid records as a share of all (None for a file without records)."""
        return self.invalid / self.records if self.records else None

    def top(self, n: int = 5) -> list[tuple[str, int]]:
        """The *n* most frequent error types (validate's keywords), most frequent first."""
        return sorted(self.keywords.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _fast() -> dict[str, Callable[[Any], bool]]:
    return {kind: validators_for(kind).fast.is_valid for kind in kinds()}


def read_exports(
    paths: list[str], quality: dict[str, FileQuality]
) -> Iterator[tuple[dict[str, Any], str]]:
    """``(record, file name)`` for every valid record in *paths*, in file order; *quality* is
    filled with each file's counts as the files are read.  Raises
    :class:`~carekit.validate.InputNotFoundError` for a path that does not exist."""
    try:
        sources = expand_paths(paths)
    except FileNotFoundError as error:
        raise InputNotFoundError(str(error.args[0])) from None
    fast = _fast()
    for source in sources:
        name = mask_cpr_in_text(source.name)
        tally = quality.setdefault(name, FileQuality(name))
        for task in read_tasks(source):
            yield from _task_records(task, fast, tally, name)


def _accepted(
    candidates: Iterable[tuple[int, int | None, bytes]],
    fast: dict[str, Callable[[Any], bool]],
    rejected: list[tuple[int, int | None, bytes]],
    tally: FileQuality,
    name: str,
) -> Iterator[tuple[dict[str, Any], str]]:
    """The hot loop: the records the fast validator accepts; the rest go to *rejected*."""
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    valid = 0
    for line, index, raw in candidates:
        try:
            record = loads(raw)
        except decode_error:
            if raw.strip():  # blank lines are skipped, as validate skips them
                rejected.append((line, index, raw))
            continue
        if type(record) is dict:
            kind = record.get("kind")
            is_valid = fast.get(kind) if type(kind) is str else None
            if is_valid is not None and is_valid(record):
                valid += 1
                yield record, name
                continue
        rejected.append((line, index, raw))
    tally.records += valid
    tally.valid += valid


def _task_records(
    task: Task, fast: dict[str, Callable[[Any], bool]], tally: FileQuality, name: str
) -> Iterator[tuple[dict[str, Any], str]]:
    candidates: Any
    if task.mode == "lines":
        candidates = (
            (n, None, raw) for n, raw in enumerate(task.data.split(b"\n"), task.first_line)
        )
    else:
        candidates = task.items
    rejected: list[tuple[int, int | None, bytes]] = []
    yield from _accepted(candidates, fast, rejected, tally, name)
    if not rejected and not task.notes:
        return
    # what the fast path refused: validate's own check decides, and says why
    result = check_task(Task(task.file, "items", items=tuple(rejected), notes=task.notes))
    result.place()
    bad = set()
    for finding in result.findings:
        if finding.severity == ERROR:
            bad.add((finding.line, finding.index))
            tally.keywords[finding.keyword] += 1
    for records, ok, invalid in result.by_kind.values():
        tally.records += records
        tally.valid += ok
        tally.invalid += invalid
    for line, index, raw in rejected:
        if (line, index) not in bad:  # valid after all (the exact format checks)
            yield orjson.loads(raw), name


class StdinTwiceError(CarekitError):
    """``--by unit`` over standard input: the exports are read twice (the citizens' units
    first), and standard input can be read only once."""

    code = "report.stdin_twice"

    def __init__(self) -> None:
        super().__init__(
            Text(
                "--by unit læser eksporterne to gange (først borgernes enheder), og "
                "standardinput kan kun læses én gang. Gem data i en fil, og giv filen som "
                "EXPORT.",
                "--by unit reads the exports twice (first the citizens' units), and standard "
                "input can be read only once. Save the data to a file and give the file as "
                "EXPORT.",
            )
        )


def _maybe_citizen(raw: bytes) -> bool:
    # every citizen record holds the bytes "citizen" (its kind), unless the kind is written
    # with a JSON escape: then the line is read to be sure
    return b'"citizen"' in raw or b"\\u" in raw


def citizen_units(paths: list[str]) -> dict[str, str | None]:
    """Every valid citizen record's ``unit`` (None: no unit recorded) by citizen id, read from
    the export files *paths* before the report reads them (the last record of a citizen wins,
    as the latest version).  Only lines that can be a citizen record are parsed, so the pass
    costs a fraction of the report's.  Raises :class:`StdinTwiceError` for ``-``."""
    try:
        sources = expand_paths(paths)
    except FileNotFoundError as error:
        raise InputNotFoundError(str(error.args[0])) from None
    if any(source.path is None for source in sources):
        raise StdinTwiceError
    fast = validators_for("citizen").fast.is_valid
    units: dict[str, str | None] = {}
    for source in sources:
        for task in read_tasks(source):
            for record in _citizens(task, fast):
                units[str(record["id"])] = record.get("unit")
    return units


def _citizens(task: Task, fast: Callable[[Any], bool]) -> Iterator[dict[str, Any]]:
    """The valid citizen records of *task*, as :func:`read_exports` would accept them."""
    lines: Iterable[tuple[int, int | None, bytes]]
    if task.mode == "lines":
        lines = ((n, None, raw) for n, raw in enumerate(task.data.split(b"\n"), task.first_line))
    else:
        lines = task.items
    doubtful: list[tuple[int, int | None, bytes]] = []
    for line, index, raw in lines:
        if not _maybe_citizen(raw):
            continue
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if type(record) is not dict or record.get("kind") != "citizen":
            continue
        if fast(record):
            yield record
        else:
            doubtful.append((line, index, raw))
    if not doubtful:
        return
    # what the fast validator refused: validate's exact check decides, as for the report
    result = check_task(Task(task.file, "items", items=tuple(doubtful)))
    result.place()
    bad = {(f.line, f.index) for f in result.findings if f.severity == ERROR}
    for line, index, raw in doubtful:
        if (line, index) not in bad:
            yield orjson.loads(raw)
