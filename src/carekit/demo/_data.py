"""Two demo citizens whose records cover every record kind.

Else lives in her own home with home care and a fall risk; Mogens lives in a nursing-home room.
Names, numbers and CPR numbers are fictitious (the CPR numbers use the birth date 01-01-1937 and
01-06-1941 with serial numbers reserved for test use).  Ids are stable (uuid5), times fixed, so
that the examples and the demo are reproducible.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from carekit.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementMethod,
    AlignmentAgreement,
    AnswerTime,
    Baseline,
    CareNetwork,
    CheckInMethod,
    Citizen,
    Consent,
    ConsentBasis,
    ConsentGiver,
    ConsentPurpose,
    ContactType,
    Dream,
    DreamWording,
    Evaluation,
    EvaluationResult,
    ExpectationAlignment,
    Gap,
    HomeAgreement,
    InformationRecord,
    KeyArrangement,
    LearningStory,
    MediaItem,
    MediaType,
    NetworkMember,
    NetworkSide,
    NoticedVia,
    Participant,
    ParticipantKind,
    Perspective,
    PerspectiveSource,
    Pet,
    Phone,
    PlanContact,
    PlannedVisit,
    PreparationHorizon,
    Rater,
    Record,
    RelationalApproach,
    Residence,
    Role,
    SafetyCheckIn,
    SafetyPlan,
    SharingScope,
    Sign,
    SignObservation,
    Situation,
    SituationType,
    StaffReflection,
    TimeWindow,
    TrialAction,
    Understanding,
    VisitRequest,
    VisitRequestKind,
    Weekday,
    WrittenCopy,
)

__all__ = [
    "DEMO_EPOCH",
    "ELSE_UNIT",
    "MOGENS_UNIT",
    "demo_citizens",
    "demo_records",
    "demo_staff",
]

_NS = uuid.UUID("6f1c2b57-8d0e-4c55-9b61-2f6a4e0c1d93")
TZ = dt.timezone(dt.timedelta(hours=1))  # CET, fixed for reproducible examples
#: Else's weekday morning visit (Anna Holm), which the demo walk changes once.
ELSE_MORNING_VISIT = uuid.UUID("0d5e7a52-3c4b-4f1e-9a77-1b2c3d4e5f60")
#: The demo's "today": everything is dated around it.
DEMO_EPOCH = dt.datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
#: The demo citizens' units (fictional): Else's home-care district, Mogens's nursing home.
ELSE_UNIT = "Hjemmeplejen Nord"
MOGENS_UNIT = "Plejecentret Lyngen, afd. B"


def _id(name: str) -> uuid.UUID:
    return uuid.uuid5(_NS, name)


def _at(days: int, hour: int = 10) -> dt.datetime:
    return (DEMO_EPOCH + dt.timedelta(days=days)).replace(hour=hour)


def _day(days: int) -> dt.date:
    return (DEMO_EPOCH + dt.timedelta(days=days)).date()


#: Who loads the demo's seed records (``app.import_records(demo_records(), actor=…)``).
DEMO_IMPORTER = Actor(id="system-demo-import", kind=ActorKind.SYSTEM, name="carekit demo")


def demo_staff() -> dict[str, Actor]:
    """The demo's staff members by first name (``anna``, …), as actors."""
    return {
        "anna": Actor(
            id="staff-anna",
            kind=ActorKind.STAFF,
            name="Anna Holm",
            role="social- og sundhedshjælper",
        ),
        "jonas": Actor(
            id="staff-jonas", kind=ActorKind.STAFF, name="Jonas Berg", role="sygeplejerske"
        ),
        "sofie": Actor(
            id="staff-sofie",
            kind=ActorKind.STAFF,
            name="Sofie Lund",
            role="social- og sundhedsassistent",
        ),
        "bob": Actor(id="staff-bob", kind=ActorKind.STAFF, name="Bob Madsen", role="sygeplejerske"),
        "system": Actor(id="carekit-demo", kind=ActorKind.SYSTEM, name="carekit demo"),
    }


