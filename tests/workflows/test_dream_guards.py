"""A dream's hypothesis rests on the unit's shared professional foundation (DC-4), and
grounds that say nothing are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import GuardFailed, RecordValidationError
from carekit.model import (
    PLACEHOLDERS,
    FoundationElement,
    FoundationElementKind,
    ProfessionalFoundation,
    substantive,
)
from carekit.workflows import DEFAULT, Env, WorkflowConfig, apply
from carekit.workflows._dream_guards import DREAM_GUARDS

from . import factories as f

FOUNDATION = ProfessionalFoundation(
    unit="Bostedet Lyngen",
    updated_on=dt.date(2026, 9, 1),
    elements=[
        FoundationElement(
            key="livshistorie",
            kind=FoundationElementKind.APPROACH,
            title="Livshistoriearbejde",
            description="Vi bygger på det, borgeren har levet og holdt af.",
        ),
        FoundationElement(
            key="kitwood",
            kind=FoundationElementKind.LITERATURE,
            title="Kitwood: Personcentreret demensomsorg",
            reference="Tom Kitwood, 1997",
        ),
    ],
    vocabulary=["prøvehandling", "tegn", "livshistorie"],
)
CONFIG = WorkflowConfig(foundation=FOUNDATION)


def holds(name: str, record: object, config: WorkflowConfig = DEFAULT) -> bool:
    env = Env(actor=f.NURSE, at=f.AT, config=config)
    return DREAM_GUARDS[name](record, env)  # type: ignore[arg-type]  # each guard takes its own record type


def _dream(**overrides: object) -> object:
    fields: dict[str, object] = {
        "hypothesis": "Hun bliver gladere af at komme i haven",
        "professional_grounds": "Hun var gartner i 40 år",
        "foundation_refs": ["livshistorie"],
        **overrides,
    }
    return f.dream(**fields)


@pytest.mark.parametrize("text", ["x", "-", "test", "…", "...", "", "  ", "xxx", "TBD", "n/a", "?"])
def test_placeholders_are_not_grounds(text: str) -> None:
    assert not substantive(text)
    assert not holds("has_hypothesis", _dream(professional_grounds=text or None))
    assert not holds("has_hypothesis", _dream(hypothesis=text or None))


@given(st.sampled_from(sorted(PLACEHOLDERS)), st.sampled_from(["", " ", ".", "!", " …"]))
def test_every_listed_placeholder_is_refused_with_punctuation_around_it(
    word: str, edge: str
) -> None:
    assert not substantive(edge + word.upper() + edge)


@pytest.mark.parametrize(
    "text",
    [
        "Ved det ikke",
        "ukendt",
        "Se ovenfor.",
        "ingen",
        "Ikke relevant",
        "kommer senere",
        "bla bla",
        "Don't know",
        "see above",
        "none",
        "Not applicable",
        "pending",
    ],
)
def test_non_answers_in_danish_and_english_are_not_grounds(text: str) -> None:
    assert not substantive(text)
    assert not holds("has_hypothesis", _dream(professional_grounds=text))
    assert not holds("grounded_in_foundation", _dream(foundation_refs=[], outside_foundation=text))


def test_real_words_are_grounds() -> None:
    assert substantive("Marte Meo")
    assert substantive("Hun var gartner i 40 år")
    assert substantive("Ingen af os kender tilgangen endnu; datteren foreslog den")
    assert substantive("Not in our training: her son told us about the choir")
    assert holds("has_hypothesis", _dream())


def test_the_hypothesis_refers_to_the_foundation_or_says_why_not() -> None:
    assert holds("grounded_in_foundation", _dream())
    assert not holds("grounded_in_foundation", _dream(foundation_refs=[]))
    why_not = _dream(foundation_refs=[], outside_foundation="Datteren fortalte det i går")
    assert holds("grounded_in_foundation", why_not)
    assert not holds("grounded_in_foundation", _dream(foundation_refs=[], outside_foundation="-"))


def test_with_a_foundation_configured_every_reference_must_be_in_it() -> None:
    assert holds("grounded_in_foundation", _dream(), CONFIG)
    unknown = _dream(foundation_refs=["livshistorie", "marte-meo"])
    assert holds("grounded_in_foundation", unknown)  # no foundation: keys are not checked
    assert not holds("grounded_in_foundation", unknown, CONFIG)


def test_forming_a_hypothesis_on_placeholder_grounds_is_refused_in_both_languages() -> None:
    dream = _dream(professional_grounds="x", foundation_refs=[])
    with pytest.raises(GuardFailed) as caught:
        apply(dream, "form_hypothesis", actor=f.NURSE, at=f.AT, config=CONFIG)  # type: ignore[arg-type]  # a Dream
    da, en = zip(*((r.da, r.en) for r in caught.value.reasons), strict=True)
    assert "rigtige ord" in da[0]
    assert "real words" in en[0]
    assert "fælles faglighed" in da[1]
    assert "shared professional foundation" in en[1]


def test_a_foundation_has_keys_and_needs_an_element() -> None:
    assert FOUNDATION.keys == {"livshistorie", "kitwood"}
    assert FOUNDATION.element("kitwood") is not None
    assert FOUNDATION.element("nope") is None
    with pytest.raises(RecordValidationError):
        ProfessionalFoundation(unit="Lyngen", updated_on=dt.date(2026, 9, 1), elements=[])
    with pytest.raises(RecordValidationError):
        FoundationElement(key="Marte Meo", kind=FoundationElementKind.APPROACH, title="Marte Meo")
    again = ProfessionalFoundation.model_validate_json(FOUNDATION.model_dump_json())
    assert again == FOUNDATION
