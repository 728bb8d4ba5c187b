"""The indicators of the quality report, declared as data: the one source of truth for the
computation (:mod:`carekit.report._compute`), the report's definition section and
``docs/report.md``.

Each :class:`Indicator` names its practice (ST-n, DC-n), its Danish and English name, what is
counted in the numerator and the denominator, its period (month, quarter, or a snapshot on the
report date), its data source (record kinds and fields) and how its value is formed.  What the
current data cannot support is declared too (:data:`UNSUPPORTED`), with the reason, so the
report says so instead of inventing numbers.
"""

from __future__ import annotations

from typing import Literal

import attrs

from carekit.i18n import Text

__all__ = [
    "DATA_QUALITY",
    "INDICATORS",
    "NO_ORGANISATION",
    "NO_UNIT",
    "UNSUPPORTED",
    "Indicator",
    "Measure",
    "Period",
    "Unsupported",
    "indicator",
]

Measure = Literal["share", "mean", "rate", "count"]
Period = Literal["month", "quarter", "snapshot"]

#: Records carry no organisation yet: everything is one organisation, "all".
NO_ORGANISATION = "all"
#: The group, with ``--by unit``, of citizens whose record names no unit (``Citizen.unit``).
NO_UNIT = "-"


@attrs.frozen
class Indicator:
    """One indicator.  ``measure``: ``share`` (numerator / denominator, shown in per cent),
    ``mean`` (sum / count), ``rate`` (numerator per ``per`` of the denominator) or ``count``
    (the numerator alone).  ``higher_is_better``: the direction of improvement, or None."""

    id: str
    practice: tuple[str, ...]
    name: Text
    numerator: Text
    denominator: Text
    period: Period
    source: Text
    measure: Measure
    per: int = 1
    higher_is_better: bool | None = True
    note: Text | None = None

    @property
    def anchor(self) -> str:
        """The HTML/Markdown anchor of the indicator's definition."""
        return f"def-{self.id}"


