"""Message texts: one template per notification type, in Danish and English.

Templates are :class:`string.Template` strings (``$name``): no expressions, no attribute
access, so a vendor may replace them without opening a door into Python.  The values put
into them are a fixed, small set (see :data:`TEMPLATE_VALUES`) made of ids, dates, names of
staff or teams and visit times - never record content, CPR numbers or health details.  Texts
follow ST-2: short sentences, everyday words (checked by a test with
:func:`carekit.language.check_text`: no jargon, LIX at most 35).  Reminders go to staff and
use the practice's shared professional words (prøvehandling, tegn, evaluere: DC-4); the test
reads them with the staff rule set (:func:`carekit.render.for_audience`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping

import attrs

from carekit._dates import format_date as _format_date
from carekit.errors import ConfigurationError
from carekit.i18n import LANGS, Lang, Text
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "DEFAULT_TEMPLATES",
    "TEMPLATE_VALUES",
    "MessageTemplate",
    "Rendered",
    "TemplateSet",
    "format_date",
]

#: The only names templates may use.
TEMPLATE_VALUES: frozenset[str] = frozenset(
    {"recipient_name", "due_date", "link", "who", "when", "team_name"}
)

#: ``12. marts 2026`` (da) or ``12 March 2026`` (en): carekit's one date formatter.
format_date = _format_date


@attrs.frozen
class MessageTemplate:
    """The subject and body of one notification type, in both languages."""

    type: str
    subject: Text
    body: Text

    def __attrs_post_init__(self) -> None:
        for lang in LANGS:
            for part in (self.subject.get(lang), self.body.get(lang)):
                for name in _names(part):
                    if name not in TEMPLATE_VALUES:
                        allowed = ", ".join(sorted(TEMPLATE_VALUES))
                        raise ConfigurationError(
                            Text(
                                f"Beskedskabelonen {self.type!r} ({lang}) bruger ${name}, som "
                                f"ikke er tilladt. Brug kun: {allowed}.",
                                f"Notification template {self.type!r} ({lang}) uses ${name}, "
                                f"which is not allowed. Use only: {allowed}.",
                            )
                        )


def _names(template: str) -> set[str]:
    names: set[str] = set()
    for match in string.Template.pattern.finditer(template):
        name = match.group("named") or match.group("braced")
        if name:
            names.add(name)
    return names


@attrs.frozen
class Rendered:
    """A template filled in: the subject line and the plain-text body (CPR numbers masked)."""

    subject: str
    body: str


_LINK_DA = "\n\nSe mere her: $link"
_LINK_EN = "\n\nSee more here: $link"

DEFAULT_TEMPLATES: tuple[MessageTemplate, ...] = (
    MessageTemplate(
        "reminder.safety_plan_review",
        Text("Husk: Se planen for tryghed igennem", "Reminder: look through the safety plan"),
        Text(
            "Hej $recipient_name.\n\nEn borger har en plan for, hvad der skal ske, hvis "
            "trygheden er i fare. Planen skal ses igennem med borgeren. Det skal ske senest "
            "$due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA citizen has a plan for what to do when they do not "
            "feel safe. Go through the plan with the citizen. Do it by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.expectation_alignment",
        Text(
            "Husk: Tal med borgeren om forventninger",
            "Reminder: talk with the citizen about what to expect",
        ),
        Text(
            "Hej $recipient_name.\n\nDet er tid til en ny snak med en borger. Tal om, hvad "
            "borgeren ønsker. Tal om, hvad vi kan give. Det skal ske senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nIt is time for a new talk with a citizen. Talk about what "
            "they hope for. Talk about what we can give. Do it by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.trial_action_evaluation",
        Text("Husk: Prøvehandlingen skal evalueres", "Reminder: evaluate the trial action"),
        Text(
            "Hej $recipient_name.\n\nEn prøvehandling med en borger skal evalueres. Se på "
            "tegnene. Spørg borgeren eller de pårørende, hvordan det går. Gør det senest "
            "$due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA trial action with a citizen is due to be evaluated. "
            "Look at the signs. Ask the citizen or the relatives how it goes. Do it by "
            "$due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.gap_follow_up",
        Text("Husk: Følg op på en aftale", "Reminder: follow up on an agreement"),
        Text(
            "Hej $recipient_name.\n\nEn borger ønsker noget, vi ikke har fundet en løsning på "
            "endnu. Tal med borgeren om det igen. Gør det senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA citizen wants something we have not found a way to "
            "give yet. Talk with the citizen about it again. Do it by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.trial_action_start",
        Text("Husk: Start prøvehandlingen", "Reminder: start the trial action"),
        Text(
            "Hej $recipient_name.\n\nEn prøvehandling med en borger skal i gang. Husk "
            "udgangspunktet og tegnene. Start senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA trial action with a citizen is due to start. Note "
            "the baseline and the signs. Start by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.new_perspective",
        Text("Husk: Søg et nyt perspektiv", "Reminder: seek a new perspective"),
        Text(
            "Hej $recipient_name.\n\nEn prøvehandling med en borger har brug for nye øjne. "
            "Spørg borgeren, en pårørende eller en frivillig, hvordan de ser det. Gør det "
            "senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA trial action with a citizen needs fresh eyes. Ask "
            "the citizen, a relative or a volunteer how they see it. Do it by $due_date."
            + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.routine_review",
        Text("Husk: Se på en fast rutine", "Reminder: review a routine"),
        Text(
            "Hej $recipient_name.\n\nEn fast rutine med en borger skal følges op. Giver den "
            "stadig borgeren glæde? Tal om det i gruppen senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA routine with a citizen is due for review. Does it "
            "still bring the citizen joy? Talk about it in the team by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.consent_renewal",
        Text("Husk: Spørg om lov igen", "Reminder: ask for permission again"),
        Text(
            "Hej $recipient_name.\n\nEn borger har givet os lov til noget. Den tilladelse "
            "slutter snart. Spørg borgeren igen senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA citizen gave us permission for something. That "
            "permission ends soon. Ask the citizen again by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.check_in_follow_up",
        Text(
            "Husk: Tal med en borger, der er utryg",
            "Reminder: talk with a citizen who feels unsafe",
        ),
        Text(
            "Hej $recipient_name.\n\nEn borger har sagt, at det ikke føles trygt lige nu. "
            "Tal med borgeren igen. Spørg, hvad der kan hjælpe. Gør det senest $due_date."
            + _LINK_DA,
            "Hello $recipient_name.\n\nA citizen said they did not feel safe. Talk with the "
            "citizen again. Ask what can help. Do it by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.information_recheck",
        Text("Husk: Tjek, at det giver mening", "Reminder: check that it makes sense"),
        Text(
            "Hej $recipient_name.\n\nEn borger forstod ikke alt det, vi fortalte. Tal med "
            "borgeren igen. Bed borgeren sige det med egne ord. Gør det senest $due_date."
            + _LINK_DA,
            "Hello $recipient_name.\n\nA citizen did not understand all we told them. Talk "
            "with the citizen again. Ask them to say it in their own words. Do it by $due_date."
            + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.preparation_review",
        Text("Husk: Tal om forberedelsen igen", "Reminder: talk about the preparation again"),
        Text(
            "Hej $recipient_name.\n\nEn borger er ved en overgang i livet, fx udskrivelse eller "
            "flytning. Tal med borgeren igen om det, vi har forberedt, og om borgerens ønsker. "
            "Gør det senest $due_date." + _LINK_DA,
            "Hello $recipient_name.\n\nA citizen is at a turning point, such as a discharge or "
            "a move. Talk with the citizen again about what we have prepared and about their "
            "wishes. Do it by $due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.home_agreement_review",
        Text("Husk: Tal om aftalen om hjemmet", "Reminder: talk about the home agreement"),
        Text(
            "Hej $recipient_name.\n\nAftalen om, hvordan vi kommer ind hos en borger, skal "
            "tales igennem igen. Spørg borgeren, om den stadig passer. Gør det senest $due_date."
            + _LINK_DA,
            "Hello $recipient_name.\n\nThe agreement on how we enter a citizen's home is due "
            "to be gone through again. Ask the citizen if it still suits them. Do it by "
            "$due_date." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "reminder.network_meeting",
        Text("Husk: Netværksmødet", "Reminder: the network meeting"),
        Text(
            "Hej $recipient_name.\n\nDer skal holdes et netværksmøde om en borger senest "
            "$due_date. Inviter borgeren og netværket. Skriv bagefter, hvad I aftalte." + _LINK_DA,
            "Hello $recipient_name.\n\nIt is time for a network meeting about a citizen. Hold "
            "it by $due_date. Ask the citizen and the network to come. Then write down what "
            "you agreed." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.visit_changed",
        Text("Dit besøg er flyttet", "Your visit has moved"),
        Text(
            "Hej $recipient_name.\n\nVi har flyttet dit besøg. Vi kommer nu $when. Du kan se "
            "hvorfor på dit ark om besøg. Hvis tiden ikke passer, så ring til os." + _LINK_DA,
            "Hello $recipient_name.\n\nWe have moved your visit. We now come $when. Your "
            "sheet about visits says why. If the time does not suit you, please call us."
            + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.visit_changed.cancelled",
        Text("Dit besøg er aflyst", "Your visit is cancelled"),
        Text(
            "Hej $recipient_name.\n\nVi kommer ikke $when. Besøget er aflyst. Du kan se "
            "hvorfor på dit ark om besøg. Ring til os, hvis du får brug for hjælp." + _LINK_DA,
            "Hello $recipient_name.\n\nWe will not come $when. The visit is cancelled. Your "
            "sheet about visits says why. Call us if you need help." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.visit_changed.other_helper",
        Text("En anden kommer hos dig", "Someone else will come"),
        Text(
            "Hej $recipient_name.\n\nEn anden, end vi havde sagt, kommer $when. Du kan se "
            "hvem og hvorfor på dit ark om besøg. Ring til os, hvis du har spørgsmål." + _LINK_DA,
            "Hello $recipient_name.\n\nSomeone other than we said will come $when. Your "
            "sheet about visits says who and why. Call us if you have questions." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.new_person",
        Text("En ny person kommer hos dig", "A new person will visit you"),
        Text(
            "Hej $recipient_name.\n\nEn ny person kommer hos dig. Personen hedder $who. Du må "
            "gerne ringe, hvis du har spørgsmål." + _LINK_DA,
            "Hello $recipient_name.\n\nA new person will come to see you. Their name is $who. "
            "You are welcome to call if you have questions." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.new_person.relative",
        Text("En ny person kommer på besøg", "A new person will visit"),
        Text(
            "Hej $recipient_name.\n\nDer kommer en ny person på besøg hos den, du er "
            "pårørende til. Personen hedder $who. Du må gerne ringe, hvis du har spørgsmål."
            + _LINK_DA,
            "Hello $recipient_name.\n\nA new person will visit the person you are close to. "
            "Their name is $who. You are welcome to call if you have questions." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.visit_changed.relative",
        Text("Et besøg er flyttet", "A visit has moved"),
        Text(
            "Hej $recipient_name.\n\nVi har flyttet et besøg hos den, du er pårørende til. "
            "Vi kommer nu $when. Ring til os, hvis du har spørgsmål." + _LINK_DA,
            "Hello $recipient_name.\n\nWe have moved a visit to the person you are close to. "
            "We now come $when. Call us if you have questions." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.visit_changed.cancelled.relative",
        Text("Et besøg er aflyst", "A visit is cancelled"),
        Text(
            "Hej $recipient_name.\n\nVi kommer ikke hos den, du er pårørende til, $when. "
            "Besøget er aflyst. Ring til os, hvis du har spørgsmål." + _LINK_DA,
            "Hello $recipient_name.\n\nWe will not visit the person you are close to $when. "
            "The visit is cancelled. Call us if you have questions." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.visit_changed.other_helper.relative",
        Text("En anden kommer på besøg", "Someone else will visit"),
        Text(
            "Hej $recipient_name.\n\nEn anden, end vi havde sagt, kommer hos den, du er "
            "pårørende til, $when. Ring til os, hvis du har spørgsmål." + _LINK_DA,
            "Hello $recipient_name.\n\nSomeone other than we said will visit the person you "
            "are close to $when. Call us if you have questions." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.safety_plan_updated.relative",
        Text("Planen for tryghed er ændret", "The safety plan has changed"),
        Text(
            "Hej $recipient_name.\n\nPlanen for, hvad man gør, hvis man ikke føler sig tryg, "
            "er ændret for den, du er pårørende til. Tal gerne med om den." + _LINK_DA,
            "Hello $recipient_name.\n\nThe plan for what to do when someone does not feel "
            "safe has changed for the person you are close to. Feel free to talk it over."
            + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "notice.safety_plan_updated",
        Text("Din plan for tryghed er ændret", "Your safety plan has changed"),
        Text(
            "Hej $recipient_name.\n\nDin plan er ændret. Den siger, hvad du kan gøre, hvis du "
            "ikke føler dig tryg. Læs den, og sig til, hvis noget ikke giver mening." + _LINK_DA,
            "Hello $recipient_name.\n\nYour plan has changed. It says what you can do if you do "
            "not feel safe. Read it, and tell us if something does not make sense." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "event.trial_action_adopted",
        Text("Nyt: En god idé er nu fast", "News: a good idea is now routine"),
        Text(
            "Hej $recipient_name.\n\nI har prøvet noget nyt med en borger. Det gik godt. Nu "
            "gør vi det hver gang. Se, hvad I skal gøre." + _LINK_DA,
            "Hello $recipient_name.\n\nYou tried something new with a citizen. It went well. "
            "Now we do it every time. See what to do." + _LINK_EN,
        ),
    ),
    MessageTemplate(
        "event.trial_action_abandoned",
        Text("Nyt: En idé blev stoppet", "News: an idea was stopped"),
        Text(
            "Hej $recipient_name.\n\nI har prøvet noget nyt med en borger. Det gik ikke som "
            "ventet. Del gerne, hvad I lærte." + _LINK_DA,
            "Hello $recipient_name.\n\nYou tried something new with a citizen. It did not go as "
            "hoped. Please share what you learned." + _LINK_EN,
        ),
    ),
)


@attrs.frozen
class TemplateSet:
    """The templates in use, by notification type.  Start from :meth:`default` and
    :meth:`with_template` to replace or add one."""

    templates: Mapping[str, MessageTemplate]

    @classmethod
    def default(cls) -> TemplateSet:
        """carekit's own templates (:data:`DEFAULT_TEMPLATES`) for every notification type."""
        return cls({t.type: t for t in DEFAULT_TEMPLATES})

    def with_template(self, template: MessageTemplate) -> TemplateSet:
        """A copy with *template* added, replacing the one of the same type if there is one."""
        return TemplateSet({**self.templates, template.type: template})

    @property
    def types(self) -> tuple[str, ...]:
        """The notification types this set has a template for, sorted."""
        return tuple(sorted(self.templates))

    def render(self, type: str, lang: Lang, values: Mapping[str, str]) -> Rendered:
        """The subject and body of *type* in *lang*.  Missing values render as empty;
        every value and the result are passed through CPR masking."""
        try:
            template = self.templates[type]
        except KeyError:
            known = ", ".join(self.types)
            raise ConfigurationError(
                Text(
                    f"Der er ingen beskedskabelon for typen {type!r}. Kendte typer: {known}. "
                    "Tilføj en med TemplateSet.with_template().",
                    f"No notification template for type {type!r}. Known types: {known}. "
                    "Add one with TemplateSet.with_template().",
                )
            ) from None
        safe = {name: mask_cpr_in_text(values.get(name, "")) for name in TEMPLATE_VALUES}
        subject = string.Template(template.subject.get(lang)).safe_substitute(safe)
        body = string.Template(template.body.get(lang)).safe_substitute(safe)
        if not safe["link"]:
            body = body.replace(_LINK_DA.replace("$link", ""), "").replace(
                _LINK_EN.replace("$link", ""), ""
            )
        return Rendered(mask_cpr_in_text(subject), mask_cpr_in_text(body))
