"""``carekit demo``: fill a store with the two demo citizens and walk every workflow.

Every step goes through the public application API, exactly as a vendor's platform would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import attrs

from carekit._dates import format_date, format_visit_time
from carekit.app import Application
from carekit.demo._data import (
    DEMO_EPOCH,
    DEMO_IMPORTER,
    ELSE_MORNING_VISIT,
    ELSE_UNIT,
    demo_citizens,
    demo_records,
    demo_staff,
)
from carekit.errors import GuardFailed
from carekit.i18n import Lang, Text
from carekit.lifecycle import LEARNING_STORY, workflow_for_kind
from carekit.model import (
    Actor,
    Agreement,
    AgreementMethod,
    Channel,
    Citizen,
    Consent,
    ConsentPurpose,
    Discussion,
    Dream,
    Evaluation,
    EvaluationResult,
    InformationRecord,
    LearningStory,
    NarrativeConsent,
    Purpose,
    Rater,
    Record,
    SafetyPlan,
    SharingScope,
    Sign,
    TrialAction,
    Understanding,
    VisitChangeKind,
    Weekday,
    WrittenCopy,
)
from carekit.render import render_shift_watch
from carekit.workflows import (
    contributors,
    evaluation_series,
    observe_sign,
    perspective_prompt,
    watch_list,
)

__all__ = ["DemoSummary", "run_demo"]

R = TypeVar("R", bound=Record)


@attrs.frozen
class DemoSummary:
    """What the demo walk stored: counts of citizens, records, versions and events."""

    citizens: int
    records: int
    versions: int
    events: int
    audit_entries: int
    due_items: int
    transitions: int


def _at(days: int, hour: int = 10) -> dt.datetime:
    return (DEMO_EPOCH + dt.timedelta(days=days)).replace(hour=hour)


class _Walk:
    def __init__(self, app: Application, lang: Lang, echo: Callable[[str], None]):
        self.app = app
        self.lang = lang
        self.echo = echo
        self.staff = demo_staff()
        self.transitions = 0
        self.channel = Channel.API

    def say(self, da: str, en: str, indent: int = 0) -> None:
        self.echo("  " * indent + Text(da, en).get(self.lang))

    def heading(self, da: str, en: str) -> None:
        self.echo("")
        self.echo("== " + Text(da, en).get(self.lang))

    def act(
        self, record: Record, action: str, actor: Actor, days: int, reason: str | None = None
    ) -> Record:
        result = self.app.act(record.id, action, actor=actor, at=_at(days), reason=reason)
        self.transitions += 1
        t = result.transition
        state = t.workflow.state(t.to_state).label
        done = t.workflow.action(action).label
        self.say(
            f"{t.workflow.title.da}: {done.da} → {state.da}",
            f"{t.workflow.title.en}: {done.en} → {state.en}",
            1,
        )
        for created in t.created:
            self.say(
                f"oprettet: {created.LABEL.da} ({created.record_id[:8]})",
                f"created: {created.LABEL.en} ({created.record_id[:8]})",
                2,
            )
        for event in t.events:
            self.say(f"hændelse: {event.name}", f"event: {event.name}", 2)
        return t.record

    def refused(self, record: Record, action: str, actor: Actor, days: int) -> None:
        try:
            self.app.act(record.id, action, actor=actor, at=_at(days))
        except GuardFailed as exc:
            workflow = workflow_for_kind(record.kind)
            assert workflow is not None
            done = workflow.action(action).label
            missing_da = "; ".join(r.da for r in exc.reasons)
            missing_en = "; ".join(r.en for r in exc.reasons)
            self.say(
                f"»{done.da}« blev afvist, og det er rigtigt. "
                f"Det skal være på plads først: {missing_da}",
                f"“{done.en}” was refused, as it should be. "
                f"This must be in place first: {missing_en}",
                1,
            )
        else:  # pragma: no cover - the demo data is built so that the guard fails
            raise AssertionError(f"{action} should have been refused")

    def update(self, record: R, *, actor: Actor, updated_at: dt.datetime, **changes: object) -> R:
        current = self.app.get(record.id)
        changed = current.record.model_copy(update=changes)
        stored = self.app.update(
            changed, expected_version=current.version, actor=actor, at=updated_at
        ).record
        assert isinstance(stored, type(record))
        return stored

    def latest(self, record: R) -> R:
        found = self.app.get(record.id).record
        assert isinstance(found, type(record))
        return found


def _one(records: list[Record], cls: type[R], citizen: object) -> R:
    for record in records:
        if isinstance(record, cls) and record.citizen_id == citizen:
            return record
    raise LookupError(f"no {cls.__name__} for the demo citizen")


def _store_all(w: _Walk, records: list[Record], else_: Citizen, mogens: Citizen) -> None:
    app = w.app
    w.heading("Borgere og deres poster", "Citizens and their records")
    app.import_records(records, actor=DEMO_IMPORTER)
    w.say(
        f"Gemte {len(records)} poster om {else_.display_name} og {mogens.display_name} "
        "i én transaktion.",
        f"Stored {len(records)} records about {else_.display_name} and {mogens.display_name} "
        "in one transaction.",
        1,
    )
    labels = {type(r).KIND: type(r).LABEL for r in records}
    kinds_da = ", ".join(sorted(label.da for label in labels.values()))
    kinds_en = ", ".join(sorted(label.en for label in labels.values()))
    w.say(f"Slags: {kinds_da}", f"Kinds: {kinds_en}", 1)


def _network(w: _Walk) -> None:
    w.heading("Netværket (ST-11)", "The network (ST-11)")
    for stored in w.app.network_members.list(status="proposed"):
        w.act(stored.record, "activate", stored.record.actor, -29)


def _safety_plans(w: _Walk, records: list[Record], else_: Citizen, mogens: Citizen) -> SafetyPlan:
    app, anna, sofie = w.app, w.staff["anna"], w.staff["sofie"]
    w.heading("Sikkerhedsplaner (ST-10, ST-12)", "Safety plans (ST-10, ST-12)")
    plan_e = _one(records, SafetyPlan, else_.id)
    w.act(plan_e, "agree", anna, -6, "Gennemgået med Else ved besøget")
    w.act(plan_e, "activate", anna, -6)
    plan_m = _one(records, SafetyPlan, mogens.id)
    w.refused(plan_m, "agree", sofie, -5)
    plan_m = w.update(
        plan_m,
        agreement=Agreement(
            method=AgreementMethod.BOTH, agreed_at=_at(-5), agreed_with="Mogens", understood=True
        ),
        written_copy=WrittenCopy(handed_over_at=_at(-5), kept_where="I skuffen ved sengen"),
        updated_at=_at(-5),
        actor=sofie,
    )
    w.say(
        "Aftalen med Mogens og den skriftlige kopi er registreret.",
        "The agreement with Mogens and the written copy are recorded.",
        1,
    )
    w.act(plan_m, "agree", sofie, -5)
    w.act(plan_m, "activate", sofie, -5)
    w.act(plan_e, "mark_review_due", anna, 21)
    revision = app.act(
        plan_e.id,
        "revise",
        actor=anna,
        at=_at(21),
        reason="Else har fået rollator; faldplanen skal ændres",
    )
    w.transitions += 1
    plan_v2 = revision.transition.created[0]
    assert isinstance(plan_v2, SafetyPlan)
    w.say(
        f"Sikkerhedsplan: Lav en ny version af planen → version {plan_v2.plan_version} som udkast",
        f"Safety plan: Make a new version of the plan → version {plan_v2.plan_version} as a draft",
        1,
    )
    plan_v2 = w.update(
        plan_v2,
        agreement=Agreement(
            method=AgreementMethod.BOTH, agreed_at=_at(21), agreed_with="Else", understood=True
        ),
        written_copy=WrittenCopy(
            handed_over_at=_at(21),
            kept_where="På køleskabet",
            format="Papir med stor skrift",
            large_print=True,
        ),
        review_date=(DEMO_EPOCH + dt.timedelta(days=111)).date(),
        updated_at=_at(21),
        actor=anna,
    )
    w.act(plan_v2, "agree", anna, 21)
    w.act(plan_v2, "activate", anna, 21)
    return plan_v2


def _visit_change(w: _Walk, plan: SafetyPlan) -> None:
    """Anna is away on a course one Wednesday: Bob comes instead, and Else hears it first
    (ST-12)."""
    anna = w.staff["anna"]
    on = (DEMO_EPOCH + dt.timedelta(days=23)).date()
    stored = w.app.change_visit(
        plan.id,
        actor=anna,
        at=_at(21, 14),
        visit_id=ELSE_MORNING_VISIT,
        on=on,
        change=VisitChangeKind.OTHER_HELPER,
        who="Bob Madsen",
        reason="Anna er på kursus den dag",
        decided_by="Anna Holm, din kontaktperson",
    )
    assert isinstance(stored.record, SafetyPlan)
    change = stored.record.visit_changes[-1]
    w.say(
        f"Besøg ændret: {change.change.label.da} "
        f"{format_visit_time(on, dt.time(8), dt.time(9), 'da')} (hændelse: VisitChanged)",
        f"Visit changed: {change.change.label.en} "
        f"{format_visit_time(on, dt.time(8), dt.time(9), 'en')} (event: VisitChanged)",
        1,
    )


def _alignment(w: _Walk, else_: Citizen) -> None:
    app, anna = w.app, w.staff["anna"]
    w.heading("Forventningsafstemning (ST-6, ST-7)", "Expectation alignment (ST-6, ST-7)")
    alignments = [s.record for s in app.expectation_alignments.list(citizen_id=else_.id)]
    w.act(alignments[0], "hold", anna, -3)
    w.act(alignments[0], "conclude_partly_aligned", anna, -3, "Else ønsker samme hjælper hver dag")


def _information(w: _Walk, mogens: Citizen) -> None:
    sofie = w.staff["sofie"]
    w.heading(
        "Information, der giver mening (ST-3, ST-4)", "Information that makes sense (ST-3, ST-4)"
    )
    (info,) = [s.record for s in w.app.information_records.list(citizen_id=mogens.id)]
    assert isinstance(info, InformationRecord)
    assert info.needs_recheck
    w.say(
        f"Mogens forstod det kun delvist. Det skal tjekkes igen senest "
        f"{format_date(info.due_on() or info.given_at, 'da')}.",
        f"Mogens only partly understood. It is to be checked again by "
        f"{format_date(info.due_on() or info.given_at, 'en')}.",
        1,
    )
    w.update(
        info,
        understanding=Understanding.UNDERSTOOD,
        citizen_words="Jeg flytter til stue 12 på mandag. Peter hjælper mig.",
        rechecked_at=_at(-33),
        updated_at=_at(-33),
        actor=sofie,
    )
    w.say(
        "Sofie tjekkede igen. Nu kan Mogens sige det med egne ord.",
        "Sofie checked again. Now Mogens can say it in his own words.",
        1,
    )


def _dreams(
    w: _Walk, records: list[Record], else_: Citizen, mogens: Citizen
) -> tuple[TrialAction, TrialAction]:
    """Both dreams and their trial actions; returns Mogens's two cycles."""
    app, anna, sofie = w.app, w.staff["anna"], w.staff["sofie"]
    w.heading(
        "Drømme og prøvehandlinger (DC-1, DC-2, DC-6)",
        "Dreams and trial actions (DC-1, DC-2, DC-6)",
    )
    dream_e = _one(records, Dream, else_.id)
    trial_e = _one(records, TrialAction, else_.id)
    w.act(dream_e, "form_hypothesis", anna, -19)
    w.act(dream_e, "start_testing", anna, -11)
    w.act(trial_e, "start", anna, -10)
    w.act(trial_e, "evaluate", anna, 4)
    adopted = w.act(trial_e, "adopt", anna, 4, "Else smiler og sover bedre")
    assert isinstance(adopted, TrialAction)
    _show_evidence(w, adopted)
    w.act(dream_e, "realise", anna, 5)

    dream_m = _one(records, Dream, mogens.id)
    trial_m = _one(records, TrialAction, mogens.id)
    w.act(dream_m, "form_hypothesis", sofie, -24)
    w.act(dream_m, "start_testing", sofie, -17)
    w.act(trial_m, "start", sofie, -16)
    w.act(trial_m, "evaluate", sofie, -2)
    w.refused(trial_m, "adopt", sofie, -2)
    prompt = perspective_prompt(w.latest(trial_m), app.citizen_records(mogens.id))
    if prompt is not None:
        w.say(prompt.da, prompt.en, 1)
    w.update(
        trial_m,
        learned="Morgenen er for kold og for travl for Mogens; han er mest vågen efter middagen.",
        updated_at=_at(-2),
        actor=sofie,
    )
    adapted = w.act(trial_m, "adapt", sofie, -2, "For koldt om morgenen; prøv efter middagen")
    assert isinstance(adapted, TrialAction)
    assert adapted.next_cycle_id is not None
    cycle2 = app.trial_actions.get(adapted.next_cycle_id).record
    cycle2 = w.update(
        cycle2,
        change_of_practice="Vi går ud med foder efter middagen, når det er lunere.",
        prediction="Mogens går gerne med ud og fortæller om fuglene.",
        evaluation_date=(DEMO_EPOCH + dt.timedelta(days=10)).date(),
        updated_at=_at(-1),
        actor=sofie,
    )
    w.say("Næste runde har fået en ny forudsigelse.", "The next cycle has a new prediction.", 1)
    w.act(cycle2, "start", sofie, -1)
    w.act(cycle2, "evaluate", sofie, 10)
    cycle2 = w.update(
        cycle2,
        evaluations=[
            Evaluation(
                evaluated_at=_at(10),
                rated_by=Rater.STAFF,
                rater=sofie,
                result=EvaluationResult.WORSE_THAN_PREDICTED,
                joy_score=2,
                note="Mogens ville hellere sidde inde ved vinduet.",
            )
        ],
        updated_at=_at(10),
        actor=sofie,
    )
    w.act(cycle2, "abandon", sofie, 10, "Mogens vil hellere se fuglene inde fra")

    return trial_m, cycle2