@attrs.frozen
class Unsupported:
    """An indicator the issue asks for that the current data cannot give, and why."""

    id: str
    practice: tuple[str, ...]
    name: Text
    why: Text


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="st10-around-the-clock",
        practice=("ST-10",),
        name=Text(
            "Sikkerhedsplaner, hvor hver situation er besvaret døgnet rundt",
            "Safety plans with every situation answered around the clock",
        ),
        numerator=Text(
            "Aktive planer, hvor hver situation siger, hvad borgeren gør, og telefonnumrene "
            "tilsammen svarer på hverdage, aftener, nætter og i weekender (eller hele døgnet)",
            "Active plans in which every situation says what the citizen does, and the numbers "
            "together answer on weekdays, evenings, nights and weekends (or around the clock)",
        ),
        denominator=Text(
            "Aktive planer (status aktiv eller til opfølgning) på rapportdatoen",
            "Active plans (status active or review due) on the report date",
        ),
        period="snapshot",
        source=Text(
            "safety_plan: status, situations (self_care, steps, call_contact_ids), "
            "contacts[].answers",
            "safety_plan: status, situations (self_care, steps, call_contact_ids), "
            "contacts[].answers",
        ),
        measure="share",
        note=Text(
            "Strengere end arbejdsgangens vagt, som ikke kræver aftener.",
            "Stricter than the workflow guard, which does not require evenings.",
        ),
    ),
    Indicator(
        id="st10-past-review",
        practice=("ST-10",),
        name=Text(
            "Sikkerhedsplaner, der er over opfølgningsdatoen",
            "Safety plans past their review date",
        ),
        numerator=Text(
            "Aktive planer med en opfølgningsdato før rapportdatoen",
            "Active plans with a review date before the report date",
        ),
        denominator=Text(
            "Aktive planer (status aktiv eller til opfølgning) på rapportdatoen",
            "Active plans (status active or review due) on the report date",
        ),
        period="snapshot",
        source=Text("safety_plan: status, review_date", "safety_plan: status, review_date"),
        measure="share",
        higher_is_better=False,
    ),
    Indicator(
        id="st4-plan-agreed-both",
        practice=("ST-4", "ST-10"),
        name=Text(
            "Sikkerhedsplaner aftalt mundtligt og skriftligt og forstået",
            "Safety plans agreed orally and in writing, and understood",
        ),
        numerator=Text(
            "Planer aftalt både mundtligt og skriftligt, hvor det er tjekket, at planen giver "
            "mening for borgeren",
            "Plans agreed both orally and in writing where it was checked that the plan makes "
            "sense to the citizen",
        ),
        denominator=Text(
            "Planer med en aftale (status aftalt, aktiv, til opfølgning eller revideret)",
            "Plans with an agreement (status agreed, active, review due or revised)",
        ),
        period="snapshot",
        source=Text(
            "safety_plan: status, agreement.method, agreement.understood",
            "safety_plan: status, agreement.method, agreement.understood",
        ),
        measure="share",
    ),
    Indicator(
        id="st4-information-both-checked",
        practice=("ST-4",),
        name=Text(
            "Information givet mundtligt og skriftligt med tjek af forståelsen",
            "Information given orally and in writing with understanding checked",
        ),
        numerator=Text(
            "Informationer givet både mundtligt og skriftligt, hvor forståelsen er tjekket "
            "(alt andet end 'ikke tjekket')",
            "Information given both orally and in writing whose understanding was checked "
            "(anything but 'not checked')",
        ),
        denominator=Text("Informationer givet i måneden", "Information records given in the month"),
        period="month",
        source=Text(
            "information_record: given_at, given_how, understanding",
            "information_record: given_at, given_how, understanding",
        ),
        measure="share",
    ),
    Indicator(
        id="st6-alignment-on-time",
        practice=("ST-6", "ST-7"),
        name=Text(
            "Forventningsafstemninger holdt til tiden",
            "Expectation alignments held on time",
        ),
        numerator=Text(
            "Afstemninger holdt senest den planlagte dag (dansk kalenderdato)",
            "Alignments held no later than the day they were scheduled for (Danish date)",
        ),
        denominator=Text(
            "Afstemninger planlagt i måneden, til og med rapportdatoen, ikke aflyst",
            "Alignments scheduled in the month, up to the report date, not cancelled",
        ),
        period="month",
        source=Text(
            "expectation_alignment: scheduled_for, held_at, status",
            "expectation_alignment: scheduled_for, held_at, status",
        ),
        measure="share",
    ),
    Indicator(
        id="st7-open-gaps-over-30-days",
        practice=("ST-6", "ST-7"),
        name=Text(
            "Åbne uoverensstemmelser ældre end 30 dage",
            "Open gaps older than 30 days",
        ),
        numerator=Text(
            "Uløste uoverensstemmelser fra en afstemning holdt (eller planlagt) mere end 30 "
            "dage før rapportdatoen",
            "Unresolved gaps from an alignment held (or scheduled) more than 30 days before "
            "the report date",
        ),
        denominator=Text(
            "Alle uløste uoverensstemmelser i afstemninger, der ikke er aflyst",
            "All unresolved gaps in alignments that are not cancelled",
        ),
        period="snapshot",
        source=Text(
            "expectation_alignment: gaps[].resolved, held_at, scheduled_for, status",
            "expectation_alignment: gaps[].resolved, held_at, scheduled_for, status",
        ),
        measure="share",
        higher_is_better=False,
        note=Text(
            "En uoverensstemmelse har ingen egen dato; dens alder regnes fra afstemningen.",
            "A gap has no date of its own; its age counts from its alignment.",
        ),
    ),
    Indicator(
        id="st1-check-in-mean",
        practice=("ST-1",),
        name=Text("Borgernes gennemsnitlige tryghed", "Citizens' mean safety check-in score"),
        numerator=Text("Summen af tryghedsscorer (1-5)", "Sum of check-in ratings (1-5)"),
        denominator=Text("Tryghedsmålinger i måneden", "Check-ins in the month"),
        period="month",
        source=Text("safety_check_in: asked_at, rating", "safety_check_in: asked_at, rating"),
        measure="mean",
    ),
    Indicator(
        id="st1-low-score-followed-up",
        practice=("ST-1",),
        name=Text(
            "Lave tryghedsscorer fulgt op inden for 7 dage",
            "Low safety scores followed up within 7 days",
        ),
        numerator=Text(
            "Lave scorer (1 eller 2), som blev fulgt op inden for 7 dage: opfølgningen er "
            "registreret på målingen, eller borgeren blev spurgt igen",
            "Low scores (1 or 2) followed up within 7 days: the follow-up is recorded on the "
            "check-in, or the citizen was asked again",
        ),
        denominator=Text(
            "Lave scorer i måneden, givet mindst 7 dage før rapportdatoen",
            "Low scores in the month, given at least 7 days before the report date",
        ),
        period="month",
        source=Text(
            "safety_check_in: citizen_id, asked_at, rating, followed_up_at",
            "safety_check_in: citizen_id, asked_at, rating, followed_up_at",
        ),
        measure="share",
        note=Text(
            "Opfølgningen er 'Fulgt op' på målingen (followed_up_at); data fra systemer uden "
            "det felt viser kun en ny måling. Grænsen for en lav score er den samme som "
            "for opfølgning i carekit (LOW_RATING).",
            "The follow-up is the check-in's 'Followed up at' (followed_up_at); data from "
            "systems without that field shows only a new check-in. A low score is the same "
            "as for follow-up in carekit (LOW_RATING).",
        ),
    ),
    Indicator(
        id="dc2-trials-started",
        practice=("DC-2",),
        name=Text(
            "Prøvehandlinger startet pr. 10 borgere",
            "Trial actions started per 10 citizens",
        ),
        numerator=Text(
            "Prøvehandlinger med startdato i kvartalet, som er sat i gang (ikke kun planlagt)",
            "Trial actions with a start date in the quarter that were started (not only planned)",
        ),
        denominator=Text(
            "Borgere oprettet senest ved kvartalets udgang, pr. 10",
            "Citizens created by the end of the quarter, per 10",
        ),
        period="quarter",
        source=Text(
            "trial_action: start_date, status; citizen: created_at",
            "trial_action: start_date, status; citizen: created_at",
        ),
        measure="rate",
        per=10,
    ),
    Indicator(
        id="dc2-evaluated-on-time",
        practice=("DC-2", "DC-6"),
        name=Text("Prøvehandlinger evalueret til tiden", "Trial actions evaluated on time"),
        numerator=Text(
            "Prøvehandlinger med en evaluering senest på evalueringsdatoen",
            "Trial actions with an evaluation no later than their evaluation date",
        ),
        denominator=Text(
            "Startede prøvehandlinger med evalueringsdato i måneden, til og med rapportdatoen",
            "Started trial actions with an evaluation date in the month, up to the report date",
        ),
        period="month",
        source=Text(
            "trial_action: status, evaluation_date, evaluations[].evaluated_at",
            "trial_action: status, evaluation_date, evaluations[].evaluated_at",
        ),
        measure="share",
    ),
    Indicator(
        id="dc2-outcome-adopted",
        practice=("DC-2",),
        name=Text("Prøvehandlinger gjort til rutine", "Trial actions adopted as routine"),
        numerator=Text("Beslutninger 'gør til rutine'", "Decisions 'adopt'"),
        denominator=Text("Beslutninger truffet i kvartalet", "Decisions made in the quarter"),
        period="quarter",
        source=Text(
            "trial_action: decision.outcome, decision.decided_at",
            "trial_action: decision.outcome, decision.decided_at",
        ),
        measure="share",
        higher_is_better=None,
    ),
    Indicator(
        id="dc2-outcome-adapted",
        practice=("DC-2",),
        name=Text("Prøvehandlinger tilpasset", "Trial actions adapted"),
        numerator=Text("Beslutninger 'tilpas og prøv igen'", "Decisions 'adapt'"),
        denominator=Text("Beslutninger truffet i kvartalet", "Decisions made in the quarter"),
        period="quarter",
        source=Text(
            "trial_action: decision.outcome, decision.decided_at",
            "trial_action: decision.outcome, decision.decided_at",
        ),
        measure="share",
        higher_is_better=None,
    ),
    Indicator(
        id="dc2-outcome-abandoned",
        practice=("DC-2", "DC-5"),
        name=Text("Prøvehandlinger opgivet", "Trial actions abandoned"),
        numerator=Text("Beslutninger 'opgiv'", "Decisions 'abandon'"),
        denominator=Text("Beslutninger truffet i kvartalet", "Decisions made in the quarter"),
        period="quarter",
        source=Text(
            "trial_action: decision.outcome, decision.decided_at",
            "trial_action: decision.outcome, decision.decided_at",
        ),
        measure="share",
        higher_is_better=None,
    ),
    Indicator(
        id="dc5-stories-shared",
        practice=("DC-5",),
        name=Text(
            "Lærerige fortællinger delt i personalegruppen",
            "Learning stories shared in the staff group",
        ),
        numerator=Text(
            "Fortællinger med status delt eller arkiveret, efter oprettelsesmåned",
            "Stories with status shared or archived, by the month they were created",
        ),
        denominator=Text("(ingen: et antal)", "(none: a count)"),
        period="month",
        source=Text("learning_story: status, created_at", "learning_story: status, created_at"),
        measure="count",
        note=Text(
            "Data har ingen dato for delingen; oprettelsesmåneden bruges.",
            "The data has no date of sharing; the month of creation is used.",
        ),
    ),
    Indicator(
        id="dc6-observations-per-trial-week",
        practice=("DC-6",),
        name=Text(
            "Observationer af tegn pr. igangværende prøvehandling pr. uge",
            "Observations of signs per running trial action per week",
        ),
        numerator=Text("Observationer af tegn i måneden", "Sign observations in the month"),
        denominator=Text(
            "Uger, prøvehandlingerne var i gang i måneden (fra start til beslutning eller "
            "rapportdatoen)",
            "Weeks the trial actions were running in the month (from start to decision or "
            "the report date)",
        ),
        period="month",
        source=Text(
            "trial_action: start_date, decision.decided_at, observations[].observed_at",
            "trial_action: start_date, decision.decided_at, observations[].observed_at",
        ),
        measure="rate",
    ),
    Indicator(
        id="dc6-team-contributing",
        practice=("DC-6",),
        name=Text(
            "Andel af personalet, der registrerer tegn eller evalueringer",
            "Share of the staff registering signs or evaluations",
        ),
        numerator=Text(
            "Medarbejdere, der observerede et tegn eller evaluerede en prøvehandling i måneden",
            "Staff members who observed a sign or evaluated a trial action in the month",
        ),
        denominator=Text(
            "Medarbejdere, der skrev en post eller registrerede noget i måneden",
            "Staff members who wrote a record or registered anything in the month",
        ),
        period="month",
        source=Text(
            "actor (kind staff) of every record; trial_action: observations[].observed_by, "
            "evaluations[].rater",
            "actor (kind staff) of every record; trial_action: observations[].observed_by, "
            "evaluations[].rater",
        ),
        measure="share",
        note=Text(
            "Kun den seneste version af hver post læses; medarbejdere bag ældre versioner "
            "tælles ikke med i nævneren.",
            "Only each record's latest version is read; staff behind older versions are not "
            "in the denominator.",
        ),
    ),
    Indicator(
        id="st12-planned-helpers",
        practice=("ST-12",),
        name=Text(
            "Forskellige hjælpere pr. borger i 14 dage, efter besøgsplanen",
            "Distinct helpers per citizen in 14 days, by the visit plan",
        ),
        numerator=Text(
            "Summen over borgerne af forskellige navngivne hjælpere plus besøg af 'en kollega' "
            "(hver kan være en ny person) i de 14 dage til og med rapportdatoen, med ændringer og "
            "uden aflyste besøg",
            "Sum over the citizens of distinct named helpers plus visits by 'a colleague' (each "
            "may be another person) in the 14 days up to the report date, with changes and "
            "without cancelled visits",
        ),
        denominator=Text(
            "Borgere med en aktiv sikkerhedsplan med mindst ét planlagt besøg i de 14 dage",
            "Citizens with an active safety plan with at least one planned visit in the 14 days",
        ),
        period="snapshot",
        source=Text(
            "safety_plan: status, planned_visits (weekdays, dates, window, helper_id, who), "
            "visit_changes",
            "safety_plan: status, planned_visits (weekdays, dates, window, helper_id, who), "
            "visit_changes",
        ),
        measure="mean",
        higher_is_better=False,
        note=Text(
            "Efter planen, ikke de besøg, der blev aflagt (dem har data ikke); besøg beskrevet "
            "kun med ord tæller ikke.",
            "By the plan, not the visits made (the data has none); visits described in words "
            "only do not count.",
        ),
    ),
    Indicator(
        id="st12-changes-notified",
        practice=("ST-12",),
        name=Text(
            "Ændringer af besøg varslet i forvejen",
            "Visit changes notified in advance",
        ),
        numerator=Text(
            "Ændringer registreret, før besøgsdagen begyndte (dansk kalenderdato), så borgeren "
            "kunne få besked i forvejen",
            "Changes recorded before the day of the visit began (Danish date), so the citizen "
            "could be told in advance",
        ),
        denominator=Text(
            "Ændringer af besøg (anden hjælper, andet tidspunkt, aflyst) på besøg i måneden",
            "Changes of visits (another helper, another time, cancelled) for visits in the month",
        ),
        period="month",
        source=Text(
            "safety_plan: visit_changes[].on, visit_changes[].changed_at",
            "safety_plan: visit_changes[].on, visit_changes[].changed_at",
        ),
        measure="share",
        note=Text(
            "Måler, om ændringen var kendt i tide, ikke om beskeden nåede frem; kun den seneste "
            "version af hver plan læses.",
            "Measures whether the change was known in time, not whether the notice arrived; only "
            "each plan's latest version is read.",
        ),
    ),
)

