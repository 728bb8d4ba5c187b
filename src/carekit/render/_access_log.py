"""The citizen's "Min log": who looked at and who changed their data, by day, in plain
Danish and English — as text, JSON data and an HTML document like the other citizen
documents (language-checked by :mod:`carekit.language`).

The report is built from the read-access log (:class:`~carekit.store.AccessEntry`) and the
audit (:class:`~carekit.store.AuditEntry`) by :func:`build_access_report`; it names people
by name and role, never by id, and says what was read by kind ("din sikkerhedsplan"),
never by content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from carekit._dates import format_date
from carekit.i18n import Lang, Text, check_lang
from carekit.model import RECORD_TYPES, ActorKind, Channel, Citizen, Purpose, Record
from carekit.render._documents import Built, DocumentSpec
from carekit.render._pdf import html_to_pdf
from carekit.render._render import Format, RenderedDocument
from carekit.render._standalone import render_page
from carekit.render._strings import STRINGS
from carekit.store import AccessEntry, AuditEntry

__all__ = [
    "ACCESS_LOG_DOCUMENT",
    "AccessDay",
    "AccessEvent",
    "AccessReport",
    "ActorInfo",
    "access_report_data",
    "access_report_text",
    "build_access_report",
    "render_access_log",
]

_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@attrs.frozen
class ActorInfo:
    """Who someone is, as the citizen should see it: name, role and kind."""

    name: str | None = None
    role: str | None = None
    kind: str | None = None


@attrs.frozen
class AccessEvent:
    """One line of the log: someone read (``"read"``) or changed (``"change"``) the
    citizen's data.  ``purpose`` and ``channel`` are set for reads, ``action``
    (``create``/``update``) for changes."""

    at: dt.datetime
    event: Literal["read", "change"]
    who: ActorInfo
    kinds: tuple[str, ...]
    citizen_id: str
    purpose: str | None = None
    channel: str | None = None
    action: str | None = None

    def who_text(self) -> Text:
        """The person's name (and role), or what kind of person it was when the name is not
        known."""
        who = self.who
        if who.name:
            if who.role:
                return Text(f"{who.name} ({who.role})", f"{who.name} ({who.role})")
            return Text(who.name, who.name)
        if who.kind in {k.value for k in ActorKind}:
            label = ActorKind(who.kind).label
            return Text(f"En {label.da.lower()}", f"A {label.en.lower()}")
        return Text("En medarbejder", "A staff member")

    def what_text(self) -> Text:
        """What was read or changed, in plain words by kind ("din plan for tryghed, dit
        netværk"); "alt om dig" when it was more than three kinds."""
        words = list(dict.fromkeys(_kind_words(k) for k in self.kinds))
        if not words:
            return Text("dine oplysninger", "your information")
        if len(words) > _MAX_KINDS:
            return Text("alt om dig", "everything about you")
        return Text(_join([w.da for w in words], "og"), _join([w.en for w in words], "and"))

    def sentence(self) -> Text:
        """The whole line as one plain sentence, without the time."""
        who, what = self.who_text(), self.what_text()
        if self.event == "change":
            verb = ("oprettede", "created") if self.action == "create" else ("ændrede", "changed")
            return Text(f"{who.da} {verb[0]} {what.da}.", f"{who.en} {verb[1]} {what.en}.")
        why = _purpose_label(self.purpose)
        return Text(
            f"{who.da} så {what.da}. Formål: {why.da}.",
            f"{who.en} looked at {what.en}. Purpose: {why.en}.",
        )

    def channel_text(self) -> Text:
        """Through which channel the read was made (reads only)."""
        return _channel_label(self.channel) if self.event == "read" else Text("", "")


@attrs.frozen
class AccessDay:
    """The events of one calendar day (Europe/Copenhagen), oldest first."""

    day: dt.date
    events: tuple[AccessEvent, ...]


@attrs.frozen
class AccessReport:
    """Min log: the events about one citizen (or by one reader, for staff looking up their
    own reads), grouped by day, newest day first."""

    citizen_id: str | None
    actor_id: str | None
    since: dt.date | None
    days: tuple[AccessDay, ...]
    #: The citizen the log is about (for the document's heading), when known.
    citizen: Citizen | None = None

    @property
    def events(self) -> tuple[AccessEvent, ...]:
        """Every event, in the order of :attr:`days`."""
        return tuple(e for d in self.days for e in d.events)

    def readers(self) -> list[str]:
        """The names of everyone who read, in the order they first did."""
        names = [e.who.name for e in self.events if e.event == "read" and e.who.name]
        return list(dict.fromkeys(names))


_MAX_KINDS = 3

#: What each kind of record is, in the citizen's words.
_KIND_WORDS: dict[str, Text] = {
    "citizen": Text("dit navn og din adresse", "your name and address"),
    "care_network": Text("dit netværk", "your network"),
    "network_member": Text("dit netværk", "your network"),
    "safety_plan": Text("din plan for tryghed", "your safety plan"),
    "home_agreement": Text("aftaler om dit hjem", "agreements about your home"),
    "information_record": Text("det, vi har fortalt dig", "what we told you"),
    "expectation_alignment": Text("det, I har aftalt", "what you agreed"),
    "safety_check_in": Text("om du føler dig tryg", "whether you feel safe"),
    "dream": Text("dine drømme", "your dreams"),
    "perspective": Text("dine ønsker", "your wishes"),
    "trial_action": Text("det, vi prøver", "what we try"),
    "routine": Text("dine vaner", "your routines"),
    "learning_story": Text("din fortælling", "your story"),
    "consent": Text("dine samtykker", "your consents"),
    "access_log": Text("din log", "your log"),
}


def _kind_words(kind: str) -> Text:
    words = _KIND_WORDS.get(kind)
    if words is not None:
        return words
    label = _kind_label(kind)
    return Text(label.da.lower(), label.en.lower())


def _kind_label(kind: str) -> Text:
    cls = RECORD_TYPES.get(kind)
    if cls is not None and cls.LABEL.da:
        return cls.LABEL
    if kind == "access_log":
        return Text("Din log", "Your log")
    return Text(kind, kind)


def _purpose_label(value: str | None) -> Text:
    if value in {p.value for p in Purpose}:
        return Purpose(value).label
    return Text(value or "ukendt", value or "unknown")


def _channel_label(value: str | None) -> Text:
    if value in {c.value for c in Channel}:
        return Channel(value).label
    return Text(value or "ukendt", value or "unknown")


def _join(items: Sequence[str], word: str) -> str:
    unique = list(dict.fromkeys(items))
    if len(unique) <= 1:
        return "".join(unique)
    return f"{', '.join(unique[:-1])} {word} {unique[-1]}"


def build_access_report(
    reads: Iterable[AccessEntry],
    changes: Iterable[AuditEntry],
    *,
    who_changed: Callable[[AuditEntry], ActorInfo],
    citizen_id: str | None = None,
    actor_id: str | None = None,
    since: dt.date | None = None,
    citizen: Citizen | None = None,
) -> AccessReport:
    """The report from access-log *reads* and audit *changes* (only ``create`` and
    ``update`` count as changes); *who_changed* names the actor of an audit entry."""
    events: list[AccessEvent] = []
    for entry in reads:
        events.append(
            AccessEvent(
                at=entry.at,
                event="read",
                who=ActorInfo(entry.actor_name, entry.actor_role, entry.actor_kind),
                kinds=entry.kinds,
                citizen_id=entry.citizen_id,
                purpose=entry.purpose,
                channel=entry.channel,
            )
        )
    for audit in changes:
        if audit.action not in ("create", "update") or audit.citizen_id is None:
            continue
        events.append(
            AccessEvent(
                at=audit.at,
                event="change",
                who=who_changed(audit),
                kinds=(audit.kind,) if audit.kind else (),
                citizen_id=audit.citizen_id,
                action=audit.action,
            )
        )
    if since is not None:
        events = [e for e in events if e.at.astimezone(_COPENHAGEN).date() >= since]
    by_day: dict[dt.date, list[AccessEvent]] = {}
    for event in sorted(events, key=lambda e: e.at):
        day = by_day.setdefault(event.at.astimezone(_COPENHAGEN).date(), [])
        if day and _same_line(day[-1], event):
            # one line for what one person did in one go (an import, one page of reads)
            kinds = tuple(dict.fromkeys((*day[-1].kinds, *event.kinds)))
            day[-1] = attrs.evolve(day[-1], kinds=kinds)
        else:
            day.append(event)
    days = tuple(AccessDay(day, tuple(by_day[day])) for day in sorted(by_day, reverse=True))
    return AccessReport(citizen_id, actor_id, since, days, citizen)


def _same_line(a: AccessEvent, b: AccessEvent) -> bool:
    return (a.event, a.who, a.action, a.purpose, a.channel, a.citizen_id) == (
        b.event,
        b.who,
        b.action,
        b.purpose,
        b.channel,
        b.citizen_id,
    ) and _clock(a.at) == _clock(b.at)


def _clock(at: dt.datetime) -> str:
    return at.astimezone(_COPENHAGEN).strftime("%H:%M")


def access_report_data(report: AccessReport) -> dict[str, Any]:
    """The report as JSON data: days, and for each event its time, who (name, role, kind),
    what (kinds), why and how, with Danish and English labels.  No record ids, no actor
    ids, no content."""
    return {
        "citizen_id": report.citizen_id,
        "since": report.since.isoformat() if report.since else None,
        "days": [
            {
                "date": day.day.isoformat(),
                "events": [
                    {
                        "at": e.at.isoformat(),
                        "event": e.event,
                        "who": {"name": e.who.name, "role": e.who.role, "kind": e.who.kind},
                        "kinds": list(e.kinds),
                        "purpose": e.purpose,
                        "purpose_label": _purpose_label(e.purpose).as_dict() if e.purpose else None,
                        "channel": e.channel,
                        "channel_label": (
                            _channel_label(e.channel).as_dict() if e.channel else None
                        ),
                        "action": e.action,
                        "text": e.sentence().as_dict(),
                        **({"citizen_id": e.citizen_id} if report.citizen_id is None else {}),
                    }
                    for e in day.events
                ],
            }
            for day in report.days
        ],
    }


_TITLE = Text("Hvem har set dine oplysninger", "Who has seen your information")
_TITLE_FOR = Text("Min log for {name}", "My log for {name}")
_OWN_TITLE = Text("Det har du set", "What you have looked at")


def _title(report: AccessReport, lang: Lang, name: str | None) -> str:
    if report.citizen_id is None:
        return _OWN_TITLE.get(lang)
    if name:
        return _TITLE_FOR.get(lang).format(name=name)
    return _TITLE.get(lang)


def access_report_text(report: AccessReport, lang: Lang, *, name: str | None = None) -> str:
    """The report as plain text: a heading, then each day and its events."""
    lang = check_lang(lang)
    if name is None and report.citizen is not None:
        name = report.citizen.display_name
    lines = [_title(report, lang, name)]
    if report.since is not None:
        lines.append(
            STRINGS["access_log_since"].get(lang).format(date=format_date(report.since, lang))
        )
    if not report.days:
        lines.append(STRINGS["access_log_empty"].get(lang))
    for day in report.days:
        lines.append("")
        lines.append(format_date(day.day, lang))
        for event in day.events:
            about = f" [{event.citizen_id}]" if report.citizen_id is None else ""
            how = event.channel_text().get(lang)
            via = f" ({how})" if how else ""
            lines.append(f"  {_clock(event.at)}  {event.sentence().get(lang)}{via}{about}")
    return "\n".join(lines) + "\n"


def _no_records(citizen: Citizen, records: Sequence[Record], lang: Lang) -> Built:
    """Min log is built from the logs, not from records (:func:`render_access_log`)."""
    return Built({})


#: The Min log document (for the citizen), rendered by :func:`render_access_log`.
ACCESS_LOG_DOCUMENT = DocumentSpec(
    "access-log",
    Text("Hvem har set dine oplysninger", "Who has seen your information"),
    "citizen",
    (),
    _no_records,
)


def render_access_log(
    report: AccessReport,
    *,
    lang: Lang | None = None,
    format: Format = "html",
) -> RenderedDocument:
    """Min log of one citizen (``report.citizen``) as a citizen document (HTML or PDF),
    checked for plain language like the other citizen documents.  *lang* defaults to the
    citizen's preferred language."""
    if format not in ("html", "pdf"):
        raise ValueError(f"unknown format {format!r}; choose html or pdf")
    citizen = report.citizen
    if citizen is None:
        raise ValueError("render_access_log needs the report of one citizen (report.citizen)")
    lang = check_lang(lang) if lang is not None else check_lang(citizen.preferred_language.value)
    spec = ACCESS_LOG_DOCUMENT
    html, report_ = render_page(
        spec.template,
        lang,
        spec.audience,
        clock=_clock,
        document=spec,
        citizen=citizen,
        cpr=None,
        report=report,
    )
    content: str | bytes = html_to_pdf(html) if format == "pdf" else html
    return RenderedDocument(
        name=spec.name,
        citizen_id=citizen.id,
        lang=lang,
        format=format,
        content=content,
        html=html,
        language_report=report_,
        warnings=(),
    )
