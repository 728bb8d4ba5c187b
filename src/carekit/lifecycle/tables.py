"""The six workflows of carekit, as tables.  This module is the one source of truth for every
record status: the model's ``status`` fields, the published JSON Schema enums, the engine and
the docs diagrams are all derived from it.
"""

from __future__ import annotations

from carekit.i18n import Text
from carekit.lifecycle._table import Action, Effect, Guard, State, Workflow

__all__ = [
    "DREAM",
    "EXPECTATION_ALIGNMENT",
    "LEARNING_STORY",
    "NETWORK_MEMBER",
    "SAFETY_PLAN",
    "TRIAL_ACTION",
    "WORKFLOWS",
    "workflow_for_kind",
    "workflow_named",
]

T = Text

# --------------------------------------------------------------------------- safety plan
_AGREEMENT_RECORDED = Guard(
    "agreement_recorded",
    T(
        "Borgerens accept er registreret (hvordan: mundtligt, skriftligt eller begge)",
        "The citizen's agreement is recorded (how: orally, in writing or both)",
    ),
)
_SITUATIONS_HAVE_ACTIONS = Guard(
    "situations_have_actions",
    T(
        "Hver situation (smerter, fald, brug for mere hjælp, …) har mindst én handling",
        "Every situation (pain, fall, need for more help, …) has at least one action",
    ),
)
_CONTACTS_COVER_WEEK = Guard(
    "contacts_cover_week",
    T(
        "Der er en kontakt, der kan nås på hverdage, i weekender og om natten, samt et alarmnummer",
        "There is a contact reachable on weekdays, at weekends and at night, "
        "plus the emergency number",
    ),
)
_SITUATIONS_ANSWERED = Guard(
    "situations_answered_around_the_clock",
    T(
        "Hver situation har sine egne numre, der svarer hele døgnet: hverdage, aftener, "
        "nætter, weekender og helligdage",
        "Every situation has its own numbers that answer around the clock: weekday daytime, "
        "evenings, nights, weekends and public holidays",
    ),
)
_UNDERSTANDING_CHECKED = Guard(
    "understanding_checked",
    T(
        "Det er tjekket med borgeren, at planen giver mening",
        "It has been checked with the citizen that the plan makes sense",
    ),
)
_WRITTEN_COPY_HANDED_OVER = Guard(
    "written_copy_handed_over",
    T("Borgeren har fået planen på skrift", "A written copy has been handed to the citizen"),
)
_REVIEW_DATE_REACHED = Guard(
    "review_date_reached",
    T("Datoen for opfølgning på planen er nået", "The plan's review date has been reached"),
)
_NEXT_REVIEW_IN_FUTURE = Guard(
    "next_review_in_future",
    T("En ny opfølgningsdato i fremtiden er sat", "A new review date in the future is set"),
)

# Checked when the plan is put into use, and kept in every state in use: an active plan
# keeps satisfying everything ``activate`` required (the record contract, #13).
_SAFETY_PLAN_ACTIVATION = (
    _SITUATIONS_HAVE_ACTIONS,
    _SITUATIONS_ANSWERED,
    _CONTACTS_COVER_WEEK,
    _AGREEMENT_RECORDED,
    _UNDERSTANDING_CHECKED,
    _WRITTEN_COPY_HANDED_OVER,
)
_SAFETY_PLAN_IN_USE = _SAFETY_PLAN_ACTIVATION

