"""Rules beyond the schema: what a JSON Schema cannot say (a real birth date in a CPR number,
dates in order, references inside a record).

The published JSON Schema is the structural contract, and the pydantic models enforce exactly
that contract.  Rules add meaning on top, each with a severity: ``error`` blocks saving through
``carekit.open()``, ``warning`` and ``info`` are reported.  Municipalities and vendors add their
own rules through the ``carekit_validation_rules`` hook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Literal

import attrs

from carekit.i18n import Text
from carekit.model._base import Record
from carekit.model.alignment import ExpectationAlignment
from carekit.model.citizen import Citizen, Consent, consent_problems
from carekit.model.foundation import substantive
from carekit.model.information import InformationRecord
from carekit.model.safety import SafetyPlan, SituationType
from carekit.model.trial import Routine, TrialAction
from carekit.model.visits import visit_problems
from carekit.privacy import is_valid_cpr

__all__ = ["BUILTIN_RULES", "Rule", "RuleFinding", "Severity", "check_rules"]

Severity = Literal["error", "warning", "info"]


@attrs.frozen
class RuleFinding:
    """One problem a rule found: the rule's name and severity, a JSON pointer into the record and a
    Danish/English message."""

    rule: str
    severity: Severity
    pointer: str
    message: Text


@attrs.frozen
class Rule:
    """A named check over records of some kinds (all kinds when ``kinds`` is empty)."""

    name: str
    severity: Severity
    description: Text
    check: Callable[[Record], Iterable[tuple[str, Text]]]
    kinds: tuple[str, ...] = ()

    def applies_to(self, kind: str) -> bool:
        """Whether the rule checks records of *kind* (every kind when ``kinds`` is empty)."""
        return not self.kinds or kind in self.kinds

    def run(self, record: Record) -> Iterator[RuleFinding]:
        """Run the check on *record*: one :class:`RuleFinding` per problem it reports."""
        for pointer, message in self.check(record):
            yield RuleFinding(self.name, self.severity, pointer, message)


def _updated_after_created(record: Record) -> Iterator[tuple[str, Text]]:
    if record.updated_at < record.created_at:
        yield (
            "/updated_at",
            Text("'updated_at' ligger før 'created_at'.", "'updated_at' is before 'created_at'."),
        )


def _citizen_id(record: Record) -> Iterator[tuple[str, Text]]:
    if isinstance(record, Citizen) and record.citizen_id != record.id:
        yield (
            "/citizen_id",
            Text(
                "En borgers 'citizen_id' skal være lig med 'id'.",
                "A citizen's 'citizen_id' must equal its 'id'.",
            ),
        )


def _cpr_birth_date(record: Record) -> Iterator[tuple[str, Text]]:
    if isinstance(record, Citizen) and record.cpr is not None and not is_valid_cpr(record.cpr):
        yield (
            "/cpr",
            Text(
                "CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ). Tjek nummeret.",
                "The CPR number does not start with a valid birth date (DDMMYY). Check the number.",
            ),
        )


def _consent_dates(record: Record) -> Iterator[tuple[str, Text]]:
    if (
        isinstance(record, Consent)
        and record.withdrawn_at is not None
        and record.withdrawn_at < record.given_at
    ):
        yield (
            "/withdrawn_at",
            Text(
                "Samtykket er trukket tilbage, før det blev givet.",
                "The consent was withdrawn before it was given.",
            ),
        )


def _consent_legal_basis(record: Record) -> Iterator[tuple[str, Text]]:
    if isinstance(record, Consent):
        yield from consent_problems(record)


def _core_situations(record: Record) -> Iterator[tuple[str, Text]]:
    if not isinstance(record, SafetyPlan):
        return
    present = {s.type for s in record.situations}
    for needed in (SituationType.PAIN, SituationType.FALL, SituationType.MORE_HELP):
        if needed not in present:
            yield (
                "/situations",
                Text(
                    f"Planen mangler situationen '{needed.label.da}'.",
                    f"The plan has no situation '{needed.label.en}'.",
                ),
            )


def _custom_situation_title(record: Record) -> Iterator[tuple[str, Text]]:
    if not isinstance(record, SafetyPlan):
        return
    for index, situation in enumerate(record.situations):
        if situation.type is SituationType.CUSTOM and not situation.title:
            yield (
                f"/situations/{index}/title",
                Text(
                    "En anden situation skal have en overskrift med borgerens ord.",
                    "A custom situation needs a title in the citizen's words.",
                ),
            )


def _observations_name_signs(record: Record) -> Iterator[tuple[str, Text]]:
    if not isinstance(record, TrialAction):
        return
    known = {sign.id for sign in record.signs}
    for index, observation in enumerate(record.observations):
        if observation.sign_id not in known:
            yield (
                f"/observations/{index}/sign_id",
                Text(
                    "Observationen henviser til et tegn, som prøvehandlingen ikke har.",
                    "The observation refers to a sign the trial action does not have.",
                ),
            )


def _evaluation_after_start(record: Record) -> Iterator[tuple[str, Text]]:
    if (
        isinstance(record, TrialAction)
        and record.start_date is not None
        and record.evaluation_date is not None
        and record.evaluation_date < record.start_date
    ):
        yield (
            "/evaluation_date",
            Text(
                "Evalueringsdatoen ligger før startdatoen.",
                "The evaluation date is before the start.",
            ),
        )


def _routine_retired(record: Record) -> Iterator[tuple[str, Text]]:
    if not isinstance(record, Routine):
        return
    if record.active and record.retired_on is not None:
        yield (
            "/active",
            Text(
                "En rutine med en stopdato er ikke længere aktiv.",
                "A routine with a retirement date is no longer active.",
            ),
        )
    if not record.active and record.retired_on is None:
        yield (
            "/retired_on",
            Text("Skriv, hvornår rutinen stoppede.", "Write when the routine stopped."),
        )
    if not record.active and not substantive(record.retired_reason):
        yield (
            "/retired_reason",
            Text(
                "Skriv med rigtige ord, hvorfor rutinen stoppede.",
                "Write in real words why the routine stopped.",
            ),
        )
    if record.retired_on is not None and record.retired_on < record.since:
        yield (
            "/retired_on",
            Text(
                "Rutinen kan ikke stoppe, før den begyndte.",
                "The routine cannot stop before it began.",
            ),
        )


def _teach_back(record: Record) -> Iterator[tuple[str, Text]]:
    if isinstance(record, InformationRecord) and record.understanding.value == "not_checked":
        yield (
            "/understanding",
            Text(
                "Tjek altid, at informationen gav mening for borgeren (ST-4).",
                "Always check that the information made sense to the citizen (ST-4).",
            ),
        )


def _alignment_heard(record: Record) -> Iterator[tuple[str, Text]]:
    if (
        isinstance(record, ExpectationAlignment)
        and record.status not in {"scheduled", "cancelled"}
        and not record.citizen_expectations
    ):
        yield (
            "/citizen_expectations",
            Text(
                "Borgerens forventninger er ikke skrevet ned med borgerens egne ord.",
                "The citizen's expectations are not written down in their own words.",
            ),
        )


def _visits(name: str) -> Callable[[Record], Iterator[tuple[str, Text]]]:
    def check(record: Record) -> Iterator[tuple[str, Text]]:
        if isinstance(record, SafetyPlan):
            for rule, pointer, message in visit_problems(record):
                if rule == name:
                    yield pointer, message

    return check


BUILTIN_RULES: tuple[Rule, ...] = (
    Rule(
        "updated-after-created",
        "error",
        Text("Ændret efter oprettet", "Updated after created"),
        _updated_after_created,
    ),
    Rule("citizen-id", "error", Text("Borgerens id", "Citizen id"), _citizen_id, ("citizen",)),
    Rule(
        "cpr-birth-date",
        "error",
        Text("CPR-nummerets fødselsdato", "CPR birth date"),
        _cpr_birth_date,
        ("citizen",),
    ),
    Rule(
        "consent-dates",
        "error",
        Text("Samtykkets datoer", "Consent dates"),
        _consent_dates,
        ("consent",),
    ),
    Rule(
        "consent-legal-basis",
        "error",
        Text("Hjemmel til samtykket", "Legal basis for the consent"),
        _consent_legal_basis,
        ("consent",),
    ),
    Rule(
        "observation-sign",
        "error",
        Text("Observeret tegn findes", "Observed sign exists"),
        _observations_name_signs,
        ("trial_action",),
    ),
    Rule(
        "core-situations",
        "warning",
        Text("Smerter, fald og brug for mere hjælp", "Pain, fall and need for more help"),
        _core_situations,
        ("safety_plan",),
    ),
    Rule(
        "custom-situation-title",
        "warning",
        Text("Overskrift på anden situation", "Title of custom situation"),
        _custom_situation_title,
        ("safety_plan",),
    ),
    Rule(
        "evaluation-after-start",
        "warning",
        Text("Evaluering efter start", "Evaluation after start"),
        _evaluation_after_start,
        ("trial_action",),
    ),
    Rule(
        "routine-retired",
        "error",
        Text("Stoppet rutine", "Retired routine"),
        _routine_retired,
        ("routine",),
    ),
    Rule(
        "teach-back",
        "warning",
        Text("Tjek af forståelse", "Teach-back"),
        _teach_back,
        ("information_record",),
    ),
    Rule(
        "expectations-in-own-words",
        "warning",
        Text("Forventninger med egne ord", "Expectations in own words"),
        _alignment_heard,
        ("expectation_alignment",),
    ),
    Rule(
        "visit-window",
        "error",
        Text("Besøgets tidsrum slutter efter start", "Visit window ends after it starts"),
        _visits("visit-window"),
        ("safety_plan",),
    ),
    Rule(
        "visit-days",
        "error",
        Text("Besøgets dage", "Visit days"),
        _visits("visit-days"),
        ("safety_plan",),
    ),
    Rule(
        "visit-helper",
        "error",
        Text("Hvem kommer, eller hvorfor en kollega", "Who comes, or why a colleague"),
        _visits("visit-helper"),
        ("safety_plan",),
    ),
    Rule(
        "visit-change",
        "error",
        Text("Ændring af et besøg", "Change of a visit"),
        _visits("visit-change"),
        ("safety_plan",),
    ),
)


def check_rules(record: Record, rules: Iterable[Rule] = BUILTIN_RULES) -> list[RuleFinding]:
    """Run every rule that applies to *record*'s kind."""
    return [f for rule in rules if rule.applies_to(record.kind) for f in rule.run(record)]
