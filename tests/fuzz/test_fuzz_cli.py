"""Fuzzing the command line: settings files (``carekit --config FILE``) of random TOML-ish
bytes, non-UTF-8 text and wrong types, and random option values for records, due, check,
render and export.  Every run ends with exit 0, 1 or 2 and never prints a traceback.

CI: 2,000 settings files + 2,000 argument lists (``CAREKIT_FUZZ_EXAMPLES`` per test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import carekit
from carekit.demo import DEMO_IMPORTER, demo_records

from ._common import assert_clean, fuzz_settings, invoke


@pytest.fixture(scope="module", autouse=True)
def _in_a_scratch_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Random ``--db`` values (and the default ``./carekit.sqlite``) are relative paths: run
    every command from a scratch folder so nothing is ever created in the checkout."""
    before = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "care.sqlite"
    with carekit.open(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    return db


_VALUES = st.sampled_from(
    [
        '"x"',
        "inf",
        "nan",
        "-1",
        "99999999999999999999",
        "[]",
        "[1, {a = 2}]",
        "{}",
        "true",
        '"webhook"',
        '"email"',
        '"http://[::1"',
        "1979-05-27",
    ]
)
_KEYS = st.sampled_from(
    [
        "channel",
        "url",
        "secret",
        "host",
        "port",
        "sender",
        "recipients",
        "fallback_team",
        "id",
        "kind",
        "username",
        "password",
        "x",
    ]
)
_TABLES = st.sampled_from(
    ["[channels.a]", "[channels.hook]", "[routing]", "[[routing.recipients]]", "[other]", ""]
)


@st.composite
def settings_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            lines.append(draw(_TABLES))
        lines.append(f"{draw(_KEYS)} = {draw(_VALUES)}")
    text = "\n".join(lines)
    if draw(st.integers(0, 5)) == 0:
        return text.encode("latin-1", "replace") + b"\xff"
    return text.encode()


@fuzz_settings(2000)
@given(settings_files(), st.sampled_from(["remind", "dispatch", "outbox"]))
@example(b"\xff\xfe[x]\n", "remind")  # found by this suite: UnicodeDecodeError
@example(b'[routing]\nrecipients = [{id = "t", kind = "team"}]\nfallback_team = []', "remind")
@example(b'[channels.a]\nchannel = "email"\nport = inf', "dispatch")
def test_settings_files(
    demo_db: Path, tmp_path_factory: pytest.TempPathFactory, data: bytes, command: str
) -> None:
    path = tmp_path_factory.mktemp("s") / "carekit.toml"
    path.write_bytes(data)
    args = ["--config", str(path), command, "--db", str(demo_db)]
    if command == "outbox":
        args = ["--config", str(path), "outbox", "list", "--db", str(demo_db)]
    if command == "dispatch":
        args.append("--dry-run")
    result = invoke(args)
    assert_clean(result)


_TEXT = st.sampled_from(
    [
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "x",
        "",
        "-1",
        "0",
        "99999999999999999999",
        "postgresql://[::1",
        "postgresql://h:99999/x",
        "sqlite:///nope/x.sqlite",
        "memory://",
        "nope://x",
        "/nonexistent/dir/out.json",
        "00000000-0000-0000-0000-000000000000",
        "citizen",
        "safety-plan",
        "da",
        "en",
        "zz",
        "--json",
        "--reveal-cpr",
        "--force",
    ]
) | st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
)  # argv holds no lone surrogate
_COMMANDS = [
    ["records", "list", "citizen"],
    ["records", "list", "safety_plan"],
    ["records", "show"],
    ["due"],
    ["check"],
    ["render", "safety-plan"],
    ["render", "visits"],
    ["export", "fhir"],
    ["outbox", "list"],
]
_OPTIONS = [
    "--as-of",
    "--limit",
    "--db",
    "-o",
    "--citizen",
    "--status",
    "--lang",
    "--format",
    "--json",
]


@fuzz_settings(2000)
@given(
    st.sampled_from(_COMMANDS),
    st.lists(st.tuples(st.sampled_from(_OPTIONS), _TEXT), max_size=3),
    st.booleans(),
)
@example(["due"], [("--as-of", "9999-12-31")], True)  # found: OverflowError
@example(["records", "list", "citizen"], [("--db", "postgresql://[::1")], False)  # ValueError
@example(["outbox", "list"], [("--limit", "99999999999999999999")], True)
@example(["export", "fhir"], [("-o", "/nonexistent/dir/out.json")], True)
def test_random_option_values(
    demo_db: Path, command: list[str], options: list[tuple[str, str]], with_db: bool
) -> None:
    args = list(command)
    if with_db:
        args += ["--db", str(demo_db)]
    for name, value in options:
        if name == "-o" and not value.startswith("/nonexistent"):
            continue  # never write into the working directory
        args += [name, value]
    result = invoke(args)
    assert_clean(result)


def test_nul_byte_in_db_path(demo_db: Path) -> None:
    assert_clean(invoke(["records", "list", "citizen", "--db", "\x00"]))
