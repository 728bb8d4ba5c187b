"""What the engine may consult besides the record: configuration and context.

The engine is pure: it never reads a store.  Guards that depend on other records (a dream
needs a trial action that pursues it; a media item needs an active consent) look them up in a
:class:`Context` the caller passes, usually "the other records of the same citizen".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import TypeVar

import attrs

from carekit.model import Citizen, Consent, ProfessionalFoundation, Record, TrialAction
from carekit.workflows._calendar import Cadence

__all__ = ["DEFAULT", "Context", "WorkflowConfig"]

_R = TypeVar("_R", bound=Record)


def _unit_key(unit: str) -> str:
    return unit.strip().casefold()


def _foundations(value: Iterable[ProfessionalFoundation]) -> tuple[ProfessionalFoundation, ...]:
    return tuple(value)


def _one_per_unit(
    _instance: object, _attribute: object, value: tuple[ProfessionalFoundation, ...]
) -> None:
    units = [_unit_key(f.unit) for f in value]
    if len(set(units)) != len(units):
        raise ValueError("foundations: one professional foundation per unit")


@attrs.frozen(kw_only=True)
class WorkflowConfig:
    """Tunable rules of the workflows.

    Expectation alignment is held continuously (ST-7): when one is concluded or cancelled, the
    next is scheduled from the conclusion date by the cadence that matches how it ended.  The
    less aligned, the sooner the next conversation.
    """

    #: Next alignment after "aligned": every 3 months.
    cadence_aligned: Cadence = attrs.field(factory=lambda: Cadence(months=3))
    #: Next alignment after "partly aligned": 6 weeks.
    cadence_partly_aligned: Cadence = attrs.field(factory=lambda: Cadence(weeks=6))
    #: Next alignment after "not aligned": 1 month.
    cadence_not_aligned: Cadence = attrs.field(factory=lambda: Cadence(months=1))
    #: A cancelled alignment is re-scheduled after 2 weeks.
    cadence_cancelled: Cadence = attrs.field(factory=lambda: Cadence(weeks=2))
    #: Unresolved gaps without a follow-up date get one this long after the conclusion.
    gap_follow_up: Cadence = attrs.field(factory=lambda: Cadence(weeks=2))
    #: The unit's shared professional foundation (DC-4); with it, a dream's
    #: ``foundation_refs`` must name its elements.
    foundation: ProfessionalFoundation | None = None
    #: The foundations of several units, one each (their ``unit`` names differ): a dream is
    #: checked against the foundation of its citizen's ``Citizen.unit``, else ``foundation``.
    foundations: tuple[ProfessionalFoundation, ...] = attrs.field(
        default=(), converter=_foundations, validator=_one_per_unit
    )
    #: A routine made from an adopted trial action is reviewed this long after (DC-2).
    routine_review: Cadence = attrs.field(factory=lambda: Cadence(months=3))
    #: After this many evaluations in a row without progress, ``due()`` prompts the team to
    #: seek a new perspective on the trial action (DC-3).  At least 1.
    perspective_after: int = attrs.field(default=3, validator=attrs.validators.ge(1))

    def foundation_for(self, unit: str | None) -> ProfessionalFoundation | None:
        """The professional foundation of *unit* (case and spaces at the ends ignored) among
        :attr:`foundations`, else :attr:`foundation`."""
        if unit is not None:
            for foundation in self.foundations:
                if _unit_key(foundation.unit) == _unit_key(unit):
                    return foundation
        return self.foundation

    def cadence_after(self, ending: str) -> Cadence:
        """The cadence for the next alignment after an alignment ended in *ending*."""
        by_ending = {
            "aligned": self.cadence_aligned,
            "partly_aligned": self.cadence_partly_aligned,
            "not_aligned": self.cadence_not_aligned,
            "cancelled": self.cadence_cancelled,
        }
        return by_ending[ending]


#: The configuration used when none is given.
DEFAULT = WorkflowConfig()


def _as_tuple(records: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(records)


@attrs.frozen
class Context:
    """Other records a guard may consult, typically every record of the same citizen.

    ``Context()`` (empty) is the default: guards that need context then see nothing, so
    ``has_trial_action`` does not hold, and ``media_consented`` only checks that each media
    item names a consent.  As soon as the context holds any :class:`~carekit.model.Consent`,
    consents are taken as known and every named consent must be found, active and fit.
    """

    records: tuple[Record, ...] = attrs.field(default=(), converter=_as_tuple)
    #: True when ``records`` is every stored record of the citizen (the application builds
    #: such contexts): then consents are known even when there are none, so a media item
    #: naming a made-up consent never passes.
    complete: bool = attrs.field(default=False, kw_only=True)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def of_type(self, cls: type[_R]) -> list[_R]:
        """The records in the context that are instances of *cls*."""
        return [r for r in self.records if isinstance(r, cls)]

    @property
    def knows_consents(self) -> bool:
        """Whether consents are available in this context (always, for a complete one)."""
        return self.complete or any(isinstance(r, Consent) for r in self.records)

    def consent(self, consent_id: uuid.UUID) -> Consent | None:
        """The consent with *consent_id* among the context's records, or ``None``."""
        for consent in self.of_type(Consent):
            if consent.id == consent_id:
                return consent
        return None

    def unit_of(self, citizen_id: uuid.UUID) -> str | None:
        """The ``unit`` of the citizen *citizen_id* when the context holds the citizen."""
        for citizen in self.of_type(Citizen):
            if citizen.id == citizen_id:
                return citizen.unit
        return None

    def trial_actions_for_dream(self, dream_id: uuid.UUID) -> list[TrialAction]:
        """The prøvehandlinger in the context that serve the dream *dream_id*."""
        return [t for t in self.of_type(TrialAction) if dream_id in t.dream_ids]
