"""The documents: which records each one is made from, and the view it hands its template.

Selection rules (documented in ``docs/documents.md``):

* Records are first reduced to the latest version of each id (highest ``updated_at``; on a
  tie the one given last), then to the citizen's own records.
* ``safety-plan`` and ``visits`` use the *current* safety plan: one that is ``active`` or
  ``review_due``, else ``agreed``, else a ``draft`` (with a ``plan-not-agreed`` warning and a
  visible "draft" line); plans that were ``revised`` or ``retired`` are never used.  Among
  equals the highest ``plan_version`` wins, then the latest change.
* ``alignment`` uses the latest expectation alignment that was not cancelled (by the time it
  was held, else the date it is scheduled for).
* ``network`` shows members that are not ``inactive`` or ``suspended``: every member of the
  public network (professionals, whose work numbers are public), and members of the private
  network (family, friends, volunteers, co-residents) only when ``consent_to_share`` is set.
* ``home-card`` uses the latest home agreement.
"""

from __future__ import annotations

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
    NetworkMember,
    NetworkSide,
    Phone,
    PlanContact,
    Record,
    SafetyPlan,
    SituationType,
    now,
)
from carekit.render._dream_documents import build_dreams, build_watch, point_of_care
from carekit.render._errors import CitizenNotFoundError, MissingRecordError, RenderWarning
from carekit.render._format import answers_text, phone_display, tel_href, weekdays_text
from carekit.workflows import local_date

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
class SituationView:
    """One situation of a safety plan: its warning signs and what the citizen can do."""

    key: str
    title: str
    warning_signs: tuple[str, ...]
    self_care: tuple[str, ...]
    steps: tuple[str, ...]
    call: tuple[PersonView, ...]
    call_when: str | None


@attrs.frozen
class VisitView:
    """One planned visit: who comes, when, on which days."""

    who: str
    role: str | None
    when: str
    days: str | None
    purpose: str
    decided_by: str | None


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
    number = phone.number if isinstance(phone, Phone) else phone.phone
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


def _person(member: NetworkMember, lang: Lang) -> PersonView:
    return PersonView(
        name=member.name,
        role=_member_role(member, lang),
        organisation=member.organisation,
        phones=tuple(_phone(p, lang) for p in member.phones),
        is_contact_person=member.is_contact_person,
    )


def may_show(member: NetworkMember) -> bool:
    """The network rule: current members; private ones only with consent to share."""
    if member.status in ("inactive", "suspended"):
        return False
    return member.side is NetworkSide.PUBLIC or member.consent_to_share


def _members(records: Sequence[Record]) -> dict[uuid.UUID, NetworkMember]:
    return {m.id: m for m in _of(records, NetworkMember)}


# --- safety plan --------------------------------------------------------------------------

_PLAN_RANK = {"active": 3, "review_due": 3, "agreed": 2, "draft": 1}


def current_plan(records: Sequence[Record], citizen: Citizen, document: str) -> SafetyPlan:
    """The citizen's current safety plan (active or due for review, else agreed, else draft);
    without one :class:`MissingRecordError` naming *document*."""
    plans = [p for p in _of(records, SafetyPlan) if p.status in _PLAN_RANK]
    if not plans:
        raise MissingRecordError(
            document=document,
            kind=SafetyPlan.KIND,
            citizen_id=citizen.id,
            what=Text("ingen gældende sikkerhedsplan", "no current safety plan"),
        )
    return max(plans, key=lambda p: (_PLAN_RANK[p.status], p.plan_version, p.updated_at))


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
        phones=(_phone(contact, lang),),
        is_contact_person=contact.is_contact_person,
    )


