"""From domain events and due items to notifications: who hears about what.

:class:`Routing` is the one configurable piece: a :class:`Directory` says who people are and
where channels reach them, ``event_rules`` say which events become which notifications for
whom, and the templates give the words.  The default rules follow the practices:

==============================  ================================  ============================
event                           notification type                 audience
==============================  ================================  ============================
TrialActionAdopted              event.trial_action_adopted        the citizen's team (DC-6)
TrialActionAbandoned            event.trial_action_abandoned      the citizen's team (DC-5)
SafetyPlanActivated / Revised   notice.safety_plan_updated        citizen and relatives (ST-10)
NetworkMemberActivated          notice.new_person                 citizen and relatives (ST-12),
                                                                  only with ``who``
VisitChanged                    notice.visit_changed              citizen and relatives (ST-12),
                                                                  only with ``when``
==============================  ================================  ============================

Only two values are ever taken from an event's ``data``: ``who`` (a person's display name)
and ``when`` (a visit time in words).  Nothing else of the record travels.  A ``VisitChanged``
event carries no words at all: its ``when`` is written from the visit's date and times
(``visit_date``, ``start``, ``end``) in each recipient's language, and its ``change``
(``other_time``, ``other_helper``, ``cancelled``) picks the text (type
``notice.visit_changed.<change>`` where the templates have one).  A relative gets the text
written for relatives (type ``<type>.relative``) where the templates have one; the
notification keeps its type.

A relative hears about the citizen only with the citizen's active consent to share with the
network on the day the notice is routed (:mod:`carekit.notify._consent`): without it the
relative is skipped, and :meth:`Routing.route` says so with a reason code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol

import attrs

from carekit._dates import format_visit_time
from carekit.errors import ConfigurationError
from carekit.events import DomainEvent
from carekit.i18n import Lang, Text
from carekit.notify._consent import RelativeConsents, Skipped, local_today
from carekit.notify._model import Notification, Recipient, RecipientKind
from carekit.notify._templates import TemplateSet, format_date

__all__ = [
    "DEFAULT_EVENT_RULES",
    "REMINDER_TYPES",
    "Audience",
    "Directory",
    "DueLike",
    "EventRule",
    "Routed",
    "Routing",
    "StaticDirectory",
]

Audience = Literal["team", "citizen", "actor"]

#: Due category (:data:`carekit.workflows.DueCategory`) → reminder notification type.
REMINDER_TYPES: Mapping[str, str] = {
    "safety_plan_review": "reminder.safety_plan_review",
    "expectation_alignment": "reminder.expectation_alignment",
    "gap_follow_up": "reminder.gap_follow_up",
    "trial_action_start": "reminder.trial_action_start",
    "trial_action_evaluation": "reminder.trial_action_evaluation",
    "consent_renewal": "reminder.consent_renewal",
    "check_in_follow_up": "reminder.check_in_follow_up",
    "information_recheck": "reminder.information_recheck",
    "preparation_review": "reminder.preparation_review",
    "home_agreement_review": "reminder.home_agreement_review",
    "network_meeting": "reminder.network_meeting",
    "new_perspective": "reminder.new_perspective",
    "routine_review": "reminder.routine_review",
}


class Directory(Protocol):
    """Who people are and where the channels reach them (the vendor's staff and citizen
    registers).  Return ``None``/empty when unknown; never raise for an unknown id."""

    def recipient(self, kind: RecipientKind, id: str) -> Recipient | None:
        """The recipient of *kind* with the vendor's *id*, or ``None`` when unknown."""
        ...

    def team_for(self, citizen_id: str) -> Recipient | None:
        """The team that follows this citizen (receives staff news and unassigned reminders)."""
        ...

    def citizen_audience(self, citizen_id: str) -> Sequence[Recipient]:
        """The citizen and the relatives who want notices about visits and the plan."""
        ...


@attrs.frozen
class StaticDirectory:
    """A :class:`Directory` from lists, for configuration files and tests."""

    recipients: Sequence[Recipient] = ()
    teams: Mapping[str, str] = attrs.field(factory=dict)  # citizen id -> team recipient id
    relatives: Mapping[str, Sequence[str]] = attrs.field(factory=dict)  # citizen -> relative ids

    def recipient(self, kind: RecipientKind, id: str) -> Recipient | None:
        """The first of :attr:`recipients` with this *kind* and *id*, else ``None``."""
        for rec in self.recipients:
            if rec.kind == kind and rec.id == id:
                return rec
        return None

    def team_for(self, citizen_id: str) -> Recipient | None:
        """The team recipient :attr:`teams` names for the citizen, else ``None``."""
        team_id = self.teams.get(citizen_id)
        return self.recipient("team", team_id) if team_id else None

    def citizen_audience(self, citizen_id: str) -> Sequence[Recipient]:
        """The citizen (when listed) and then the relatives :attr:`relatives` names for them;
        ids without a recipient are left out."""
        out: list[Recipient] = []
        citizen = self.recipient("citizen", citizen_id)
        if citizen is not None:
            out.append(citizen)
        for relative_id in self.relatives.get(citizen_id, ()):
            relative = self.recipient("relative", relative_id)
            if relative is not None:
                out.append(relative)
        return out