def demo_citizens() -> list[Citizen]:
    """The two demo citizens, Else and Mogens (fictional; CPR numbers are not real)."""
    staff = demo_staff()
    else_id, mogens_id = _id("citizen/else"), _id("citizen/mogens")
    return [
        Citizen(
            id=else_id,
            citizen_id=else_id,
            actor=staff["anna"],
            created_at=_at(-60),
            updated_at=_at(-60),
            display_name="Else",
            cpr="010137-4002",
            residence=Residence.OWN_HOME,
            unit=ELSE_UNIT,
            contact_person_id=_id("else/member/anna"),
            life_story="Else var syerske i 40 år og sang i kirkens kor.",
        ),
        Citizen(
            id=mogens_id,
            citizen_id=mogens_id,
            actor=staff["sofie"],
            created_at=_at(-90),
            updated_at=_at(-90),
            display_name="Mogens",
            cpr="010641-4005",
            residence=Residence.NURSING_HOME,
            unit=MOGENS_UNIT,
            contact_person_id=_id("mogens/member/sofie"),
            life_story="Mogens var tømrer og har altid holdt af at fodre fuglene.",
        ),
    ]


def _envelope(citizen: Citizen, name: str, actor: Actor, days: int) -> dict[str, Any]:
    return {
        "id": _id(f"{citizen.display_name}/{name}"),
        "citizen_id": citizen.id,
        "actor": actor,
        "created_at": _at(days),
        "updated_at": _at(days),
    }


