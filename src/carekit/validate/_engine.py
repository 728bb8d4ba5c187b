"""Running a validation: inputs → tasks → (workers) → findings in file/line order + a report."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import attrs

from carekit.errors import CarekitError, UnknownKindError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import kinds
from carekit.privacy import mask_cpr_in_text
from carekit.validate._check import ChunkResult, IdKey, check_task, unpack_location
from carekit.validate._findings import (
    WARNING,
    Finding,
    FindingSpool,
    KindSummary,
    Report,
    field_key,
)
from carekit.validate._messages import M
from carekit.validate._reader import MAX_RECORD_BYTES, Source, Task, expand_paths, read_tasks

__all__ = ["InputNotFoundError", "iter_findings", "validate_paths"]

Progress = Callable[[int], None]


class InputNotFoundError(CarekitError, FileNotFoundError):
    """A path given to the validator does not exist.  ``path`` names it."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(
            Text(
                f"{path} findes ikke; tjek stien, eller brug - for at læse fra standard input",
                f"{path} does not exist; check the path, or use - to read standard input",
            )
        )


class _Run:
    def __init__(
        self,
        paths: list[str] | tuple[str, ...] | str | Path,
        *,
        kind: str | None,
        jobs: int,
        max_errors: int | None,
        max_record_bytes: int,
        progress: Progress | None,
    ):
        if isinstance(paths, str | Path):
            paths = [str(paths)]
        if kind is not None and kind not in kinds():
            raise UnknownKindError(kind, kinds())
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        if max_errors is not None and max_errors < 0:
            raise ValueError(f"max_errors must be 0 or more, not {max_errors}")
        self.skipped: list[Path] = []
        try:
            self.sources = expand_paths([str(p) for p in paths], self.skipped)
        except FileNotFoundError as error:
            raise InputNotFoundError(str(error.args[0])) from None
        self.kind = kind
        self.jobs = jobs
        self.max_errors = max_errors
        self.limit = max_record_bytes
        self.progress = progress
        self.report = Report(files=[s.name for s in self.sources], max_errors=max_errors)
        # id key (the id itself, or a digest of a long one) -> packed location of its first record
        self.seen: dict[IdKey, int] = {}
        self.file_numbers: dict[str, int] = {s.name: n for n, s in enumerate(self.sources)}

    def total_bytes(self) -> int | None:
        sizes = [s.size for s in self.sources]
        return None if any(size is None for size in sizes) else sum(s or 0 for s in sizes)

    def _tasks(self) -> Iterator[Task]:
        """Every source's tasks; plain NDJSON files as byte ranges (read where they are checked)."""
        for source in self.sources:
            yield from read_tasks(source, max_record_bytes=self.limit, by_reference=True)

    def _results(self) -> Iterator[ChunkResult]:
        numbers = self.file_numbers
        lines_before: dict[str, int] = {}  # file -> line breaks in its ranges so far
        if self.jobs == 1:
            # plain NDJSON files as ranges here too: lines are counted once, while splitting
            for task in self._tasks():
                result = check_task(task, self.kind, self.limit, numbers.get(task.file, 0))
                yield _placed(result, lines_before)
            return
        # fork: workers inherit the imported modules and built validators (start-up in
        # milliseconds); spawn re-imports everything and the main module, which costs seconds.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        window: deque[Future[ChunkResult]] = deque()
        # workers read (and count) the lines of byte ranges of plain NDJSON files themselves:
        # the parent neither reads nor pipes them; it only places each range's line numbers
        with ProcessPoolExecutor(self.jobs, mp_context=context) as pool:
            for task in self._tasks():
                file_no = numbers.get(task.file, 0)
                window.append(pool.submit(check_task, task, self.kind, self.limit, file_no))
                if len(window) >= self.jobs * 3:  # bounded: memory does not grow with file size
                    yield _placed(window.popleft().result(), lines_before)
            while window:
                yield _placed(window.popleft().result(), lines_before)

    def _duplicates(self, result: ChunkResult) -> list[Finding]:
        """Duplicate-id warnings for *result*, recording its ids as seen.

        The common case (no id seen before, none twice in the chunk) is a few C-level dict
        operations per chunk; only a chunk with a duplicate is walked id by id.
        """
        seen = self.seen
        keys = result.id_keys
        fresh = dict(zip(keys, result.id_where, strict=True))
        if len(fresh) == len(keys) and seen.keys().isdisjoint(fresh):
            seen.update(fresh)
            return []
        found: list[Finding] = []
        locations = result.id_where
        in_order = sorted(range(len(keys)), key=locations.__getitem__)  # sent unsorted
        for n in in_order:
            record_id, kind, key = result.ids[n], result.id_kinds[n], keys[n]
            packed_here = locations[n]
            packed = seen.get(key)
            if packed is None:
                seen[key] = packed_here
                continue
            first_file, first_line, first_index = unpack_location(packed)
            _, line, index = unpack_location(packed_here)
            file = self.sources[first_file].name
            where = f"{file}:{first_line}" + ("" if first_index is None else f"[{first_index}]")
            shown = Finding(
                WARNING,
                result.file,
                line,
                index,
                mask_cpr_in_text(record_id),
                kind,
                "/id",
                "duplicate-id",
                M.DUPLICATE_ID.format(record_id=mask_cpr_in_text(record_id), first=where),
            )
            found.append(shown)
        return found

    def findings(self) -> Iterator[Finding]:
        report = self.report
        started = time.perf_counter()
        shown = 0
        encoding_files: set[str] = set()
        for path in self.skipped:  # what a directory walk left out, said once per file
            report.warnings += 1
            report.by_keyword["skipped-file"] += 1
            shown += 1
            yield Finding(
                WARNING, str(path), 0, None, None, None, "", "skipped-file", M.SKIPPED_FILE
            )
        for result in self._results():
            if self.progress is not None and result.consumed:
                self.progress(result.consumed)
            report.bytes_read += result.consumed
            per_file = report.by_file.setdefault(result.file, KindSummary())
            file_keywords = report.by_file_keyword.setdefault(result.file, Counter())
            for kind, (records, valid, invalid) in result.by_kind.items():
                per_file.add(KindSummary(records, valid, invalid))
                report.by_kind.setdefault(kind, KindSummary()).add(
                    KindSummary(records, valid, invalid)
                )
                report.records += records
                report.valid += valid
                report.invalid += invalid
            findings = result.findings
            duplicates = self._duplicates(result)
            if duplicates:
                report.duplicates += len(duplicates)
                findings = sorted(
                    findings + duplicates,
                    key=lambda f: (f.line, -1 if f.index is None else f.index),
                )
            for finding in findings:
                report.by_keyword[finding.keyword] += 1
                file_keywords[finding.keyword] += 1
                field = field_key(finding)
                if field is not None:
                    report.by_field[field] += 1
                if finding.severity == WARNING:
                    report.warnings += 1
                else:
                    report.errors += 1
                if finding.keyword == "encoding":
                    # one finding per file, not one per line: a Latin-1 export has it on nearly
                    # every line; the summary counts them all
                    if finding.file in encoding_files:
                        continue
                    encoding_files.add(finding.file)
                    finding = attrs.evolve(  # noqa: PLW2901 - the finding as shown
                        finding,
                        message=Text(
                            finding.message.da + M.ENCODING_MORE.da,
                            finding.message.en + M.ENCODING_MORE.en,
                        ),
                    )
                if self.max_errors is not None and shown >= self.max_errors:
                    report.truncated = True
                    continue
                shown += 1
                yield finding
        report.elapsed = time.perf_counter() - started