def _build_safety_plan(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    plan = current_plan(records, citizen, "safety-plan")
    members = _members(records)
    warnings = list(_plan_warnings(plan))
    by_member = {c.member_id: c for c in plan.contacts if c.member_id is not None}
    situations = []
    for situation in plan.situations:
        call: list[PersonView] = []
        for member_id in situation.call_contact_ids:
            if member_id in by_member:
                call.append(_plan_contact_person(by_member[member_id], lang))
            elif member_id in members and may_show(members[member_id]):
                call.append(_person(members[member_id], lang))
            else:
                warnings.append(
                    RenderWarning(
                        "contact-not-shown",
                        Text(
                            f"Personen {member_id} i sikkerhedsplanen er ikke vist: personen "
                            "findes ikke, er ikke aktiv, eller har ikke sagt ja til deling.",
                            f"Person {member_id} in the safety plan is not shown: they do not "
                            "exist, are not active, or have not consented to sharing.",
                        ),
                    )
                )
        title = (
            situation.title
            if situation.type is SituationType.CUSTOM and situation.title
            else situation.type.label.get(lang)
        )
        situations.append(
            SituationView(
                key=situation.type.value,
                title=title,
                warning_signs=tuple(situation.warning_signs),
                self_care=tuple(situation.self_care),
                steps=tuple(situation.steps),
                call=tuple(call),
                call_when=situation.call_when,
            )
        )
    return Built(
        {
            "plan": plan,
            "situations": situations,
            "contacts": [_plan_contact_person(c, lang) for c in plan.contacts],
            "emergency": _phone_number(plan.emergency_number),
            "routines": point_of_care(records, _today())["routines"],
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
    visits = [
        VisitView(
            who=v.who,
            role=v.role,
            when=v.when,
            days=weekdays_text(v.weekdays, lang) if v.weekdays else None,
            purpose=v.purpose,
            decided_by=v.decided_by,
        )
        for v in plan.planned_visits
    ]
    contact = next((c for c in plan.contacts if c.is_contact_person), None)
    return Built(
        {
            "plan": plan,
            "visits": visits,
            "contact": _plan_contact_person(contact, lang) if contact else None,
            "emergency": _phone_number(plan.emergency_number),
            "routines": point_of_care(records, _today())["routines"],
        },
        _plan_warnings(plan),
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
        }
    )


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

    alignment = max(alignments, key=when)
    has_content = bool(
        alignment.offered
        or alignment.not_offered
        or alignment.agreements
        or alignment.gaps
        or alignment.citizen_expectations
    )
    warnings: tuple[RenderWarning, ...] = ()
    if not has_content:
        warnings = (
            RenderWarning(
                "alignment-not-held",
                Text(
                    f"Forventningsafstemningen {alignment.id} er ikke holdt endnu. Dokumentet "
                    "fortæller kun, hvornår den er planlagt.",
                    f"Expectation alignment {alignment.id} has not been held yet. The document "
                    "only says when it is planned.",
                ),
            ),
        )
    return Built(
        {"alignment": alignment, "has_content": has_content, "open_gaps": alignment.open_gaps()},
        warnings,
    )


# --- home card ----------------------------------------------------------------------------

_CODE_LIKE = re.compile(r"\d{4,}")


def _build_home_card(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    homes = _of(records, HomeAgreement)
    if not homes:
        raise MissingRecordError(
            document="home-card",
            kind=HomeAgreement.KIND,
            citizen_id=citizen.id,
            what=Text("ingen aftale om hjemmet", "no home agreement"),
        )
    home = max(homes, key=lambda h: h.updated_at)
    key_note = home.key_note
    warnings: tuple[RenderWarning, ...] = ()
    if key_note and _CODE_LIKE.search(key_note):
        key_note = _CODE_LIKE.sub("••••", key_note)
        warnings = (
            RenderWarning(
                "key-note-digits",
                Text(
                    f"Noten om nøglen i {home.id} indeholder tal, der kan være en kode. "
                    "Tallene er skjult på kortet. Skriv aldrig koder i noten.",
                    f"The key note in {home.id} has digits that may be a code. They are hidden "
                    "on the card. Never write codes in the note.",
                ),
            ),
        )
    care = point_of_care(records, _today())
    return Built({"home": home, "key_note": key_note, **care}, warnings)


def _today() -> dt.date:
    return local_date(now())


def _build_dreams(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    return Built(build_dreams(citizen, records, lang))


def _build_watch(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    return Built(build_watch(citizen, records, lang, _today()))


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