@attrs.frozen
class EventRule:
    """Turn events named like this into notifications of ``type`` for ``audience``.

    ``requires`` names the event values (``who``, ``when``) the text cannot do without: an
    event missing one gives no notification (never "Personen hedder .").  ``variant`` names
    an event value whose value picks the text ``<type>.<value>`` when the templates have it."""

    type: str
    audience: Audience
    requires: tuple[str, ...] = ()
    variant: str | None = None


DEFAULT_EVENT_RULES: Mapping[str, EventRule] = {
    "TrialActionAdopted": EventRule("event.trial_action_adopted", "team"),
    "TrialActionAbandoned": EventRule("event.trial_action_abandoned", "team"),
    "SafetyPlanActivated": EventRule("notice.safety_plan_updated", "citizen"),
    "SafetyPlanRevised": EventRule("notice.safety_plan_updated", "citizen"),
    "NetworkMemberActivated": EventRule("notice.new_person", "citizen", ("who",)),
    "VisitChanged": EventRule("notice.visit_changed", "citizen", ("when",), variant="change"),
}


class DueLike(Protocol):
    """What :func:`carekit.workflows.due` returns per item (only these fields are read)."""

    @property
    def category(self) -> str: ...
    @property
    def record_id(self) -> str: ...
    @property
    def citizen_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def due_on(self) -> dt.date: ...


def _format_link(template: str | None, **ids: str | None) -> str | None:
    if template is None:
        return None
    try:
        return template.format_map({k: v or "" for k, v in ids.items()})
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigurationError(
            Text(
                f"Linkskabelonen {template!r} er ugyldig ({exc}). Brug kun pladsholderne "
                "{record_id}, {citizen_id} og {type}.",
                f"Notification link template {template!r} is invalid ({exc}). Use only the "
                "placeholders {record_id}, {citizen_id} and {type}.",
            )
        ) from None


def _visit_when(data: Mapping[str, object], lang: Lang) -> str | None:
    """The visit time of a ``VisitChanged`` event in words, or ``None`` without one."""
    try:
        day = dt.date.fromisoformat(str(data["visit_date"]))
        start = dt.time.fromisoformat(str(data["start"]))
        end = dt.time.fromisoformat(str(data["end"]))
    except (KeyError, ValueError):
        return None
    return format_visit_time(day, start, end, lang)


def _event_values(event: DomainEvent, lang: Lang) -> dict[str, str]:
    """``who`` and ``when`` from *event*, in *lang*: the only values a notice uses."""
    values = {
        name: str(event.data[name]).strip()
        for name in ("who", "when")
        if str(event.data.get(name) or "").strip()
    }
    when = _visit_when(event.data, lang)
    if when is not None:
        values["when"] = when
    return values


