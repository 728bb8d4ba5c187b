"""Guards: the code behind every guard named in the workflow tables.

A guard is a pure function ``(record, env) -> bool``.  The tables describe each guard in
Danish and English (:class:`carekit.lifecycle.Guard`); this module holds the one
implementation per name in :data:`GUARDS`.  The engine refuses to load when a table names a
guard that is missing here or this module implements one no table names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import attrs

from carekit.model import (
    Actor,
    AnswerTime,
    Consent,
    ConsentPurpose,
    ExpectationAlignment,
    LearningStory,
    MediaItem,
    NetworkMember,
    Record,
    SafetyPlan,
)
from carekit.workflows._calendar import local_date
from carekit.workflows._config import Context, WorkflowConfig
from carekit.workflows._dream_guards import DREAM_GUARDS

__all__ = ["GUARDS", "Env", "GuardFunction", "consent_active_on", "media_item_consented"]

_R = TypeVar("_R", bound=Record)


@attrs.frozen(kw_only=True)
class Env:
    """What an action is applied with: who, when, why, and what else is known."""

    actor: Actor
    at: dt.datetime
    reason: str | None = None
    context: Context = attrs.field(factory=Context)
    config: WorkflowConfig = attrs.field(factory=WorkflowConfig)

    @property
    def today(self) -> dt.date:
        """The calendar date of ``at`` in Europe/Copenhagen."""
        return local_date(self.at)


GuardFunction = Callable[[Record, Env], bool]


def _as(record: Record, cls: type[_R]) -> _R:
    if not isinstance(record, cls):
        raise TypeError(f"guard expects a {cls.__name__}, got {type(record).__name__}")
    return record


# --------------------------------------------------------------------------- safety plan
def agreement_recorded(record: Record, env: Env) -> bool:
    """The plan's agreement is recorded, with how it was agreed."""
    plan = _as(record, SafetyPlan)
    return plan.agreement is not None and plan.agreement.method is not None


def situations_have_actions(record: Record, env: Env) -> bool:
    """At least one situation, and every situation says what to do."""
    plan = _as(record, SafetyPlan)
    return bool(plan.situations) and all(s.has_action() for s in plan.situations)


_WEEK = (AnswerTime.WEEKDAYS, AnswerTime.WEEKENDS, AnswerTime.NIGHTS)


def contacts_cover_week(record: Record, env: Env) -> bool:
    """Weekdays, weekends and nights are each answered by some contact (``always`` covers
    all three), and there is an emergency number."""
    plan = _as(record, SafetyPlan)
    answered = {time for contact in plan.contacts for time in contact.answers}
    covered = AnswerTime.ALWAYS in answered or all(t in answered for t in _WEEK)
    return covered and bool(plan.emergency_number.strip())


def situations_answered_around_the_clock(record: Record, env: Env) -> bool:
    """At least one situation, and each is answered at every time of the week
    (:data:`~carekit.model.AROUND_THE_CLOCK`) by its own contacts: the plan contacts shown in
    its box.  The plan's other numbers do not count, because the citizen reading that box
    does not see them; 112 does not count either (it is for when a life is at risk)."""
    plan = _as(record, SafetyPlan)
    return bool(plan.situations) and all(not plan.unanswered_times(s) for s in plan.situations)


def understanding_checked(record: Record, env: Env) -> bool:
    """It was checked with the citizen that the plan makes sense (ST-4)."""
    plan = _as(record, SafetyPlan)
    return plan.agreement is not None and plan.agreement.understood


def written_copy_handed_over(record: Record, env: Env) -> bool:
    plan = _as(record, SafetyPlan)
    return plan.written_copy is not None and plan.written_copy.handed_over_at is not None


def review_date_reached(record: Record, env: Env) -> bool:
    """The review date is today or earlier (calendar date in Europe/Copenhagen)."""
    plan = _as(record, SafetyPlan)
    return plan.review_date is not None and plan.review_date <= env.today


def next_review_in_future(record: Record, env: Env) -> bool:
    """A review date after today is set."""
    plan = _as(record, SafetyPlan)
    return plan.review_date is not None and plan.review_date > env.today


# --------------------------------------------------------------------------- alignment
def expectations_heard(record: Record, env: Env) -> bool:
    alignment = _as(record, ExpectationAlignment)
    return bool(alignment.participants) and bool(alignment.citizen_expectations)


def citizen_took_part(record: Record, env: Env) -> bool:
    """The citizen, or the citizen's representative, is among the participants (ST-6: the
    citizen's expectations are heard from the citizen, not about them)."""
    alignment = _as(record, ExpectationAlignment)
    return any(p.speaks_for_the_citizen for p in alignment.participants)


def no_open_gaps(record: Record, env: Env) -> bool:
    return not _as(record, ExpectationAlignment).open_gaps()


def has_open_gaps(record: Record, env: Env) -> bool:
    return bool(_as(record, ExpectationAlignment).open_gaps())


# --------------------------------------------------------------------------- learning story
#: Consent purposes that allow media in a learning story.
MEDIA_PURPOSES = frozenset({ConsentPurpose.PHOTOS_AND_FILM, ConsentPurpose.LEARNING_STORY})


def consent_active_on(consent: Consent, day: dt.date) -> bool:
    """Like :meth:`Consent.is_active`, but reading ``given_at``/``withdrawn_at`` as calendar
    dates in Europe/Copenhagen (``Consent.is_active`` uses the datetime's own offset)."""
    if local_date(consent.given_at) > day:
        return False
    if consent.withdrawn_at is not None and local_date(consent.withdrawn_at) <= day:
        return False
    return consent.valid_until is None or day <= consent.valid_until


def media_item_consented(
    item: MediaItem, story: LearningStory, context: Context, day: dt.date
) -> bool:
    """The item names a consent; when the context knows consents, that consent belongs to
    the story's citizen, is active on *day*, is for photos and film or learning stories, and
    — when someone else gave it on the citizen's behalf — records the legal basis."""
    if item.consent_id is None:
        return False
    if not context.knows_consents:
        return True
    consent = context.consent(item.consent_id)
    return (
        consent is not None
        and consent.citizen_id == story.citizen_id
        and consent.purpose in MEDIA_PURPOSES
        and consent_active_on(consent, day)
        and consent.lawfully_given
    )


def media_name_consents(record: Record, env: Env) -> bool:
    """Every media item names the consent that allows it (whether that consent is still
    active is the business of ``share`` and of consent withdrawal)."""
    return all(m.consent_id is not None for m in _as(record, LearningStory).media)


def media_consented(record: Record, env: Env) -> bool:
    """Every media item is consented (a story without media needs no consent)."""
    story = _as(record, LearningStory)
    return all(media_item_consented(m, story, env.context, env.today) for m in story.media)


# --------------------------------------------------------------------------- network member
def reachable(record: Record, env: Env) -> bool:
    member = _as(record, NetworkMember)
    return bool(member.phones) or bool(member.organisation)


#: Every guard by the name the tables use.
GUARDS: dict[str, GuardFunction] = {
    fn.__name__: fn
    for fn in (
        agreement_recorded,
        situations_have_actions,
        contacts_cover_week,
        situations_answered_around_the_clock,
        understanding_checked,
        written_copy_handed_over,
        review_date_reached,
        next_review_in_future,
        expectations_heard,
        citizen_took_part,
        no_open_gaps,
        has_open_gaps,
        media_consented,
        media_name_consents,
        reachable,
    )
} | DREAM_GUARDS
