"""The one credential masker (``carekit.privacy.mask_url``): whatever a password holds, the
masked URL never shows it."""

from __future__ import annotations

import urllib.parse

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.cli._options import error_message
from carekit.privacy import mask_url, mask_urls_in_text

mount_all(cli)

_ANY_PASSWORD = st.text(min_size=1, max_size=40)
_HOSTS = st.sampled_from(["db", "127.0.0.1", "db.kommune.dk:5432", "[::1]:5432", "h1:5432,h2"])
_USERS = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
_TAILS = st.sampled_from(["", "/care", "/care?schema=carekit", "/care?sslmode=require#x", "?x=1"])


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://care:p@ss@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care:pa/ss@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care:pa?ss@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care:pa#ss@db/care", "postgresql://care:***@db/care"),
        ("postgresql://care:p:a?/#@x@db:5432/care?s=1", "postgresql://care:***@db:5432/care?s=1"),
        ("postgresql://care:p%40ss%2F@db/care", "postgresql://care:***@db/care"),
        ("postgresql://:secret@db/care", "postgresql://:***@db/care"),
        ("postgresql://care:pw@[::1]:5432/care", "postgresql://care:***@[::1]:5432/care"),
        ("postgresql://db/care?password=hemmelig&x=1", "postgresql://db/care?password=***&x=1"),
        ("postgresql://db/care?sslpassword=h", "postgresql://db/care?sslpassword=***"),
        ("https://user:tok@hooks.example.dk/x", "https://user:***@hooks.example.dk/x"),
        ("host=db user=care password=hemmelig", "host=db user=care password=***"),
        ("host=db password='a b c' user=x", "host=db password=*** user=x"),
        ("postgresql://care@db/care", "postgresql://care@db/care"),
        ("postgresql://db:5432/care", "postgresql://db:5432/care"),
        ("sqlite:////srv/a@b.sqlite", "sqlite:////srv/a@b.sqlite"),
        ("sqlite:///rel:a@b.sqlite", "sqlite:///rel:a@b.sqlite"),
        ("memory://", "memory://"),
        ("not a url", "not a url"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def _assert_hidden(password: str, masked: str, expected: str) -> None:
    assert masked == expected
    if password not in expected:  # e.g. a one-letter password that is also in the host
        assert password not in masked


@settings(max_examples=500, deadline=None)
@given(user=_USERS, password=_ANY_PASSWORD, host=_HOSTS, tail=_TAILS)
def test_a_raw_password_never_survives_masking(
    user: str, password: str, host: str, tail: str
) -> None:
    """Any characters at all, written unencoded: ``/ ? # @ :``, spaces, newlines, NUL."""
    masked = mask_url(f"postgresql://{user}:{password}@{host}{tail}")
    _assert_hidden(password, masked, f"postgresql://{user}:***@{host}{tail}")


@settings(max_examples=300, deadline=None)
@given(user=_USERS, password=_ANY_PASSWORD, host=_HOSTS, tail=_TAILS)
def test_a_percent_encoded_password_never_survives_masking(
    user: str, password: str, host: str, tail: str
) -> None:
    encoded = urllib.parse.quote(password, safe="")
    masked = mask_url(f"postgresql://{user}:{encoded}@{host}{tail}")
    _assert_hidden(encoded, masked, f"postgresql://{user}:***@{host}{tail}")


@settings(max_examples=300, deadline=None)
@given(password=_ANY_PASSWORD, name=st.sampled_from(["password", "PASSWORD", "sslpassword"]))
def test_a_password_in_the_query_never_survives_masking(password: str, name: str) -> None:
    encoded = urllib.parse.quote_plus(password)
    masked = mask_url(f"postgresql://db/care?sslmode=require&{name}={encoded}&x=1")
    _assert_hidden(encoded, masked, f"postgresql://db/care?sslmode=require&{name}=***&x=1")


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=80))
def test_masking_any_text_never_raises_and_keeps_text_without_secrets(text: str) -> None:
    masked = mask_url(text)
    if "@" not in text and "=" not in text:
        assert masked == text


@settings(max_examples=300, deadline=None)
@given(password=_ANY_PASSWORD.filter(lambda p: not any(ch.isspace() or ch in "'\"<>" for ch in p)))
def test_a_url_quoted_in_a_message_has_its_password_masked(password: str) -> None:
    """In free text a URL ends at a space, a quote or an angle bracket."""
    message = f"cannot open 'postgresql://care:{password}@db/care' (refused); password=x y"
    masked = mask_urls_in_text(message)
    assert masked == "cannot open 'postgresql://care:***@db/care' (refused); password=*** y"


@pytest.mark.parametrize("password", ["pa?ss", "pa#ss", "pa/ss", "p@ss", "pa:ss", "p%3Fss"])
def test_the_command_line_never_prints_a_password_from_a_store_url(password: str) -> None:
    """The store URL goes into the error of a malformed SQLite URL; the CLI masks it again."""
    url = f"sqlite://care:{password}@127.0.0.1:1/care"
    for args in (["records", "list", "citizen"], ["due"], ["check"], ["demo"]):
        result = CliRunner().invoke(cli, [*args, "--db", url], catch_exceptions=False)
        assert result.exit_code == 2, (args, result.output)
        assert password not in result.output
        assert "care:***@127.0.0.1:1" in result.output


def test_error_message_masks_urls_in_any_exception() -> None:
    error = RuntimeError("connect to postgresql://care:pa?ss@db/care failed")
    assert error_message(error, "en") == "connect to postgresql://care:***@db/care failed"
