"""Erasure by crypto-shredding on PostgreSQL (carekit.testing.erasure): after erasing, a
``COPY … TO STDOUT`` of every table of the store's schema holds none of the citizen's name,
CPR number or free text; the application role erases without any DELETE right."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from carekit_postgres._settings import parse_url
from psycopg import sql

from carekit.demo import demo_citizens
from carekit.testing.erasure import (
    DATA_KEY,
    ErasureConformance,
    PlaintextErasureConformance,
)
from carekit.testing.export import seed_export_store
from carekit.testing.readers import open_reading

ELSE, _ = demo_citizens()


def table_dump(url: str) -> bytes:
    """Every row of every table in the URL's schema, as ``COPY … TO STDOUT`` writes it."""
    settings = parse_url(url)
    out = bytearray()
    with psycopg.connect(settings.conninfo, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "ORDER BY table_name",
            (settings.schema,),
        ).fetchall()
        assert {"record_versions", "record_heads", "citizen_keys", "outbox"} <= {
            t[0] for t in tables
        }
        for (table,) in tables:
            statement = sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(settings.schema, table))
            with conn.cursor().copy(statement) as copy:
                for block in copy:
                    out += bytes(block)
    return bytes(out)


class TestPostgresErasure(ErasureConformance):
    @pytest.fixture
    def store_url(self, fresh_url: str) -> str:
        return fresh_url

    def raw_dump(self, store_url: str) -> bytes:
        return table_dump(store_url)


class TestPostgresPlaintextErasure(PlaintextErasureConformance):
    @pytest.fixture
    def store_url(self, fresh_url: str) -> str:
        return fresh_url


def test_the_application_role_erases_without_delete_and_vacuum_is_left_to_the_owner(
    restricted_url: Callable[[], str],
) -> None:
    url = restricted_url()
    with open_reading(url, data_key=DATA_KEY) as app:
        seed_export_store(app)
        report = app.erase_citizen(ELSE.id, reason="sag 2026-0417")
        assert report.records >= 1
        assert report.scrubbed is False
        assert report.scrub_note is not None
        assert "VACUUM FULL" in report.scrub_note.en
        assert app.store.chain_verify().findings == ()  # type: ignore[attr-defined]
    dump = table_dump(url.replace("&migrate=0", ""))
    assert b"010137-4002" not in dump
    assert b"0101374002" not in dump
