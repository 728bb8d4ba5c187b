"""click's own error messages in Danish inside carekit's commands (``carekit.cli._click_da``),
English with ``--lang en``, and untouched in anybody else's click commands."""

from __future__ import annotations

import importlib
import inspect
import re

import click
import pytest
from click.testing import CliRunner

from carekit.cli import cli
from carekit.cli._click_da import CLICK_MODULES, DANISH, DANISH_PLURAL, install

PLACEHOLDER = re.compile(r"\{(\w+)(?:![rs])?\}")


def _click_source() -> str:
    return "\n".join(inspect.getsource(importlib.import_module(m)) for m in CLICK_MODULES)


def _id_in_source(message_id: str, source: str) -> bool:
    # click writes the ids as Python string literals: compare with escapes written out
    return repr(message_id)[1:-1] in source or message_id in source


def test_every_translated_message_id_is_still_clicks() -> None:
    source = _click_source()
    missing = [m for m in DANISH if not _id_in_source(m, source)]
    missing += [p for pair in DANISH_PLURAL for p in pair if not _id_in_source(p, source)]
    assert missing == [], "click reworded these messages: update carekit.cli._click_da"


@pytest.mark.parametrize(
    ("message_id", "danish"),
    [*DANISH.items(), *((s, d[0]) for (s, _), d in DANISH_PLURAL.items())]
    + [(p, d[1]) for (_, p), d in DANISH_PLURAL.items()],
)
def test_a_translation_uses_only_the_placeholders_click_gives(message_id: str, danish: str) -> None:
    assert set(PLACEHOLDER.findall(danish)) <= set(PLACEHOLDER.findall(message_id))


@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (
            ["due", "--bogus"],
            "Fejl: Tilvalget '--bogus' findes ikke.",
            "Error: No such option '--bogus'.",
        ),
        (
            ["due", "--as-of"],
            "Fejl: Tilvalget '--as-of' skal have en værdi.",
            "Error: Option '--as-of' requires an argument.",
        ),
        (
            ["records", "show"],
            "Fejl: Mangler argumentet 'RECORD_ID'.",
            "Error: Missing argument 'RECORD_ID'.",
        ),
        (["nosuch"], "Fejl: Kommandoen 'nosuch' findes ikke.", "Error: No such command 'nosuch'."),
        (
            ["render", "safety-plan", "--format=xx"],
            "Fejl: Ugyldig værdi for '--format': 'xx' er ikke en af 'html', 'pdf'.",
            "Error: Invalid value for '--format': 'xx' is not one of 'html', 'pdf'.",
        ),
    ],
)
def test_click_errors_follow_lang(args: list[str], danish: str, english: str) -> None:
    env = {"CAREKIT_DB": ""}
    in_danish = CliRunner().invoke(cli, args, env=env)
    assert in_danish.exit_code == 2
    assert danish in in_danish.output
    assert "for help" not in in_danish.output  # the "Try … --help" line too, when shown
    if args[0] in ("due", "render"):  # commands with --lang; written before the bad part
        in_english = CliRunner().invoke(cli, [*args[:-1], "--lang", "en", args[-1]], env=env)
        assert in_english.exit_code == 2
        assert english in in_english.output
        assert "for at få hjælp" not in in_english.output


def test_another_programs_click_command_stays_english() -> None:
    install()

    @click.command()
    @click.option("--n", type=int)
    def other(n: int | None) -> None:
        """Someone else's command in the same process."""

    result = CliRunner().invoke(other, ["--n", "x", "--nope"])
    assert result.exit_code == 2
    assert "Error:" in result.output
    assert "Fejl" not in result.output
