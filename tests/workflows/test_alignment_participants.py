"""ST-6: an expectation alignment is held *with* the citizen (or their representative)."""

from __future__ import annotations

import pytest

from carekit.errors import GuardFailed
from carekit.model import Participant, ParticipantKind
from carekit.workflows import GUARDS, Env, apply

from . import factories as f


def _held(*participants: Participant) -> bool:
    alignment = f.alignment(participants=list(participants), citizen_expectations=["Ro"])
    return GUARDS["citizen_took_part"](alignment, Env(actor=f.NURSE, at=f.AT))


def test_a_talk_about_the_citizen_without_the_citizen_cannot_be_held() -> None:
    staff = Participant(name="Anna", role="kontaktperson", takes_part_as=ParticipantKind.STAFF)
    daughter = Participant(name="Karen", role="datter", takes_part_as=ParticipantKind.RELATIVE)
    alignment = f.alignment(participants=[staff, daughter], citizen_expectations=["Ro"])
    with pytest.raises(GuardFailed) as caught:
        apply(alignment, "hold", actor=f.NURSE, at=f.AT)
    assert caught.value.failed == ("citizen_took_part",)  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it
    assert caught.value.reasons[0].da == (
        "Borgeren eller borgerens repræsentant var med i samtalen"
    )


@pytest.mark.parametrize("kind", [ParticipantKind.CITIZEN, ParticipantKind.REPRESENTATIVE])
def test_the_citizen_or_their_representative_is_enough(kind: ParticipantKind) -> None:
    assert _held(Participant(name="Else", role="deltager", takes_part_as=kind))
    alignment = f.alignment(
        participants=[Participant(name="Else", role="x", takes_part_as=kind)],
        citizen_expectations=["Ro"],
    )
    assert apply(alignment, "hold", actor=f.NURSE, at=f.AT).to_state == "held"


def test_without_takes_part_as_the_role_word_decides() -> None:
    assert _held(Participant(name="Else", role="Borger"))
    assert _held(Participant(name="Jens", role="værge"))
    assert not _held(Participant(name="Karen", role="pårørende"))


def test_takes_part_as_wins_over_the_role_word() -> None:
    assert not _held(Participant(name="Else", role="borger", takes_part_as=ParticipantKind.STAFF))
