"""Generate a seeded NDJSON export of mixed record kinds, ~5% invalid in varied ways.

python benchmarks/make_export.py benchmarks/data/export-200k.ndjson --records 200000
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


def make_export(path: Path, records: int, *, seed: int = 2026, invalid_share: float = 0.05) -> int:
    """Write *records* lines to *path*; returns the number of intentionally invalid ones."""
    rng = random.Random(seed)
    bases = {kind: [sample_record(kind, seed=i) for i in range(BASES_PER_KIND)] for kind in kinds()}
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
    args = parser.parse_args()
    invalid = make_export(args.path, args.records, seed=args.seed)
    print(f"wrote {args.records} records ({invalid} invalid) to {args.path}")


if __name__ == "__main__":
    main()
