"""Benchmark ``carekit validate`` against python-jsonschema, check-jsonschema and orjson.

    python benchmarks/bench_validate.py            # 200k records, 500 MB RSS check
    python benchmarks/bench_validate.py --quick    # 20k records, 50 MB RSS check
    python benchmarks/bench_validate.py --small    # the ~0.9 KB record mix used before

One run: generates (seeded, cached) ``benchmarks/data/export-200k-rich.ndjson`` (~1.4 KB
records, see ``make_export.py``; ``-small``: ~0.9 KB) with ~5% invalid records, then measures
records/s of: carekit with 1 and 2 jobs; orjson parse only (block reads, lines split,
``orjson.loads``); python-jsonschema Draft 2020-12 + FORMAT_CHECKER on a subsample
(extrapolated); check-jsonschema CLI on a subsample written as one JSON array (it has no
NDJSON mode; its start-up time is included); and the memory of the ``carekit validate``
command on a 500 MB file generated on the fly and deleted after, once as generated and once
with every record invalid (1 job: peak RSS by
``resource.getrusage(RUSAGE_CHILDREN)``; 2 jobs: the peak PSS of the parent and both workers
together, read from ``/proc``).  The load average is printed before and after (the machines
are shared).

carekit and parse-only are timed in turns, ``--rounds`` rounds (default 5) of all three, and the
ratios are the medians of each round's ratios: a change in the machine's load during the run
then moves numerator and denominator together instead of skewing one of them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from jsonschema import Draft202012Validator

from carekit.model import kinds
from carekit.schema import published_schema, published_schemas
from carekit.validate import validate_paths

sys.path.insert(0, str(Path(__file__).parent))
from make_export import make_export

DATA = Path(__file__).parent / "data"
BLOCK = 1 << 20


def interleaved(path: Path, records: int, rounds: int) -> tuple[float, float, float, float, float]:
    """Records/s of carekit with 1 and 2 jobs and of orjson parse-only, measured in turns: each
    round times all three, one after the other (in a rotating order), so a change in the
    machine's load hits all three alike.  Returns the median rates and the median of the
    per-round ratios to parse-only (each round's ratio is printed)."""
    engines: dict[str, Callable[[], object]] = {
        "1 job": lambda: validate_paths([str(path)], max_errors=1000),
        "2 jobs": lambda: validate_paths([str(path)], jobs=2, max_errors=1000),
        "parse": lambda: orjson_parse_only(path),
    }
    names = list(engines)
    times: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        for name in names[number % 3 :] + names[: number % 3]:
            started = time.perf_counter()
            engines[name]()
            times[name].append(time.perf_counter() - started)
        print(
            f"round {number + 1}: 1 job {times['parse'][-1] / times['1 job'][-1]:.2f}×, "
            f"2 jobs {times['parse'][-1] / times['2 jobs'][-1]:.2f}× parse-only "
            f"(load {os.getloadavg()[0]:.2f})"
        )

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    ratios = [
        median([p / t for p, t in zip(times["parse"], times[name], strict=True)])
        for name in ("1 job", "2 jobs")
    ]
    one, two, parse = (records / median(times[name]) for name in ("1 job", "2 jobs", "parse"))
    return one, two, parse, ratios[0], ratios[1]


def orjson_parse_only(path: Path) -> int:
    count = 0
    loads = orjson.loads
    gc.disable()
    try:
        with path.open("rb") as data:
            pending = b""
            while block := data.read(BLOCK):
                pending += block
                cut = pending.rfind(b"\n")
                for line in pending[:cut].split(b"\n"):
                    try:  # noqa: SIM105 - contextlib.suppress costs more per record
                        loads(line)
                    except orjson.JSONDecodeError:
                        pass
                    count += 1
                pending = pending[cut + 1 :]
    finally:
        gc.enable()
    return count


def subsample(path: Path, size: int) -> list[Any]:
    out = []
    with path.open("rb") as data:
        for line in data:
            try:
                out.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                continue
            if len(out) >= size:
                break
    return out


def python_jsonschema(records: list[Any]) -> float:
    validators = {
        k: Draft202012Validator(
            published_schema(k), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for k in kinds()
    }
    started = time.perf_counter()
    for record in records:
        kind = record.get("kind") if isinstance(record, dict) else None
        validator = validators.get(kind) if isinstance(kind, str) else None
        if validator is not None:
            list(validator.iter_errors(record))
    return len(records) / (time.perf_counter() - started)


def check_jsonschema(records: list[Any], workdir: Path) -> float:
    bundle = json.loads((DATA.parent.parent / "schemas" / "carekit.bundle.schema.json").read_text())
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "array",
        "items": {k: v for k, v in bundle.items() if k not in ("$schema", "$id")},
        "$defs": dict(published_schemas()),  # embedded resources, no network
    }
    schema_path = workdir / "array.schema.json"
    schema_path.write_text(json.dumps(schema))
    instance = workdir / "subsample.json"
    instance.write_bytes(orjson.dumps([r for r in records if isinstance(r, dict)]))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_path), str(instance)],
        capture_output=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    return len(records) / elapsed


def _all_invalid(path: Path) -> None:
    """Make every record of *path* invalid (an unknown top-level field: one finding each)."""
    spoilt = path.with_suffix(".invalid")
    with path.open("rb") as source, spoilt.open("wb") as target:
        for line in source:
            target.write(line.replace(b"{", b'{"not_a_field":1,', 1) if line.strip() else line)
    spoilt.replace(path)