def _show_evidence(w: _Walk, trial: TrialAction) -> None:
    """The adoption evidence, the run-chart series and who contributed (DC-2, DC-6)."""
    series = evaluation_series(trial, w.app.citizen_records(trial.citizen_id))
    scores = ", ".join(str(p.joy_score) for p in series.points)
    w.say(
        f"Udgangspunkt {series.baseline}, evalueringer {scores} (median {series.median})",
        f"Baseline {series.baseline}, evaluations {scores} (median {series.median})",
        2,
    )
    names = ", ".join(c.actor.name or c.actor.id for c in contributors(trial))
    w.say(f"Bidrog: {names}", f"Contributed: {names}", 2)
    if trial.routine_id is not None:
        routine = w.app.routines.get(trial.routine_id).record
        w.say(
            f"Ny rutine: {routine.description} (følges op {routine.review_date})",
            f"New routine: {routine.description} (review {routine.review_date})",
            2,
        )


def _stories(
    w: _Walk,
    records: list[Record],
    else_: Citizen,
    mogens: Citizen,
    mogens_trials: tuple[TrialAction, TrialAction],
) -> None:
    app, anna, sofie = w.app, w.staff["anna"], w.staff["sofie"]
    trial_m, cycle2 = mogens_trials
    w.heading("Lærerige fortællinger (DC-5)", "Learning stories (DC-5)")
    story_consent = next(
        c
        for c in (s.record for s in app.consents.list(citizen_id=mogens.id))
        if c.purpose is ConsentPurpose.LEARNING_STORY
    )
    story_m = LearningStory(
        citizen_id=mogens.id,
        actor=sofie,
        created_at=_at(11),
        updated_at=_at(11),
        title="Fuglene ved vinduet",
        narrative="Vi prøvede at gå ud med foder to gange. Mogens frøs og ville ind. "
        "Nu sidder han ved vinduet og ser fuglene.",
        learned="Spørg Mogens, før vi planlægger noget udenfor.",
        trial_action_ids=[trial_m.id, cycle2.id],
        authors=[sofie],
        sharing_scope=SharingScope.UNIT,
        narrative_consent=NarrativeConsent(
            consent_id=story_consent.id,
            scope=SharingScope.UNIT,
        ),
    )
    app.learning_stories.add(story_m)
    w.act(story_m, "confirm_consent", sofie, 11)
    w.act(story_m, "share", sofie, 11)
    assert isinstance(story_consent, Consent)
    assert story_consent.legal_basis is not None
    basis = story_consent.legal_basis.label
    w.say(
        f"Fortællingen deles med hele enheden, som samtykket tillader. Peter gav samtykket; "
        f"hjemmel: {basis.da.lower()}.",
        f"The story is shared with the whole unit, as the consent allows. Peter gave the "
        f"consent; legal basis: {basis.en[0].lower()}{basis.en[1:]}.",
        1,
    )
    w.refused(story_m, "discuss", sofie, 12)
    story_m = w.update(
        story_m,
        discussions=[
            Discussion(
                held_on=(DEMO_EPOCH + dt.timedelta(days=12)).date(),
                participants=[sofie, anna, w.staff["jonas"]],
                reflections="Vi planlagde ud fra vores idé om Mogens, ikke ud fra hans dag. "
                "Han er mest vågen efter middagen, og han vil helst være inde.",
                what_next="Vi sætter et foderbræt op uden for hans vindue og spørger ham hver "
                "dag, om han vil fylde det.",
                citizen_voice="Mogens: Jeg kan godt lide at se dem herfra.",
            )
        ],
        updated_at=_at(12),
        actor=sofie,
    )
    w.act(story_m, "discuss", sofie, 12)
    _next_idea(w, mogens, cycle2)
    story_e = _one(records, LearningStory, else_.id)
    w.act(story_e, "confirm_consent", anna, 0)
    w.act(story_e, "share", anna, 0)
    photo_consent = next(
        c
        for c in (s.record for s in app.consents.list(citizen_id=else_.id))
        if c.purpose is ConsentPurpose.PHOTOS_AND_FILM
    )
    assert isinstance(photo_consent, Consent)
    app.withdraw_consent(
        photo_consent.id, actor=anna, at=_at(6), reason="Else vil ikke længere vises på billeder"
    )
    story_e = w.latest(story_e)
    state = LEARNING_STORY.state(story_e.status).label
    w.say(
        f"Else trak sit samtykke til fotos tilbage. Fortællingen er nu {state.da.lower()}, "
        "og ingen medier deles.",
        f"Else withdrew her consent to photos. The story is now {state.en.lower()}, and no "
        "media are shared.",
        1,
    )


