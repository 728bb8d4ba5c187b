"""Preparation reviewed at the transitions of the citizen's life (ST-5).

:func:`record_transition` writes a transition (discharge from hospital, a move to a nursing
home, the start of palliative care) on every information record of the citizen with a
preparation item that names it; from that day the item is due for review (``due()`` category
``preparation_review``).  :func:`review_preparation` records that an item was gone through
again with the citizen — with the citizen's wishes as they are now — which ends the review.

Rules (errors with a Danish and English message, nothing changed):

* ``preparation-transition``: the same transition can be recorded only once per day.
* ``preparation-review``: only an item that is due for review can be reviewed, not before the
  transition, and an advance care planning item keeps at least one wish (or says so in words).

The functions are pure: they return the changed record to persist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carekit.errors import Problem, RecordValidationError
from carekit.i18n import Text
from carekit.model import (
    InformationRecord,
    LifeTransition,
    Record,
    TransitionNote,
)

__all__ = ["record_transition", "records_for_transition", "review_preparation"]


def _refused(
    info: InformationRecord, keyword: str, pointer: str, text: Text
) -> RecordValidationError:
    return RecordValidationError(
        info.kind, [Problem(pointer, keyword, text)], record_id=info.record_id
    )


def records_for_transition(
    records: Sequence[Record], citizen_id: str, transition: LifeTransition | str
) -> list[InformationRecord]:
    """The citizen's information records with a preparation item that *transition* makes due
    for review."""
    wanted = LifeTransition(transition)
    return [
        r
        for r in records
        if isinstance(r, InformationRecord)
        and str(r.citizen_id) == str(citizen_id)
        and any(wanted in item.triggers for item in r.preparation_items)
    ]


def record_transition(
    info: InformationRecord, *, transition: LifeTransition | str, on: dt.date
) -> InformationRecord:
    """*info* with the transition on *on* recorded (see the module's rules)."""
    kind = LifeTransition(transition)
    if any(note.transition is kind and note.on == on for note in info.transitions):
        raise _refused(
            info,
            "preparation-transition",
            "/transitions",
            Text(
                f"Overgangen '{kind.label.da}' den {on.isoformat()} er allerede skrevet på.",
                f"The transition '{kind.label.en}' on {on.isoformat()} is already recorded.",
            ),
        )
    notes = [*info.transitions, TransitionNote(transition=kind, on=on)]
    return info.model_copy(update={"transitions": notes})


def review_preparation(
    info: InformationRecord,
    *,
    index: int,
    on: dt.date,
    wishes: Sequence[str] | None = None,
) -> InformationRecord:
    """*info* with preparation item *index* gone through again with the citizen on *on*;
    *wishes*, when given, replace the citizen's wishes (their words as they are now)."""
    pointer = f"/preparation_items/{index}"
    due = {review.index: review for review in info.preparation_reviews()}
    review = due.get(index)
    if review is None:
        raise _refused(
            info,
            "preparation-review",
            pointer,
            Text(
                f"Punkt {index + 1} i forberedelsen venter ikke på at blive talt igennem. "
                "Skriv først overgangen på.",
                f"Preparation item {index + 1} is not waiting to be reviewed. Record the "
                "transition first.",
            ),
        )
    if on < review.transition.on:
        raise _refused(
            info,
            "preparation-review",
            f"{pointer}/reviewed_on",
            Text(
                f"Gennemgangen den {on.isoformat()} ligger før overgangen den "
                f"{review.transition.on.isoformat()}. Tal med borgeren efter overgangen.",
                f"The review on {on.isoformat()} is before the transition on "
                f"{review.transition.on.isoformat()}. Talk with the citizen after it.",
            ),
        )
    item = review.item
    new_wishes = [w.strip() for w in wishes if w.strip()] if wishes is not None else item.wishes
    if item.advance_care_planning and not new_wishes:
        raise _refused(
            info,
            "preparation-review",
            f"{pointer}/wishes",
            Text(
                "Skriv borgerens ønsker for den sidste tid med borgerens egne ord — også hvis "
                "borgeren ikke vil tale om det nu (skriv det).",
                "Write the citizen's wishes for the last time of life in their own words — "
                "also if they do not want to talk about it now (write that).",
            ),
        )
    changed = item.model_copy(update={"reviewed_on": on, "wishes": new_wishes})
    items = [changed if i == index else it for i, it in enumerate(info.preparation_items)]
    return info.model_copy(update={"preparation_items": items})
