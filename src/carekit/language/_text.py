"""Words, sentences and blocks: the counting rules behind LIX.

The rules (documented in ``docs/language.md`` and tested in ``tests/language``):

Words
    A word is a run of letters and digits (any script, so æ, ø, å count as letters), which may
    be joined inside by a hyphen, an apostrophe or a full stop: ``sundheds-it``, ``Anna's``,
    ``f.eks``, ``14.30`` and ``e-mail`` are each one word.  Underscores and other symbols are
    not part of words.  Numbers are words.  URLs (``https://…``, ``www.…``) and e-mail addresses
    are not words: they are read as addresses, not as language.

Long words
    A long word has more than six *letters*; digits, hyphens and full stops inside the word do
    not count as letters (``2024`` has none, ``sundheds-it`` has ten).

Blocks
    Text is split into blocks first: a blank line ends a block; a Markdown heading (``# …``),
    a table row (``| …``) and a list item (``-``, ``*``, ``+``, ``•``, ``–``, ``1.``, ``1)``)
    each start a block, and a heading or table row ends at its line break.  A list item's
    marker is not a word.  Other single line breaks (hard-wrapped paragraphs) do not end
    anything.  The end of a block always ends the sentence that is open.

Sentences
    Inside a block a sentence ends at a run of ``.``, ``!``, ``?``, ``:`` or ``…`` that is
    followed by white space, a closing quote or bracket, or the end of the block.  A full stop
    does *not* end a sentence after a known abbreviation (``f.eks.``, ``bl.a.``, ``kl.``,
    ``dvs.``, ``e.g.``, ``Dr.``; see :data:`ABBREVIATIONS`) or a single letter (an initial,
    ``H. C. Andersen``), nor after a number when the next word starts with a lower-case letter
    (a Danish ordinal: ``1. maj``).  A sentence counts only if it holds at least one word, so
    ``!!!`` or a lone heading marker adds nothing, and a block without a final full stop
    still counts as one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

__all__ = ["ABBREVIATIONS", "Counts", "blocks", "count", "masked_spans"]

#: Abbreviations whose final full stop does not end a sentence (lower case, without the last
#: full stop).  Danish first, then English.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # Danish
        "f.eks", "fx", "bl.a", "dvs", "ca", "kl", "nr", "mht", "osv", "evt", "pga", "jf", "jvf",
        "mv", "m.m", "m.fl", "o.l", "ang", "vedr", "iflg", "inkl", "ekskl", "tlf", "hhv", "ift",
        "pt", "t.o.m", "f.o.m", "s", "stk", "gl", "afd", "att", "dr", "hr", "fr", "frk",
        "mdr", "md", "min", "sek", "tirs", "ons", "tors", "fre", "lør", "søn", "jan", "feb",
        "mar", "apr", "aug", "sep", "sept", "okt", "nov", "dec", "mg", "ml",
        # English
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "prof", "st", "no", "approx", "incl",
        "dept", "tel", "a.m", "p.m",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_MASK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,:;!?)\]]"  # URLs, without trailing punctuation
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    re.IGNORECASE,
)
_LAST_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*$")
_TERMINATOR = re.compile(r"[.!?:…]+(?=[\s\"'”’»)\]]|$)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+•–]|\d{1,3}[.)])[ \t]+")
_LINE_BLOCK = re.compile(r"[ \t]*(?:#{1,6}[ \t]|\|)")


@attrs.frozen
class Counts:
    """The three numbers LIX is made of."""

    words: int
    sentences: int
    long_words: int


def masked_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL and e-mail address in *text* (not language)."""
    return [m.span() for m in _MASK.finditer(text)]


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(" " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each block of *text* (see the module docstring), markers left out."""
    start: int | None = None
    end = 0
    previous_ends_block = False
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            if start is not None:
                yield start, end
                start = None
            previous_ends_block = False
            continue
        marker = _LIST_MARKER.match(body)
        line_block = _LINE_BLOCK.match(body) is not None
        if start is not None and (marker or line_block or previous_ends_block):
            yield start, end
            start = None
        if start is None:
            start = line_start + (marker.end() if marker else 0)
        end = line_start + len(body)
        previous_ends_block = line_block
    if start is not None:
        yield start, end


def _ends_sentence(block: str, match: re.Match[str]) -> bool:
    """Whether the terminator *match* inside *block* ends a sentence."""
    if match.group() != ".":
        return True
    last_word = _LAST_WORD.search(block, max(0, match.start() - 60), match.start())
    if last_word is None:
        return True
    word = last_word.group()
    lower = word.lower()
    if lower in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    if word.isdigit():
        following = re.match(r"\s+(\w)", block[match.end() :])
        if following is not None and following.group(1).islower():
            return False  # Danish ordinal: "1. maj"
    return True


def _sentences_in_block(block: str) -> int:
    sentences = 0
    segment_start = 0
    for match in _TERMINATOR.finditer(block):
        if not _ends_sentence(block, match):
            continue
        if _WORD.search(block, segment_start, match.start()):
            sentences += 1
        segment_start = match.end()
    if _WORD.search(block, segment_start):
        sentences += 1
    return sentences


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch.isalpha())


def count(text: str) -> Counts:
    """Count words, sentences and long words in *text* by the rules in the module docstring."""
    clean = _blank_out(text, masked_spans(text))
    words = sentences = long_words = 0
    for start, end in blocks(clean):
        block = clean[start:end]
        for m in _WORD.finditer(block):
            words += 1
            if _letters(m.group()) > 6:
                long_words += 1
        sentences += _sentences_in_block(block)
    return Counts(words=words, sentences=sentences, long_words=long_words)
