"""The citizen-readable summary of a GDPR export (``carekit citizen export --format html``):
what we hold about you, grouped by kind of record, how many versions, who changed it and
who looked at it — a citizen document like the others, checked for plain language.

It is made from the JSON document of :meth:`carekit.app.Application.export_citizen` alone
(the summary never reads the store again) and shows names and roles, never ids, and no CPR
number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from carekit._dates import format_date
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Citizen
from carekit.render._access_log import _COPENHAGEN, _kind_words, _purpose_label
from carekit.render._documents import Built, DocumentSpec
from carekit.render._render import RenderedDocument
from carekit.render._standalone import render_page
from carekit.store import EVENT_TOPIC

__all__ = [
    "CITIZEN_EXPORT_DOCUMENT",
    "ExportGroup",
    "ExportReader",
    "ExportSummary",
    "render_citizen_export",
    "summarise_export",
]


@attrs.frozen
class ExportGroup:
    """The records of one kind: how many, how many versions, who made them, when last."""

    kind: str
    label: Text
    records: int
    versions: int
    changed_by: tuple[str, ...]
    last_changed: dt.date | None

    def counts(self) -> Text:
        """ "1 oplysning i 3 udgaver" — how many records and versions."""
        r, v = self.records, self.versions
        return Text(
            f"{r} {'oplysning' if r == 1 else 'oplysninger'} i "
            f"{v} {'udgave' if v == 1 else 'udgaver'}.",
            f"{r} {'entry' if r == 1 else 'entries'} in {v} {'version' if v == 1 else 'versions'}.",
        )

    def who(self) -> Text:
        """Who wrote or changed them."""
        names = _join(self.changed_by)
        return Text(f"Skrevet af {names[0]}.", f"Written by {names[1]}.")


@attrs.frozen
class ExportReader:
    """One person who looked at the citizen's data: how often, why, when last."""

    who: str
    reads: int
    purposes: tuple[Text, ...]
    last: dt.date

    def sentence(self, lang: Lang) -> str:
        """The line for this reader."""
        n = self.reads
        why = ", ".join(dict.fromkeys(_lower_first(p.get(lang)) for p in self.purposes))
        last = format_date(self.last, lang)
        who = self.who or _SOMEONE.get(lang)
        who = who[:1].upper() + who[1:]
        if lang == "da":
            times = "én gang" if n == 1 else f"{n} gange"
            return f"{who} har set dine oplysninger {times}. Formål: {why}. Sidst {last}."
        times = "once" if n == 1 else f"{n} times"
        return f"{who} looked at your information {times}. Purpose: {why}. Last on {last}."


@attrs.frozen
class ExportSummary:
    """What the HTML summary shows."""

    citizen: Citizen
    #: The day the export was made (Europe/Copenhagen).
    made_on: dt.date
    groups: tuple[ExportGroup, ...]
    readers: tuple[ExportReader, ...]
    #: Notifications about the citizen (reminders and messages to staff).
    notifications: int
    #: Change events about the citizen (for other computer systems).
    events: int

    def messages_text(self) -> Text:
        """How many notifications and change events about the citizen the outbox holds."""
        n, e = self.notifications, self.events
        sent = (
            Text(
                f"Vi har {n} {'besked' if n == 1 else 'beskeder'} til personalet om dig, for "
                "eksempel påmindelser.",
                f"We hold {n} {'message' if n == 1 else 'messages'} to staff about you, for "
                "example reminders.",
            )
            if n
            else Text(
                "Vi har ingen beskeder til personalet om dig.",
                "We hold no messages to staff about you.",
            )
        )
        if not e:
            return sent
        told = Text(
            f"Når noget bliver ændret, får andre it-systemer en kort besked uden indhold: "
            f"{e} i alt.",
            f"When something changes, other computer systems get a short note without "
            f"content: {e} in all.",
        )
        return Text(f"{sent.da} {told.da}", f"{sent.en} {told.en}")


#: Someone whose name the store does not know (never shown by id).
_SOMEONE = Text("en medarbejder", "a staff member")


def _join(names: Sequence[str]) -> tuple[str, str]:
    """The names as one phrase in Danish and English; an unknown name ("") is "a staff
    member"."""
    unique = list(dict.fromkeys(names))
    da = [n or _SOMEONE.da for n in unique] or [_SOMEONE.da]
    en = [n or _SOMEONE.en for n in unique] or [_SOMEONE.en]
    if len(unique) <= 1:
        return (da[0], en[0])
    return (
        f"{', '.join(da[:-1])} og {da[-1]}",
        f"{', '.join(en[:-1])} and {en[-1]}",
    )