def _else_records(c: Citizen, staff: dict[str, Actor]) -> list[Record]:
    anna, jonas = staff["anna"], staff["jonas"]

    def env(name: str, days: int = -30, actor: Actor = anna) -> dict[str, Any]:
        return _envelope(c, name, actor, days)

    member_anna = NetworkMember(
        **env("member/anna") | {"id": _id("else/member/anna")},
        name="Anna Holm",
        role=Role.CONTACT_PERSON,
        side=NetworkSide.PUBLIC,
        organisation="Hjemmeplejen Nord",
        phones=[Phone(number="+45 70 20 30 40", answers=[AnswerTime.WEEKDAYS], hours="kl. 8-15")],
        consent_to_share=True,
        is_contact_person=True,
        status="active",
    )
    member_daughter = NetworkMember(
        **env("member/daughter"),
        name="Karen (datter)",
        role=Role.RELATIVE,
        side=NetworkSide.PRIVATE,
        phones=[
            Phone(number="+45 22 33 44 55", answers=[AnswerTime.EVENINGS, AnswerTime.WEEKENDS])
        ],
        consent_to_share=True,
    )
    member_gp = NetworkMember(
        **env("member/gp"),
        name="Lægehuset Vestergade",
        role=Role.GP,
        side=NetworkSide.PUBLIC,
        organisation="Lægehuset Vestergade",
        phones=[Phone(number="+45 70 11 22 33", answers=[AnswerTime.WEEKDAYS], hours="kl. 8-16")],
        consent_to_share=True,
        status="active",
    )
    member_choir = NetworkMember(
        **env("member/volunteer"),
        name="Birthe fra kirkekoret",
        role=Role.VOLUNTEER,
        side=NetworkSide.PRIVATE,
        organisation="Kirkekoret",
    )
    network = CareNetwork(
        **env("network"),
        member_ids=[member_anna.id, member_daughter.id, member_gp.id, member_choir.id],
        coordinator_id=member_anna.id,
        coordination="Anna samler op, når der er nyt. Karen får besked, hvis Else falder.",
        next_meeting=_day(30),
    )
    c_anna = PlanContact(
        id=_id("else/plan/anna"),
        type=ContactType.CONTACT_PERSON,
        name="Anna Holm",
        phone="+45 70 20 30 40",
        answers=[AnswerTime.WEEKDAYS],
        hours="kl. 8-15",
        member_id=member_anna.id,
        is_contact_person=True,
    )
    c_duty = PlanContact(
        id=_id("else/plan/duty"),
        type=ContactType.HOME_CARE_DUTY,
        name="Hjemmeplejens vagttelefon",
        phone="+45 70 20 30 99",
        answers=[AnswerTime.ALWAYS],
    )
    c_gp = PlanContact(
        id=_id("else/plan/gp"),
        type=ContactType.GP,
        name="Din læge",
        phone="+45 70 11 22 33",
        answers=[AnswerTime.WEEKDAYS],
        hours="kl. 8-16",
        member_id=member_gp.id,
    )
    c_doctor_on_call = PlanContact(
        id=_id("else/plan/1813"),
        type=ContactType.OUT_OF_HOURS_DOCTOR,
        name="Lægevagten",
        phone="1813",
        answers=[AnswerTime.EVENINGS, AnswerTime.NIGHTS, AnswerTime.WEEKENDS],
    )
    c_alarm = PlanContact(
        id=_id("else/plan/alarm"),
        type=ContactType.PERSONAL_ALARM,
        name="Nødkaldet",
        how="Tryk på knappen om din hals",
        answers=[AnswerTime.ALWAYS],
    )
    plan = SafetyPlan(
        **env("safety-plan", -7),
        contacts=[c_anna, c_duty, c_gp, c_doctor_on_call, c_alarm],
        situations=[
            Situation(
                type=SituationType.PAIN,
                citizen_words="Når hoften gør ondt, bliver jeg bange for at falde",
                warning_signs=["Du får mere ondt i hoften"],
                self_care=["Sid godt og hvil dig"],
                steps=[
                    "Tag 2 Panodil",
                    "Vent en halv time",
                    "Ring, hvis det ikke hjælper",
                ],
                medicine=["Panodil 500 mg. Højst 6 om dagen"],
                plan_contact_ids=[c_gp.id, c_doctor_on_call.id],
            ),
            Situation(
                type=SituationType.FALL,
                citizen_words="Jeg skal ikke selv prøve at rejse mig",
                warning_signs=["Du føler dig svimmel"],
                steps=[
                    "Tryk på nødkaldet om din hals",
                    "Bliv liggende, til hjælpen kommer",
                ],
                call_when="Med det samme, også om natten",
                plan_contact_ids=[c_alarm.id, c_duty.id],
            ),
            Situation(
                type=SituationType.MORE_HELP,
                citizen_words="Jeg vil hellere ringe én gang for meget",
                steps=["Skriv ned, hvad du har brug for", "Ring til os"],
                call_contact_ids=[member_anna.id],
                plan_contact_ids=[c_duty.id],
            ),
        ],
        planned_visits=[
            PlannedVisit(
                id=ELSE_MORNING_VISIT,
                helper_id=member_anna.id,
                role="hjemmehjælper",
                weekdays=[
                    Weekday.MONDAY,
                    Weekday.TUESDAY,
                    Weekday.WEDNESDAY,
                    Weekday.THURSDAY,
                    Weekday.FRIDAY,
                ],
                window=TimeWindow(start="08:00", end="09:00"),
                purpose="Hjælp til bad og tøj",
                decided_by="Hjemmeplejen Nord",
            ),
            PlannedVisit(
                colleague_reason="Vi lægger vagterne til weekenden om fredagen",
                role="hjemmehjælper",
                weekdays=[Weekday.SATURDAY, Weekday.SUNDAY],
                window=TimeWindow(start="08:00", end="09:00"),
                purpose="Hjælp til bad og tøj",
                decided_by="Hjemmeplejen Nord",
            ),
            PlannedVisit(
                who="Jonas Berg",
                role="sygeplejerske",
                weekdays=[Weekday.TUESDAY],
                window=TimeWindow(start="13:00", end="14:00"),
                purpose="Se til såret på benet",
                decided_by="Egen læge",
            ),
        ],
        visit_requests=[
            VisitRequest(
                kind=VisitRequestKind.SAME_HELPER,
                words="Jeg vil helst have Anna hver gang",
                made_on=_day(-6),
                answer="Anna kommer på hverdage. I weekenden kommer en kollega.",
            ),
            VisitRequest(
                kind=VisitRequestKind.GENDER,
                words="Helst en kvinde til badet",
                made_on=_day(-6),
                answer="Det er altid en kvinde, der hjælper dig i bad.",
            ),
        ],
        agreement=Agreement(
            method=AgreementMethod.BOTH, agreed_at=_at(-6), agreed_with="Else", understood=True
        ),
        written_copy=WrittenCopy(
            handed_over_at=_at(-6),
            kept_where="På køleskabet",
            format="Papir med stor skrift",
            large_print=True,
        ),
        review_date=_day(20),
        responsible=anna,
    )
    home = HomeAgreement(
        **env("home"),
        setting=Residence.OWN_HOME,
        knock=True,
        ring_bell=True,
        key=KeyArrangement.KEY_BOX,
        key_note="Nøgleboksen sidder til venstre for døren",
        shoe_covers=True,
        pets=[Pet(kind="kat", name="Misse", note="Må ikke komme ud")],
        do_not_move=["Symaskinen i stuen", "Billederne på kommoden"],
        room_wishes=["Gardinerne skal trækkes fra om morgenen"],
        agreed_with_citizen_on=_day(-30),
    )
    info = InformationRecord(
        **env("info/wound", -14, jonas),
        topic="Såret på benet",
        now="Jonas skifter forbinding hver tirsdag.",
        why="Så såret holder sig rent og kan hele.",
        what_next="Såret er helet om cirka seks uger. Så stopper besøgene.",
        preparation=PreparationHorizon.BOTH,
        preparation_text="Første gang kan det svie lidt.",
        given_how=AgreementMethod.BOTH,
        given_by=jonas,
        given_at=_at(-14),
        understanding=Understanding.UNDERSTOOD,
        citizen_words="Jonas kommer om tirsdagen og skifter plasteret, så det heler.",
        written_material="Seddel om sårpleje",
    )
    alignment = ExpectationAlignment(
        **env("alignment/1", -10),
        scheduled_for=_day(-3),
        responsible=anna,
        participants=[
            Participant(name="Else", role="borger", takes_part_as=ParticipantKind.CITIZEN),
            Participant(
                name="Karen",
                role="pårørende",
                member_id=member_daughter.id,
                takes_part_as=ParticipantKind.RELATIVE,
            ),
            Participant(
                name="Anna Holm",
                role="kontaktperson",
                member_id=member_anna.id,
                takes_part_as=ParticipantKind.STAFF,
            ),
        ],
        offered=["Hjælp til bad hver morgen", "Rengøring hver anden uge"],
        not_offered=["Hjælp til indkøb. Det kan Karen eller en frivillig hjælpe med"],
        citizen_expectations=["Jeg vil gerne have den samme hjælper hver dag"],
        gaps=[
            Gap(
                description="Else ønsker samme hjælper hver dag; det kan vi ikke love",
                follow_up_owner=anna,
            )
        ],
        agreements=[
            AlignmentAgreement(text="Anna fortæller om fredagen, hvem der kommer", owner=anna)
        ],
    )
    check_in = SafetyCheckIn(
        **env("check-in", -2),
        rating=4,
        citizen_words="Jeg er tryg, når jeg ved, hvem der kommer",
        asked_by=anna,
        method=CheckInMethod.IN_PERSON,
        asked_at=_at(-2),
        approach=[RelationalApproach.CALMER, RelationalApproach.MENTALIZING],
        reflection=StaffReflection(
            noticed_in_myself="Jeg havde travlt, men satte mig ned og tog mig tid",
            citizen_experienced="Else blev rolig, da hun vidste, hvem der kommer i morgen",
            my_part="Jeg fortæller hver fredag, hvem der kommer i næste uge",
        ),
    )
    dream = Dream(
        **env("dream/choir", -20),
        text="Jeg vil gerne synge i koret igen",
        wording=DreamWording.CITIZEN_WORDS,
        noticed_via=NoticedVia.SAID,
        noticed_by=anna,
        noticed_on=_day(-20),
        hypothesis="Else får mere livsglæde, hvis hun kan komme til korprøve om torsdagen.",
        professional_grounds="Fællesskab og sang giver glæde og mindsker ensomhed.",
        foundation_refs=["meningsfulde-aktiviteter", "livshistorie"],
    )
    perspective = Perspective(
        **env("perspective/choir", -15),
        source=PerspectiveSource.VOLUNTEER,
        source_name="Birthe fra kirkekoret",
        content="Else kan sidde ned under prøven. Jeg henter hende gerne kl. 18.",
        dream_ids=[dream.id],
        recorded_on=_day(-15),
        in_own_words=True,
    )
    sign_smile = Sign(id=_id("else/sign/smile"), description="Else smiler og fortæller om koret")
    sign_sleep = Sign(id=_id("else/sign/sleep"), description="Else sover bedre torsdag nat")
    trial = TrialAction(
        **env("trial/choir", -12),
        title="Korprøve om torsdagen",
        dream_ids=[dream.id],
        change_of_practice="Vi flytter torsdagens besøg, så Birthe kan hente Else kl. 18.",
        prediction="Else smiler mere og sover bedre torsdag nat.",
        responsible=[anna, jonas],
        baseline=Baseline(
            joy_score=2,
            recorded_on=_day(-12),
            recorded_by=anna,
            note="Else sidder mest på sin stue om torsdagen og siger, at dagene ligner hinanden.",
        ),
        start_date=_day(-10),
        evaluation_date=_day(4),
        signs=[sign_smile, sign_sleep],
        observations=[
            SignObservation(
                sign_id=sign_smile.id,
                observed_at=_at(-6),
                observed_by=anna,
                note="Else sang for mig, mens hun fik tøj på",
            ),
            SignObservation(
                sign_id=sign_sleep.id,
                observed_at=_at(-5),
                observed_by=jonas,
                present=True,
                note="Else sagde, hun havde sovet godt",
            ),
        ],
        evaluations=[
            Evaluation(
                evaluated_at=_at(-1),
                rated_by=Rater.CITIZEN,
                rater=anna,
                result=EvaluationResult.BETTER_THAN_PREDICTED,
                joy_score=5,
                note="Else: Det er det bedste på hele ugen.",
            ),
            Evaluation(
                evaluated_at=_at(-1, 14),
                rated_by=Rater.STAFF,
                rater=jonas,
                result=EvaluationResult.AS_PREDICTED,
                joy_score=4,
                note="Else har sovet godt to torsdage i træk.",
            ),
        ],
    )
    consent_photos = Consent(
        **env("consent/photos", -12),
        purpose=ConsentPurpose.PHOTOS_AND_FILM,
        scope="Fotos fra korprøven må bruges i personalegruppen",
        sharing_scope=SharingScope.TEAM,
        given_by=ConsentGiver.CITIZEN,
        legal_basis=ConsentBasis.OWN_CONSENT,
        given_at=_at(-12),
        recorded_by=anna,
        renew_by=_day(170),
    )
    consent_network = Consent(
        **env("consent/network", -60),
        purpose=ConsentPurpose.SHARE_WITH_NETWORK,
        given_by=ConsentGiver.CITIZEN,
        given_at=_at(-60),
        recorded_by=anna,
        renew_by=_day(3),
    )
    story = LearningStory(
        **env("story/choir", -1),
        title="Else synger igen",
        narrative="Vi flyttede et besøg, så Else kunne komme til korprøve. Hun sang for os "
        "dagen efter.",
        learned="Små ændringer i tidsplanen kan give stor glæde.",
        trial_action_ids=[trial.id],
        media=[
            MediaItem(
                id=_id("else/media/1"),
                reference="media://demo/else-kor.jpg",
                media_type=MediaType.PHOTO,
                caption="Else til korprøve",
                creator=anna,
                created_at=_at(-5),
                consent_id=consent_photos.id,
            )
        ],
        authors=[anna],
    )
    return [
        member_anna,
        member_daughter,
        member_gp,
        member_choir,
        network,
        plan,
        home,
        info,
        alignment,
        check_in,
        dream,
        perspective,
        trial,
        consent_photos,
        consent_network,
        story,
    ]