def peak_memory(
    source: Path, target_bytes: int, *, small: bool, all_invalid: bool = False
) -> list[tuple[str, str]]:
    """Generate a *target_bytes* export (fresh ids, like a real one; *all_invalid*: every
    record with one error) and validate it with the ``carekit validate`` command as a user
    runs it (every finding kept for a JSON report): with 1 job, peak RSS by
    ``RUSAGE_CHILDREN``; with 2 jobs, the peak of the parent's and both workers' PSS together
    (shared pages counted once; polled every 50 ms from ``/proc``) and the largest single RSS.
    Returns table rows ``(what, measured)``."""
    scratch = tempfile.TemporaryDirectory(prefix="carekit-bench-")  # deleted in finally
    big = Path(scratch.name) / "big.ndjson"
    per_record = source.stat().st_size / sum(1 for _ in source.open("rb"))
    make_export(big, int(target_bytes / per_record) + 1, seed=7, small=small)
    if all_invalid:
        _all_invalid(big)
    command = [sys.executable, "-m", "carekit", "validate", str(big), "--quiet"]
    command += ["--format", "json", "--output", "-"]  # standard output, sent to /dev/null
    size = f"{big.stat().st_size / 2**20:.0f} MB file" + (
        ", every record invalid" if all_invalid else ""
    )
    try:
        started = time.perf_counter()
        if all_invalid:  # RUSAGE_CHILDREN would give the largest child so far: poll instead
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            _, peak = _polled(process)
            _finished(process.returncode)
        else:
            done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
            _finished(done.returncode)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        elapsed = time.perf_counter() - started
        rows = [(f"peak RSS, {size}, 1 job", f"{peak:.0f} MB ({elapsed:.1f} s)")]
        started = time.perf_counter()
        process = subprocess.Popen([*command, "--jobs", "2"], stdout=subprocess.DEVNULL)
        together, single = _polled(process)
        _finished(process.returncode)
        elapsed = time.perf_counter() - started
        rows.append(
            (
                f"peak memory, {size}, 2 jobs: PSS of all 3 processes (largest RSS)",
                f"{together:.0f} MB ({single:.0f} MB; {elapsed:.1f} s)",
            )
        )
        return rows
    finally:
        scratch.cleanup()


def _finished(returncode: int | None) -> None:
    """The command must have validated the file: exit 0 (valid) or 1 (invalid data found)."""
    if returncode not in (0, 1):
        raise SystemExit(f"carekit validate failed with exit code {returncode}")


def _status_mb(path: str, field: str) -> float:
    try:
        with open(path) as status:  # noqa: PTH123 - /proc files
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass  # the process ended between listing and reading
    return 0.0


def _polled(process: subprocess.Popen[bytes]) -> tuple[float, float]:
    """(peak summed PSS, peak single RSS) in MB of *process* and its children until it ends."""
    together = single = 0.0
    while process.poll() is None:
        listed = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(process.pid)],
            check=False,
            capture_output=True,
            text=True,
        )
        pids = [process.pid, *map(int, listed.stdout.split())]
        together = max(together, sum(_status_mb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))
        single = max(single, *(_status_mb(f"/proc/{p}/status", "VmRSS:") for p in pids))
        time.sleep(0.05)
    return together, single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20k records, 50 MB RSS file")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--small", action="store_true", help="~0.9 KB records (the old mix)")
    parser.add_argument("--memory-only", action="store_true", help="only the memory runs")
    args = parser.parse_args()
    records = 20_000 if args.quick else 200_000
    big_bytes = (50 if args.quick else 500) << 20
    path = DATA / f"export-{records // 1000}k-{'small' if args.small else 'rich'}.ndjson"
    if not path.exists():
        make_export(path, records, small=args.small)
    print(f"# carekit validate benchmark — {time.strftime('%Y-%m-%d')} — {platform.node()} "
          f"({os.cpu_count()} cores), Python {platform.python_version()}")  # fmt: skip
    size = path.stat().st_size
    print(f"input: {path} ({records} records, {size / 2**20:.0f} MB, "
          f"{size / records / 1000:.2f} KB per record on average)")  # fmt: skip
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # RSS first: RUSAGE_CHILDREN reports the largest child so far.
    memory = peak_memory(path, big_bytes, small=args.small)
    memory += peak_memory(path, big_bytes, small=args.small, all_invalid=True)
    if args.memory_only:
        print("\n| memory | measured | target |\n|---|---:|---:|")
        for what, measured in memory:
            print(f"| {what} | {measured} | < 200 MB |")
        print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return

    validate_paths([str(path)], max_errors=0)  # warm up (validators built, file cached)
    one, two, parse, one_ratio, two_ratio = interleaved(path, records, args.rounds)
    sample = subsample(path, 1000)
    reference = python_jsonschema(sample)
    check = check_jsonschema(sample, DATA)

    rows = [
        ("carekit validate, 1 job", one),
        ("carekit validate, 2 jobs", two),
        ("orjson parse only", parse),
        ("python-jsonschema (1,000-record subsample, extrapolated)", reference),
        ("check-jsonschema CLI (1,000-record JSON array, start-up included)", check),
    ]
    print("\n| engine | records/s |\n|---|---:|")
    for name, rate in rows:
        print(f"| {name} | {rate:,.0f} |")
    print("\n| ratio | measured | target |\n|---|---:|---:|")
    print(f"| 1 job / check-jsonschema | {one / check:.0f}× | ≥ 40× |")
    print(f"| 1 job / python-jsonschema | {one / reference:.0f}× | – |")
    print(
        f"| 1 job / orjson parse only (median of the rounds' ratios) | {one_ratio:.2f}× | ≥ 0.4× |"
    )
    print(
        f"| 2 jobs / orjson parse only (median of the rounds' ratios) | {two_ratio:.2f}× | ≥ 0.7× |"
    )
    for what, measured in memory:
        print(f"| {what} | {measured} | < 200 MB |")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
