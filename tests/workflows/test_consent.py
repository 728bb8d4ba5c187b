"""withdraw_consent(): media that depended on a withdrawn consent stop being shared."""

from __future__ import annotations

import uuid

import pytest

from carekit.errors import GuardFailed
from carekit.workflows import (
    ConsentWithdrawn,
    Context,
    LearningStoryWithdrawn,
    apply,
    withdraw_consent,
)

from . import factories as f


def test_withdrawal_unshares_dependent_media_and_withdraws_shared_stories() -> None:
    consent = f.consent()
    other = f.consent()
    shared = f.learning_story(
        status="shared", media=[f.media(consent.id, shared=True), f.media(other.id, shared=True)]
    )
    draft = f.learning_story(media=[f.media(consent.id, shared=True)])
    unrelated = f.learning_story(status="shared", media=[f.media(other.id, shared=True)])
    someone_else = f.learning_story(
        status="shared", citizen_id=uuid.uuid4(), media=[f.media(consent.id, shared=True)]
    )
    context = Context([consent, other, shared, draft, unrelated, someone_else])

    result = withdraw_consent(consent, at=f.AT, actor=f.LEADER, context=context, reason="Ønske")

    assert result.consent.withdrawn_at == f.AT
    assert not result.consent.is_active(f.TODAY)
    by_id = {s.id: s for s in result.updated}
    assert set(by_id) == {shared.id, draft.id}
    assert by_id[shared.id].status == "withdrawn"
    assert [m.shared for m in by_id[shared.id].media] == [False, False]
    assert by_id[draft.id].status == "draft"
    assert [m.shared for m in by_id[draft.id].media] == [False]
    (transition,) = result.transitions
    assert transition.record.id == shared.id
    first, second = result.events
    assert isinstance(first, ConsentWithdrawn)
    assert first.data == {"unshared_stories": [str(shared.id), str(draft.id)]}
    assert isinstance(second, LearningStoryWithdrawn)
    assert (second.actor_id, second.at, second.reason) == ("staff-2", f.AT, "Ønske")
    assert result.records == (result.consent, *result.updated)


def test_after_withdrawal_a_consented_story_can_no_longer_be_shared() -> None:
    consent = f.consent()
    story = f.learning_story(status="consented", media=[f.media(consent.id)])
    result = withdraw_consent(consent, at=f.AT, actor=f.NURSE, context=Context([consent, story]))
    (updated,) = result.updated
    assert updated.status == "consented"
    context = Context([result.consent, updated])
    with pytest.raises(GuardFailed, match="valid consent"):
        apply(updated, "share", actor=f.NURSE, at=f.AT, context=context)


def test_withdrawing_an_already_withdrawn_consent_keeps_the_first_time() -> None:
    earlier = f.AT.replace(hour=8)
    consent = f.consent(withdrawn_at=earlier)
    result = withdraw_consent(consent, at=f.AT, actor=f.NURSE, context=Context())
    assert result.consent.withdrawn_at == earlier
    assert result.updated == ()
    assert result.transitions == ()
