"""The documents: which records each one is made from, and the view it hands its template.

Selection rules (documented in ``docs/documents.md``):

* Records are first reduced to the latest version of each id (highest ``updated_at``; on a
  tie the one given last), then to the citizen's own records.
* ``safety-plan`` and ``visits`` use the *current* safety plan: one that is ``active`` or
  ``review_due``, else ``agreed``, else a ``draft`` (with a ``plan-not-agreed`` warning and a
  visible "draft" line); plans that were ``revised`` or ``retired`` are never used.  Among
  equals the highest ``plan_version`` wins, then the latest change.
* ``alignment`` shows the latest expectation alignment that was *held* (held or concluded,
  by the time it was held) and, separately, when the next one is (the earliest scheduled
  alignment, else the held one's ``next_alignment_date``).  With none held yet it says when
  the first is planned (warning ``alignment-not-held``).  Cancelled ones are skipped.
* ``network`` shows members that are not ``inactive`` or ``suspended``: every member of the
  public network (professionals, whose work numbers are public), and members of the private
  network (family, friends, volunteers, co-residents) only when ``consent_to_share`` is set.
* ``information`` shows the latest information record per topic, newest first (warning
  ``information-not-understood`` while one still needs a re-check).
* ``home-card`` uses the latest home agreement: how the citizen wants to be greeted, the door,
  the key, and moves to another room (warning ``room-move-without-consent`` for a coming move
  the resident has not said yes to).
* ``home`` is the citizen's own copy of the latest home agreement, in their words ("Vi banker
  på."), with when it is gone through again.
* ``information`` also shows the preparation items (soon, in the long run) and the citizen's
  wishes for the last time of life.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
import markupsafe

from carekit.i18n import Lang, Text
from carekit.model import (
    CareNetwork,
    Citizen,
    ExpectationAlignment,
    HomeAgreement,
    InformationRecord,
    NetworkMember,
    NetworkSide,
    Phone,
    PlanContact,
    PreparationTerm,
    Record,
    Role,
    SafetyPlan,
    Situation,
    SituationType,
    now,
)
from carekit.render._dream_documents import build_dreams, build_watch, point_of_care
from carekit.render._errors import CitizenNotFoundError, MissingRecordError, RenderWarning
from carekit.render._format import answers_text, phone_display, tel_href
from carekit.render._visit_documents import build_visits
from carekit.workflows import current_safety_plan, local_date

__all__ = ["DOCUMENTS", "DocumentSpec", "latest_versions"]

R = TypeVar("R", bound=Record)


@attrs.frozen
class PhoneView:
    """A phone number: ``display`` and ``href`` are markup, so that the CPR mask applied to
    every printed value never touches a ten-digit phone number."""

    display: markupsafe.Markup
    href: markupsafe.Markup
    when: str
    label: str | None = None


@attrs.frozen
class PersonView:
    """A person on a document: name, role, organisation and phone numbers."""

    name: str
    role: str
    organisation: str | None
    phones: tuple[PhoneView, ...]
    is_contact_person: bool = False


@attrs.frozen
class CallView:
    """One way to get help in a situation's box: who, the number (or, for an alarm button,
    how to use it), and when it answers."""

    name: str
    phone: PhoneView | None
    how: str | None
    when: str
    is_contact_person: bool = False


@attrs.frozen
class SituationView:
    """One situation of a safety plan: the citizen's words, warning signs, what to do, and
    the numbers that answer in this situation."""

    key: str
    title: str
    words: str | None
    warning_signs: tuple[str, ...]
    self_care: tuple[str, ...]
    steps: tuple[str, ...]
    medicine: tuple[str, ...]
    call: tuple[CallView, ...]
    call_when: str | None

    @property
    def lines(self) -> int:
        """A rough count of printed lines, used to decide whether the plan fits one page."""
        return (
            3
            + (2 if self.words else 0)
            + len(self.warning_signs)
            + len(self.self_care)
            + len(self.steps)
            + len(self.medicine)
            + (1 if self.call_when else 0)
            + 2 * len(self.call)
        )


@attrs.frozen
class Built:
    """What a document builder returns: the template's variables and any warnings."""

    context: dict[str, Any]
    warnings: tuple[RenderWarning, ...] = ()


