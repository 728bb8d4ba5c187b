"""Store URLs: schemes, options, masking.  No server needed."""

from __future__ import annotations

import urllib.parse

import pytest
from carekit_postgres import DEFAULT_SCHEMA, PostgresStore, mask_password, parse_url
from carekit_postgres._settings import with_overrides
from hypothesis import given
from hypothesis import strategies as st

from carekit.store import InvalidStoreURLError

_SAFE = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1)


@given(user=_SAFE, password=_SAFE)
def test_masked_url_never_contains_the_password_and_libpq_still_gets_it(
    user: str, password: str
) -> None:
    q_user = urllib.parse.quote(user, safe="")
    q_password = urllib.parse.quote(password, safe="")
    url = f"postgresql://{q_user}:{q_password}@127.0.0.1:5432/care?schema=carekit"
    settings = parse_url(url)
    assert settings.masked == f"postgresql://{q_user}:***@127.0.0.1:5432/care?schema=carekit"
    assert mask_password(url) == settings.masked
    assert urllib.parse.urlsplit(settings.conninfo).password == q_password
    assert settings.user == user


def test_url_without_password_is_shown_unchanged() -> None:
    url = "postgresql://care@127.0.0.1:5432/care"
    assert mask_password(url) == url
    assert parse_url(url).masked == url


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg", "POSTGRES"])
def test_every_postgres_scheme_is_accepted_and_libpq_gets_postgresql(scheme: str) -> None:
    settings = parse_url(f"{scheme}://care@db:6543/care")
    assert settings.conninfo.startswith("postgresql://care@db:6543/care")
    assert (settings.host, settings.port, settings.dbname) == ("db", 6543, "care")
    assert settings.where == "db:6543/care"


def test_carekit_options_are_read_and_other_options_go_to_libpq() -> None:
    settings = parse_url(
        "postgresql://care@db/care?schema=care_x&pool_min_size=2&pool_max_size=4"
        "&audit_reads=1&migrate=0&pool_timeout=2.5&sslmode=require&application_name=app1"
    )
    assert settings.schema == "care_x"
    assert (settings.pool_min_size, settings.pool_max_size) == (2, 4)
    assert settings.audit_reads is True
    assert settings.migrate is False
    assert settings.pool_timeout == 2.5
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(settings.conninfo).query))
    assert query == {"sslmode": "require", "application_name": "app1"}


def test_defaults_are_schema_carekit_and_a_small_pool() -> None:
    settings = parse_url("postgresql://care@db/care")
    assert settings.schema == DEFAULT_SCHEMA == "carekit"
    assert (settings.pool_min_size, settings.pool_max_size) == (1, 10)
    assert settings.port == 5432
    assert settings.migrate is True
    assert settings.audit_reads is False


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://care@db/care", "scheme"),
        ("postgresql://care@db", "database"),
        ("postgresql://care@db:99999/care", "port"),
        ("postgresql://care@db/care?schema=Robert%27);DROP", "schema"),
        ("postgresql://care@db/care?pool_max_size=0", "pool_max_size"),
        ("postgresql://care@db/care?pool_min_size=5&pool_max_size=2", "pool_max_size"),
        ("postgresql://care@db/care?audit_reads=maybe", "audit_reads"),
    ],
)
def test_bad_urls_are_refused_with_a_bilingual_reason(url: str, fragment: str) -> None:
    with pytest.raises(InvalidStoreURLError) as info:
        parse_url(url.replace("care@", "care:hemmeligt@"))
    assert fragment in info.value.text.en
    assert info.value.text.da
    assert "hemmeligt" not in str(info.value)


def test_keyword_overrides_are_checked_like_url_options() -> None:
    settings = parse_url("postgresql://care@db/care")
    assert with_overrides(settings, schema="other").schema == "other"
    with pytest.raises(InvalidStoreURLError):
        with_overrides(settings, schema="no spaces")
    with pytest.raises(InvalidStoreURLError):
        PostgresStore("postgresql://care@127.0.0.1:1/care", pool_min_size=3, pool_max_size=2)


# A raw (unencoded) password may hold any of "/ ? # @ :" - a user pasting it as it is.
_RAW = st.text(alphabet=st.sampled_from("abcXYZ019/?#@:%!~ æ"), min_size=4, max_size=16).filter(
    lambda p: not p.startswith(("/", "?", "#", "@")) and len(set(p) - set("/?#@: ")) >= 3
)


@given(password=_RAW)
def test_a_raw_password_is_read_whole_and_never_shown(password: str) -> None:
    """The password runs to the last "@" before the host: libpq gets all of it, and neither
    the settings shown (host, port, database) nor any message holds a piece of it."""
    url = f"postgresql://care:{password}@127.0.0.1:5432/care"
    try:
        settings = parse_url(url)
    except InvalidStoreURLError as error:
        shown = f"{error.text.da} {error.text.en}"
    else:
        assert urllib.parse.unquote(urllib.parse.urlsplit(settings.conninfo).password or "") == (
            urllib.parse.unquote(password)
        )
        assert (settings.host, settings.port, settings.dbname) == ("127.0.0.1", 5432, "care")
        shown = f"{settings.masked} {settings.host} {settings.port} {settings.dbname}"
    assert password not in shown


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:p@ss@[::1/test",  # an unclosed IPv6 bracket
        "postgresql://u:hemm/eligt@db:99999/x",  # a port out of range after a raw "/"
        "postgresql://u:hemm?eligt@[::1/x",
    ],
)
def test_an_unreadable_address_never_quotes_the_password(url: str) -> None:
    with pytest.raises(InvalidStoreURLError) as caught:
        parse_url(url)
    for text in (caught.value.text.da, caught.value.text.en, str(caught.value)):
        assert "ss@" not in text
        assert "hemm" not in text
        assert "eligt" not in text
