"""A dream's hypothesis rests on the unit's shared professional foundation (DC-4), and
grounds that say nothing are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.demo import demo_citizens, demo_records
from carekit.errors import GuardFailed, RecordValidationError
from carekit.model import (
    PLACEHOLDERS,
    Citizen,
    Dream,
    FoundationElement,
    FoundationElementKind,
    ProfessionalFoundation,
    Residence,
    substantive,
)
from carekit.testing.readers import open_reading
from carekit.workflows import DEFAULT, Context, Env, WorkflowConfig, apply
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


def test_each_unit_checks_hypotheses_against_its_own_foundation() -> None:

    home_care = ProfessionalFoundation(
        unit="Hjemmeplejen Nord",
        updated_on=dt.date(2026, 10, 1),
        elements=[
            FoundationElement(
                key="marte-meo", kind=FoundationElementKind.TRAINING, title="Marte Meo"
            )
        ],
    )
    config = WorkflowConfig(foundation=FOUNDATION, foundations=[home_care])
    assert config.foundation_for(" hjemmeplejen nord ") is home_care
    assert config.foundation_for("Et andet sted") is FOUNDATION
    assert config.foundation_for(None) is FOUNDATION

    def citizen(unit: str | None) -> Citizen:
        return Citizen(
            id=f.CITIZEN,
            citizen_id=f.CITIZEN,
            actor=f.NURSE,
            display_name="Else",
            residence=Residence.OWN_HOME,
            unit=unit,
        )

    marte_meo = _dream(foundation_refs=["marte-meo"])
    in_home_care = Env(
        actor=f.NURSE, at=f.AT, config=config, context=Context([citizen("Hjemmeplejen Nord")])
    )
    elsewhere = Env(actor=f.NURSE, at=f.AT, config=config, context=Context([citizen(None)]))
    guard = DREAM_GUARDS["grounded_in_foundation"]
    assert guard(marte_meo, in_home_care)  # type: ignore[arg-type]  # a Dream
    assert not guard(marte_meo, elsewhere)  # type: ignore[arg-type]  # the default foundation
    assert not guard(_dream(), in_home_care)  # type: ignore[arg-type]  # 'livshistorie' is Lyngen's
    with pytest.raises(ValueError, match="one professional foundation per unit"):
        WorkflowConfig(
            foundations=(home_care, home_care.model_copy(update={"unit": "HJEMMEPLEJEN NORD"}))
        )


def test_the_application_checks_a_dream_against_its_citizens_unit(tmp_path: Path) -> None:

    lyngen = FOUNDATION.model_copy(update={"unit": "Hjemmeplejen Nord"})  # no such element
    config = WorkflowConfig(foundations=[lyngen])
    else_ = demo_citizens()[0]
    records = [
        r.model_copy(update={"unit": "Hjemmeplejen Nord"}) if isinstance(r, Citizen) else r
        for r in demo_records()
        if r.citizen_id == else_.id
    ]
    with open_reading(f"sqlite:///{tmp_path}/units.sqlite", config=config) as app:
        app.import_records(records, actor=f.NURSE)
        dream = next(r for r in records if isinstance(r, Dream) and r.status == "noticed")
        with pytest.raises(GuardFailed) as caught:
            app.act(dream.record_id, "form_hypothesis", actor=f.NURSE)
        assert any("fælles faglighed" in r.da for r in caught.value.reasons)
    other_unit = WorkflowConfig(foundations=[lyngen.model_copy(update={"unit": "Lyngen"})])
    with open_reading(f"sqlite:///{tmp_path}/other.sqlite", config=other_unit) as app:
        app.import_records(records, actor=f.NURSE)
        done = app.act(dream.record_id, "form_hypothesis", actor=f.NURSE)
        assert isinstance(done.record, Dream)
        assert done.record.status == "hypothesis"