SAFETY_PLAN = Workflow(
    name="safety-plan",
    kind="safety_plan",
    title=T("Sikkerhedsplan", "Safety plan"),
    practices=("ST-4", "ST-10", "ST-12"),
    states=(
        State("draft", T("Udkast", "Draft")),
        State(
            "agreed",
            T("Aftalt med borgeren", "Agreed with the citizen"),
            invariants=(_AGREEMENT_RECORDED,),
        ),
        State("active", T("Gældende", "Active"), invariants=_SAFETY_PLAN_IN_USE),
        State("review_due", T("Skal følges op", "Review due"), invariants=_SAFETY_PLAN_IN_USE),
        State(
            "revised",
            T("Erstattet af ny version", "Revised (replaced by a new version)"),
            True,
            invariants=_SAFETY_PLAN_IN_USE,
        ),
        State("retired", T("Ikke længere i brug", "Retired"), True),
    ),
    initial="draft",
    actions=(
        Action(
            "agree",
            ("draft",),
            "agreed",
            T("Aftal planen med borgeren", "Agree the plan with the citizen"),
            "SafetyPlanAgreed",
            guards=(_AGREEMENT_RECORDED,),
        ),
        Action(
            "activate",
            ("agreed",),
            "active",
            T("Tag planen i brug", "Put the plan into use"),
            "SafetyPlanActivated",
            guards=_SAFETY_PLAN_ACTIVATION,
        ),
        Action(
            "mark_review_due",
            ("active",),
            "review_due",
            T("Marker at planen skal følges op", "Mark the plan as due for review"),
            "SafetyPlanReviewDue",
            guards=(_REVIEW_DATE_REACHED,),
        ),
        Action(
            "confirm",
            ("review_due",),
            "active",
            T("Bekræft planen uændret", "Confirm the plan unchanged"),
            "SafetyPlanConfirmed",
            guards=(_NEXT_REVIEW_IN_FUTURE,),
        ),
        Action(
            "revise",
            ("active", "review_due"),
            "revised",
            T("Lav en ny version af planen", "Make a new version of the plan"),
            "SafetyPlanRevised",
            effects=(
                Effect(
                    "create_new_version",
                    T("Opretter en ny version som udkast", "Creates a new version as a draft"),
                ),
            ),
        ),
        Action(
            "retire",
            ("draft", "agreed", "active", "review_due"),
            "retired",
            T("Stop med at bruge planen", "Stop using the plan"),
            "SafetyPlanRetired",
        ),
    ),
)

# --------------------------------------------------------------------------- expectation alignment
_EXPECTATIONS_HEARD = Guard(
    "expectations_heard",
    T(
        "Deltagerne og borgerens forventninger med egne ord er registreret",
        "The participants and the citizen's expectations in their own words are recorded",
    ),
)
_CITIZEN_TOOK_PART = Guard(
    "citizen_took_part",
    T(
        "Borgeren eller borgerens repræsentant var med i samtalen",
        "The citizen or the citizen's representative took part in the talk",
    ),
)
_NO_OPEN_GAPS = Guard(
    "no_open_gaps",
    T("Der er ingen uløste uoverensstemmelser", "There are no unresolved gaps"),
)
_HAS_OPEN_GAPS = Guard(
    "has_open_gaps",
    T("Mindst én uoverensstemmelse er uløst", "At least one gap is unresolved"),
)
_SCHEDULE_NEXT = Effect(
    "schedule_next_alignment",
    T(
        "Planlægger næste forventningsafstemning efter den aftalte kadence",
        "Schedules the next expectation alignment from the configured cadence",
    ),
)
_FOLLOW_UP_GAPS = Effect(
    "follow_up_gaps",
    T(
        "Opretter opfølgning for hver uløst uoverensstemmelse",
        "Creates a follow-up for every unresolved gap",
    ),
)

_HEARD = (_EXPECTATIONS_HEARD, _CITIZEN_TOOK_PART)