def _mogens_records(c: Citizen, staff: dict[str, Actor]) -> list[Record]:
    sofie = staff["sofie"]

    def env(name: str, days: int = -40, actor: Actor = sofie) -> dict[str, Any]:
        return _envelope(c, name, actor, days)

    member_sofie = NetworkMember(
        **env("member/sofie") | {"id": _id("mogens/member/sofie")},
        name="Sofie Lund",
        role=Role.CONTACT_PERSON,
        side=NetworkSide.PUBLIC,
        organisation="Plejecenter Solhøj",
        phones=[
            Phone(
                number="+45 70 30 40 50", answers=[AnswerTime.ALWAYS], label="Afdelingens telefon"
            )
        ],
        consent_to_share=True,
        is_contact_person=True,
        status="active",
    )
    member_son = NetworkMember(
        **env("member/son"),
        name="Peter (søn)",
        role=Role.RELATIVE,
        side=NetworkSide.PRIVATE,
        phones=[Phone(number="+45 40 50 60 70", answers=[AnswerTime.EVENINGS])],
        consent_to_share=True,
        status="active",
    )
    member_coresident = NetworkMember(
        **env("member/ib"),
        name="Ib (nabo på gangen)",
        role=Role.CO_RESIDENT,
        side=NetworkSide.PRIVATE,
        organisation="Plejecenter Solhøj",
    )
    network = CareNetwork(
        **env("network"),
        member_ids=[member_sofie.id, member_son.id, member_coresident.id],
        coordinator_id=member_sofie.id,
        coordination="Sofie ringer til Peter hver søndag.",
    )
    c_bell = PlanContact(
        id=_id("mogens/plan/bell"),
        type=ContactType.PERSONAL_ALARM,
        name="Kaldet ved sengen",
        how="Tryk på den røde knap",
        answers=[AnswerTime.ALWAYS],
    )
    c_unit = PlanContact(
        id=_id("mogens/plan/unit"),
        type=ContactType.NURSING_HOME_UNIT,
        name="Afdelingen",
        phone="+45 70 30 40 50",
        answers=[AnswerTime.ALWAYS],
    )
    c_sofie = PlanContact(
        id=_id("mogens/plan/sofie"),
        type=ContactType.CONTACT_PERSON,
        name="Sofie Lund",
        how="Spørg efter Sofie på afdelingen",
        answers=[AnswerTime.WEEKDAYS],
        hours="når hun er på arbejde",
        member_id=member_sofie.id,
        is_contact_person=True,
    )
    both = [c_bell.id, c_unit.id]
    plan = SafetyPlan(
        **env("safety-plan", -20),
        contacts=[c_bell, c_unit, c_sofie],
        situations=[
            Situation(
                type=SituationType.PAIN,
                citizen_words="Jeg siger det, når det gør ondt",
                self_care=["Tryk på kaldet"],
                steps=["Tryk på kaldet ved sengen", "Sig til, hvor det gør ondt"],
                plan_contact_ids=both,
            ),
            Situation(
                type=SituationType.FALL,
                steps=["Tryk på kaldet", "Bliv liggende"],
                plan_contact_ids=both,
            ),
            Situation(
                type=SituationType.MORE_HELP,
                steps=["Sig det til Sofie eller en kollega"],
                plan_contact_ids=[*both, c_sofie.id],
            ),
            Situation(
                type=SituationType.CUSTOM,
                title="Hvis du ikke kan sove",
                citizen_words="Om natten er jeg lidt utryg",
                self_care=["Tænd lampen og lyt til radio"],
                steps=["Tryk på kaldet"],
                plan_contact_ids=both,
            ),
        ],
        planned_visits=[
            PlannedVisit(
                helper_id=member_sofie.id,
                weekdays=list(Weekday),
                window=TimeWindow(start="07:30", end="09:00"),
                purpose="Hjælp til at komme op og spise morgenmad",
                decided_by="Plejecentrets leder",
            ),
            PlannedVisit(
                colleague_reason="Aftenvagten skifter fra uge til uge",
                weekdays=list(Weekday),
                window=TimeWindow(start="19:00", end="20:00"),
                purpose="Hjælp til at komme i seng",
                decided_by="Plejecentrets leder",
            ),
        ],
        visit_requests=[
            VisitRequest(
                kind=VisitRequestKind.TIME,
                words="Jeg vil gerne sove til halv otte",
                answer="Vi kommer først fra kl. 7.30.",
            )
        ],
        review_date=_day(60),
        responsible=sofie,
    )
    home = HomeAgreement(
        **env("home"),
        setting=Residence.NURSING_HOME,
        knock=True,
        wait_for_answer=True,
        key=KeyArrangement.NOT_APPLICABLE,
        do_not_move=["Fuglebrættet i vinduet"],
        room_wishes=["Radioen skal stå på P4", "Billedet af Inger skal kunne ses fra sengen"],
    )
    info = InformationRecord(
        **env("info/move", -35),
        topic="Flytning til ny stue",
        now="Du flytter til stue 12 på mandag.",
        why="Der er mere lys og udsigt til fuglene.",
        what_next="Peter hjælper med at flytte dine ting.",
        preparation=PreparationHorizon.SHORT_TERM,
        given_how=AgreementMethod.ORAL,
        given_by=sofie,
        given_at=_at(-35),
        understanding=Understanding.PARTLY,
        citizen_words="Jeg skal flytte. Jeg ved ikke hvorhen.",
        re_explained=True,
    )
    alignment = ExpectationAlignment(
        **env("alignment/1", -20),
        scheduled_for=_day(5),
        responsible=sofie,
    )
    check_in = SafetyCheckIn(
        **env("check-in", -3),
        rating=3,
        asked_by=sofie,
        method=CheckInMethod.IN_PERSON,
        asked_at=_at(-3),
        citizen_words="Om natten er jeg lidt utryg",
        flagged_words=True,
        follow_up_owner=sofie,
        reflection=StaffReflection(
            noticed_in_myself="Jeg ville gerne berolige ham hurtigt",
            citizen_experienced="Mogens er bange for, at ingen kommer, når han kalder om natten",
            my_part="Jeg spørger nattevagten, hvor hurtigt de kom i nat",
            hard_situation=SituationType.ANXIETY,
        ),
    )
    dream = Dream(
        **env("dream/birds", -25),
        text="Mogens lyser op, når han ser fuglene i haven",
        wording=DreamWording.OBSERVED,
        noticed_via=NoticedVia.OBSERVED_SIGNS,
        noticed_by=sofie,
        noticed_on=_day(-25),
        hypothesis="Mogens får mere glæde, hvis han selv kan fodre fuglene hver morgen.",
        professional_grounds="Meningsfulde gøremål fra livshistorien styrker trivsel.",
        foundation_refs=["livshistorie", "meningsfulde-aktiviteter"],
    )
    perspective = Perspective(
        **env("perspective/son", -22),
        source=PerspectiveSource.RELATIVE,
        source_name="Peter",
        content="Far byggede fuglekasser til hele vejen.",
        dream_ids=[dream.id],
        recorded_on=_day(-22),
        in_own_words=True,
        alternative_hypothesis="Måske savner han at bygge noget, ikke kun at se fuglene.",
    )
    sign = Sign(id=_id("mogens/sign/talks"), description="Mogens fortæller om fuglene")
    trial = TrialAction(
        **env("trial/birds", -18),
        title="Fodre fuglene om morgenen",
        dream_ids=[dream.id],
        change_of_practice="Vi hjælper Mogens ud på terrassen med foder efter morgenmaden.",
        prediction="Mogens taler mere og spiser bedre.",
        responsible=[sofie],
        baseline=Baseline(
            joy_score=2,
            recorded_on=_day(-18),
            recorded_by=sofie,
            note="Mogens siger kun lidt ved morgenmaden.",
        ),
        start_date=_day(-16),
        evaluation_date=_day(-2),
        signs=[sign],
        observations=[
            SignObservation(
                sign_id=sign.id,
                observed_at=_at(-10),
                observed_by=sofie,
                present=False,
                note="Han var træt og ville ikke ud",
            )
        ],
        evaluations=[
            Evaluation(
                evaluated_at=_at(-2),
                rated_by=Rater.STAFF,
                rater=sofie,
                result=EvaluationResult.NO_CHANGE,
                joy_score=2,
                note="Det var for koldt om morgenen.",
            )
        ],
    )
    consent = Consent(
        **env("consent/story", -18),
        purpose=ConsentPurpose.LEARNING_STORY,
        given_by=ConsentGiver.RELATIVE,
        given_by_name="Peter",
        legal_basis=ConsentBasis.LASTING_POWER_OF_ATTORNEY,
        legal_basis_note="Peter har fremtidsfuldmagt for sin far, også om personlige forhold",
        sharing_scope=SharingScope.UNIT,
        given_at=_at(-18),
        recorded_by=sofie,
        valid_until=_day(180),
    )
    return [
        member_sofie,
        member_son,
        member_coresident,
        network,
        plan,
        home,
        info,
        alignment,
        check_in,
        dream,
        perspective,
        trial,
        consent,
    ]


def demo_records() -> list[Record]:
    """Every demo record: the two citizens first, then their records."""
    staff = demo_staff()
    else_, mogens = demo_citizens()
    return [else_, mogens, *_else_records(else_, staff), *_mogens_records(mogens, staff)]
