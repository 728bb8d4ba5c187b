"""Learning stories after a trial action (#19 point 6, DC-5): the narrative needs consent
beyond the staff group, a representative's consent needs its legal basis, a story is
discussed (and revisited), and withdrawing the narrative consent withdraws the story."""

from __future__ import annotations

import pytest

from carekit.errors import GuardFailed, InvariantViolated
from carekit.model import (
    Consent,
    ConsentBasis,
    ConsentGiver,
    ConsentPurpose,
    LearningStory,
    MediaItem,
    MediaType,
    NarrativeConsent,
    SharingScope,
)
from carekit.workflows import (
    Context,
    LearningStoryDiscussed,
    apply,
    check_invariants,
    withdraw_consent,
)

from . import factories as f

S = SharingScope


def _story(scope: SharingScope, consent: NarrativeConsent | None, **over: object) -> LearningStory:
    return f.learning_story(sharing_scope=scope, narrative_consent=consent, **over)


def _consented(citizen: bool = True) -> tuple[Consent, NarrativeConsent]:
    giver = ConsentGiver.CITIZEN if citizen else ConsentGiver.GUARDIAN
    consent = f.consent(purpose=ConsentPurpose.LEARNING_STORY, given_by=giver)
    return consent, NarrativeConsent(consent_id=consent.id, scope=S.UNIT)


@pytest.mark.parametrize(
    ("scope", "allowed", "ok"),
    [
        (S.TEAM, S.TEAM, True),
        (S.UNIT, S.UNIT, True),
        (S.UNIT, S.TEAM, False),
        (S.ORGANISATION, S.UNIT, False),
        (S.UNIT, S.ORGANISATION, True),
        (S.NETWORK, S.ORGANISATION, False),
        (S.NETWORK, S.NETWORK, True),
        (S.TEAM, S.NETWORK, True),
    ],
)
def test_sharing_scope_follows_the_consented_scope(
    scope: SharingScope, allowed: SharingScope, ok: bool
) -> None:
    assert scope.within(allowed) is ok


def test_the_staff_group_needs_no_narrative_consent_but_wider_sharing_does() -> None:
    assert apply(_story(S.TEAM, None), "confirm_consent", actor=f.NURSE, at=f.AT)
    with pytest.raises(GuardFailed) as caught:
        apply(_story(S.ORGANISATION, None), "confirm_consent", actor=f.NURSE, at=f.AT)
    (reason,) = caught.value.reasons
    assert "samtykke til selve fortællingen" in reason.da
    assert "consented to the story itself" in reason.en


def test_the_narrative_consent_must_be_found_active_and_for_learning_stories() -> None:
    consent, named = _consented()
    story = _story(S.UNIT, named)
    ok = apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([consent]))
    assert ok.to_state == "consented"
    wrong = f.consent(purpose=ConsentPurpose.PHOTOS_AND_FILM)
    story_wrong = _story(S.UNIT, NarrativeConsent(consent_id=wrong.id, scope=S.UNIT))
    with pytest.raises(GuardFailed):
        apply(story_wrong, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([wrong]))
    with pytest.raises(GuardFailed):  # the context knows consents, but not this one
        apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([wrong]))


def test_a_guardians_consent_needs_the_legal_basis_on_the_consent() -> None:
    consent, named = _consented(citizen=False)
    story = _story(S.UNIT, named)
    with pytest.raises(GuardFailed):
        apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([consent]))
    based = consent.model_copy(update={"legal_basis": ConsentBasis.GUARDIANSHIP})
    result = apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([based]))
    assert result.to_state == "consented"
    other = consent.model_copy(update={"legal_basis": ConsentBasis.OTHER, "legal_basis_note": "-"})
    with pytest.raises(GuardFailed):
        apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([other]))


def test_a_shared_story_cannot_be_widened_without_consent() -> None:
    shared = _story(S.TEAM, None, status="shared")
    check_invariants(shared)
    with pytest.raises(InvariantViolated) as caught:
        check_invariants(shared.model_copy(update={"sharing_scope": S.ORGANISATION}))
    # no consent named, and (so) none that allows sharing that widely
    assert caught.value.failed == ("narrative_consent_named", "narrative_consented")


def test_a_story_is_discussed_and_revisited() -> None:
    shared = _story(S.TEAM, None, status="shared")
    with pytest.raises(GuardFailed) as caught:
        apply(shared, "discuss", actor=f.NURSE, at=f.AT)
    assert "drøftet" in caught.value.reasons[0].da
    assert "discussed" in caught.value.reasons[0].en
    first = apply(
        shared.model_copy(update={"discussions": [f.discussion()]}),
        "discuss",
        actor=f.NURSE,
        at=f.AT,
    )
    assert (first.from_state, first.to_state) == ("shared", "shared")
    assert isinstance(first.event, LearningStoryDiscussed)
    record = first.record
    assert isinstance(record, LearningStory)
    again = record.model_copy(
        update={"discussions": [*record.discussions, f.discussion(what_next="x")]}
    )
    with pytest.raises(GuardFailed):  # a revisit needs its own what-next in real words
        apply(again, "discuss", actor=f.NURSE, at=f.AT)
    revisit = record.model_copy(
        update={
            "discussions": [
                *record.discussions,
                f.discussion(citizen_voice="Mogens: Jeg vil hellere se dem inde fra."),
            ]
        }
    )
    assert apply(revisit, "discuss", actor=f.NURSE, at=f.AT).to_state == "shared"


def test_withdrawing_the_narrative_consent_withdraws_a_shared_story() -> None:
    consent, named = _consented()
    story = _story(S.UNIT, named, status="shared", discussions=[f.discussion()])
    result = withdraw_consent(consent, at=f.AT, actor=f.NURSE, context=Context([story]))
    (updated,) = result.updated
    assert updated.status == "withdrawn"


def test_a_photo_added_to_a_shared_story_needs_its_own_photo_consent() -> None:
    """#13: update() of a shared story cannot slip a photo past the media guard - the shared
    state keeps satisfying what sharing required."""
    consent, named = _consented()
    network = f.consent(purpose=ConsentPurpose.SHARE_WITH_NETWORK)
    photos = f.consent(purpose=ConsentPurpose.PHOTOS_AND_FILM)
    shared = _story(S.UNIT, named, status="shared")
    context = Context([consent, network, photos])
    check_invariants(shared, context=context)
    item = MediaItem(
        reference="media://care/else/haven.jpg",
        media_type=MediaType.PHOTO,
        creator=f.NURSE,
        created_at=f.AT,
        consent_id=network.id,  # a consent, but not to photos
        shared=True,
    )
    with pytest.raises(InvariantViolated) as caught:
        check_invariants(shared.model_copy(update={"media": [item]}), context=context)
    assert caught.value.failed == ("media_consented",)
    covered = item.model_copy(update={"consent_id": photos.id})
    check_invariants(shared.model_copy(update={"media": [covered]}), context=context)