def _next_idea(w: _Walk, mogens: Citizen, abandoned: TrialAction) -> None:
    """What the discussion decided becomes the next trial action; its signs go on the
    staff's watch list, and anyone on the team registers what they see (DC-6)."""
    sofie, jonas = w.staff["sofie"], w.staff["jonas"]
    sign = Sign(description="Mogens peger på fuglene og fortæller om dem")
    board = TrialAction(
        citizen_id=mogens.id,
        actor=sofie,
        created_at=_at(12),
        updated_at=_at(12),
        title="Foderbræt ved vinduet",
        dream_ids=list(abandoned.dream_ids),
        change_of_practice="Vi sætter et foderbræt op ved vinduet. Mogens fylder det efter "
        "middagen, hvis han vil.",
        prediction="Mogens fortæller om fuglene og sidder længere oppe om eftermiddagen.",
        responsible=[sofie, jonas],
        evaluation_date=(DEMO_EPOCH + dt.timedelta(days=26)).date(),
        signs=[sign],
        baseline=abandoned.baseline,
        carried_learning=[*abandoned.carried_learning, "Spørg Mogens først."],
    )
    w.app.trial_actions.add(board)
    w.act(board, "start", sofie, 12)
    seen = observe_sign(
        w.latest(board), sign.id, by=jonas, at=_at(13, 15), note="Han viste mig en musvit"
    )
    w.update(board, observations=seen.observations, updated_at=_at(13, 15), actor=jonas)
    day = (DEMO_EPOCH + dt.timedelta(days=14)).date()
    for item in watch_list(w.app.citizen_records(mogens.id), day):
        w.say(
            f"Hold øje med: {item.what} ({item.label.da.lower()})",
            f"Watch: {item.what} ({item.label.en.lower()})",
            2,
        )


