"""A representative's consent needs its legal basis (#19 point 6, DC-5): rule
``consent-legal-basis`` tells staff what to record, in Danish and English; the learning-story
guards refuse a representative's consent without it, for the narrative as for the media; and a
story is never shared more widely than the consent allows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.model import (
    Consent,
    ConsentBasis,
    ConsentGiver,
    ConsentPurpose,
    NarrativeConsent,
    SharingScope,
    check_rules,
    consent_problems,
)
from carekit.workflows import ActionGuardFailed, Context, apply

from . import factories as f

B = ConsentBasis
G = ConsentGiver
S = SharingScope
REPRESENTATIVES = (G.RELATIVE, G.GUARDIAN, G.PROXY)


def _rule(consent: Consent) -> list[tuple[str, str, str]]:
    return [
        (finding.severity, finding.pointer, finding.message.en)
        for finding in check_rules(consent)
        if finding.rule == "consent-legal-basis"
    ]


def _story_consent(**over: object) -> Consent:
    return f.consent(purpose=ConsentPurpose.LEARNING_STORY, **over)


# ----------------------------------------------------------------------- the rule
@pytest.mark.parametrize("giver", REPRESENTATIVES)
def test_a_representatives_consent_without_legal_basis_is_an_error_saying_what_to_record(
    giver: ConsentGiver,
) -> None:
    consent = f.consent(given_by=giver, given_by_name="Peter")
    [finding] = [x for x in check_rules(consent) if x.rule == "consent-legal-basis"]
    assert (finding.severity, finding.pointer) == ("error", "/legal_basis")
    assert f"({giver.label.da.lower()})" in finding.message.da
    assert "Skriv, hvilken hjemmel vedkommende handler på" in finding.message.da
    assert "fremtidsfuldmagt" in finding.message.da
    assert "stedfortræder" in finding.message.da
    assert "Record the legal basis" in finding.message.en
    assert "lasting power of attorney" in finding.message.en


@pytest.mark.parametrize(
    "basis", [B.GUARDIANSHIP, B.LASTING_POWER_OF_ATTORNEY, B.RELATIVE_AS_REPRESENTATIVE]
)
def test_a_representatives_consent_with_a_named_basis_passes(basis: ConsentBasis) -> None:
    assert _rule(f.consent(given_by=G.RELATIVE, legal_basis=basis)) == []


def test_the_citizens_own_consent_needs_no_basis_and_cannot_be_a_representatives() -> None:
    assert _rule(f.consent()) == []
    assert _rule(f.consent(legal_basis=B.OWN_CONSENT)) == []
    [(_, pointer, en)] = _rule(f.consent(given_by=G.GUARDIAN, legal_basis=B.OWN_CONSENT))
    assert pointer == "/legal_basis"
    assert "cannot be the citizen's own consent" in en
    [finding] = [
        x
        for x in check_rules(f.consent(legal_basis=B.GUARDIANSHIP))
        if x.rule == "consent-legal-basis"
    ]
    assert "givet af borgeren selv" in finding.message.da
    assert "'Værge, hvor værgemålet omfatter personlige forhold'" in finding.message.da
    assert "given by the citizen" in finding.message.en


@pytest.mark.parametrize("note", [None, "x", "-", "…", "  test "])
def test_other_basis_must_be_described_in_words(note: str | None) -> None:
    consent = f.consent(given_by=G.PROXY, legal_basis=B.OTHER, legal_basis_note=note)
    [(severity, pointer, en)] = _rule(consent)
    assert (severity, pointer) == ("error", "/legal_basis_note")
    assert "describe it in words" in en
    described = consent.model_copy(
        update={"legal_basis_note": "Beskikket midlertidig værge under sagen om værgemål"}
    )
    assert _rule(described) == []


def test_basis_labels_are_danish_and_english() -> None:
    assert (
        B.LASTING_POWER_OF_ATTORNEY.label.da == "Fremtidsfuldmagt, der omfatter personlige forhold"
    )
    assert B.RELATIVE_AS_REPRESENTATIVE.label.en.startswith("A relative as stedfortræder")
    assert all(b.label.da and b.label.en and b.label.da != b.label.en for b in B)


@given(
    giver=st.sampled_from(G),
    basis=st.none() | st.sampled_from(B),
    note=st.none() | st.sampled_from(["x", "Dom om værgemål, personlige forhold, 2025"]),
)
def test_lawfully_given_exactly_when_the_rule_finds_nothing(
    giver: ConsentGiver, basis: ConsentBasis | None, note: str | None
) -> None:
    consent = f.consent(given_by=giver, legal_basis=basis, legal_basis_note=note)
    assert consent.lawfully_given is (_rule(consent) == [])
    assert consent.lawfully_given is not any(True for _ in consent_problems(consent))
    if giver is not G.CITIZEN:  # someone else's consent: only a representative's basis
        assert consent.lawfully_given is (
            basis not in (None, B.OWN_CONSENT)
            and (basis is not B.OTHER or note == "Dom om værgemål, personlige forhold, 2025")
        )


# ----------------------------------------------------------------------- the story guards
def test_a_representatives_photo_consent_without_basis_does_not_cover_the_media() -> None:
    consent = f.consent(given_by=G.RELATIVE)
    story = f.learning_story(media=[f.media(consent.id)])
    with pytest.raises(ActionGuardFailed) as caught:
        apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([consent]))
    assert "media_consented" in caught.value.failed
    da = " ".join(r.da for r in caught.value.reasons)
    assert "står hjemlen på samtykket" in da
    based = consent.model_copy(update={"legal_basis": B.RELATIVE_AS_REPRESENTATIVE})
    result = apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([based]))
    assert result.to_state == "consented"


def test_consent_to_the_media_is_not_consent_to_the_narrative() -> None:
    photos = f.consent(purpose=ConsentPurpose.PHOTOS_AND_FILM)
    story = f.learning_story(
        media=[f.media(photos.id)],
        sharing_scope=S.UNIT,
        narrative_consent=NarrativeConsent(consent_id=photos.id, scope=S.UNIT),
    )
    with pytest.raises(ActionGuardFailed) as caught:
        apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([photos]))
    assert caught.value.failed == ("narrative_consented",)
    narrative = _story_consent()
    story = story.model_copy(
        update={"narrative_consent": NarrativeConsent(consent_id=narrative.id, scope=S.UNIT)}
    )
    context = Context([photos, narrative])
    assert apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=context).to_state == (
        "consented"
    )


@pytest.mark.parametrize(
    ("shared", "allowed", "ok"),
    [
        (S.TEAM, S.TEAM, True),
        (S.UNIT, S.TEAM, False),
        (S.UNIT, S.UNIT, True),
        (S.ORGANISATION, S.UNIT, False),
        (S.ORGANISATION, S.ORGANISATION, True),
        (S.UNIT, None, True),  # the consent does not say: the scope agreed on the story holds
    ],
)
def test_the_story_is_shared_no_wider_than_the_consent_allows(
    shared: SharingScope, allowed: SharingScope | None, ok: bool
) -> None:
    consent = _story_consent(sharing_scope=allowed)
    # the story's record of what was agreed claims more than the consent says
    story = f.learning_story(
        sharing_scope=shared,
        narrative_consent=NarrativeConsent(consent_id=consent.id, scope=S.ORGANISATION),
    )
    context = Context([consent])
    if ok:
        result = apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=context)
        assert result.to_state == "consented"
    else:
        with pytest.raises(ActionGuardFailed) as caught:
            apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=context)
        assert caught.value.failed == ("narrative_consented",)
        assert "allows sharing that widely" in caught.value.reasons[0].en
        assert "tillader så bred en deling" in caught.value.reasons[0].da


def test_guard_texts_tell_staff_the_basis_belongs_on_the_consent() -> None:
    consent = _story_consent(given_by=G.GUARDIAN)
    named = NarrativeConsent(consent_id=consent.id, scope=S.UNIT)
    story = f.learning_story(sharing_scope=S.UNIT, narrative_consent=named)
    with pytest.raises(ActionGuardFailed) as caught:
        apply(story, "confirm_consent", actor=f.NURSE, at=f.AT, context=Context([consent]))
    [reason] = caught.value.reasons
    assert "står hjemlen på samtykket" in reason.da
    assert "the consent records the legal basis" in reason.en