Builder = Callable[[Citizen, Sequence[Record], Lang], Built]


@attrs.frozen
class DocumentSpec:
    """One document: its CLI name, title, audience, the practices it serves, its builder."""

    name: str
    title: Text
    audience: str  # "citizen" or "staff"
    practices: tuple[str, ...]
    build: Builder

    @property
    def template(self) -> str:
        """The template file: ``<name>.html`` (overrides use the same name)."""
        return f"{self.name}.html"


def latest_versions(records: Iterable[Record]) -> list[Record]:
    """The latest version of each record id, in the order the ids first appear."""
    latest: dict[uuid.UUID, Record] = {}
    for record in records:
        seen = latest.get(record.id)
        if seen is None or record.updated_at >= seen.updated_at:
            latest[record.id] = record
    return list(latest.values())


def find_citizen(records: Sequence[Record], citizen_id: uuid.UUID) -> Citizen:
    """The citizen with *citizen_id* among *records*; else :class:`CitizenNotFoundError`."""
    for record in records:
        if isinstance(record, Citizen) and record.id == citizen_id:
            return record
    raise CitizenNotFoundError(citizen_id)


def _of(records: Sequence[Record], cls: type[R]) -> list[R]:
    return [r for r in records if isinstance(r, cls)]


# --- people and phones --------------------------------------------------------------------


def _phone(phone: Phone | PlanContact, lang: Lang) -> PhoneView:
    number = phone.number if isinstance(phone, Phone) else phone.phone or ""
    label = phone.label if isinstance(phone, Phone) else None
    return PhoneView(
        display=markupsafe.escape(phone_display(number)),
        href=markupsafe.escape(tel_href(number)),
        when=answers_text(phone.answers, phone.hours, lang),
        label=label,
    )


def _member_role(member: NetworkMember, lang: Lang) -> str:
    role = member.role.label.get(lang)
    return f"{role} ({member.role_text})" if member.role_text else role


#: Roles held by a team rather than one person: never "your contact person".
_TEAM_ROLES = frozenset({Role.HOME_CARE, Role.HOME_NURSING, Role.PALLIATIVE_TEAM})


def _badge(member: NetworkMember) -> bool:
    """The "Din kontaktperson" badge: the contact person, and only when that is a person."""
    return member.is_contact_person and member.role not in _TEAM_ROLES


def _person(member: NetworkMember, lang: Lang) -> PersonView:
    return PersonView(
        name=member.name,
        role=_member_role(member, lang),
        organisation=member.organisation,
        phones=tuple(_phone(p, lang) for p in member.phones),
        is_contact_person=_badge(member),
    )


def may_show(member: NetworkMember) -> bool:
    """The network rule: current members; private ones only with consent to share."""
    if member.status in ("inactive", "suspended"):
        return False
    return member.side is NetworkSide.PUBLIC or member.consent_to_share


def _members(records: Sequence[Record]) -> dict[uuid.UUID, NetworkMember]:
    return {m.id: m for m in _of(records, NetworkMember)}


# --- safety plan --------------------------------------------------------------------------


def current_plan(records: Sequence[Record], citizen: Citizen, document: str) -> SafetyPlan:
    """The citizen's current safety plan (active or due for review, else agreed, else draft);
    without one :class:`MissingRecordError` naming *document*."""
    plan = current_safety_plan(records)
    if plan is None:
        raise MissingRecordError(
            document=document,
            kind=SafetyPlan.KIND,
            citizen_id=citizen.id,
            what=Text("ingen gældende sikkerhedsplan", "no current safety plan"),
        )
    return plan


def _plan_warnings(plan: SafetyPlan) -> tuple[RenderWarning, ...]:
    if plan.status != "draft":
        return ()
    return (
        RenderWarning(
            "plan-not-agreed",
            Text(
                f"Sikkerhedsplanen {plan.id} er et udkast. Dokumentet siger det tydeligt. "
                "Aftal planen med borgeren, før den udleveres.",
                f"Safety plan {plan.id} is a draft. The document says so plainly. Agree the "
                "plan with the citizen before handing it over.",
            ),
        ),
    )


