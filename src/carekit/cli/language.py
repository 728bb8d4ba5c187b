"""``carekit check-language FILE|-``: the plain-language check as a click command.

The checker is :mod:`carekit.language`; the ``carekit`` group mounts
:data:`check_language_command`.
Exit codes: 0 the text passes (LIX within the target and no jargon), 1 it does not, 2 usage
error (missing or unreadable file, bytes that are not UTF-8).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from carekit.cli._options import lang_option
from carekit.i18n import Lang, Text, check_lang
from carekit.language._check import LanguageReport, check_html, check_text
from carekit.language._lix import LIX_TARGET

__all__ = ["check_language_command"]

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

MSG_NOT_FOUND = Text(
    "Filen {path} findes ikke. Tjek stien, eller brug - for at læse fra standard input.",
    "File {path} does not exist. Check the path, or use - to read standard input.",
)
MSG_NOT_A_FILE = Text("{path} er ikke en fil.", "{path} is not a file.")
MSG_UNREADABLE = Text("Kan ikke læse {path}: {reason}.", "Cannot read {path}: {reason}.")
MSG_NOT_UTF8 = Text(
    "{path} er ikke UTF-8-tekst (byte 0x{byte:02x} på position {position}). "
    "Gem filen som UTF-8, og prøv igen.",
    "{path} is not UTF-8 text (byte 0x{byte:02x} at position {position}). "
    "Save the file as UTF-8 and try again.",
)
MSG_HIT = Text('{where}: "{matched}" er fagsprog – skriv hellere: {suggestion}',
               '{where}: "{matched}" is jargon – write instead: {suggestion}')  # fmt: skip
MSG_LIX = Text("LIX {lix:.1f}: {band}. Målet er højst {target:g}.",
               "LIX {lix:.1f}: {band}. The target is at most {target:g}.")  # fmt: skip
MSG_COUNTS = Text("{words} ord, {sentences} sætninger, {long_words} lange ord.",
                  "{words} words, {sentences} sentences, {long_words} long words.")  # fmt: skip
MSG_PASS = Text("Bestået: teksten er let at læse og uden fagsprog.",
                "Passed: the text is easy to read and has no jargon.")  # fmt: skip
MSG_FAIL_JARGON = Text("Ikke bestået: {count} steder med fagsprog.",
                       "Not passed: jargon in {count} place(s).")  # fmt: skip
MSG_FAIL_LIX = Text("Ikke bestået: LIX {lix:.1f} er over målet {target:g}.",
                    "Not passed: LIX {lix:.1f} is above the target {target:g}.")  # fmt: skip


class _InputError(Exception):
    def __init__(self, message: Text):
        self.message = message
        super().__init__(message.en)


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _InputError(
            MSG_NOT_UTF8.format(path=path, byte=data[error.start], position=error.start)
        ) from error


def _read(file: str) -> tuple[str, str]:
    """``(text, shown name)`` of *file* (``-`` is standard input)."""
    if file == "-":
        stdin = sys.stdin
        buffer = getattr(stdin, "buffer", None)
        data = buffer.read() if buffer is not None else stdin.read().encode("utf-8")
        return _decode(data, "<stdin>"), "<stdin>"
    path = Path(file)
    if not path.exists():
        raise _InputError(MSG_NOT_FOUND.format(path=file))
    if not path.is_file():
        raise _InputError(MSG_NOT_A_FILE.format(path=file))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _InputError(MSG_UNREADABLE.format(path=file, reason=error.strerror)) from error
    return _decode(data, file), file


def _text_output(report: LanguageReport, name: str, lang: Lang, target: float) -> str:
    lines = [
        MSG_HIT.format(
            where=f"{name}:{hit.line}:{hit.column}",
            matched=hit.matched,
            suggestion=hit.suggestion,
        ).get(lang)
        for hit in report.hits
    ]
    lines.append(
        MSG_LIX.format(lix=report.lix, band=report.band.describe(lang), target=target).get(lang)
    )
    lines.append(
        MSG_COUNTS.format(
            words=report.words, sentences=report.sentences, long_words=report.long_words
        ).get(lang)
    )
    if report.passes(target):
        lines.append(MSG_PASS.get(lang))
    else:
        if report.hits:
            lines.append(MSG_FAIL_JARGON.format(count=len(report.hits)).get(lang))
        if report.lix > target:
            lines.append(MSG_FAIL_LIX.format(lix=report.lix, target=target).get(lang))
    return "\n".join(lines)


@click.command(
    "check-language",
    help=(
        "Check a citizen text for readability (LIX) and jargon (fagsprog). FILE is text, "
        "Markdown or HTML (.html/.htm or --html); - reads standard input. Exit 0 when it "
        "passes, 1 when it does not, 2 on usage errors."
    ),
)
@click.argument("file", metavar="FILE|-")
@lang_option("Language of the text and of the messages.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True)  # fmt: skip
@click.option("--target", type=click.FloatRange(min=0), default=LIX_TARGET,
              show_default=True, help="Highest LIX that passes.")  # fmt: skip
@click.option("--html", "force_html", is_flag=True, help="Read FILE as HTML whatever its name.")
def check_language_command(
    file: str, lang: str, output_format: str, target: float, force_html: bool
) -> None:
    """Check FILE (the help text is given to ``click.command``)."""
    language = check_lang(lang)
    try:
        text, name = _read(file)
    except _InputError as error:
        click.echo(f"carekit check-language: {error.message.get(language)}", err=True)
        sys.exit(EXIT_USAGE)
    is_html = force_html or Path(file).suffix.lower() in _HTML_SUFFIXES
    report = check_html(text, language) if is_html else check_text(text, language)
    if output_format == "json":
        payload = {"file": name, **report.as_dict(target)}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(_text_output(report, name, language, target))
    sys.exit(EXIT_PASS if report.passes(target) else EXIT_FAIL)