def _who(actor: Mapping[str, Any]) -> str:
    """ "Name (role)", the name alone, or "" when the name is not known: never an id."""
    name, role = actor.get("name"), actor.get("role")
    if name and role:
        return f"{name} ({role})"
    return str(name or "")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _day(value: str) -> dt.date:
    return dt.datetime.fromisoformat(value).astimezone(_COPENHAGEN).date()


def _groups(records: Sequence[Mapping[str, Any]]) -> tuple[ExportGroup, ...]:
    """One group per kind of record, named in the citizen's words ("Din plan for
    tryghed"); kinds the citizen knows as one thing (a network and its members) are one
    group."""
    by_words: dict[str, list[Mapping[str, Any]]] = {}
    labels: dict[str, Text] = {}
    kinds: dict[str, str] = {}
    for record in records:
        kind = str(record["kind"])
        words = _kind_words(kind)
        labels[words.en] = Text(
            words.da[:1].upper() + words.da[1:], words.en[:1].upper() + words.en[1:]
        )
        kinds.setdefault(words.en, kind)
        by_words.setdefault(words.en, []).append(record)
    groups = []
    for key, found in by_words.items():
        versions = [v for r in found for v in r["versions"]]
        groups.append(
            ExportGroup(
                kind=kinds[key],
                label=labels[key],
                records=len(found),
                versions=len(versions),
                changed_by=tuple(
                    dict.fromkeys(_who(v["record"].get("actor") or {}) for v in versions)
                ),
                last_changed=max(
                    (_day(v["record"].get("updated_at") or v["stored_at"]) for v in versions),
                    default=None,
                ),
            )
        )
    # the citizen's own entry first, then by label
    return tuple(sorted(groups, key=lambda g: (g.kind != "citizen", g.label.da)))


def _readers(rows: Sequence[Mapping[str, Any]]) -> tuple[ExportReader, ...]:
    found: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        who = _who({"name": row.get("actor_name"), "role": row.get("actor_role")})
        found.setdefault(who, []).append(row)
    return tuple(
        ExportReader(
            who=who,
            reads=len(reads),
            purposes=tuple(_purpose_label(r.get("purpose")) for r in reads),
            last=max(_day(r["at"]) for r in reads),
        )
        for who, reads in found.items()
    )


def _citizen(document: Mapping[str, Any]) -> Citizen:
    for record in document["records"]:
        if record["kind"] == "citizen" and record["record_id"] == document["citizen_id"]:
            data = dict(record["versions"][-1]["record"])
            data["cpr"] = None  # a summary never shows it (and a masked one is no CPR)
            return Citizen.model_validate(data)
    raise ValueError("the export holds no citizen record")  # pragma: no cover - made so


def summarise_export(document: Mapping[str, Any]) -> ExportSummary:
    """The summary of an export document (:meth:`~carekit.app.Application.export_citizen`)."""
    return ExportSummary(
        citizen=_citizen(document),
        made_on=_day(document["generated_at"]),
        groups=_groups(document["records"]),
        readers=_readers(document["access_log"]),
        notifications=sum(1 for o in document["outbox"] if o["topic"] != EVENT_TOPIC),
        events=sum(1 for o in document["outbox"] if o["topic"] == EVENT_TOPIC),
    )


def _no_records(citizen: Citizen, records: Sequence[Any], lang: Lang) -> Built:
    """The summary is made from the export document, not from records."""
    return Built({})


#: The export summary document (for the citizen), rendered by :func:`render_citizen_export`.
CITIZEN_EXPORT_DOCUMENT = DocumentSpec(
    "citizen-export",
    Text("Det har vi om dig", "What we hold about you"),
    "citizen",
    (),
    _no_records,
)


def render_citizen_export(
    document: Mapping[str, Any], *, lang: Lang | None = None
) -> RenderedDocument:
    """The HTML summary of one citizen's export, checked for plain language like the other
    citizen documents.  *lang* defaults to the citizen's preferred language."""
    summary = summarise_export(document)
    citizen = summary.citizen
    lang = check_lang(lang) if lang is not None else check_lang(citizen.preferred_language.value)
    spec = CITIZEN_EXPORT_DOCUMENT
    html, report = render_page(
        spec.template,
        lang,
        spec.audience,
        document=spec,
        citizen=citizen,
        cpr=None,
        summary=summary,
    )
    return RenderedDocument(
        name=spec.name,
        citizen_id=citizen.id,
        lang=lang,
        format="html",
        content=html,
        html=html,
        language_report=report,
        warnings=(),
    )
