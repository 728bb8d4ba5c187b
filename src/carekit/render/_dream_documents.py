"""The documents of the dream practices (DC-1, DC-2, DC-6): the citizen's dream sheet and
the staff's "what to watch today", plus the routines and signs the staff card and the visit
sheet show.

Two audiences, two rule sets (#19 point 8): the dream sheet is for the citizen and is checked
like every citizen document (LIX, jargon); the watch sheet is for staff and may use the
unit's shared professional words (:data:`carekit.render.STAFF_WORDS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from carekit.i18n import Lang, Text
from carekit.model import Citizen, Dream, Rater, Record, Routine, TrialAction
from carekit.workflows import WatchItem, watch_list

__all__ = ["DreamView", "TrialView", "build_dreams", "build_watch", "point_of_care"]

#: How a trial action is going, in the citizen's words.
_GOING: dict[str, Text] = {
    "planned": Text("Vi går snart i gang.", "We start soon."),
    "running": Text("Vi er i gang.", "We have started."),
    "evaluating": Text("Nu ser vi sammen på, hvordan det går.", "Now we look at how it goes."),
    "adopted": Text(
        "Det gik godt. Nu gør vi det hver gang.", "It went well. Now we do it every time."
    ),
    "adapted": Text(
        "Vi lærte noget og prøver en ny måde.", "We learned from it and try a new way."
    ),
    "abandoned": Text(
        "Det gik ikke, som vi håbede. Vi stoppede.", "It did not go as hoped. We stopped."
    ),
}


@attrs.frozen
class TrialView:
    """One thing being tried, as the citizen reads it."""

    what: str
    going: Text
    talk_on: dt.date | None
    your_words: tuple[str, ...]


@attrs.frozen
class DreamView:
    """One dream with what is tried for it and what is now done every time."""

    text: str
    own_words: bool
    trials: tuple[TrialView, ...]
    routines: tuple[str, ...]


def _trial_view(trial: TrialAction) -> TrialView:
    talk_on = (
        trial.evaluation_date if trial.status in ("planned", "running", "evaluating") else None
    )
    words = tuple(
        e.note for e in trial.evaluations if e.rated_by is Rater.CITIZEN and e.note is not None
    )
    return TrialView(trial.change_of_practice, _GOING[trial.status], talk_on, words)


def _dream_views(records: Sequence[Record]) -> list[DreamView]:
    trials = [r for r in records if isinstance(r, TrialAction)]
    routines = [r for r in records if isinstance(r, Routine) and r.active]
    views = []
    dreams = sorted(
        (r for r in records if isinstance(r, Dream) and r.status not in ("set_aside", "revised")),
        key=lambda d: d.noticed_on,
    )
    for dream in dreams:
        mine = sorted(
            (t for t in trials if dream.id in t.dream_ids), key=lambda t: (t.cycle, t.created_at)
        )
        views.append(
            DreamView(
                text=dream.text,
                own_words=dream.wording.value == "citizen_words",
                trials=tuple(_trial_view(t) for t in mine if t.status != "adopted"),
                routines=tuple(r.description for r in routines if dream.id in r.dream_ids),
            )
        )
    return views


def build_dreams(citizen: Citizen, records: Sequence[Record], lang: Lang) -> dict[str, object]:
    """The dream sheet's variables: the citizen's dreams, what is tried, what is now fixed."""
    return {"dreams": _dream_views(records)}


def point_of_care(records: Sequence[Record], day: dt.date) -> dict[str, list[WatchItem]]:
    """Routines and signs for the staff card and the visit sheet (``routines``, ``signs``):
    every active routine, whatever its weekdays (each says when it is kept)."""
    items = watch_list(records, day, every_weekday=True)
    return {
        "routines": [i for i in items if i.category == "routine"],
        "signs": [i for i in items if i.category == "sign"],
    }


def build_watch(
    citizen: Citizen, records: Sequence[Record], lang: Lang, day: dt.date
) -> dict[str, object]:
    """The watch sheet's variables for *day*: the routines kept that weekday and the signs."""
    items = watch_list(records, day)
    return {
        "routines": [i for i in items if i.category == "routine"],
        "signs": [i for i in items if i.category == "sign"],
        "day": day,
    }
