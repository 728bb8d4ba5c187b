"""Every date option of the command line is the one :data:`carekit.cli._options.DATE`: the same
spelling (``YYYY-MM-DD``) accepted everywhere, and a bad date refused in the language of
``--lang`` with exit code 2, never a traceback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from carekit.cli import cli
from carekit.cli._options import DATE, IsoDate


def _date_options() -> Iterator[tuple[list[str], str]]:
    """(command path, option name) for every option of type IsoDate under ``carekit``."""
    ctx = click.Context(cli)

    def walk(command: click.Command, path: list[str]) -> Iterator[tuple[list[str], str]]:
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    yield from walk(sub, [*path, name])
            return
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, IsoDate):
                yield path, param.opts[0]

    yield from walk(cli, [])


DATE_OPTIONS = sorted(_date_options())


def test_the_date_options_are_found() -> None:
    found = {(" ".join(path), option) for path, option in DATE_OPTIONS}
    assert {
        ("due", "--as-of"),
        ("render", "--as-of"),
        ("report", "--as-of"),
        ("report", "--from"),
        ("report", "--to"),
        ("access-log", "--since"),
        ("remind", "--as-of"),
        ("watch", "--date"),
    } <= found


@pytest.mark.parametrize(("path", "option"), DATE_OPTIONS, ids=str)
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "da",
            "Fejl: Ugyldig værdi for '{option}'{more}: '2026-13-01' er ikke en dato. "
            "Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-19.",
        ),
        (
            "en",
            "Error: Invalid value for '{option}'{more}: '2026-13-01' is not a date. "
            "Write it as YYYY-MM-DD, e.g. 2026-11-19.",
        ),
    ],
)
def test_a_bad_date_is_refused_in_the_chosen_language(
    path: list[str], option: str, lang: str, expected: str
) -> None:
    result = CliRunner().invoke(cli, [*path, "--lang", lang, option, "2026-13-01"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    more = " / '--as-of'" if option == "--date" else ""
    assert expected.format(option=option, more=more) in result.output


def _convert(value: str) -> dt.date:
    return DATE.convert(value, None, None)


@given(day=st.dates())
def test_every_iso_date_is_read_back(day: dt.date) -> None:
    text = day.isoformat()
    if len(text) == len("2026-11-19"):  # years 1000-9999: the spelling the option asks for
        assert _convert(text) == day
        assert _convert(f" {text}\n") == day


@given(value=st.text(max_size=12))
def test_anything_else_is_a_finding_never_another_error(value: str) -> None:
    message = None
    try:
        day = _convert(value)
    except click.BadParameter as exc:
        message = exc.format_message()
    if message is None:
        assert day.isoformat() == value.strip()
    else:
        assert "ÅÅÅÅ-MM-DD" in message  # no --lang given: Danish


@pytest.mark.parametrize("value", ["20261119", "2026-W47-4", "2026-11-19T10:00", "19-11-2026"])
def test_only_the_dashed_spelling_is_a_date(value: str) -> None:
    with pytest.raises(click.BadParameter):
        _convert(value)


def test_a_date_object_passes_through() -> None:
    day = dt.date(2026, 11, 19)
    assert _convert(day) == day  # type: ignore[arg-type]
    assert DATE.convert(dt.datetime(2026, 11, 19, 8, 0, tzinfo=dt.UTC), None, None) == day