EXPECTATION_ALIGNMENT = Workflow(
    name="expectation-alignment",
    kind="expectation_alignment",
    title=T("Forventningsafstemning", "Expectation alignment"),
    practices=("ST-6", "ST-7"),
    states=(
        State("scheduled", T("Planlagt", "Scheduled")),
        State("held", T("Afholdt", "Held"), invariants=_HEARD),
        State(
            "aligned",
            T("Afstemt", "Aligned"),
            True,
            invariants=(*_HEARD, _NO_OPEN_GAPS),
        ),
        State(
            "partly_aligned",
            T("Delvist afstemt", "Partly aligned"),
            True,
            invariants=_HEARD,
        ),
        State("not_aligned", T("Ikke afstemt", "Not aligned"), True, invariants=_HEARD),
        State("cancelled", T("Aflyst", "Cancelled"), True),
    ),
    initial="scheduled",
    actions=(
        Action(
            "hold",
            ("scheduled",),
            "held",
            T("Hold samtalen", "Hold the conversation"),
            "ExpectationAlignmentHeld",
            guards=_HEARD,
            effects=(
                Effect(
                    "stamp_held_at",
                    T(
                        "Registrerer hvornår samtalen blev holdt, hvis det ikke er angivet",
                        "Records when the conversation was held, unless it is already set",
                    ),
                ),
            ),
        ),
        Action(
            "conclude_aligned",
            ("held",),
            "aligned",
            T("Afslut: forventningerne er afstemt", "Conclude: expectations are aligned"),
            "ExpectationsAligned",
            guards=(_NO_OPEN_GAPS,),
            effects=(_SCHEDULE_NEXT,),
        ),
        Action(
            "conclude_partly_aligned",
            ("held",),
            "partly_aligned",
            T("Afslut: delvist afstemt", "Conclude: partly aligned"),
            "ExpectationsPartlyAligned",
            guards=(_HAS_OPEN_GAPS,),
            effects=(
                _SCHEDULE_NEXT,
                _FOLLOW_UP_GAPS,
            ),
        ),
        Action(
            "conclude_not_aligned",
            ("held",),
            "not_aligned",
            T("Afslut: ikke afstemt", "Conclude: not aligned"),
            "ExpectationsNotAligned",
            guards=(_HAS_OPEN_GAPS,),
            effects=(
                _SCHEDULE_NEXT,
                _FOLLOW_UP_GAPS,
            ),
        ),
        Action(
            "cancel",
            ("scheduled",),
            "cancelled",
            T("Aflys", "Cancel"),
            "ExpectationAlignmentCancelled",
            effects=(_SCHEDULE_NEXT,),
        ),
    ),
)

# --------------------------------------------------------------------------- dream
_HAS_HYPOTHESIS = Guard(
    "has_hypothesis",
    T(
        "Hypotesen og dens faglige begrundelse er skrevet med rigtige ord "
        "(ikke tom, ikke »x«, »-«, »test« eller »…«)",
        "The hypothesis and its professional grounds are written in real words "
        "(not empty, not 'x', '-', 'test' or '…')",
    ),
)
_GROUNDED_IN_FOUNDATION = Guard(
    "grounded_in_foundation",
    T(
        "Hypotesen henviser til enhedens fælles faglighed (tilgang, kursus eller litteratur) "
        "eller siger, hvorfor den ikke gør",
        "The hypothesis refers to the unit's shared professional foundation (approach, "
        "training or literature) or says why it does not",
    ),
)
_HAS_TRIAL_ACTION = Guard(
    "has_trial_action",
    T(
        "Mindst én prøvehandling forfølger drømmen",
        "At least one trial action pursues the dream",
    ),
)
_DREAM_GROUNDED = (_HAS_HYPOTHESIS, _GROUNDED_IN_FOUNDATION)

DREAM = Workflow(
    name="dream",
    kind="dream",
    title=T("Drøm", "Dream"),
    practices=("DC-1", "DC-2", "DC-4"),
    states=(
        State("noticed", T("Opdaget", "Noticed")),
        State("hypothesis", T("Hypotese", "Hypothesis"), invariants=_DREAM_GROUNDED),
        State("being_tested", T("Afprøves", "Being tested"), invariants=_DREAM_GROUNDED),
        State("realised", T("Indfriet", "Realised"), True, invariants=_DREAM_GROUNDED),
        State("revised", T("Revideret", "Revised"), True, invariants=_DREAM_GROUNDED),
        State("set_aside", T("Lagt til side", "Set aside"), True),
    ),
    initial="noticed",
    actions=(
        Action(
            "form_hypothesis",
            ("noticed",),
            "hypothesis",
            T("Formulér en hypotese", "Form a hypothesis"),
            "DreamHypothesisFormed",
            guards=_DREAM_GROUNDED,
        ),
        Action(
            "start_testing",
            ("hypothesis",),
            "being_tested",
            T("Afprøv med en prøvehandling", "Test with a trial action"),
            "DreamTestingStarted",
            guards=(_HAS_TRIAL_ACTION,),
        ),
        Action(
            "realise",
            ("being_tested",),
            "realised",
            T("Drømmen er indfriet", "The dream is realised"),
            "DreamRealised",
        ),
        Action(
            "revise",
            ("hypothesis", "being_tested"),
            "revised",
            T("Revidér drømmen (en ny drøm afløser den)", "Revise (a new dream replaces it)"),
            "DreamRevised",
        ),
        Action(
            "set_aside",
            ("noticed", "hypothesis", "being_tested"),
            "set_aside",
            T("Læg drømmen til side", "Set the dream aside"),
            "DreamSetAside",
        ),
    ),
)

