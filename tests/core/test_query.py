"""Repository.query: keyset pages through the public API, on memory and SQLite — cursors,
filters, folded text, the CPR blind index, bad arguments, the CLI, and the back-fill of a
store migrated from before page queries.  (The store-level rules are the kit's:
carekit.testing.query, run by tests/store/test_conformance.py.)"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carekit
from carekit.aio import open_async
from carekit.app import Application, Page
from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.errors import InvalidCursorError, InvalidQueryError
from carekit.model import Citizen
from carekit.store import PutItem, StoredRecord
from carekit.store._migrations import migrate
from carekit.store.backend import encode_record, fold
from carekit.testing.readers import TEST_PURPOSE, TEST_READER, open_reading
from carekit.testing.records import STAFF, make_record

mount_all(cli)

KEY = "a test search key of some length"


def _citizens(app: Application, n: int) -> list[str]:
    records = [make_record("citizen", i) for i in range(n)]
    for start in range(0, n, 250):
        app.store.put_many([PutItem(r) for r in records[start : start + 250]])
    return sorted(r.record_id for r in records)


@pytest.fixture(params=["memory", "sqlite"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Application]:
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'q.sqlite'}"
    with open_reading(url, search_key=KEY) as application:
        yield application


def _all_pages(
    app: Application, size: int, after: str | None = None, **filters: object
) -> list[StoredRecord[Citizen]]:
    out: list[StoredRecord[Citizen]] = []
    while True:
        page = app.citizens.query(limit=size, after=after, **filters)  # type: ignore[arg-type]
        out.extend(page.items)
        if page.next is None:
            return out
        assert len(page) == size  # only the last page is short
        after = page.next


def test_1000_citizens_in_pages_of_37_each_once_in_order(app: Application) -> None:
    ids = _citizens(app, 1000)
    by_id = _all_pages(app, 37, order="id")
    assert [s.record_id for s in by_id] == ids
    changed = _all_pages(app, 37)
    assert sorted(s.record_id for s in changed) == ids
    keys = [(s.stored_at, s.record_id) for s in changed]
    assert keys == sorted(keys)
    assert all(isinstance(s.record, Citizen) and s.version == 1 for s in changed)


def test_the_last_page_has_no_cursor_and_an_empty_kind_one_empty_page(
    app: Application,
) -> None:
    _citizens(app, 10)
    assert app.citizens.query(limit=10).next is None
    assert app.citizens.query(limit=9).next is not None
    empty = app.dreams.query()
    assert isinstance(empty, Page)
    assert empty.items == ()
    assert empty.next is None


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(size=st.integers(1, 60), by_id=st.booleans())
def test_any_page_size_gives_the_full_ordered_set(app: Application, size: int, by_id: bool) -> None:
    if not app.citizens.query(limit=1).items:
        _citizens(app, 90)
    order = "id" if by_id else "changed"
    whole = app.citizens.query(order=order, limit=1000).items  # type: ignore[arg-type]
    assert len(whole) == 90
    assert _all_pages(app, size, order=order) == list(whole)


def test_a_change_while_paging_comes_again_later_and_nothing_is_skipped(
    app: Application,
) -> None:
    ids = _citizens(app, 30)
    first = app.citizens.query(limit=10)
    stored = app.citizens.get(first.items[0].record_id)
    time.sleep(0.002)
    app.citizens.update(
        stored.record.model_copy(update={"display_name": "Ny"}),
        expected_version=stored.version,
        actor=STAFF,
    )
    rest = _all_pages(app, 10, after=first.next)
    seen = [s.record_id for s in [*first.items, *rest]]
    assert sorted(set(seen)) == ids
    assert seen.count(stored.record_id) == 2
    assert rest[-1].version == 2


def test_changed_since_and_status(app: Application) -> None:
    _citizens(app, 5)
    time.sleep(0.002)
    since = dt.datetime.now(dt.UTC)
    new = app.citizens.add(make_record("citizen", 50))  # type: ignore[arg-type]
    found = app.citizens.query(changed_since=since).items
    assert [s.record_id for s in found] == [new.record_id]
    plan = make_record("safety_plan", 1, citizen_id=new.record_id, status="draft")
    app.safety_plans.add(plan)  # type: ignore[arg-type]
    assert len(app.safety_plans.query(status="draft").items) == 1
    assert app.safety_plans.query(status="active").items == ()


@pytest.mark.parametrize("query", ["soren", "SØREN", "Søren", "sören", "  søren  "])
def test_text_finds_soren_folded(app: Application, query: str) -> None:
    for n, name in enumerate(["Søren Kierkegaard", "Karen Blixen", "Åse Sørensen"]):
        app.citizens.add(make_record("citizen", n, display_name=name))  # type: ignore[arg-type]
    names = {s.record.display_name for s in app.citizens.query(text=query)}
    assert names == {"Søren Kierkegaard", "Åse Sørensen"}
    assert {s.record.display_name for s in app.citizens.query(text="aase")} == {"Åse Sørensen"}
    assert app.citizens.query(text="søren karen").items == ()


def test_fold_is_the_documented_folding() -> None:
    assert {fold(w) for w in ("Søren", "SØREN", "soren", "Sören")} == {"soren"}
    assert fold("Åbenrå") == fold("Aabenraa") == "abenra"
    assert fold("Mæhl") == "maehl"
    assert fold("  Straße\tØST ") == "strasse ost"


def test_cpr_is_searched_through_the_keyed_hash(app: Application) -> None:
    app.citizens.add(make_record("citizen", 0, cpr="010190-1234"))  # type: ignore[arg-type]
    found = app.citizens.query(cpr="0101901234").items
    assert [s.record.display_name for s in found] == ["Borger 0"]
    assert app.citizens.query(cpr="020280-4321").items == ()
    if isinstance(app.store, carekit.store.SQLiteStore):
        raw = sqlite3.connect(app.store.path)
        try:
            dumped = "\n".join(raw.iterdump())
        finally:
            raw.close()
        heads = [line for line in dumped.splitlines() if "record_heads" in line]
        assert heads
        assert not any("0101901234" in h or "010190-1234" in h for h in heads)


def test_cpr_search_needs_a_key_a_citizen_kind_and_a_cpr(tmp_path: Path) -> None:
    with open_reading("memory://") as app:
        with pytest.raises(InvalidQueryError) as info:
            app.citizens.query(cpr="010190-1234")
        assert "CAREKIT_SEARCH_KEY" in info.value.text.da
        assert "CAREKIT_SEARCH_KEY" in info.value.text.en
    with open_reading("memory://", search_key=KEY) as app:
        with pytest.raises(InvalidQueryError) as info:
            app.safety_plans.query(cpr="010190-1234")
        assert info.value.parameter == "cpr"
        with pytest.raises(InvalidQueryError) as info:
            app.citizens.query(cpr="990190-1234")
        assert "990190" not in str(info.value)
        assert "990190" not in info.value.text.da


def test_the_search_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREKIT_SEARCH_KEY", KEY)
    with open_reading("memory://") as app:
        app.citizens.add(make_record("citizen", 0, cpr="010190-1234"))  # type: ignore[arg-type]
        assert len(app.citizens.query(cpr="010190-1234").items) == 1


def _tampered(cursor: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[10] ^= 1
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["garbage", "", "x" * 2000, "====", 42, "tampered"])
def test_a_bad_cursor_is_a_bilingual_error(app: Application, cursor: object) -> None:
    _citizens(app, 3)
    good = app.citizens.query(limit=1).next
    assert good is not None
    if cursor == "tampered":
        cursor = _tampered(good)
    with pytest.raises(InvalidCursorError) as info:
        app.citizens.query(limit=1, after=cursor)  # type: ignore[arg-type]
    assert info.value.code == "query.cursor"
    assert info.value.text.da.startswith("Ugyldig markør")
    assert info.value.text.en.startswith("Invalid cursor")


def test_a_cursor_of_another_query_is_refused(app: Application) -> None:
    _citizens(app, 3)
    cursor = app.citizens.query(limit=1).next
    with pytest.raises(InvalidCursorError, match="another query"):
        app.citizens.query(limit=1, after=cursor, order="id")
    with pytest.raises(InvalidCursorError):
        app.safety_plans.query(after=cursor)
    assert len(app.citizens.query(limit=2, after=cursor).items) == 2  # page size may change


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": True}, "limit"),
        ({"limit": "10"}, "limit"),
        ({"order": "name"}, "order"),
        ({"changed_since": dt.datetime(2026, 1, 1)}, "changed_since"),  # noqa: DTZ001 - naive on purpose
        ({"text": " ,; "}, "text"),
        ({"text": 5}, "text"),
        ({"due_before": "2026-01-01"}, "due_before"),
    ],
)
def test_bad_arguments_are_bilingual_query_errors(
    app: Application, arguments: dict[str, object], parameter: str
) -> None:
    with pytest.raises(InvalidQueryError) as info:
        app.citizens.query(**arguments)  # type: ignore[arg-type]
    assert info.value.parameter == parameter
    assert info.value.code == "query.invalid"
    assert info.value.text.da != info.value.text.en


def test_get_and_list_return_stored_versions_to_update_from(app: Application) -> None:
    added = app.citizens.add(make_record("citizen", 0))  # type: ignore[arg-type]
    got = app.citizens.get(added.record_id)
    assert (got.version, got.record) == (1, added.record)
    (listed,) = app.citizens.list()
    changed = app.citizens.update(
        listed.record.model_copy(update={"display_name": "Anden"}),
        expected_version=listed.version,
        actor=STAFF,
    )
    assert changed.version == 2
    assert app.citizens.list()[0].version == 2


def test_the_async_facade_pages_too(tmp_path: Path) -> None:
    import anyio

    async def main() -> list[str]:
        async with open_async("memory://", actor=TEST_READER, purpose=TEST_PURPOSE) as app:
            _citizens(app.sync, 5)
            first = await app.citizens.query(limit=3, order="id")
            second = await app.citizens.query(limit=3, order="id", after=first.next)
            assert second.next is None
            got = await app.citizens.get(first.items[0].record_id)
            assert got.version == 1
            return [s.record_id for s in (*first.items, *second.items)]

    ids = anyio.run(main)
    assert ids == sorted(ids)
    assert len(set(ids)) == 5


# -- the CLI ----------------------------------------------------------------------------
def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_pages_with_limit_and_after_and_prints_the_cursor(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    with open_reading(db) as app:
        ids = _citizens(app, 12)
    seen: list[str] = []
    after: list[str] = []
    for _ in range(5):
        code, out, _err = _run(
            "records",
            "list",
            "citizen",
            "--db",
            str(db),
            "--limit",
            "5",
            "--order",
            "id",
            "--json",
            *after,
        )
        assert code == 0
        data = json.loads(out)
        seen += [item["record"]["id"] for item in data["items"]]
        if data["next"] is None:
            break
        after = ["--after", data["next"]]
    assert seen == ids
    code, out, err = _run("records", "list", "citizen", "--db", str(db), "--limit", "5")
    assert code == 0
    assert len(out.splitlines()) == 5
    assert "--after " in err
    assert "næste side" in err
    assert "(5 poster af typen Borger; næste side" in err  # a label, never the code "citizen"
    code, out, _ = _run("records", "list", "citizen", "--db", str(db), "--text", "BORGER 11")
    assert code == 0
    assert out.count("Borger 11") == 1


@pytest.mark.parametrize(
    ("option", "da", "en"),
    [
        (("--after", "garbage"), "Ugyldig markør", "Invalid cursor"),
        (("--limit", "0"), "limit skal være", "limit must be"),
        (("--limit", "many"), "limit skal være", "limit must be"),
        (("--changed-since", "yesterday"), "changed_since skal", "changed_since must"),
    ],
)
def test_cli_bad_cursor_and_limit_are_bilingual_usage_errors(
    tmp_path: Path, option: tuple[str, str], da: str, en: str
) -> None:
    db = tmp_path / "cli.sqlite"
    open_reading(db).close()
    for lang, want in (("da", da), ("en", en)):
        code, _out, err = _run(
            "records", "list", "citizen", "--db", str(db), *option, "--lang", lang
        )
        assert code == 2
        assert want in err
        assert "Traceback" not in err


# -- a store from before page queries -----------------------------------------------------
def test_a_sqlite_store_from_schema_2_is_back_filled_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, url=f"sqlite:///{path}", target=2)
    the_citizen = make_record("citizen", 0, display_name="Søren Ås", cpr="010190-1234")
    at = "2026-11-01T10:00:00.000000+00:00"
    conn.execute(
        "INSERT INTO records (record_id, version, kind, citizen_id, status, due_on, stored_at, "
        "data) VALUES (?, 1, 'citizen', ?, NULL, NULL, ?, ?)",
        (the_citizen.record_id, the_citizen.record_id, at, encode_record(the_citizen)),
    )
    conn.close()
    with open_reading(path, search_key=KEY) as app:
        assert [s.record_id for s in app.citizens.query(text="SOREN AS")] == [the_citizen.record_id]
        assert [s.record_id for s in app.citizens.query(cpr="0101901234")] == [
            the_citizen.record_id
        ]
        assert [s.record_id for s in app.citizens.list()] == [the_citizen.record_id]


def test_the_python_sample_in_docs_querying_runs() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "querying.md").read_text("utf-8")
    sample = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(sample, "docs/querying.md", "exec"), {})  # our own docs sample