#: The data-quality section (from validation of exports).
DATA_QUALITY = Indicator(
    id="dq-invalid-share",
    practice=(),
    name=Text("Datakvalitet: ugyldige poster", "Data quality: invalid records"),
    numerator=Text("Poster, som carekit validate afviser", "Records that carekit validate rejects"),
    denominator=Text("Alle poster i filen", "All records in the file"),
    period="snapshot",
    source=Text(
        "eksportfilerne, læst som carekit validate læser dem",
        "the export files, read as carekit validate reads them",
    ),
    measure="share",
    higher_is_better=False,
)

UNSUPPORTED: tuple[Unsupported, ...] = (
    Unsupported(
        id="st12-distinct-helpers",
        practice=("ST-12",),
        name=Text(
            "Forskellige hjælpere pr. borger pr. 14 dage",
            "Distinct helpers per citizen per 14 days",
        ),
        why=Text(
            "Data har ingen gennemførte besøg: besøgsplanen (planlagte besøg og ændringer) siger, "
            "hvem der skal komme, ikke hvem der kom.",
            "The data has no visits made: the visit plan (planned visits and changes) says who is "
            "to come, not who came.",
        ),
    ),
    Unsupported(
        id="per-organisation",
        practice=(),
        name=Text("Opdeling på organisation", "Breakdown by organisation"),
        why=Text(
            "Posterne har endnu intet felt for organisation; alt tælles som én organisation, "
            "'all'.  --by unit opdeler efter borgerens enhed (Borger: enhed), --by vendor "
            "efter eksportfil.",
            "Records carry no organisation field yet; everything counts as one organisation, "
            "'all'.  --by unit splits by the citizen's unit (Citizen: unit), --by vendor by "
            "export file.",
        ),
    ),
)

_BY_ID = {i.id: i for i in (*INDICATORS, DATA_QUALITY)}


def indicator(indicator_id: str) -> Indicator:
    """The indicator with *indicator_id* (``KeyError`` when there is none)."""
    return _BY_ID[indicator_id]
