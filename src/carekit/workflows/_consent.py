"""Withdrawing a consent, and what it does to learning stories (DC-5).

Rule: when a consent is withdrawn at *at*,

1. the consent gets ``withdrawn_at = at`` (kept if it was already withdrawn earlier);
2. in every learning story of the same citizen in the context, each media item that names
   the consent stops being shared (``shared = False``);
3. a **shared** story with such a media item, or whose narrative consent is this consent,
   is withdrawn through the workflow (action
   ``withdraw``, event ``LearningStoryWithdrawn``), because it is visible to others and no
   longer has consent for all its media.  Its other media are unshared too (effect
   ``unshare_media``).  Draft and consented stories keep their status: they are not shown
   to anyone, and the ``share`` guard stops them until the media has a valid consent again.

The function is pure: it returns what to persist.
"""

from __future__ import annotations

import datetime as dt

import attrs

from carekit.events import DomainEvent
from carekit.model import Actor, Consent, LearningStory, Record
from carekit.workflows._config import Context
from carekit.workflows._engine import Transition, apply
from carekit.workflows._events import ConsentWithdrawn

__all__ = ["ConsentWithdrawal", "withdraw_consent"]


@attrs.frozen
class ConsentWithdrawal:
    """What a consent withdrawal changes: persist ``consent``, every record in ``updated``
    (stories whose media were unshared, including withdrawn ones) and publish ``events``."""

    consent: Consent
    transitions: tuple[Transition, ...]
    updated: tuple[LearningStory, ...]
    events: tuple[DomainEvent, ...]

    @property
    def records(self) -> tuple[Record, ...]:
        """Every record to persist: the consent first, then the updated stories."""
        return (self.consent, *self.updated)


def withdraw_consent(
    consent: Consent,
    *,
    at: dt.datetime,
    actor: Actor,
    context: Context,
    reason: str | None = None,
) -> ConsentWithdrawal:
    """Withdraw *consent* and unshare the media that depended on it (see module rule)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"at={at!r}: pass a timezone-aware datetime")
    withdrawn = consent.model_copy(
        update={"withdrawn_at": consent.withdrawn_at or at, "updated_at": at, "actor": actor}
    )
    transitions: list[Transition] = []
    updated: list[LearningStory] = []
    for story in context.of_type(LearningStory):
        if story.citizen_id != consent.citizen_id:
            continue
        narrative = (
            story.narrative_consent is not None and story.narrative_consent.consent_id == consent.id
        )
        if not narrative and not any(m.consent_id == consent.id for m in story.media):
            continue
        media = [
            m.model_copy(update={"shared": False}) if m.consent_id == consent.id else m
            for m in story.media
        ]
        changed = story.model_copy(update={"media": media, "updated_at": at, "actor": actor})
        if story.status == "shared":  # others can see it
            transition = apply(changed, "withdraw", actor=actor, at=at, reason=reason)
            transitions.append(transition)
            updated.append(_story(transition.record))
        else:
            updated.append(changed)
    event = ConsentWithdrawn.create(
        kind=consent.kind,
        record_id=consent.record_id,
        citizen_id=str(consent.citizen_id),
        actor_id=actor.id,
        at=at,
        reason=reason,
        data={"unshared_stories": [s.record_id for s in updated]},
    )
    events = (event, *(e for t in transitions for e in t.events))
    return ConsentWithdrawal(withdrawn, tuple(transitions), tuple(updated), events)


def _story(record: Record) -> LearningStory:
    if not isinstance(record, LearningStory):  # pragma: no cover - apply() keeps the type
        raise TypeError(f"expected a LearningStory, got {type(record).__name__}")
    return record
