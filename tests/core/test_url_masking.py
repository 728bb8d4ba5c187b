"""One URL masker (``carekit.store.mask_url``), used by carekit and its plugins alike."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.store import mask_url, parse_store_url
from carekit.store._url import parse_flag

_PASSWORD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30
)


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://care:p@ss@db/care", "postgresql://care:***@db/care"),
        (
            "postgresql://care:a@b@c@db:5432/care?schema=x",
            "postgresql://care:***@db:5432/care?schema=x",
        ),
        ("postgresql://care:pa/ss@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care:p@ss@[::1/care", "postgresql://care:***@[::1/care"),  # no host
        ("postgresql://care:a?b#c@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care:@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care@db/care", "postgresql://care@db/care"),
        ("postgresql://db:5432/care", "postgresql://db:5432/care"),
        ("sqlite:////srv/a@b.sqlite", "sqlite:////srv/a@b.sqlite"),
        ("memory://", "memory://"),
        ("not a url", "not a url"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


@given(user=st.from_regex(r"[a-z]{1,8}", fullmatch=True), password=_PASSWORD)
def test_no_part_of_a_raw_password_survives_masking(user: str, password: str) -> None:
    """Even a password written unencoded, with ``@``, ``:`` or ``/`` in it."""
    url = f"postgresql://{user}:{password}@127.0.0.1:5432/care?schema=carekit"
    masked = mask_url(url)
    assert masked == f"postgresql://{user}:***@127.0.0.1:5432/care?schema=carekit"
    assert parse_store_url(url).masked == masked


@given(user=st.text(min_size=1, max_size=10), password=st.text(min_size=1, max_size=30))
def test_an_encoded_password_is_masked_and_the_user_kept(user: str, password: str) -> None:
    q_user = urllib.parse.quote(user, safe="")
    url = f"postgresql://{q_user}:{urllib.parse.quote(password, safe='')}@db/care"
    assert mask_url(url) == f"postgresql://{q_user}:***@db/care"


def test_the_postgres_plugin_masks_with_the_core_masker() -> None:
    settings = pytest.importorskip("carekit_postgres._settings")
    assert settings.mask_password is mask_url
    assert settings.parse_url("postgresql://care:p@ss@db/care").masked == (
        "postgresql://care:***@db/care"
    )


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        *[("1", True), ("TRUE", True), (" yes ", True), ("on", True)],
        *[("0", False), ("False", False), ("no", False), ("OFF", False)],
        *[("maybe", None), ("", None), ("2", None)],
    ],
)
def test_parse_flag(value: str, flag: bool | None) -> None:
    assert parse_flag(value) is flag
