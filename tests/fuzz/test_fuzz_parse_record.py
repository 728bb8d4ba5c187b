"""Fuzzing :func:`carekit.parse_record`: any JSON-like value, JSON text or bytes either parses
or raises :class:`~carekit.errors.RecordValidationError` (or, for a ``kind`` that names no
record type, :class:`~carekit.errors.UnknownKindError`) whose every problem has a location
(a JSON pointer) and a Danish and an English message.  Deep nesting (300-5,000 levels), lone
surrogates, integers beyond 64 bits, NaN and infinity included.

CI: 2,000 mappings + 1,000 JSON texts + 500 deep values (``CAREKIT_FUZZ_EXAMPLES`` per test).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from carekit import parse_record
from carekit.errors import CarekitError, RecordValidationError, UnknownKindError
from carekit.model import RECORD_TYPES

from ._common import fuzz_settings

_KINDS = sorted(RECORD_TYPES)
_LONE = st.sampled_from(["\ud800", "a\udfffb", "\udc00\ud800"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**200)
    | st.floats()  # NaN and infinity too
    | st.text(max_size=20)
    | _LONE
    | st.sampled_from(_KINDS)
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["kind", "id", "x", "name"]) | st.text(max_size=6), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = draw(st.dictionaries(st.text(max_size=10), json_like, max_size=6))
    if draw(st.booleans()):
        body["kind"] = draw(st.sampled_from(_KINDS))
    return body


def _deep(depth: int, leaf: Any, as_dict: bool) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"x": value} if as_dict else [value]
    return value


def _check(data: Any) -> None:
    error: CarekitError | None = None
    try:
        parse_record(data)
    except (RecordValidationError, UnknownKindError) as exc:
        # UnknownKindError (documented): a "kind" that no installed record type has
        error = exc
    if error is None:
        return
    assert error.text.da
    assert error.text.en
    for problem in getattr(error, "problems", []):
        assert isinstance(problem.pointer, str)
        assert problem.pointer == "" or problem.pointer.startswith("/")
        assert problem.message.da
        assert problem.message.en


@fuzz_settings(2000)
@given(records())
@example({"kind": "citizen", "name": "\ud800"})
@example({"kind": "citizen", "x": 10**5000})
@example({"kind": "citizen", "x": float("nan")})
def test_mapping_parses_or_raises_record_validation_error(data: dict[str, Any]) -> None:
    _check(data)


@fuzz_settings(1000)
@given(st.one_of(records(), json_like))
# found by this suite: a lone surrogate in JSON text was a UnicodeEncodeError
@example('{"kind": "citizen", "display_name": "\ud800"}')
def test_json_text_and_bytes_parse_or_raise(data: Any) -> None:
    text = data if isinstance(data, str) else json.dumps(data)
    _check(text)
    _check(text.encode("utf-8", "surrogatepass"))


@fuzz_settings(500)
@given(
    st.integers(300, 5000),
    st.booleans(),
    st.sampled_from(_KINDS),
    st.sampled_from(["text", "mapping"]),
)
# found by this suite: a mapping nested 5,000 deep was a RecursionError
@example(5000, False, "citizen", "mapping")
def test_deep_nesting_is_a_finding(depth: int, as_dict: bool, kind: str, form: str) -> None:
    data = {"kind": kind, "x": _deep(depth, 1, as_dict)}
    if form == "text":
        text = f'{{"kind": "{kind}", "x": ' + ("[" * depth) + ("]" * depth) + "}"
        _check(text)
    else:
        _check(data)
