"""Fuzzing ``carekit validate`` (click's CliRunner, in-process): random bytes, random JSON
lines, deep nesting, and compressed files that expand hugely.  The exit code is only 0, 1 or
2 - never 3 (internal error) and never a traceback - and every finding has a location.

CI: 2,000 random files + 400 deep documents + the gzip cases (``CAREKIT_FUZZ_EXAMPLES`` per test).
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ._common import assert_clean, fuzz_settings, invoke

_LINE = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.dictionaries(
        st.sampled_from(["kind", "id", "citizen_id", "x"]),
        st.text(max_size=8) | st.integers(),
        max_size=4,
    ).map(lambda d: json.dumps(d).encode()),
)


def _validate(tmp: Path, name: str, data: bytes) -> None:
    path = tmp / name
    path.write_bytes(data)
    result = invoke(["validate", "--lang", "en", "--format", "json", str(path)])
    assert_clean(result)
    report = json.loads(result.stdout)
    for finding in report["findings"]:
        assert finding["file"]
        assert finding["line"] is None or finding["line"] >= 1


@fuzz_settings(2000)
@given(st.lists(_LINE, max_size=6), st.sampled_from(["x.jsonl", "x.json", "x.jsonl.gz"]))
@example([b"\xff\xfe\x00"], "x.jsonl")
def test_random_files_give_findings_not_tracebacks(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], name: str
) -> None:
    data = b"\n".join(lines)
    if name.endswith(".gz"):
        data = gzip.compress(data)
    _validate(tmp_path_factory.mktemp("v"), name, data)


@fuzz_settings(400)
@given(st.integers(200, 5000), st.sampled_from(["[", '{"x":']), st.booleans())
@example(257, "[", True)
def test_deep_nesting_is_a_depth_finding(
    tmp_path_factory: pytest.TempPathFactory, depth: int, opener: str, in_record: bool
) -> None:
    closer = "]" if opener == "[" else "}"
    nested = opener * depth + "1" + closer * depth
    text = f'{{"kind": "citizen", "x": {nested}}}\n' if in_record else nested
    _validate(tmp_path_factory.mktemp("v"), "deep.jsonl", text.encode())


@pytest.mark.parametrize("fill", [b"\n", b" ", b"\t \r\n"])
def test_gzip_bomb_is_bounded(tmp_path: Path, fill: bytes) -> None:
    """A ~200 KiB gzip file of 200 MiB: a gzip-limit finding in seconds (was 80 s)."""
    size = 200 << 20
    compressor_input = fill * (size // len(fill))
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(compressor_input, compresslevel=9))
    del compressor_input
    started = time.monotonic()
    result = invoke(["validate", "--lang", "en", "--format", "json", str(path)])
    elapsed = time.monotonic() - started
    assert_clean(result)
    assert result.exit_code == 1
    keywords = {f["keyword"] for f in json.loads(result.stdout)["findings"]}
    assert "gzip-limit" in keywords
    assert elapsed < 30


def test_blank_prefix_is_read_at_reading_speed(tmp_path: Path) -> None:
    """50 MiB of blank lines before one record: linear, and the record's line is right."""
    path = tmp_path / "blank.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n" * (50 << 20) + b'{"kind": "nope"}\n'))
    started = time.monotonic()
    result = invoke(["validate", "--lang", "en", "--format", "json", str(path)])
    assert time.monotonic() - started < 15
    assert_clean(result)
    findings = json.loads(result.stdout)["findings"]
    assert [f["line"] for f in findings] == [(50 << 20) + 1]