# --------------------------------------------------------------------------- trial action
_HAS_PREDICTION_AND_SIGNS = Guard(
    "has_prediction_and_signs",
    T(
        "Der er en forudsigelse med rigtige ord og mindst ét tegn at holde øje med",
        "There is a prediction in real words and at least one sign to watch",
    ),
)
_HAS_EVALUATION_DATE = Guard(
    "has_evaluation_date",
    T(
        "Der er en dato for evaluering, og den ligger ikke før start",
        "There is an evaluation date, not before the start",
    ),
)
_HAS_RESPONSIBLE = Guard(
    "has_responsible",
    T(
        "Mindst én medarbejder er ansvarlig for prøvehandlingen",
        "At least one staff member is responsible for the trial action",
    ),
)
_HAS_BASELINE = Guard(
    "has_baseline",
    T(
        "Udgangspunktet er noteret: livsglæden før ændringen på skalaen 1-5",
        "The baseline is noted: joy before the change on the 1-5 scale",
    ),
)
_HAS_EVALUATION = Guard(
    "has_evaluation",
    T("Mindst én evaluering er registreret", "At least one evaluation is recorded"),
)
_POSITIVE_EVALUATION = Guard(
    "positive_evaluation",
    T(
        "Mindst én evaluering er som forventet eller bedre",
        "At least one evaluation is as predicted or better",
    ),
)
_ENOUGH_EVALUATIONS = Guard(
    "enough_evaluations",
    T(
        "Der er mindst to evalueringer (én god dag er ikke nok til en ny rutine)",
        "There are at least two evaluations (one good day is not enough for a new routine)",
    ),
)
_CITIZEN_OR_RELATIVE_VOICE = Guard(
    "citizen_or_relative_voice",
    T(
        "Mindst én evaluering er borgerens egen eller en pårørendes",
        "At least one evaluation is the citizen's own or a relative's",
    ),
)
_IMPROVED_AGAINST_BASELINE = Guard(
    "improved_against_baseline",
    T(
        "Livsglæden i evalueringerne er i gennemsnit højere end udgangspunktet",
        "The evaluations' joy score is on average above the baseline",
    ),
)
_LEARNING_RECORDED = Guard(
    "learning_recorded",
    T(
        "Det, vi lærte, er skrevet ned, så næste runde kan bygge på det",
        "What we learned is written down, so the next cycle can build on it",
    ),
)

_TRIAL_READY = (_HAS_PREDICTION_AND_SIGNS, _HAS_EVALUATION_DATE, _HAS_RESPONSIBLE, _HAS_BASELINE)
_ADOPTION_EVIDENCE = (
    _HAS_EVALUATION,
    _ENOUGH_EVALUATIONS,
    _CITIZEN_OR_RELATIVE_VOICE,
    _POSITIVE_EVALUATION,
    _IMPROVED_AGAINST_BASELINE,
)