#: The day of the shift's list in the walk: Thursday 19 November 2026, the day of Else's choir.
SHIFT_DAY = (DEMO_EPOCH + dt.timedelta(days=17)).date()


def _shift_list(w: _Walk) -> None:
    """The day shift's "what to watch today" for Else's unit: the routine kept that day and
    the signs of running trial actions, as on the staff document (``carekit watch``)."""
    w.heading("Hold øje med på vagten (DC-2, DC-6)", "What to watch on the shift (DC-2, DC-6)")
    watch = w.app.shift_watch(day=SHIFT_DAY, shift="day", unit=ELSE_UNIT)
    assert watch.shift is not None
    weekday = Weekday.of(SHIFT_DAY).label
    w.say(
        f"{watch.shift.label.da}, {weekday.da.lower()} {format_date(SHIFT_DAY, 'da')}, "
        f"{ELSE_UNIT}:",
        f"{watch.shift.label.en}, {weekday.en} {format_date(SHIFT_DAY, 'en')}, {ELSE_UNIT}:",
        1,
    )
    for citizen in watch.citizens:
        w.say(citizen.name, citizen.name, 2)
        for item in (*citizen.routines, *citizen.signs):
            team = ", ".join(a.name or a.id for a in item.team)
            w.say(
                f"{item.label.da}: {item.what}" + (f" (ansvarlige: {team})" if team else ""),
                f"{item.label.en}: {item.what}" + (f" (responsible: {team})" if team else ""),
                3,
            )
    document = render_shift_watch(watch, lang=w.lang)
    checked = (
        Text(
            "Listen som dokument til vagten er læst med personalets sprogregler: i orden.",
            "The list as a document for the shift is read with the staff's language rules: "
            "it passes.",
        )
        if document.language_report.passes()
        else Text(
            "Listen som dokument til vagten har sprogfund: se carekit watch --format html.",
            "The list as a document for the shift has language findings: see carekit watch "
            "--format html.",
        )
    )
    w.say(checked.da, checked.en, 1)


