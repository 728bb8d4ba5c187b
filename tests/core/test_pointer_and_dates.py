"""The one JSON-pointer builder (RFC 6901) and the one date formatter."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit._dates import MONTHS, format_date
from carekit._pointer import escape, json_pointer, pointer_parts
from carekit.render._format import format_date as render_format_date

_PART = st.text(alphabet=st.sampled_from("ab~/01"), max_size=8) | st.text(max_size=8)


@given(parts=st.lists(_PART, max_size=6))
def test_a_pointer_gives_its_parts_back(parts: list[str]) -> None:
    pointer = json_pointer(parts)
    assert pointer_parts(pointer) == parts
    assert pointer.count("/") == len(parts)  # every "/" inside a part is escaped


@given(part=_PART)
def test_escaping_leaves_no_bare_slash_and_every_tilde_escaped(part: str) -> None:
    token = escape(part)
    assert "/" not in token
    assert token.count("~") == part.count("~") + part.count("/")
    assert all(token[i + 1] in "01" for i, c in enumerate(token) if c == "~")


@pytest.mark.parametrize(
    ("parts", "pointer"),
    [
        ([], ""),
        (["care", 0, "name"], "/care/0/name"),
        (["a/b"], "/a~1b"),
        (["m~n"], "/m~0n"),
        (["~1"], "/~01"),  # ~ first: "~1" stays the two characters ~ and 1
        ([""], "/"),
    ],
)
def test_rfc_6901_examples(parts: list[str | int], pointer: str) -> None:
    assert json_pointer(parts) == pointer


def test_a_pointer_must_start_with_a_slash() -> None:
    with pytest.raises(ValueError, match="starts with '/'"):
        pointer_parts("a/b")


@pytest.mark.parametrize(
    ("value", "da", "en"),
    [
        (dt.date(2026, 11, 7), "7. november 2026", "7 November 2026"),
        (dt.date(2026, 3, 12), "12. marts 2026", "12 March 2026"),
        (dt.datetime(2026, 1, 1, 23, 59, tzinfo=dt.UTC), "1. januar 2026", "1 January 2026"),
    ],
)
def test_format_date(value: dt.date, da: str, en: str) -> None:
    assert format_date(value, "da") == da
    assert format_date(value, "en") == en


def test_documents_use_the_one_formatter() -> None:
    assert render_format_date is format_date
    assert len(MONTHS) == 12
