"""Jargon terms (fagsprog) with plain alternatives, and the data files that ship them.

Each language has a tab-separated file in ``carekit/language/data/``: ``jargon_da.tsv`` and
``jargon_en.tsv``.  A line is ``term<TAB>suggestion`` with an optional third column of other
forms separated by ``|``; lines starting with ``#`` and blank lines are ignored::

    mobilisere	hjælpe dig op at gå	mobilis*
    dekubitus	tryksår	dekubitussår|dekubitussåret

How a term matches text (the rule behind :func:`carekit.language.check_text`):

* case does not matter, and a match starts and ends on a word boundary (a hyphen is a
  boundary, so ``ADL`` is found in ``ADL-træning``);
* the term and each form are patterns; a ``*`` at the end of a word in a pattern stands for
  any letters (a stem: ``mobilis*`` matches mobilisere, mobiliseres, mobiliseret,
  mobilisering, mobiliseringen), otherwise the word must match in full;
* the words of a multi-word pattern may be separated by any white space, line breaks too;
* where matches overlap, the one that starts first wins, and of those the longest.

Danish inflection is therefore declared, never guessed: give a stem with ``*`` where every
word starting with it is jargon, and list inflected forms where a stem would catch plain
words too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import attrs

from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang

__all__ = ["JargonFileError", "JargonTerm", "load_jargon", "parse_jargon"]

_BOUNDARY_BEFORE = r"(?<![^\W_])"
_BOUNDARY_AFTER = r"(?![^\W_])"


class JargonFileError(CarekitError, ValueError):
    """A jargon list line could not be read; ``source`` and ``line`` say where."""

    def __init__(self, message: str | Text, *, source: str, line: int):
        self.source = source
        self.line = line
        text = message if isinstance(message, Text) else Text(message, message)
        super().__init__(Text(f"{source}:{line}: {text.da}", f"{source}:{line}: {text.en}"))


def _pattern_regex(pattern: str) -> str:
    words = pattern.split()
    parts = []
    for word in words:
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[^\W_]*")
        else:
            parts.append(re.escape(word))
    return _BOUNDARY_BEFORE + r"\s+".join(parts) + _BOUNDARY_AFTER


def _check_pattern(value: str) -> None:
    if not value.strip():
        raise ValueError("a jargon pattern must not be empty")
    for word in value.split():
        if "*" in word[:-1] or word == "*":
            raise ValueError(f"{value!r}: '*' may only end a word, after at least one letter")


def _validate_term(instance: JargonTerm, attribute: attrs.Attribute[str], value: str) -> None:
    del instance, attribute
    _check_pattern(value)


def _validate_forms(
    instance: JargonTerm, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    del instance, attribute
    for form in value:
        _check_pattern(form)


def _not_blank(instance: JargonTerm, attribute: attrs.Attribute[str], value: str) -> None:
    del instance
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _to_forms(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen
class JargonTerm:
    """A jargon term, its plain alternative, and the other forms it appears in.

    ``term`` and each of ``forms`` are patterns (see the module docstring): ``*`` at the end of
    a word is a stem.  ``lang`` is the language of the term.
    """

    term: str = attrs.field(validator=_validate_term)
    suggestion: str = attrs.field(validator=_not_blank)
    forms: tuple[str, ...] = attrs.field(default=(), converter=_to_forms, validator=_validate_forms)
    lang: Lang = attrs.field(default="da", converter=check_lang)

    @property
    def patterns(self) -> tuple[str, ...]:
        """The term and its forms."""
        return (self.term, *self.forms)

    @property
    def regex(self) -> re.Pattern[str]:
        """One case-insensitive regular expression matching any of :attr:`patterns`."""
        return _compile(self.patterns)


@cache
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile("|".join(_pattern_regex(p) for p in ordered), re.IGNORECASE)


def parse_jargon(text: str, lang: Lang, *, source: str = "<jargon>") -> tuple[JargonTerm, ...]:
    """Read a jargon list in the tab-separated format of the module docstring."""
    terms: list[JargonTerm] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        columns = [c.strip() for c in raw.split("\t")]
        if len(columns) not in (2, 3):
            raise JargonFileError(
                Text(
                    f"forventede 'ord<TAB>forslag[<TAB>former]', fandt {len(columns)} "
                    + ("kolonne" if len(columns) == 1 else "kolonner"),
                    f"expected 'term<TAB>suggestion[<TAB>forms]', found {len(columns)} column(s)",
                ),
                source=source,
                line=number,
            )
        forms = (
            tuple(f.strip() for f in columns[2].split("|") if f.strip())
            if len(columns) == 3
            else ()
        )
        try:
            terms.append(JargonTerm(columns[0], columns[1], forms, lang))
        except ValueError as error:
            raise JargonFileError(str(error), source=source, line=number) from error
    return tuple(terms)


@cache
def load_jargon(lang: Lang = "da") -> tuple[JargonTerm, ...]:
    """The jargon list carekit ships for *lang* (``"da"`` or ``"en"``)."""
    lang = check_lang(lang)
    name = f"jargon_{lang}.tsv"
    data = (resources.files("carekit.language") / "data" / name).read_text("utf-8")
    return parse_jargon(data, lang, source=name)