def _due_and_summary(w: _Walk) -> DemoSummary:
    app, lang = w.app, w.lang
    w.heading("Det skal gøres", "What is due")
    as_of = (DEMO_EPOCH + dt.timedelta(days=25)).date()
    items = app.due(as_of)
    for item in items:
        flag = Text("for sent", "overdue").get(lang) if item.overdue else ""
        w.say(
            f"{format_date(item.due_on, 'da')}: {item.reason.da}  {flag}".rstrip(),
            f"{format_date(item.due_on, 'en')}: {item.reason.en}  {flag}".rstrip(),
            1,
        )

    rows = app.store.query()
    versions = sum(len(app.store.history(r.record_id)) for r in rows)
    events = app.events()
    audit = app.store.audit_log()
    summary = DemoSummary(
        citizens=len(app.store.citizens()),
        records=len(rows),
        versions=versions,
        events=len(events),
        audit_entries=len(audit),
        due_items=len(items),
        transitions=w.transitions,
    )
    w.heading("Opsummering", "Summary")
    w.say(
        f"{summary.citizens} borgere, {summary.records} poster i {summary.versions} "
        f"versioner, {summary.transitions} skift af status, {summary.events} hændelser klar "
        f"til at blive sendt, {summary.audit_entries} linjer i loggen over ændringer, "
        f"{summary.due_items} ting at gøre den {format_date(as_of, 'da')}.",
        f"{summary.citizens} citizens, {summary.records} records in {summary.versions} "
        f"versions, {summary.transitions} status changes, {summary.events} events ready to "
        f"send, {summary.audit_entries} lines in the change log, {summary.due_items} things "
        f"to do on {format_date(as_of, 'en')}.",
        1,
    )
    return summary