def _placed(result: ChunkResult, lines_before: dict[str, int]) -> ChunkResult:
    """*result* with its findings final and the line numbers of a range moved to where the
    range is in its file (results come in file order: the line breaks before it are known)."""
    if result.relative:
        before = lines_before.get(result.file, 0)
        result.place(before)
        lines_before[result.file] = before + result.newlines
    else:
        result.place()
    return result


def iter_findings(
    paths: list[str] | tuple[str, ...] | str | Path,
    *,
    kind: str | None = None,
    jobs: int = 1,
    lang: str = "da",
    max_errors: int | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Finding]:
    """Findings for every record in *paths*, in file/line order.

    *paths*: files (NDJSON, JSON array, one document; gzip or not), directories (walked for
    ``*.json``, ``*.jsonl``, ``*.ndjson`` and their ``.gz``) or ``-`` for standard input.
    *kind* validates every record against that kind's schema instead of its ``kind`` field.
    *lang* is checked here; :meth:`Finding.text` renders a message in either language.
    Raises :class:`InputNotFoundError` or :class:`~carekit.errors.UnknownKindError` at once.
    """
    check_lang(lang)
    run = _Run(
        paths,
        kind=kind,
        jobs=jobs,
        max_errors=max_errors,
        max_record_bytes=max_record_bytes,
        progress=None,
    )
    return run.findings()


def validate_paths(
    paths: list[str] | tuple[str, ...] | str | Path,
    *,
    kind: str | None = None,
    jobs: int = 1,
    lang: Lang = "da",
    max_errors: int | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
    progress: Progress | None = None,
    spool: bool = False,
) -> Report:
    """Validate *paths* (see :func:`iter_findings`) and return the :class:`Report`.

    *progress* is called with the number of input bytes consumed as the run goes.  *spool*:
    keep the findings in a temporary file (``report.spool``; close it when done) instead of
    ``report.findings``, so memory stays flat however many there are.
    """
    check_lang(lang)
    run = _Run(
        paths,
        kind=kind,
        jobs=jobs,
        max_errors=max_errors,
        max_record_bytes=max_record_bytes,
        progress=progress,
    )
    if spool:
        run.report.spool = FindingSpool()
        run.report.spool.extend(run.findings())
    else:
        run.report.findings.extend(run.findings())
    return run.report


def sources(paths: list[str]) -> list[Source]:
    return expand_paths(paths)
