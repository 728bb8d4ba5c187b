"""``carekit foundation check FILE...``: is a unit's professional foundation document (DC-4)
ready to give to the workflows?  Each finding is printed as ``FILE:LINE: POINTER: message``
(``--json`` for tools); exit code 0 when every file is in order, 1 when one has findings, 2
when a file cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carekit.cli._common import EXIT_INVALID, echo_json, fail_usage
from carekit.cli._options import json_option, lang_option
from carekit.i18n import Lang, Text, check_lang
from carekit.workflows import FoundationCheck, check_foundation

__all__ = ["foundation_group"]

_UNREADABLE = Text(
    "Kan ikke læse {path}: {reason}. Tjek stien.", "Cannot read {path}: {reason}. Check the path."
)
_OK = Text(
    "{path}: i orden — fundamentet for '{unit}' med {n} elementer.",
    "{path}: in order — the foundation of '{unit}' with {n} elements.",
)
_FINDINGS = Text(
    "{path}: {n} ting at rette. Ret dem, og kør kommandoen igen.",
    "{path}: {n} things to fix. Fix them and run the command again.",
)
_FINDING = Text(
    "{path}: 1 ting at rette. Ret den, og kør kommandoen igen.",
    "{path}: 1 thing to fix. Fix it and run the command again.",
)


@click.group("foundation")
def foundation_group() -> None:
    """The unit's shared professional foundation (fælles faglighed, DC-4): the JSON document
    given to the workflows, which a dream's hypothesis refers to."""


@foundation_group.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@lang_option()
@json_option()
def check_command(files: tuple[Path, ...], lang: str, *, as_json: bool) -> None:
    """Check foundation documents: the schema (unit, updated_on, elements with key, kind and
    title) and what it cannot say (a key used twice, a title or word that says nothing, a
    word listed twice).  Every finding names the file, the line and the JSON pointer."""
    language: Lang = check_lang(lang)
    checks: list[tuple[Path, FoundationCheck]] = []
    for path in files:
        try:
            raw = path.read_bytes()
        except OSError as error:
            fail_usage(_UNREADABLE.get(language).format(path=path, reason=error.strerror or error))
        checks.append((path, check_foundation(raw)))
    if as_json:
        echo_json([_as_dict(path, check) for path, check in checks])
    else:
        for path, check in checks:
            for finding in check.findings:
                click.echo(finding.render(language, str(path)))
            if check.ok and check.foundation is not None:
                summary = _OK.get(language).format(
                    path=path, unit=check.foundation.unit, n=len(check.foundation.elements)
                )
            else:
                n = len(check.findings)
                summary = (_FINDING if n == 1 else _FINDINGS).get(language).format(path=path, n=n)
            click.echo(summary)
    if not all(check.ok for _, check in checks):
        sys.exit(EXIT_INVALID)


def _as_dict(path: Path, check: FoundationCheck) -> dict[str, object]:
    return {
        "file": str(path),
        "ok": check.ok,
        "unit": check.foundation.unit if check.foundation is not None else None,
        "findings": [
            {"line": f.line, "pointer": f.pointer, "da": f.message.da, "en": f.message.en}
            for f in check.findings
        ],
    }