def _bob_reads(w: _Walk, else_: Citizen) -> None:
    """Another staff member looks Else up before a visit: his reads are logged under his
    name, next to Anna's, in Else's "Min log" (``carekit access-log``)."""
    bob = w.staff["bob"]
    w.heading("Hvem har set Elses oplysninger", "Who has looked at Else's information")
    with w.app.session(actor=bob, purpose=Purpose.CARE, channel=w.channel) as session:
        plans = session.safety_plans.list(citizen_id=else_.id)
        session.citizen_records(else_.id)
    w.say(
        f"{bob.name} ({bob.role}) læser Elses sikkerhedsplan ({len(plans)}) og resten af "
        "hendes oplysninger før sit besøg. Det står i Elses log: carekit access-log.",
        f"{bob.name} ({bob.role}) reads Else's safety plan ({len(plans)}) and the rest of "
        "her information before his visit. Else's log shows it: carekit access-log.",
        1,
    )


def run_demo(
    app: Application, *, lang: Lang = "da", echo: Callable[[str], None] = print
) -> DemoSummary:
    """Store the demo citizens and walk every workflow; return what was done.

    The walk reads as Anna Holm (staff) — through a session of *app*, so every read is in
    the access log under her name — and Bob Madsen (another staff member) reads Else's
    records too."""
    anna = demo_staff()["anna"]
    channel = app.reader.channel if app.reader is not None else Channel.API
    with app.session(actor=anna, purpose=Purpose.CARE, channel=channel) as session:
        w = _Walk(session, lang, echo)
        w.channel = channel
        else_, mogens = demo_citizens()
        records = demo_records()
        _store_all(w, records, else_, mogens)
        _network(w)
        plan = _safety_plans(w, records, else_, mogens)
        _visit_change(w, plan)
        _alignment(w, else_)
        _information(w, mogens)
        mogens_trials = _dreams(w, records, else_, mogens)
        _stories(w, records, else_, mogens, mogens_trials)
        _shift_list(w)
        _bob_reads(w, else_)
        return _due_and_summary(w)
