"""Every UI string the shipped templates show, in Danish and English.

Written for the citizen (ST-2): short sentences, everyday words, no jargon.  A test renders
every document and checks it with :mod:`carekit.language` (LIX ≤ 35, no jargon), and another
checks that every ``t("…")`` key used in a template is defined here.  Templates call
``t("key", name=…)``; placeholders use ``str.format``.
"""

from __future__ import annotations

from carekit.i18n import Text

__all__ = ["STRINGS"]

T = Text

STRINGS: dict[str, Text] = {
    # Min log (access-log)
    "access_log_since": T("Fra {date}.", "From {date}."),
    "access_log_empty": T(
        "Ingen har set eller ændret dine oplysninger i perioden.",
        "No one has seen or changed your information in this period.",
    ),
    "access_log_intro": T(
        "Her kan du se, hvem der har set dine oplysninger, og hvem der har ændret dem. "
        "Du kan også se hvorfor.",
        "Here you can see who has looked at your information and who has changed it. "
        "You can also see why.",
    ),
    "access_log_questions": T(
        "Ser noget forkert ud? Så ring til din kontaktperson.",
        "Does something look wrong? Then call your contact person.",
    ),
    # the citizen's export (citizen export --format html)
    "export_intro": T(
        "Her kan du se, hvilke oplysninger vi har om dig. Du kan også se, hvem der har "
        "skrevet dem, og hvem der har set dem.",
        "Here you can see what information we hold about you. You can also see who wrote "
        "it and who has looked at it.",
    ),
    "export_made": T("Lavet {date}.", "Made on {date}."),
    "export_held_heading": T("Det har vi skrevet om dig", "What we have written about you"),
    "export_readers_heading": T("Hvem har set dine oplysninger", "Who has seen your information"),
    "export_no_readers": T(
        "Ingen har set dine oplysninger endnu.", "No one has looked at your information yet."
    ),
    "export_messages_heading": T("Beskeder om dig", "Messages about you"),
    "export_file": T(
        "Du kan også få alle oplysningerne som en fil, som et andet it-system kan læse.",
        "You can also get all the information as a file that another computer system can read.",
    ),
    # shared
    "for_citizen": T("Til {name}", "For {name}"),
    "cpr": T("CPR", "CPR"),
    "changed": T("Sidst ændret {date}.", "Last changed {date}."),
    "emergency_text": T("Ring 112, hvis det er livsfarligt.", "Call 112 if a life is in danger."),
    "contact_person": T("Din kontaktperson", "Your contact person"),
    "no_phone": T("Intet telefonnummer.", "No phone number."),
    "questions": T(
        "Har du spørgsmål? Så ring til din kontaktperson.",
        "Do you have questions? Then call your contact person.",
    ),
    "draft": T(
        "Dette er et udkast. Vi har ikke aftalt planen med dig endnu.",
        "This is a draft. We have not agreed the plan with you yet.",
    ),
    # safety-plan
    "plan_intro": T(
        "Her står, hvad du kan gøre. Og hvem du kan ringe til.",
        "This is what you can do. And who you can call.",
    ),
    "signs": T("Sådan mærker du det", "How you notice it"),
    "steps": T("Gør sådan her", "Do this"),
    "call_when": T("Hvornår skal du ringe?", "When should you call?"),
    "who_to_call": T("Ring til", "Call"),
    "numbers_title": T("Her kan du ringe", "Numbers you can call"),
    "agreed": T("Vi lavede planen med {who} den {date}.", "We made the plan with {who} on {date}."),
    "agreed_you": T(
        "Vi lavede planen sammen med dig den {date}.", "We made the plan with you on {date}."
    ),
    "your_words": T("Med dine ord", "In your words"),
    "medicine": T("Din medicin", "Your medicine"),
    "detail_title": T("Sådan gør du, trin for trin", "What to do, step by step"),
    "your_contact_person_is": T("Din kontaktperson er {name}.", "Your contact person is {name}."),
    "kept": T("Din plan ligger her: {where}.", "Your plan is kept here: {where}."),
    "review": T("Vi ser på planen igen den {date}.", "We look at the plan again on {date}."),
    # visits
    "visits_intro": T(
        "Her kan du se, hvem der kommer hjem til dig. Og hvornår, og hvad de skal.",
        "Here you can see who comes to your home. And when, and what for.",
    ),
    "visits_intro_home": T(
        "Her kan du se, hvem der kommer ind til dig i din bolig. Og hvornår, og hvad de skal.",
        "Here you can see who comes in to you in your room. And when, and what for.",
    ),
    "next_visits": T("Dine næste besøg", "Your next visits"),
    "next_visits_home": T("Hvem hjælper dig de næste dage", "Who helps you in the next days"),
    "no_coming": T(
        "Der er ingen besøg de næste {days} dage.", "There are no visits in the next {days} days."
    ),
    "cancelled": T("Aflyst", "Cancelled"),
    "why_no_name": T("Derfor står der ikke et navn: {why}", "Why there is no name: {why}"),
    "fixed_visits": T("Dine faste besøg", "Your regular visits"),
    "fixed_visits_home": T("Din faste hjælp", "Your regular help"),
    "changes_title": T("Det er lavet om", "What has changed"),
    "was_planned": T("Det var planlagt til {when}.", "It was planned for {when}."),
    "reason": T("Derfor: {reason}", "Why: {reason}"),
    "requests_title": T("Dine ønsker", "Your wishes"),
    "continuity_one": T(
        "De næste {days} dage kommer den samme hjælper hver gang.",
        "In the next {days} days the same helper comes every time.",
    ),
    "continuity_many": T(
        "De næste {days} dage kommer {count} forskellige hjælpere.",
        "In the next {days} days {count} different helpers come.",
    ),
    "continuity_colleague_one": T(
        "En gang kommer en kollega, som vi ikke kan nævne endnu.",
        "Once a colleague comes whom we cannot name yet.",
    ),
    "continuity_colleague_many": T(
        "{count} gange kommer en kollega, som vi ikke kan nævne endnu.",
        "{count} times a colleague comes whom we cannot name yet.",
    ),
    "days": T("Dage", "Days"),
    "decided_unknown": T("Spørg din kontaktperson.", "Ask your contact person."),
    "appeal": T(
        "Er du uenig? Så sig det til din kontaktperson. Du kan også klage. "
        "Vi hjælper dig gerne med at skrive klagen.",
        "Do you disagree? Then tell your contact person. You can also complain. "
        "We are glad to help you write the complaint.",
    ),
    "no_visits": T("Der er ingen faste besøg i din plan.", "There are no set visits in your plan."),
    "visits_ask": T(
        "Vil du have noget lavet om? Så ring til din kontaktperson. "
        "Du må altid spørge, hvorfor det er sådan.",
        "Do you want something changed? Then call your contact person. "
        "You can always ask why it is like this.",
    ),
    # network
    "network_intro": T("Her er de folk, der er omkring dig.", "These are the people around you."),
    "network_hidden": T(
        "{count} mere er ikke med her. Vi må kun vise dem, der har sagt ja.",
        "{count} more are not shown here. We only show those who have said yes.",
    ),
    # The model's NetworkSide labels say "fagpersoner", which the jargon list flags; the
    # citizen gets plainer headings.
    "side_public": T("Dem, der hjælper dig i deres arbejde", "People who help you in their job"),
    "side_private": T("Familie, venner og frivillige", "Family, friends and volunteers"),
    "together": T("Sådan arbejder vi sammen", "How we work together"),
    "next_meeting": T("Næste møde er den {date}.", "The next meeting is on {date}."),
    "relatives_do": T("Det gør dine pårørende", "What your relatives do"),
    "last_meeting": T(
        "Vi holdt møde den {date}. Det aftalte vi:",
        "We met on {date}. This is what we agreed:",
    ),
    # alignment
    "alignment_intro": T(
        "Her står, hvad vi talte om. Og hvad vi har aftalt.",
        "This is what we talked about. And what we agreed.",
    ),
    "talked_on": T("Vi talte sammen den {date}.", "We talked on {date}."),
    "took_part": T("Med til snakken", "Who took part"),
    "you": T("Dig", "You"),
    "we_offer": T("Det får du hjælp til", "What we help you with"),
    "we_do_not_offer": T("Det kan vi ikke hjælpe med", "What we cannot help with"),
    "your_wishes": T("Det ønsker du", "What you want"),
    "open_points": T("Det er vi ikke enige om endnu", "What we do not agree on yet"),
    "we_agreed": T("Det har vi aftalt", "What we agreed"),
    "who_does_it": T("Det gør {name}.", "{name} does this."),
    "by_date": T("Senest den {date}.", "By {date}."),
    "next_talk": T("Vi taler sammen igen den {date}.", "We talk again on {date}."),
    "next_talk_open": T(
        "Vi taler sammen igen, når der er brug for det.",
        "We talk again when there is a need.",
    ),
    "not_held": T(
        "Vi har ikke haft snakken endnu. Den er sat til den {date}.",
        "We have not had the talk yet. It is set for {date}.",
    ),
    "in_charge": T("{name} står for snakken.", "{name} is in charge of the talk."),
    # information
    "info_intro": T(
        "Her står, hvad vi har fortalt dig. Så kan du læse det igen.",
        "This is what we told you. So you can read it again.",
    ),
    "info_now": T("Det sker nu", "What happens now"),
    "info_why": T("Derfor gør vi det", "Why we do it"),
    "info_next": T("Det kan du regne med", "What you can expect"),
    "info_prepare": T("Vær klar på", "Be ready for"),
    "prep_heading": T("Det forbereder vi dig på", "What we prepare you for"),
    "prep_soon": T("Snart", "Soon"),
    "prep_later": T("På længere sigt", "In the long run"),
    "prep_wishes": T("Dine ønsker for den sidste tid", "Your wishes for the last part of life"),
    "prep_wishes_intro": T(
        "Det har du sagt til os. Du kan altid ændre det.",
        "This is what you told us. You can always change it.",
    ),
    "prep_again": T("Vi taler om det igen ved {when}.", "We talk about it again at {when}."),
    "info_told_by": T("{name} fortalte dig det den {date}.", "{name} told you on {date}."),
    "info_ask": T(
        "Giver noget ikke mening? Så spørg. Vi forklarer det gerne igen.",
        "Does something not make sense? Then ask. We are glad to explain it again.",
    ),
    # home-card (for staff)
    "home_intro": T(
        "Sådan vil {name} have det. Husk det hver gang.",
        "This is how {name} wants it. Keep it in mind every time.",
    ),
    "for_staff": T("Til personalet", "For staff"),
    "at_home_of": T("Hos {name}", "Visiting {name}"),
    "at_door": T("Ved døren", "At the door"),
    "knock": T("Bank på.", "Knock."),
    "ring_bell": T("Ring på.", "Ring the bell."),
    "wait": T("Vent, til du bliver lukket ind.", "Wait until you are let in."),
    "no_wait": T("Du må gå ind, når du har sagt til.", "You may go in when you have said so."),
    "shoe_covers": T("Tag futter på.", "Put on shoe covers."),
    "key": T("Nøgle", "Key"),
    "pets": T("Dyr", "Pets"),
    "home_agreed": T("Aftalt med {name} den {date}.", "Agreed with {name} on {date}."),
    "come_in": T("Når du kommer ind", "When you come in"),
    "move_line": T("Til {room} den {date}: {answer}.", "To {room} on {date}: {answer}."),
    "move_no_consent": T(
        "Flyt ikke {name}, før {name} har sagt ja.",
        "Do not move {name} before {name} has said yes.",
    ),
    # the citizen's copy of the home agreement (ST-8, ST-9)
    "cz_home_intro": T(
        "Her står det, vi har aftalt med dig om dit hjem. Det er din kopi.",
        "This is what we agreed with you about your home. It is your copy.",
    ),
    "cz_room_intro": T(
        "Her står det, vi har aftalt med dig om din stue. Det er din kopi.",
        "This is what we agreed with you about your room. It is your copy.",
    ),
    "cz_when_we_come": T("Når vi kommer", "When we come"),
    "cz_knock": T("Vi banker på.", "We knock."),
    "cz_ring": T("Vi ringer på.", "We ring the bell."),
    "cz_wait": T("Vi venter, til du siger: kom ind.", "We wait until you say: come in."),
    "cz_no_wait": T("Vi siger til og går så ind.", "We say we are here and then go in."),
    "cz_shoe_covers": T("Vi tager futter på.", "We put on shoe covers."),
    "cz_greeting": T("Sådan vil du hilses: {text}", "How you want to be greeted: {text}"),
    "cz_introduction": T("Sådan siger vi, hvem vi er: {text}", "How we say who we are: {text}"),
    "cz_key": T("Nøglen", "The key"),
    "cz_pets": T("Dine dyr", "Your pets"),
    "cz_do_not_move": T("Det flytter vi ikke", "What we do not move"),
    "cz_room_wishes": T("Sådan vil du have det", "How you want it"),
    "cz_other": T("Andre aftaler", "Other agreements"),
    "cz_moves": T("Flytning til en anden stue", "Moving to another room"),
    "cz_move": T("{room} den {date}.", "{room} on {date}."),
    "cz_move_agreed": T("Du har sagt ja.", "You have said yes."),
    "cz_move_declined": T(
        "Du har sagt nej. Så flytter vi dig ikke.", "You have said no. So we will not move you."
    ),
    "cz_move_not_asked": T(
        "Vi har ikke spurgt dig endnu. Vi flytter dig ikke uden dit ja.",
        "We have not asked you yet. We will not move you without your yes.",
    ),
    "cz_agreed": T("Vi aftalte det med dig den {date}.", "We agreed it with you on {date}."),
    "cz_review": T(
        "Vi taler om aftalen igen senest den {date}.",
        "We talk about the agreement again by {date}.",
    ),
    "cz_change": T(
        "Vil du ændre noget? Så sig det til os.",
        "Do you want to change something? Then tell us.",
    ),
    # dreams (for the citizen, DC-1, DC-2)
    "dreams_intro": T(
        "Her står det, du drømmer om. Og det, vi prøver sammen med dig.",
        "Here is what you dream of. And what we try with you.",
    ),
    "dream_own_words": T("Med dine egne ord", "In your own words"),
    "dream_we_saw": T("Det har vi set", "What we noticed"),
    "we_try": T("Det prøver vi", "What we try"),
    "we_do_now": T("Det gør vi nu hver gang", "What we now do every time"),
    "talk_on": T("Vi taler med dig om det den {date}.", "We talk with you about it on {date}."),
    "you_said": T("Det sagde du", "What you said"),
    "no_dreams": T(
        "Vi har ikke skrevet noget ned endnu. Fortæl os, hvad du drømmer om.",
        "We have not written anything down yet. Tell us what you dream of.",
    ),
    "dreams_ask": T(
        "Er det ikke rigtigt? Eller drømmer du om noget andet? Så sig det til os.",
        "Is this not right? Or do you dream of something else? Then tell us.",
    ),
    # routines and signs at the point of care (for staff, DC-2, DC-6)
    "routines": T("Faste rutiner", "Routines"),
    "signs_to_watch": T("Tegn at holde øje med", "Signs to watch"),
    "sign_for": T("Prøvehandling: {title}", "Trial action: {title}"),
    "team": T("Ansvarlige: {names}", "Responsible: {names}"),
    "evaluate_by": T("Evalueres senest {date}.", "To be evaluated by {date}."),
    "review_due": T("Rutinen skal følges op nu.", "The routine is due for review."),
    "watch_intro": T(
        "Det her skal alle på vagten vide om {name} i dag. Skriv det, du ser, som observation.",
        "Everyone on the shift needs to know this about {name} today. Register what you see.",
    ),
    "watch_day": T("Dato: {date}", "Date: {date}"),
    "nothing_to_watch": T("Intet at holde øje med i dag.", "Nothing to watch today."),
    # the shift's list (for staff, DC-2, DC-6)
    "shift_title": T("Hold øje med på vagten", "What to watch on the shift"),
    "shift_unit": T("Enhed: {unit}", "Unit: {unit}"),
    "shift_intro": T(
        "Det her skal alle på vagten vide. Hold fast i rutinerne. "
        "Skriv det, du ser, som observation.",
        "Everyone on the shift needs to know this. Keep the routines. "
        "Register what you see as an observation.",
    ),
    "shift_nothing": T(
        "Ingen rutiner eller tegn at holde øje med på denne vagt.",
        "No routines or signs to watch on this shift.",
    ),
}
