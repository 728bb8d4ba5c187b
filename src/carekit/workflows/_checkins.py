"""Check-ins that lead somewhere (ST-1): a low rating or words flagged by staff become a
follow-up, due within a set time and owned by the citizen's contact person.

:meth:`SafetyCheckIn.due_on` already makes a low rating (at most
:data:`~carekit.model.LOW_RATING`) or flagged words due :data:`~carekit.model.FOLLOW_UP_DAYS`
days after the check-in, so :func:`carekit.workflows.due` lists it with no further step.
:func:`plan_follow_up` is for a vendor that wants a stricter threshold, another time limit,
or the contact person written on the record as the owner (recommended: reminders then reach
that person).
"""

from __future__ import annotations

import datetime as dt

from carekit.model import FOLLOW_UP_DAYS, LOW_RATING, Actor, SafetyCheckIn
from carekit.workflows._calendar import local_date

__all__ = ["plan_follow_up"]


def plan_follow_up(
    check_in: SafetyCheckIn,
    *,
    contact_person: Actor | None,
    low_rating: int = LOW_RATING,
    within_days: int = FOLLOW_UP_DAYS,
) -> SafetyCheckIn:
    """*check_in* with its follow-up planned when it needs one: a rating at most
    *low_rating*, or words flagged by staff.  The follow-up is due *within_days* after the
    check-in (calendar days in Europe/Copenhagen) and owned by *contact_person* (else by
    whoever asked).  A check-in that needs none, or was already followed up, is returned
    unchanged; a follow-up date or owner already set is kept."""
    if within_days < 0:
        raise ValueError(f"within_days must be >= 0, got {within_days}")
    needs = check_in.rating <= low_rating or check_in.flagged_words
    if not needs or check_in.followed_up_at is not None:
        return check_in
    due = local_date(check_in.asked_at) + dt.timedelta(days=within_days)
    return check_in.model_copy(
        update={
            "follow_up_by": check_in.follow_up_by or due,
            "follow_up_owner": check_in.follow_up_owner or contact_person or check_in.asked_by,
        }
    )
