"""``mariadb://`` URLs: what is read from them, and that the password is never shown."""

from __future__ import annotations

import pytest
from carekit_mariadb import MariaDBSettings, parse_url

from carekit.store import InvalidStoreURLError


def test_a_full_url_is_read() -> None:
    s = parse_url("mariadb://care:s3cret@db.example:3307/care?audit_reads=1&pool_size=4")
    assert (s.host, s.port, s.user, s.password, s.database) == (
        "db.example",
        3307,
        "care",
        "s3cret",
        "care",
    )
    assert s.audit_reads is True
    assert s.pool_size == 4
    assert s.where == "db.example:3307/care"
    assert s.masked == "mariadb://care:***@db.example:3307/care?audit_reads=1&pool_size=4"


def test_defaults() -> None:
    s = parse_url("mariadb://db/care")
    assert (s.host, s.port, s.user, s.password) == ("db", 3306, None, None)
    assert (s.audit_reads, s.pool_size, s.connect_timeout, s.lock_wait_timeout) == (
        False,
        8,
        10,
        30,
    )


@pytest.mark.parametrize(
    ("password", "url_part"),
    [("p@ss:w/rd", "p@ss:w/rd"), ("æøå hemmelig", "%C3%A6%C3%B8%C3%A5%20hemmelig")],
)
def test_passwords_with_url_characters_are_read_and_masked(password: str, url_part: str) -> None:
    s = parse_url(f"mariadb://care:{url_part}@127.0.0.1:3306/care")
    assert s.password == password
    assert s.host == "127.0.0.1"
    assert s.masked == "mariadb://care:***@127.0.0.1:3306/care"
    assert password not in repr(s)
    assert url_part not in repr(s)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://care@db/care", "mariadb://user:password@host:3306/database"),
        ("mariadb://care:x@db", "name the database"),
        ("mariadb://care:x@db/", "name the database"),
        ("mariadb://care:x@db/bad-name", "name the database"),
        ("mariadb://care:x@db:port/care", "not a port number"),
        ("mariadb://care:x@db:70000/care", "not a port number"),
        ("mariadb://care:x@:3306/care", "name a host"),
        ("mariadb://care:x@db/care?pool_size=0", "whole number above 0"),
        ("mariadb://care:x@db/care?audit_reads=maybe", "must be 1 or 0"),
        ("mariadb://care:x@db/care?schema=x", "unknown options schema"),
    ],
)
def test_bad_urls_are_refused_in_both_languages_without_the_password(url: str, says: str) -> None:
    with pytest.raises(InvalidStoreURLError) as info:
        parse_url(url)
    error = info.value
    assert says in error.text.en
    assert error.text.da
    assert error.text.da != error.text.en
    assert ":x@" not in f"{error} {error.text!r} {error.url}"


def test_settings_are_frozen() -> None:
    s: MariaDBSettings = parse_url("mariadb://db/care")
    with pytest.raises(AttributeError):
        s.host = "other"  # type: ignore[misc]
