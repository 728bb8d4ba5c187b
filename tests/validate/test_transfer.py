"""What a worker sends the parent: a :class:`ChunkResult` survives pickling unchanged."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from carekit.i18n import Text
from carekit.validate._check import (
    KEY_CHARS,
    ChunkResult,
    id_digest,
    id_keys,
    pack_location,
    unpack_location,
)
from carekit.validate._findings import Finding

_text = st.text(max_size=20)
_findings = st.builds(
    Finding,
    st.sampled_from(["error", "warning"]),
    _text,
    st.integers(1, 10**9),
    st.none() | st.integers(0, 10**6),
    st.none() | _text,
    st.none() | _text,
    _text,
    _text,
    st.builds(Text, _text, _text),
)


_keys = _text | st.binary(min_size=16, max_size=16)


@given(
    findings=st.lists(_findings, max_size=5),
    ids=st.lists(st.tuples(_text, st.none() | _text, _keys, st.integers(0)), max_size=5),
    consumed=st.integers(0),
    relative=st.booleans(),
    newlines=st.integers(0),
)
def test_a_chunk_result_pickles_and_unpickles_to_an_equal_one(
    findings: list[Finding],
    ids: list[tuple[str, str | None, str | bytes, int]],
    consumed: int,
    relative: bool,
    newlines: int,
) -> None:
    result = ChunkResult(
        "export.ndjson",
        findings,
        {"citizen": [3, 2, 1]},
        [i[0] for i in ids],
        [i[1] for i in ids],
        [i[2] for i in ids],
        [i[3] for i in ids],
        consumed,
        relative,
        newlines,
    )
    copy = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    copy.place()  # the findings travel as tuples; placing them makes them Findings again
    assert copy == result
    assert all(type(f) is Finding and type(f.message) is Text for f in copy.findings)


@given(findings=st.lists(_findings, max_size=5), by=st.integers(0, 10**6), pickled=st.booleans())
def test_placing_a_range_moves_every_line_number_and_id_location(
    findings: list[Finding], by: int, pickled: bool
) -> None:
    where = [pack_location(2, f.line, f.index) for f in findings]
    result = ChunkResult("e.ndjson", findings, {}, [], [], [], where, relative=True)
    if pickled:
        result = pickle.loads(pickle.dumps(result))
    result.place(by)
    assert [f.line for f in result.findings] == [f.line + by for f in findings]
    assert [unpack_location(w) for w in result.id_where] == [
        (2, f.line + by, f.index) for f in findings
    ]


_ids = st.text(max_size=80)


@given(st.lists(_ids, max_size=8), _ids, _ids)
def test_duplicate_keys_are_equal_exactly_for_equal_ids(ids: list[str], a: str, b: str) -> None:
    assert (id_digest(a) == id_digest(b)) == (a == b)
    assert id_keys(ids) == [id_digest(record_id) for record_id in ids]
    assert all(type(key) is str for key in id_keys([a]) if len(a) <= KEY_CHARS)
