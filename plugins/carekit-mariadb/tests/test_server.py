"""The server is one this backend supports: MariaDB 10.6 or later (``SKIP LOCKED``)."""

from __future__ import annotations

import re

import pytest
from _support import connect
from carekit_mariadb import parse_url

pytestmark = pytest.mark.mariadb


def test_the_server_is_mariadb_10_6_or_later(mariadb_admin_url: str) -> None:
    conn = connect(parse_url(mariadb_admin_url))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT VERSION()")
            (version,) = cur.fetchone() or ("",)
    finally:
        conn.close()
    found = re.match(r"(\d+)\.(\d+)", str(version))
    assert found, version
    assert "MariaDB" in str(version), f"{version}: the backend is tested on MariaDB only"
    assert (int(found[1]), int(found[2])) >= (10, 6), f"{version}: SKIP LOCKED needs 10.6+"
