"""Checking a unit's professional foundation document (DC-4, #19 point 5):
:func:`check_foundation` reads the JSON text a unit keeps and says what is wrong with it, each
finding with its JSON pointer and the line it is on, in Danish and English.

It finds what the schema finds (a missing title, a key with capital letters, no elements)
and what :func:`~carekit.model.foundation_problems` finds beyond it (a key used twice, a
title that says nothing, a professional word listed twice).  A document with no findings
can be given to ``WorkflowConfig(foundation=..., foundations=...)`` as it is.
"""

from __future__ import annotations

import json
import re

import attrs
import pydantic

from carekit._pointer import escape, pointer_parts
from carekit.i18n import Lang, Text
from carekit.model import ProfessionalFoundation, foundation_problems, validation_error

__all__ = ["FoundationCheck", "FoundationFinding", "check_foundation"]

_WS = re.compile(r"[ \t\n\r]*")


@attrs.frozen
class FoundationFinding:
    """One problem in a foundation document: where (JSON pointer, 1-based line) and what."""

    pointer: str
    line: int
    message: Text

    def render(self, lang: Lang = "da", file: str = "") -> str:
        """``FILE:LINE: POINTER: message`` in *lang* (the way compilers point at a line)."""
        where = f"{file}:{self.line}" if file else f"{self.line}"
        return f"{where}: {self.pointer or '/'}: {self.message.get(lang)}"


@attrs.frozen
class FoundationCheck:
    """What :func:`check_foundation` found: the foundation (``None`` when it cannot be read
    as one) and every finding, in the order of the document."""

    foundation: ProfessionalFoundation | None
    findings: tuple[FoundationFinding, ...]

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix."""
        return not self.findings


def check_foundation(text: str | bytes) -> FoundationCheck:
    """Check the JSON text of a professional foundation (see module doc)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return FoundationCheck(None, (_finding("", 1, _NOT_UTF8),))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = Text(
            f"Filen er ikke gyldig JSON (kolonne {error.colno}): {error.msg}.",
            f"The file is not valid JSON (column {error.colno}): {error.msg}.",
        )
        return FoundationCheck(None, (_finding("", error.lineno, message),))
    except RecursionError:
        return FoundationCheck(None, (_finding("", 1, _TOO_DEEP),))
    lines = _lines(text)
    try:
        foundation = ProfessionalFoundation.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = validation_error("foundation", exc).problems
        found = [_finding(p.pointer, _line_of(p.pointer, lines), p.message) for p in problems]
        return FoundationCheck(None, tuple(sorted(found, key=lambda f: f.line)))
    found = [
        _finding(pointer, _line_of(pointer, lines), message)
        for pointer, message in foundation_problems(foundation)
    ]
    return FoundationCheck(foundation, tuple(sorted(found, key=lambda f: f.line)))


_NOT_UTF8 = Text("Filen er ikke UTF-8-tekst.", "The file is not UTF-8 text.")
_TOO_DEEP = Text("Filen er indlejret for dybt til at læse.", "The file is nested too deeply.")


def _finding(pointer: str, line: int, message: Text) -> FoundationFinding:
    return FoundationFinding(pointer=pointer, line=line, message=message)


def _line_of(pointer: str, lines: dict[str, int]) -> int:
    """The line of *pointer*, else of its nearest ancestor in the document (a missing member
    is reported on the line of the object that lacks it)."""
    parts = pointer_parts(pointer) if pointer else []
    while parts:
        here = "".join("/" + escape(p) for p in parts)
        if here in lines:
            return lines[here]
        parts.pop()
    return lines.get("", 1)


def _lines(text: str) -> dict[str, int]:
    """The line (1-based) of every JSON pointer in *text* (valid JSON): for an object member
    the line of its name, for an array item the line where it starts."""
    decoder = json.JSONDecoder()
    found: dict[str, int] = {}

    def line(at: int) -> int:
        return text.count("\n", 0, at) + 1

    def skip(at: int) -> int:
        match = _WS.match(text, at)
        return match.end() if match else at

    def value(at: int, pointer: str) -> int:
        at = skip(at)
        found.setdefault(pointer, line(at))
        opening = text[at]
        if opening not in "{[":
            return decoder.raw_decode(text, at)[1]
        closing = "}" if opening == "{" else "]"
        at = skip(at + 1)
        index = 0
        while text[at] != closing:
            if opening == "{":
                name, after = decoder.raw_decode(text, at)
                member = f"{pointer}/{escape(name)}"
                found[member] = line(at)
                at = value(skip(after) + 1, member)  # past the ':'
            else:
                at = value(at, f"{pointer}/{index}")
                index += 1
            at = skip(at)
            if text[at] == ",":
                at = skip(at + 1)
        return at + 1

    value(0, "")
    return found