def _plan_contact_person(contact: PlanContact, lang: Lang) -> PersonView:
    return PersonView(
        name=contact.name,
        role="",
        organisation=None,
        phones=(_phone(contact, lang),) if contact.phone is not None else (),
        is_contact_person=contact.shows_contact_person_badge,
    )


def _call(contact: PlanContact, lang: Lang) -> CallView:
    return CallView(
        name=contact.name,
        phone=_phone(contact, lang) if contact.phone is not None else None,
        how=contact.how,
        when=answers_text(contact.answers, contact.hours, lang),
        is_contact_person=contact.shows_contact_person_badge,
    )


def _member_calls(member: NetworkMember, lang: Lang) -> list[CallView]:
    if not member.phones:
        return [CallView(name=member.name, phone=None, how=None, when="")]
    return [
        CallView(
            name=member.name,
            phone=_phone(p, lang),
            how=None,
            when=answers_text(p.answers, p.hours, lang),
            is_contact_person=_badge(member),
        )
        for p in member.phones
    ]


#: Printed lines a one-page fridge sheet holds in normal and in large print (the boxes
#: stand two by two; a last odd box spans the page).  A plan with more becomes a one-page
#: summary (each situation and its numbers) followed by the details.
PAGE_LINES = {"normal": 38, "large": 33}


def sheet_lines(situations: Sequence[SituationView], others: int) -> int:
    """A rough count of printed lines the fridge sheet needs: per row of two boxes the
    taller one, plus the heading, the 112 line, other numbers and the footer."""
    heights = [s.lines for s in situations]
    rows = [max(heights[i : i + 2]) for i in range(0, len(heights), 2)]
    return sum(rows) + 2 * others + 6


def _not_shown(member_id: uuid.UUID) -> RenderWarning:
    return RenderWarning(
        "contact-not-shown",
        Text(
            f"Personen {member_id} i sikkerhedsplanen er ikke vist: personen findes ikke, er "
            "ikke aktiv, eller har ikke sagt ja til deling.",
            f"Person {member_id} in the safety plan is not shown: they do not exist, are not "
            "active, or have not consented to sharing.",
        ),
    )


def _situation_view(
    plan: SafetyPlan,
    situation: Situation,
    members: Mapping[uuid.UUID, NetworkMember],
    lang: Lang,
    warnings: list[RenderWarning],
) -> SituationView:
    own = plan.contacts_for(situation)
    call = [_call(c, lang) for c in own]
    behind = {c.member_id for c in own if c.member_id is not None}
    for member_id in situation.call_contact_ids:
        if member_id in behind:
            continue
        if member_id in members and may_show(members[member_id]):
            call.extend(_member_calls(members[member_id], lang))
        else:
            warnings.append(_not_shown(member_id))
    missing = plan.unanswered_times(situation)
    if missing:
        times = ", ".join(t.label.get(lang).lower() for t in missing)
        warnings.append(
            RenderWarning(
                "situation-not-answered",
                Text(
                    f"Sikkerhedsplanen {plan.id}: ingen af numrene i en af boksene svarer "
                    f"her: {times}. Skriv et nummer i boksen, der svarer på de tider.",
                    f"Safety plan {plan.id}: none of the numbers in one of the boxes answers "
                    f"at: {times}. Put a number in the box that answers then.",
                ),
            )
        )
    title = (
        situation.title
        if situation.type is SituationType.CUSTOM and situation.title
        else situation.type.label.get(lang)
    )
    return SituationView(
        key=situation.type.value,
        title=title,
        words=situation.citizen_words,
        warning_signs=tuple(situation.warning_signs),
        self_care=tuple(situation.self_care),
        steps=tuple(situation.steps),
        medicine=tuple(situation.medicine),
        call=tuple(call),
        call_when=situation.call_when,
    )


def _contact_person_name(
    citizen: Citizen, members: Mapping[uuid.UUID, NetworkMember]
) -> str | None:
    member = members.get(citizen.contact_person_id) if citizen.contact_person_id else None
    if member is None or not may_show(member) or member.role in _TEAM_ROLES:
        return None
    return member.name


