"""Benchmark ``carekit report`` against ``carekit validate`` (1 job) on the same export.

    python benchmarks/bench_report.py                    # 1,000,000 records in 4 vendor files
    python benchmarks/bench_report.py --records 200000   # smaller, the same ratio
    python benchmarks/bench_report.py --by unit          # the breakdown by the citizen's unit

Generates (seeded, cached under ``benchmarks/data/``) an export of ``--records`` records split
over ``--vendors`` NDJSON files (the vendors: records carry no organisation yet, so the export
file is the default breakdown, ``--by vendor``; ``--by unit`` reads the files twice, the
citizens' units first), made from carekit's sample records of every
kind as ``make_export.py`` makes them (~1.4 KB, ~5 % invalid in varied ways), with every date of
a record moved into the twelve months of 2026 so each monthly indicator has a full year.

Then it runs, as separate processes and in turns (``--rounds``, default 3):

* ``carekit validate FILES --jobs 1 --format json -o /dev/null``
* ``carekit report FILES --by vendor|unit|month --from 2026-01-01 --to 2026-12-31``
  ``--format json -o …``

and prints each one's wall time and peak RSS (``os.wait4``: the child's own ``ru_maxrss``),
and the ratio validate time / report time (the goal: ≥ 0.5, i.e. the report takes at most
twice as long as validation) as the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from make_export import BASES_PER_KIND, _base, _mutate

from carekit.model import kinds

DATA = Path(__file__).parent / "data"
YEAR_START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DATE_FIELDS = ("start_date", "evaluation_date", "review_date", "scheduled_for", "since",
               "noticed_on", "recorded_on", "next_alignment_date")  # fmt: skip
TIME_FIELDS = ("created_at", "updated_at", "given_at", "asked_at", "held_at")
NESTED_TIMES = {"evaluations": "evaluated_at", "observations": "observed_at"}


def _moment(rng: random.Random) -> dt.datetime:
    return YEAR_START + dt.timedelta(seconds=rng.randrange(365 * 86400))


def _in_2026(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """*record* with every date it has moved into 2026 (created first, the rest after it)."""
    created = _moment(rng)
    record["created_at"] = created.isoformat()
    for key in TIME_FIELDS[1:]:
        if record.get(key) is not None:
            later = created + dt.timedelta(seconds=rng.randrange(60 * 86400))
            record[key] = min(later, YEAR_START.replace(year=2027) - dt.timedelta(1)).isoformat()
    for key in DATE_FIELDS:
        if record.get(key) is not None:
            record[key] = (created + dt.timedelta(days=rng.randrange(45))).date().isoformat()
    for key, field in NESTED_TIMES.items():
        items = record.get(key)
        if isinstance(items, list):
            record[key] = [
                {**item, field: (created + dt.timedelta(hours=rng.randrange(24 * 60))).isoformat()}
                for item in items
            ]
    decision = record.get("decision")
    if isinstance(decision, dict):
        record["decision"] = {
            **decision,
            "decided_at": (created + dt.timedelta(days=50)).isoformat(),
        }
    return record


def make_vendor_exports(records: int, vendors: int, seed: int = 2026) -> list[Path]:
    """The export files (cached: generated once per size, seed and vendor count)."""
    paths = [DATA / f"report-{records}-{seed}-vendor-{n + 1}.ndjson" for n in range(vendors)]
    if all(p.is_file() for p in paths):
        return paths
    DATA.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bases = {kind: [_base(kind, i, small=False) for i in range(BASES_PER_KIND)] for kind in kinds()}
    names = list(bases)
    outs = [p.open("wb") for p in paths]
    try:
        for n in range(records):
            record = _in_2026(dict(rng.choice(bases[rng.choice(names)])), rng)
            record["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            item: bytes | dict[str, Any] = record
            if rng.random() < 0.05:
                item = _mutate(record, rng)
            outs[n % vendors].write(
                (item if isinstance(item, bytes) else orjson.dumps(item)) + b"\n"
            )
    finally:
        for out in outs:
            out.close()
    return paths


def run(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of *command*, run as its own process; an exit code
    not in *ok* stops the benchmark (a failed run would be timed as a fast one)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in ok:
        raise SystemExit(f"{command[1]} failed ({process.returncode}): {stderr}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--vendors", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--by", choices=["vendor", "unit", "month"], default="vendor")
    args = parser.parse_args()
    print(f"{dt.datetime.now(dt.UTC).date()}  {platform.node()}  {platform.python_version()}  "
          f"{os.cpu_count()} CPUs  load {os.getloadavg()[0]:.2f}")  # fmt: skip
    started = time.perf_counter()
    paths = make_vendor_exports(args.records, args.vendors)
    size = sum(p.stat().st_size for p in paths)
    print(f"export: {args.records:,} records in {len(paths)} files, {size / 1e6:.0f} MB "
          f"(ready in {time.perf_counter() - started:.0f} s)")  # fmt: skip
    files = [str(p) for p in paths]
    carekit = [sys.executable, "-m", "carekit"]
    out = DATA / "bench-report.json"
    validate = [*carekit, "validate", *files, "--jobs", "1", "--format", "json", "-o", os.devnull]
    report = [*carekit, "report", *files, "--by", args.by, "--from", "2026-01-01",
              "--to", "2026-12-31", "--format", "json", "-o", str(out), "--force"]  # fmt: skip
    ratios, report_rss, validate_rss = [], [], []
    for n in range(args.rounds):
        order = [("validate", validate), ("report", report)]
        if n % 2:
            order.reverse()
        times = {}
        for name, command in order:
            # validate exits 1 on invalid data (the export has ~5 %); the report exits 0
            seconds, rss = run(command, (0, 1) if name == "validate" else (0,))
            times[name] = seconds
            (report_rss if name == "report" else validate_rss).append(rss)
            rate = args.records / seconds
            print(f"round {n + 1}: {name:8s} {seconds:7.1f} s  {rate:9,.0f} records/s  "
                  f"peak RSS {rss / 1e6:5.0f} MB")  # fmt: skip
        ratios.append(times["validate"] / times["report"])
        print(f"round {n + 1}: validate / report = {ratios[-1]:.2f}")
    print(f"ratio validate/report (median of {args.rounds}): {statistics.median(ratios):.2f}  "
          f"(goal >= 0.5)")  # fmt: skip
    print(f"peak RSS: report {max(report_rss) / 1e6:.0f} MB (goal < 300 MB), "
          f"validate {max(validate_rss) / 1e6:.0f} MB")  # fmt: skip
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