TRIAL_ACTION = Workflow(
    name="trial-action",
    kind="trial_action",
    title=T("Prøvehandling", "Trial action"),
    practices=("DC-2", "DC-5", "DC-6"),
    states=(
        State("planned", T("Planlagt", "Planned")),
        State("running", T("I gang", "Running"), invariants=_TRIAL_READY),
        State("evaluating", T("Evalueres", "Evaluating"), invariants=_TRIAL_READY),
        State(
            "adopted",
            T("Ny rutine", "Adopted as routine"),
            True,
            invariants=(*_TRIAL_READY, *_ADOPTION_EVIDENCE),
        ),
        State(
            "adapted",
            T("Tilpasset i en ny runde", "Adapted into a new cycle"),
            True,
            invariants=(*_TRIAL_READY, _HAS_EVALUATION, _LEARNING_RECORDED),
        ),
        State(
            "abandoned",
            T("Opgivet", "Abandoned"),
            True,
            invariants=(*_TRIAL_READY, _HAS_EVALUATION),
        ),
    ),
    initial="planned",
    actions=(
        Action(
            "start",
            ("planned",),
            "running",
            T("Start prøvehandlingen", "Start the trial action"),
            "TrialActionStarted",
            guards=_TRIAL_READY,
            effects=(
                Effect(
                    "stamp_start_date",
                    T(
                        "Sætter startdatoen til i dag, hvis den ikke er angivet",
                        "Sets the start date to today, unless it is already set",
                    ),
                ),
            ),
        ),
        Action(
            "evaluate",
            ("running",),
            "evaluating",
            T("Gå i gang med at evaluere", "Begin evaluating"),
            "TrialActionEvaluationStarted",
        ),
        Action(
            "adopt",
            ("evaluating",),
            "adopted",
            T("Gør ændringen til ny rutine", "Adopt the change as routine"),
            "TrialActionAdopted",
            guards=_ADOPTION_EVIDENCE,
            effects=(
                Effect(
                    "create_routine",
                    T(
                        "Opretter en rutine i borgerens plan med en dato for opfølgning",
                        "Creates a Routine in the citizen's plan, with a review date",
                    ),
                ),
                Effect(
                    "prompt_success_story",
                    T(
                        "Foreslår at skrive en lærerig fortælling om det, der lykkedes",
                        "Prompts a learning story about what went well",
                    ),
                ),
            ),
        ),
        Action(
            "adapt",
            ("evaluating",),
            "adapted",
            T("Tilpas og prøv igen", "Adapt and try again"),
            "TrialActionAdapted",
            guards=(_HAS_EVALUATION, _LEARNING_RECORDED),
            effects=(
                Effect(
                    "create_next_cycle",
                    T(
                        "Opretter næste runde, der fører drømmen, udgangspunktet og alt det "
                        "lærte videre",
                        "Creates the next linked cycle, carrying over the dream, the baseline "
                        "and everything learned so far",
                    ),
                ),
            ),
        ),
        Action(
            "abandon",
            ("evaluating",),
            "abandoned",
            T("Opgiv prøvehandlingen", "Abandon the trial action"),
            "TrialActionAbandoned",
            guards=(_HAS_EVALUATION,),
            effects=(
                Effect(
                    "prompt_learning_story",
                    T(
                        "Foreslår at skrive en lærerig fortælling",
                        "Prompts a learning story",
                    ),
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- learning story
_MEDIA_NAME_CONSENTS = Guard(
    "media_name_consents",
    T(
        "Hvert foto, film og andet medie henviser til et samtykke",
        "Every photo, film and other media item refers to a consent",
    ),
)
_MEDIA_CONSENTED = Guard(
    "media_consented",
    T(
        "Der er gyldigt samtykke til hvert foto, film og andet medie; har en anden end "
        "borgeren givet det, står hjemlen på samtykket",
        "Every photo, film and other media item has a valid consent; when someone other "
        "than the citizen gave it, the consent records the legal basis",
    ),
)
_NARRATIVE_CONSENT_NAMED = Guard(
    "narrative_consent_named",
    T(
        "Deles fortællingen ud over personalegruppen, henviser den til borgerens samtykke "
        "til så bred en deling",
        "A story shared beyond the staff group refers to the citizen's consent to sharing "
        "that widely",
    ),
)
_NARRATIVE_CONSENTED = Guard(
    "narrative_consented",
    T(
        "Borgeren har givet gyldigt samtykke til selve fortællingen, og samtykket tillader så "
        "bred en deling; har en pårørende, værge eller fuldmagtshaver givet det, står hjemlen "
        "på samtykket",
        "The citizen has validly consented to the story itself, and the consent allows sharing "
        "that widely; when a relative, guardian or proxy gave it, the consent records the "
        "legal basis",
    ),
)
_HAS_DISCUSSION = Guard(
    "has_discussion",
    T(
        "Personalegruppen har drøftet fortællingen: hvem var med, hvad vi reflekterede over, "
        "og hvad vi gør nu",
        "The staff group discussed the story: who took part, what we reflected on and what "
        "we do next",
    ),
)
_STORY_CONSENTED = (_MEDIA_CONSENTED, _NARRATIVE_CONSENTED)
_STORY_NAMES_CONSENTS = (_MEDIA_NAME_CONSENTS, _NARRATIVE_CONSENT_NAMED)
_STORY_IN_USE = (*_STORY_NAMES_CONSENTS, *_STORY_CONSENTED)

LEARNING_STORY = Workflow(
    name="learning-story",
    kind="learning_story",
    title=T("Lærerig fortælling", "Learning story"),
    practices=("DC-5",),
    states=(
        State("draft", T("Udkast", "Draft")),
        # a story in use keeps satisfying what sharing required: a photo added later by
        # update() needs its own valid consent too (the record contract, #13)
        State("consented", T("Samtykke givet", "Consented"), invariants=_STORY_IN_USE),
        State("shared", T("Delt", "Shared"), invariants=_STORY_IN_USE),
        State("archived", T("Arkiveret", "Archived"), True),
        State("withdrawn", T("Trukket tilbage", "Withdrawn"), True),
    ),
    initial="draft",
    actions=(
        Action(
            "confirm_consent",
            ("draft",),
            "consented",
            T("Bekræft samtykke til fortælling og medier", "Confirm consent for story and media"),
            "LearningStoryConsented",
            guards=_STORY_CONSENTED,
        ),
        Action(
            "share",
            ("consented",),
            "shared",
            T("Del med personalegruppen", "Share with the staff group"),
            "LearningStoryShared",
            guards=_STORY_CONSENTED,
        ),
        Action(
            "discuss",
            ("shared",),
            "shared",
            T(
                "Registrér en drøftelse (også når fortællingen tages op igen)",
                "Record a discussion (also when the story is revisited)",
            ),
            "LearningStoryDiscussed",
            guards=(_HAS_DISCUSSION,),
        ),
        Action(
            "archive",
            ("shared",),
            "archived",
            T("Arkivér", "Archive"),
            "LearningStoryArchived",
        ),
        Action(
            "withdraw",
            ("draft", "consented", "shared"),
            "withdrawn",
            T("Træk tilbage", "Withdraw"),
            "LearningStoryWithdrawn",
            effects=(
                Effect(
                    "unshare_media",
                    T("Fjerner alle medier fra deling", "Removes all media from sharing"),
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- network member
_REACHABLE = Guard(
    "reachable",
    T(
        "Personen har et telefonnummer eller en organisation",
        "The person has a phone number or an organisation",
    ),
)

NETWORK_MEMBER = Workflow(
    name="network-member",
    kind="network_member",
    title=T("Person i netværket", "Network member"),
    practices=("ST-11", "DC-1", "DC-3"),
    states=(
        State("proposed", T("Foreslået", "Proposed")),
        State("active", T("Aktiv", "Active"), invariants=(_REACHABLE,)),
        State("suspended", T("Sat på pause", "Suspended"), invariants=(_REACHABLE,)),
        State("inactive", T("Ikke længere med", "Inactive"), True),
    ),
    initial="proposed",
    actions=(
        Action(
            "activate",
            ("proposed",),
            "active",
            T("Tag med i netværket", "Make active in the network"),
            "NetworkMemberActivated",
            guards=(_REACHABLE,),
        ),
        Action(
            "suspend",
            ("active",),
            "suspended",
            T("Sæt på pause", "Suspend"),
            "NetworkMemberSuspended",
        ),
        Action(
            "resume",
            ("suspended",),
            "active",
            T("Genoptag", "Resume"),
            "NetworkMemberResumed",
        ),
        Action(
            "deactivate",
            ("proposed", "active", "suspended"),
            "inactive",
            T("Tag ud af netværket", "Remove from the network"),
            "NetworkMemberDeactivated",
        ),
    ),
)

WORKFLOWS: tuple[Workflow, ...] = (
    SAFETY_PLAN,
    EXPECTATION_ALIGNMENT,
    DREAM,
    TRIAL_ACTION,
    LEARNING_STORY,
    NETWORK_MEMBER,
)


def workflow_named(name: str) -> Workflow:
    """The workflow called *name* (``trial-action`` or ``trial_action``); ``KeyError`` lists all."""
    wanted = name.replace("_", "-")
    for workflow in WORKFLOWS:
        if workflow.name == wanted:
            return workflow
    raise KeyError(f"no workflow {name!r}; workflows: {', '.join(w.name for w in WORKFLOWS)}")


def workflow_for_kind(kind: str) -> Workflow | None:
    """The workflow driving records of *kind*, if any."""
    for workflow in WORKFLOWS:
        if workflow.kind == kind:
            return workflow
    return None
