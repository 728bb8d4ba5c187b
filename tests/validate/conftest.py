from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson
import pytest

from carekit.validate import Finding, sample_record

WriteLines = Callable[..., Path]


@pytest.fixture
def write_lines(tmp_path: Path) -> WriteLines:
    """Write records (dicts are serialised, bytes written as they are) one per line."""

    def write(items: Iterable[Any], name: str = "export.ndjson", *, end: bytes = b"\n") -> Path:
        path = tmp_path / name
        parts = [item if isinstance(item, bytes) else orjson.dumps(item) for item in items]
        path.write_bytes(b"\n".join(parts) + end)
        return path

    return write


def citizen(seed: int, **changes: Any) -> dict[str, Any]:
    record = sample_record("citizen", seed=seed)
    record.update(changes)
    return record


def where(findings: Iterable[Finding]) -> list[tuple[int, int | None, str]]:
    return [(f.line, f.index, f.keyword) for f in findings]
