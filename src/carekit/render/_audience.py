"""Two rule sets for two audiences (#19 point 8, DC-4 and ST-2).

Citizen documents are checked against the whole jargon list: the citizen should never need
the professionals' words (ST-2).  Staff documents use the unit's shared professional words
on purpose (DC-4): "evaluere", "observere", "mentalisere" are how the staff group talks about
its practice, so on a staff document they are not jargon.  Everything else on the list (the
medical and administrative words) is still flagged, on staff documents too, and LIX has the
same target for both.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from carekit.language import LanguageReport

__all__ = ["STAFF_WORDS", "for_audience"]

#: Jargon-list terms that are the shared professional words of the practice models: allowed
#: on staff documents, flagged on citizen documents.
STAFF_WORDS: frozenset[str] = frozenset(
    {
        # Danish
        "evaluere",
        "observere",
        "mentalisere",
        "tværfaglig",
        "borgerinddragelse",
        "mestring",
        "psykosocial",
        "funktionsniveau",
        # English
        "evaluate",
        "observe",
        "mentalise",
        "intervention",
    }
)


def for_audience(
    report: LanguageReport, audience: str, vocabulary: Iterable[str] = ()
) -> LanguageReport:
    """*report* as the rules for *audience* read it: for ``"staff"``, hits on
    :data:`STAFF_WORDS` and on the unit's own *vocabulary* (e.g.
    ``ProfessionalFoundation.vocabulary``) are dropped; for ``"citizen"`` nothing is."""
    if audience != "staff":
        return report
    allowed = {w.casefold() for w in (*STAFF_WORDS, *vocabulary)}
    kept = tuple(h for h in report.hits if h.term.casefold() not in allowed)
    return attrs.evolve(report, hits=kept)
