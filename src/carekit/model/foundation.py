"""The unit's shared professional foundation (fælles faglighed, DC-4), and the test for
grounds that say nothing.

A :class:`ProfessionalFoundation` belongs to a unit (a bosted, a nursing home, a home-care
district), not to one citizen: the approaches the staff share, the training they have had and
the literature they lean on.  Each element has a short stable ``key`` that a dream's
hypothesis refers to (``Dream.foundation_refs``), so that "why we believe this would bring her
joy" points at something the whole staff group knows, not at one person's hunch.

The foundation is kept by the unit as a small JSON document (``ProfessionalFoundation.
model_validate_json``) and given to the application through
``WorkflowConfig(foundation=...)``; with it, the dream guards check that every referenced key
exists.  It is not a stored record: stored records are about one citizen.
:func:`foundation_problems` says what the schema cannot (a key used twice, a title that says
nothing); ``carekit foundation check FILE`` reports both with file, line and JSON pointer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated

from pydantic import StringConstraints

from carekit.i18n import Text
from carekit.model._base import CarekitModel, LabelledEnum, NonEmptyStr, field, labels

__all__ = [
    "PLACEHOLDERS",
    "FoundationElement",
    "FoundationElementKind",
    "FoundationKey",
    "ProfessionalFoundation",
    "foundation_problems",
    "substantive",
]

#: Words that stand in for a text nobody wrote yet.  Compared after lower-casing and removing
#: punctuation and spaces at both ends.
PLACEHOLDERS = frozenset(
    {
        "test",
        "tester",
        "testing",
        "tbd",
        "todo",
        "na",
        "n/a",
        "nn",
        "asdf",
        "foo",
        "bar",
        "lorem ipsum",
        "udfyld",
        "udfyldes",
        "mangler",
        "senere",
        "ved ikke",
        "?",
        "ok",
        # non-answers: "don't know", "see above", "none", "not relevant", "later"
        "ved det ikke",
        "vides ikke",
        "ukendt",
        "unknown",
        "don't know",
        "don’t know",
        "dont know",
        "do not know",
        "se ovenfor",
        "se ovenstående",
        "see above",
        "som ovenfor",
        "ingen",
        "intet",
        "none",
        "nothing",
        "nej",
        "yes",
        "ikke relevant",
        "irrelevant",
        "not relevant",
        "not applicable",
        "afventer",
        "kommer senere",
        "følger",
        "pending",
        "later",
        "to do",
        "to be decided",
        "lorem",
        "bla",
        "bla bla",
        "blabla",
        "abc",
        "xyz",
        "qwerty",
    }
)

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def substantive(text: str | None) -> bool:
    """Whether *text* says something: not empty, not a placeholder ("x", "-", "test", "…",
    "tbd"), not one repeated character ("xxx"), and with at least three letters."""
    if text is None:
        return False
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    core = _EDGE.sub("", folded)
    if not core or core in PLACEHOLDERS or folded in PLACEHOLDERS:
        return False
    letters = [c for c in core if c.isalpha()]
    return len(letters) >= 3 and len(set(letters)) > 1


@labels(
    {
        "approach": ("Tilgang", "Approach"),
        "training": ("Uddannelse og kursus", "Training"),
        "literature": ("Litteratur", "Literature"),
    }
)
class FoundationElementKind(LabelledEnum):
    """What an element of the professional foundation is: a shared approach (tilgang), a
    training the staff have had, or literature."""

    APPROACH = "approach"
    TRAINING = "training"
    LITERATURE = "literature"


FoundationKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]


class FoundationElement(CarekitModel):
    """One element of the shared professional foundation, referred to by its ``key``."""

    key: FoundationKey = field(
        "Nøgle", "Key", "A short stable name hypotheses refer to, e.g. 'marte-meo'."
    )
    kind: FoundationElementKind = field("Art", "Kind", "Approach, training or literature.")
    title: NonEmptyStr = field("Titel", "Title", "The element's name as the staff say it.")
    description: NonEmptyStr | None = field(
        "Beskrivelse", "Description", "What it means in daily work.", None
    )
    reference: NonEmptyStr | None = field(
        "Henvisning", "Reference", "Book, article, course or link.", None
    )


class ProfessionalFoundation(CarekitModel):
    """The shared professional foundation of a unit (DC-4): approaches, training and
    literature, plus the unit's own professional words (staff texts may use them; citizen
    texts never need them)."""

    unit: NonEmptyStr = field("Enhed", "Unit", "The unit the foundation belongs to.")
    updated_on: dt.date = field("Opdateret", "Updated on", "When the foundation was last revised.")
    elements: list[FoundationElement] = field(
        "Elementer", "Elements", "Approaches, training and literature.", min_length=1
    )
    vocabulary: list[NonEmptyStr] = field(
        "Fagord",
        "Professional words",
        "The unit's shared professional words (e.g. 'prøvehandling', 'tegn').",
        default_factory=list,
    )

    @property
    def keys(self) -> frozenset[str]:
        """The keys of every element."""
        return frozenset(e.key for e in self.elements)

    def element(self, key: str) -> FoundationElement | None:
        """The element called *key*, or ``None``."""
        return next((e for e in self.elements if e.key == key), None)


def foundation_problems(foundation: ProfessionalFoundation) -> Iterator[tuple[str, Text]]:
    """What is wrong in *foundation* beyond its schema: ``(JSON pointer, message)`` pairs.

    - an element's key is used by an earlier element (a hypothesis referring to it would not
      say which one it means);
    - an element's title or description, or a professional word, says nothing (empty,
      "x", "-", "test", …: :func:`substantive`);
    - a professional word is listed twice.
    """
    seen: dict[str, int] = {}
    for i, element in enumerate(foundation.elements):
        where = f"/elements/{i}"
        if element.key in seen:
            yield (
                f"{where}/key",
                Text(
                    f"Nøglen '{element.key}' bruges allerede af element {seen[element.key] + 1}. "
                    "Giv hvert element sin egen nøgle, så en hypotese kan henvise til det.",
                    f"The key '{element.key}' is already used by element "
                    f"{seen[element.key] + 1}. Give each element its own key, so that a "
                    "hypothesis can refer to it.",
                ),
            )
        else:
            seen[element.key] = i
        if not substantive(element.title):
            yield (
                f"{where}/title",
                Text(
                    "Titlen siger ikke noget. Skriv elementets navn, som personalet siger det.",
                    "The title says nothing. Write the element's name as the staff say it.",
                ),
            )
        if element.description is not None and not substantive(element.description):
            yield (
                f"{where}/description",
                Text(
                    "Beskrivelsen siger ikke noget. Skriv, hvad elementet betyder i hverdagen, "
                    "eller udelad beskrivelsen.",
                    "The description says nothing. Write what the element means in daily "
                    "work, or leave the description out.",
                ),
            )
    words: set[str] = set()
    for i, word in enumerate(foundation.vocabulary):
        folded = word.strip().casefold()
        if not substantive(word):
            yield (
                f"/vocabulary/{i}",
                Text(
                    "Fagordet siger ikke noget. Skriv et ord, personalet bruger.",
                    "The professional word says nothing. Write a word the staff use.",
                ),
            )
        elif folded in words:
            yield (
                f"/vocabulary/{i}",
                Text(
                    f"Fagordet '{word}' står der allerede.",
                    f"The professional word '{word}' is already listed.",
                ),
            )
        words.add(folded)
