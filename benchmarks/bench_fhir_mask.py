"""What masking CPR numbers costs a FHIR export (``carekit_fhir.export_bundle``).

    python benchmarks/bench_fhir_mask.py                  # the demo store x 20 citizens
    python benchmarks/bench_fhir_mask.py --copies 50 --rounds 9

The demo records are copied ``--copies`` times under new ids (every free text kept), then, in
turns (``--rounds``, default 7), the bundle is built unmasked (``unmasked_bundle``: what the
export did before #15) and masked (``export_bundle``: every string through the CPR scanner,
the CPR identifier left out).  Prints each one's best time and the median of the per-round
ratios masked / unmasked (the goal: ≤ 1.25, masking adds at most a quarter).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import uuid
from collections.abc import Callable

from carekit_fhir._export import export_bundle, unmasked_bundle

from carekit.demo import demo_records
from carekit.model import Record, parse_record


def _copies(n: int) -> list[Record]:
    """*n* copies of the demo store, every id (and every reference to one) renamed."""
    base = demo_records()
    out: list[Record] = []
    for i in range(n):
        data = [r.model_dump_json() for r in base]
        ids = {str(r.id) for r in base} | {str(r.citizen_id) for r in base}
        renamed = {old: str(uuid.uuid5(uuid.NAMESPACE_URL, f"{old}/{i}")) for old in ids}
        for original in data:
            text = original
            for old, new in renamed.items():
                text = text.replace(old, new)
            out.append(parse_record(text))
    return out


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    records = _copies(args.copies)
    export_bundle(records)  # warm up (imports, regexes)
    plain: list[float] = []
    masked: list[float] = []
    for _ in range(args.rounds):
        plain.append(_time(lambda: unmasked_bundle(records)))
        masked.append(_time(lambda: export_bundle(records)))
    ratios = [m / p for m, p in zip(masked, plain, strict=True)]
    print(f"{platform.python_implementation()} {platform.python_version()}, {len(records)} records")
    print(f"unmasked bundle: best {min(plain):.3f} s")
    print(f"masked export:   best {min(masked):.3f} s")
    print(f"ratio masked / unmasked: median {statistics.median(ratios):.2f} "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}; goal <= 1.25)")  # fmt: skip


if __name__ == "__main__":
    main()