@attrs.frozen
class Routed:
    """What one event gave: the notifications, and the relatives skipped for want of
    consent (with the reason)."""

    notifications: list[Notification] = attrs.field(factory=list)
    skipped: list[Skipped] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Routing:
    """Decides who gets which notification, and renders it.

    ``fallback_team`` receives reminders whose record names no responsible person and whose
    citizen has no team in the directory.  ``link_template`` is the vendor's deep link, e.g.
    ``"https://care.example.dk/borgere/{citizen_id}/{record_id}"`` (ids only).
    ``consents`` checks a relative's right to hear about the citizen; the
    :class:`~carekit.notify.Dispatcher` reads it from its store when this is ``None``.
    """

    directory: Directory = attrs.field(factory=StaticDirectory)
    fallback_team: Recipient | None = None
    templates: TemplateSet = attrs.field(factory=TemplateSet.default)
    event_rules: Mapping[str, EventRule] = attrs.field(factory=lambda: dict(DEFAULT_EVENT_RULES))
    link_template: str | None = None
    consents: RelativeConsents | None = None

    # -- building ------------------------------------------------------------------------
    def notification(
        self,
        *,
        key: str,
        type: str,
        recipient: Recipient,
        record_id: str | None,
        citizen_id: str | None,
        values: Mapping[str, str] | None = None,
        due_on: dt.date | None = None,
        lang: Lang | None = None,
        variant: str | None = None,
    ) -> Notification:
        """Build one notification of *type* for *recipient*, rendered from the templates in
        *lang* (default: the recipient's language).

        *values* fill the template (``recipient_name`` and ``link``, from
        :attr:`link_template`, are added; ``due_date`` too when *due_on* is given, written as
        a date in that language).  *variant* picks the text ``<type>.<variant>`` when the
        templates have it.  Nothing is sent or stored.
        """
        lang = lang or recipient.lang
        # the variant's text when the set has one; a relative reads a text written for a
        # relative when the set has one
        bases = [f"{type}.{variant}", type] if variant else [type]
        suffixes = [".relative", ""] if recipient.kind == "relative" else [""]
        text_type = next(
            (
                f"{base}{suffix}"
                for base in bases
                for suffix in suffixes
                if f"{base}{suffix}" in self.templates.types
            ),
            type,
        )
        link = _format_link(
            self.link_template, record_id=record_id, citizen_id=citizen_id, type=type
        )
        all_values = {
            "recipient_name": recipient.display_name,
            "link": link or "",
            **(values or {}),
        }
        if due_on is not None:
            all_values["due_date"] = format_date(due_on, lang)
        rendered = self.templates.render(text_type, lang, all_values)
        return Notification(
            key=key,
            type=type,
            recipient=recipient,
            lang=lang,
            subject=rendered.subject,
            body=rendered.body,
            record_id=record_id,
            citizen_id=citizen_id,
            link=link,
        )

    def _team(self, citizen_id: str) -> Recipient | None:
        return self.directory.team_for(citizen_id) or self.fallback_team

    # -- events --------------------------------------------------------------------------
    def route_event(
        self,
        event: DomainEvent,
        *,
        on: dt.date | None = None,
        consents: RelativeConsents | None = None,
    ) -> list[Notification]:
        """The notifications *event* gives rise to (often none); see :meth:`route`."""
        return self.route(event, on=on, consents=consents).notifications

    def route(
        self,
        event: DomainEvent,
        *,
        on: dt.date | None = None,
        consents: RelativeConsents | None = None,
    ) -> Routed:
        """The notifications *event* gives rise to, and the relatives left out.

        A relative gets a notice only when *consents* (default :attr:`consents`) finds the
        citizen's consent to share with the network active on *on* (default: today in
        Copenhagen); without any consent check relatives are left out
        (``consent_not_checked``)."""
        rule = self.event_rules.get(event.name)
        if rule is None:
            return Routed()
        recipients: Iterable[Recipient]
        if rule.audience == "team":
            team = self._team(event.citizen_id)
            recipients = [team] if team else []
        elif rule.audience == "actor":
            actor = self.directory.recipient("staff", event.actor_id)
            recipients = [actor] if actor else []
        else:
            recipients = self.directory.citizen_audience(event.citizen_id)
        variant = str(event.data.get(rule.variant) or "") if rule.variant else ""
        check = consents or self.consents
        day = on or local_today()
        out = Routed()
        for recipient in recipients:
            values = _event_values(event, recipient.lang)
            if any(name not in values for name in rule.requires):
                return Routed()
            if recipient.kind == "relative":
                reason = (
                    check.skip_reason(event.citizen_id, recipient, day)
                    if check is not None
                    else "consent_not_checked"
                )
                if reason is not None:
                    out.skipped.append(Skipped(rule.type, recipient.id, reason))
                    continue
            out.notifications.append(
                self.notification(
                    key=f"event:{event.id}:{rule.type}:{recipient.kind}:{recipient.id}",
                    type=rule.type,
                    recipient=recipient,
                    record_id=event.record_id,
                    citizen_id=event.citizen_id,
                    values=values,
                    variant=variant or None,
                )
            )
        return out

    # -- reminders -----------------------------------------------------------------------
    def reminder_recipients(self, item: DueLike, responsible_ids: Sequence[str]) -> list[Recipient]:
        """The responsible staff members the directory knows; else the citizen's team; else
        the fallback team."""
        found = [
            rec
            for rid in responsible_ids
            if (rec := self.directory.recipient("staff", rid)) is not None
        ]
        if found:
            return found
        team = self._team(item.citizen_id)
        return [team] if team else []

    def reminders(self, item: DueLike, responsible_ids: Sequence[str]) -> list[Notification]:
        """One reminder per recipient of *item*; the key makes re-runs idempotent:
        ``reminder:{category}:{record_id}:{due_on}:{recipient}``."""
        category = item.category
        type = REMINDER_TYPES.get(category, f"reminder.{category}")
        return [
            self.notification(
                key=f"reminder:{category}:{item.record_id}:{item.due_on.isoformat()}:"
                f"{recipient.kind}:{recipient.id}",
                type=type,
                recipient=recipient,
                record_id=item.record_id,
                citizen_id=item.citizen_id,
                due_on=item.due_on,
            )
            for recipient in self.reminder_recipients(item, responsible_ids)
        ]