def _build_safety_plan(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    plan = current_plan(records, citizen, "safety-plan")
    members = _members(records)
    warnings = list(_plan_warnings(plan))
    situations = [_situation_view(plan, s, members, lang, warnings) for s in plan.situations]
    in_a_box = {c.id for s in plan.situations for c in plan.contacts_for(s)}
    others = [_call(c, lang) for c in plan.contacts if c.id not in in_a_box]
    size = "large" if plan.large_print else "normal"
    lines = sheet_lines(situations, len(others))
    return Built(
        {
            "plan": plan,
            "situations": situations,
            "others": others,
            "emergency": _phone_number(plan.emergency_number),
            "routines": point_of_care(records, _today())["routines"],
            "large_print": plan.large_print,
            "split": lines > PAGE_LINES[size],
            "contact_person": _contact_person_name(citizen, members),
            "agreed_with_citizen": plan.agreement is not None
            and plan.agreement.agreed_with.strip().casefold()
            == citizen.display_name.strip().casefold(),
        },
        tuple(warnings),
    )


def _phone_number(number: str) -> PhoneView:
    return PhoneView(
        display=markupsafe.escape(phone_display(number)),
        href=markupsafe.escape(tel_href(number)),
        when="",
    )


def _build_visits(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    plan = current_plan(records, citizen, "visits")
    members = _members(records)
    shown = {i: may_show(m) for i, m in members.items()}
    context, warnings = build_visits(citizen, plan, members, shown, _today(), lang)
    contact = next((c for c in plan.contacts if c.is_contact_person), None)
    return Built(
        {
            **context,
            "plan": plan,
            "contact": _plan_contact_person(contact, lang) if contact else None,
            "emergency": _phone_number(plan.emergency_number),
            "routines": point_of_care(records, _today())["routines"],
        },
        (*_plan_warnings(plan), *warnings),
    )


# --- network ------------------------------------------------------------------------------


def _build_network(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    members = list(_members(records).values())
    if not members:
        raise MissingRecordError(
            document="network",
            kind=NetworkMember.KIND,
            citizen_id=citizen.id,
            what=Text("ingen personer i netværket", "no network members"),
        )
    current = [m for m in members if m.status not in ("inactive", "suspended")]
    shown = [m for m in current if may_show(m)]
    shown.sort(
        key=lambda m: (
            not (m.is_contact_person or m.id == citizen.contact_person_id),
            m.side is not NetworkSide.PUBLIC,
        )
    )
    groups = [
        (side, [_person(m, lang) for m in shown if m.side is side])
        for side in (NetworkSide.PUBLIC, NetworkSide.PRIVATE)
    ]
    networks = _of(records, CareNetwork)
    network = max(networks, key=lambda n: n.updated_at) if networks else None
    return Built(
        {
            "groups": [(f"side_{side.value}", people) for side, people in groups if people],
            "hidden": len(current) - len(shown),
            "network": network,
            "relative_roles": _relative_roles(records, {str(m.id): m for m in shown}, lang),
        }
    )


def _relative_roles(
    records: Sequence[Record], shown: Mapping[str, NetworkMember], lang: Lang
) -> list[tuple[str, list[str]]]:
    """Per situation of the current plan: what each relative shown on the sheet does there
    ("Karen (datter) kommer, når der bliver ringet.")."""
    plan = current_safety_plan(records)
    if plan is None:
        return []
    out: list[tuple[str, list[str]]] = []
    for situation in plan.situations:
        lines = []
        for role in situation.relative_roles:
            member = shown.get(str(role.member_id))
            if member is None:
                continue
            part = role.part.label.get(lang)
            line = f"{member.name} {part[:1].lower()}{part[1:]}."
            lines.append(f"{line} {role.note}" if role.note else line)
        if lines:
            heading = situation.title or situation.type.label.get(lang)
            out.append((heading, lines))
    return out


# --- expectation alignment ----------------------------------------------------------------


def _build_alignment(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    alignments = [a for a in _of(records, ExpectationAlignment) if a.status != "cancelled"]
    if not alignments:
        raise MissingRecordError(
            document="alignment",
            kind=ExpectationAlignment.KIND,
            citizen_id=citizen.id,
            what=Text("ingen forventningsafstemning", "no expectation alignment"),
        )

    def when(a: ExpectationAlignment) -> tuple[Any, ...]:
        held = a.held_at.date() if a.held_at else a.scheduled_for
        return (held, a.updated_at)

    held = [a for a in alignments if a.was_held]
    upcoming = [a for a in alignments if a.status == "scheduled"]
    latest_held = max(held, key=when) if held else None
    following = min(upcoming, key=lambda a: (a.scheduled_for, a.updated_at)) if upcoming else None
    next_date = (
        following.scheduled_for
        if following is not None
        else (latest_held.next_alignment_date if latest_held is not None else None)
    )
    warnings: tuple[RenderWarning, ...] = ()
    if latest_held is None:
        planned = following or max(alignments, key=when)
        warnings = (
            RenderWarning(
                "alignment-not-held",
                Text(
                    f"Forventningsafstemningen {planned.id} er ikke holdt endnu. Dokumentet "
                    "fortæller kun, hvornår den er planlagt.",
                    f"Expectation alignment {planned.id} has not been held yet. The document "
                    "only says when it is planned.",
                ),
            ),
        )
        return Built(
            {"alignment": planned, "has_content": False, "open_gaps": [], "next_date": None},
            warnings,
        )
    return Built(
        {
            "alignment": latest_held,
            "has_content": True,
            "open_gaps": latest_held.open_gaps(),
            "next_date": next_date,
        },
        warnings,
    )


# --- home card ----------------------------------------------------------------------------

_CODE_LIKE = re.compile(r"\d{4,}")


def _latest_home(citizen: Citizen, records: Sequence[Record], document: str) -> HomeAgreement:
    homes = _of(records, HomeAgreement)
    if not homes:
        raise MissingRecordError(
            document=document,
            kind=HomeAgreement.KIND,
            citizen_id=citizen.id,
            what=Text("ingen aftale om hjemmet", "no home agreement"),
        )
    return max(homes, key=lambda h: h.updated_at)


def _masked_key_note(
    home: HomeAgreement, where: Text
) -> tuple[str | None, tuple[RenderWarning, ...]]:
    key_note = home.key_note
    if not key_note or not _CODE_LIKE.search(key_note):
        return key_note, ()
    return _CODE_LIKE.sub("••••", key_note), (
        RenderWarning(
            "key-note-digits",
            Text(
                f"Noten om nøglen i {home.id} indeholder tal, der kan være en kode. "
                f"Tallene er skjult {where.da}. Skriv aldrig koder i noten.",
                f"The key note in {home.id} has digits that may be a code. They are hidden "
                f"{where.en}. Never write codes in the note.",
            ),
        ),
    )


def _build_home(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    """The citizen's own copy of the home agreement (ST-8, ST-9)."""
    home = _latest_home(citizen, records, "home")
    key_note, warnings = _masked_key_note(home, Text("på din kopi", "on the copy"))
    return Built({"home": home, "key_note": key_note}, warnings)


def _room_move_warnings(home: HomeAgreement, today: dt.date) -> tuple[RenderWarning, ...]:
    return tuple(
        RenderWarning(
            "room-move-without-consent",
            Text(
                f"Flytningen til {home.room_moves[i].to_room} i {home.id} har borgeren ikke sagt "
                "ja til. Tal med borgeren, før I flytter.",
                f"The resident has not agreed to the move to {home.room_moves[i].to_room} in "
                f"{home.id}. Talk with the resident before the move.",
            ),
        )
        for i in home.moves_without_consent()
        if home.room_moves[i].planned_on >= today
    )


def _build_home_card(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    home = _latest_home(citizen, records, "home-card")
    key_note, warnings = _masked_key_note(home, Text("på kortet", "on the card"))
    care = point_of_care(records, _today())
    warnings += _room_move_warnings(home, _today())
    return Built({"home": home, "key_note": key_note, **care}, warnings)


#: The day documents are rendered for (``render_document(as_of=…)``); unset: today.
AS_OF: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("as_of", default=None)


def _today() -> dt.date:
    return AS_OF.get() or local_date(now())


def _build_dreams(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    return Built(build_dreams(citizen, records, lang))


def _build_watch(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    return Built(build_watch(citizen, records, lang, _today()))


# --- information leaflet ------------------------------------------------------------------


def _build_information(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    infos = _of(records, InformationRecord)
    if not infos:
        raise MissingRecordError(
            document="information",
            kind=InformationRecord.KIND,
            citizen_id=citizen.id,
            what=Text("ingen information til borgeren", "no information record"),
        )
    latest: dict[str, InformationRecord] = {}
    for info in sorted(infos, key=lambda i: (i.given_at, i.updated_at)):
        latest[info.topic.strip().casefold()] = info
    shown = sorted(latest.values(), key=lambda i: i.given_at, reverse=True)
    warnings = tuple(
        RenderWarning(
            "information-not-understood",
            Text(
                f"Informationen {info.id} gav ikke helt mening for borgeren. Tjek igen med "
                "borgeren, før du giver arket.",
                f"Information {info.id} did not fully make sense to the citizen. Check again "
                "with the citizen before handing over the leaflet.",
            ),
        )
        for info in shown
        if info.needs_recheck
    )
    preparation = {str(info.id): _preparation_view(info, lang) for info in shown}
    return Built({"infos": shown, "preparation": preparation}, warnings)


def _joined(words: Sequence[str], lang: Lang) -> str:
    if len(words) < 2:
        return "".join(words)
    last = " og " if lang == "da" else " and "
    return ", ".join(words[:-1]) + last + words[-1]


def _preparation_view(info: InformationRecord, lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """The information's preparation items for the leaflet: soon, in the long run, and the
    citizen's wishes for the last time of life, each with when we talk about it again."""
    view: dict[str, list[dict[str, Any]]] = {"soon": [], "later": [], "wishes": []}
    for item in info.preparation_items:
        labels = [t.label.get(lang) for t in item.triggers]
        again = _joined([w[:1].lower() + w[1:] for w in labels], lang)
        entry = {"text": item.text, "wishes": list(item.wishes), "again": again}
        if item.advance_care_planning:
            view["wishes"].append(entry)
        elif item.term is PreparationTerm.SHORT_TERM:
            view["soon"].append(entry)
        else:
            view["later"].append(entry)
    return view


DOCUMENTS: Mapping[str, DocumentSpec] = {
    spec.name: spec
    for spec in (
        DocumentSpec(
            "safety-plan",
            Text("Hvad gør du, hvis …", "What to do if …"),
            "citizen",
            ("ST-4", "ST-10"),
            _build_safety_plan,
        ),
        DocumentSpec(
            "visits",
            Text("Hvem kommer hos dig?", "Who comes to see you?"),
            "citizen",
            ("ST-3", "ST-4", "ST-12"),
            _build_visits,
        ),
        DocumentSpec(
            "network",
            Text("Hvem er hvem?", "Who is who?"),
            "citizen",
            ("ST-4", "ST-11"),
            _build_network,
        ),
        DocumentSpec(
            "alignment",
            Text("Det kan du regne med", "What you can count on"),
            "citizen",
            ("ST-3", "ST-6", "ST-7"),
            _build_alignment,
        ),
        DocumentSpec(
            "information",
            Text("Det sker nu", "What happens now"),
            "citizen",
            ("ST-3", "ST-4", "ST-5"),
            _build_information,
        ),
        DocumentSpec(
            "home",
            Text("Sådan kommer vi ind hos dig", "How we come into your home"),
            "citizen",
            ("ST-8", "ST-9"),
            _build_home,
        ),
        DocumentSpec(
            "home-card",
            Text("Før du går ind", "Before you enter"),
            "staff",
            ("ST-8", "ST-9"),
            _build_home_card,
        ),
        DocumentSpec(
            "dreams",
            Text("Det drømmer du om — og det prøver vi", "Your dreams — and what we try"),
            "citizen",
            ("DC-1", "DC-2", "DC-3"),
            _build_dreams,
        ),
        DocumentSpec(
            "watch",
            Text("Hold øje med i dag", "What to watch today"),
            "staff",
            ("DC-2", "DC-6"),
            _build_watch,
        ),
    )
}
