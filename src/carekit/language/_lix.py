"""LIX (læsbarhedsindeks): ``words / sentences + 100 * long_words / words``.

A long word has more than six letters.  How words and sentences are counted is in
:mod:`carekit.language._text`.  The Danish bands, with what usually reads at that level:

=========  ==============  =====================================
LIX        band            typical text
=========  ==============  =====================================
< 25       very easy       children's books
25 – 34    easy            popular fiction, easy reading
35 – 44    medium          newspapers
45 – 54    hard            professional and official texts
≥ 55       very hard       academic and legal texts
=========  ==============  =====================================

Citizen documents aim at :data:`LIX_TARGET` (35) or lower.
"""

from __future__ import annotations

import math

import attrs

from carekit.i18n import Text

__all__ = ["BANDS", "LIX_TARGET", "LixBand", "band_for", "lix"]

#: The highest LIX a citizen document should have (ST-4: written information).
LIX_TARGET = 35


@attrs.frozen
class LixBand:
    """A LIX band: scores from ``low`` (inclusive) up to ``high`` (exclusive; ``inf`` = none)."""

    code: str
    low: float
    high: float
    label: Text
    typical: Text

    def __contains__(self, score: object) -> bool:
        return isinstance(score, int | float) and self.low <= score < self.high

    def describe(self, lang: str = "da") -> str:
        """``"let (letlæst skønlitteratur)"`` in the chosen language."""
        if lang == "en":
            return f"{self.label.en} ({self.typical.en})"
        return f"{self.label.da} ({self.typical.da})"


BANDS: tuple[LixBand, ...] = (
    LixBand("very-easy", 0, 25, Text("meget let", "very easy"),
            Text("børnebøger", "children's books")),
    LixBand("easy", 25, 35, Text("let", "easy"),
            Text("let skønlitteratur", "easy fiction")),
    LixBand("medium", 35, 45, Text("middel", "medium"),
            Text("aviser", "newspapers")),
    LixBand("hard", 45, 55, Text("svær", "hard"),
            Text("faglitteratur og offentlige tekster", "professional and official texts")),
    LixBand("very-hard", 55, math.inf, Text("meget svær", "very hard"),
            Text("videnskabelige og juridiske tekster", "academic and legal texts")),
)  # fmt: skip


def lix(words: int, sentences: int, long_words: int) -> float:
    """LIX from the three counts; 0.0 for a text without words.

    A text with words but no counted sentence is one sentence (the counting rules make that
    impossible, but callers may pass their own counts).
    """
    if words <= 0:
        return 0.0
    return words / max(sentences, 1) + 100 * long_words / words


def band_for(score: float) -> LixBand:
    """The band *score* falls in (negative scores count as the easiest band)."""
    for band in BANDS:
        if score < band.high:
            return band
    return BANDS[-1]
