"""Generate a seeded NDJSON export of mixed record kinds, ~5% invalid in varied ways.

python benchmarks/make_export.py benchmarks/data/export-200k-rich.ndjson --records 200000
python benchmarks/make_export.py benchmarks/data/export-200k-small.ndjson --records 200000 --small

Records are carekit sample records of all kinds.  By default ("realistic", ~1.4 KB average)
every array of a record holds the items of three samples of its kind (3-6 situations, contacts
and planned visits in a safety plan, signs and evaluations of a trial action, members of a
network...), as a plan in use has; ``--small`` keeps one sample's 1-2 items (~0.9 KB average,
the mix used before 2026-11-23).  Both are valid by construction: array items are built from
the kind's own schema and the schemas have no ``maxItems``/``uniqueItems``.
"""

from __future__ import annotations

import argparse
import random
import uuid
from pathlib import Path
from typing import Any

import orjson

from carekit.model import kinds
from carekit.validate import sample_record

BASES_PER_KIND = 300
#: samples whose arrays are joined into one realistic record
SAMPLES_PER_RICH_RECORD = 3


def _base(kind: str, seed: int, *, small: bool) -> dict[str, Any]:
    record = sample_record(kind, seed=seed)
    if small:
        return record
    for extra in range(1, SAMPLES_PER_RICH_RECORD):
        other = sample_record(kind, seed=seed + extra * 100_000)
        for key, value in other.items():
            if isinstance(value, list) and isinstance(record.get(key), list):
                record[key] = record[key] + value
    return record


def _mutate(record: dict[str, Any], rng: random.Random) -> bytes | dict[str, Any]:
    how = rng.randrange(10)
    if how == 0:
        record["created_at"] = "2024-02-30T10:00:00+01:00"  # a day that does not exist
    elif how == 1:
        record["created_at"] = "2024-05-01T09:30:00"  # no time zone offset
    elif how == 2:
        record.pop("actor", None)  # required field missing
    elif how == 3:
        record["citizen_id"] = "not-a-uuid"
    elif how == 4:
        record["status"] = "unknown-status"  # bad enum
    elif how == 5:
        record["schema_version"] = 1  # wrong type
    elif how == 6:
        record["unexpected_field"] = "x"  # additionalProperties false
    elif how == 7:
        record["actor"] = {"id": "", "kind": "robot"}  # nested: minLength + enum
    elif how == 8:
        record["kind"] = "spaceship"  # unknown kind
    else:
        return orjson.dumps(record)[:-20]  # malformed JSON
    return record


def make_export(
    path: Path,
    records: int,
    *,
    seed: int = 2026,
    invalid_share: float = 0.05,
    small: bool = False,
) -> int:
    """Write *records* lines to *path*; returns the number of intentionally invalid ones."""
    rng = random.Random(seed)
    bases = {kind: [_base(kind, i, small=small) for i in range(BASES_PER_KIND)] for kind in kinds()}
    kind_names = list(bases)
    invalid = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for _ in range(records):
            record = dict(rng.choice(bases[rng.choice(kind_names)]))
            record["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            item: bytes | dict[str, Any] = record
            if rng.random() < invalid_share:
                item = _mutate(record, rng)
                invalid += 1
            out.write((item if isinstance(item, bytes) else orjson.dumps(item)) + b"\n")
    return invalid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--small", action="store_true", help="~0.9 KB records (1-2 array items)")
    args = parser.parse_args()
    invalid = make_export(args.path, args.records, seed=args.seed, small=args.small)
    print(f"wrote {args.records} records ({invalid} invalid) to {args.path}")


if __name__ == "__main__":
    main()
