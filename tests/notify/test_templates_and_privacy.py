"""Templates: every type renders in Danish and English, in plain language (ST-2), and no
CPR number or health detail ever reaches a subject, body or metadata."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from carekit.errors import ConfigurationError
from carekit.events import DomainEvent
from carekit.i18n import LANGS, Text
from carekit.language import check_text
from carekit.notify import (
    DEFAULT_EVENT_RULES,
    DEFAULT_TEMPLATES,
    REMINDER_TYPES,
    MessageTemplate,
    Notification,
    Routing,
    TemplateSet,
    format_date,
    remind,
)
from carekit.privacy import is_valid_cpr
from carekit.render import for_audience
from carekit.store import MemoryStore
from carekit.testing.records import make_record

from .conftest import ANNA, CITIZEN

CPR = "010190-1234"
HEALTH = ("demens", "KOL", "morfin", "dementia", "COPD", "morphine", "diagnose")
VALUES = {
    "recipient_name": "Karen",
    "due_date": "1. december 2026",
    "link": "https://x.dk/1",
    "who": "Anna fra hjemmeplejen",
    "when": "tirsdag kl. 10",
}


def test_every_event_rule_and_reminder_type_has_a_template() -> None:
    types = TemplateSet.default().types
    for rule in DEFAULT_EVENT_RULES.values():
        assert rule.type in types
    for type in REMINDER_TYPES.values():
        assert type in types


@pytest.mark.parametrize("template", DEFAULT_TEMPLATES, ids=lambda t: t.type)
@pytest.mark.parametrize("lang", LANGS)
def test_every_template_is_plain_language(template: MessageTemplate, lang: str) -> None:
    rendered = TemplateSet.default().render(template.type, lang, VALUES)  # type: ignore[arg-type]  # lang from parametrize is a str, not the Lang literal
    text = rendered.subject + ".\n\n" + rendered.body.replace("https://x.dk/1", "")
    report = check_text(text, lang)  # type: ignore[arg-type]  # lang from parametrize is a str, not the Lang literal
    # reminders go to staff: the staff rule set (shared professional words allowed, #19)
    audience = "staff" if template.type.startswith("reminder.") else "citizen"
    report = for_audience(report, audience)
    assert report.hits == (), [h.matched for h in report.hits]
    assert report.lix <= 35, (report.lix, text)


def test_a_template_may_only_use_the_allowed_values() -> None:
    with pytest.raises(ConfigurationError, match=r"\$diagnosis"):
        MessageTemplate("x", Text("$diagnosis", "x"), Text("x", "x"))


def test_an_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match=r"reminder\.consent_renewal"):
        TemplateSet.default().render("reminder.nope", "da", {})


def test_dates_are_written_the_danish_and_the_english_way() -> None:
    assert format_date(dt.date(2026, 3, 12), "da") == "12. marts 2026"
    assert format_date(dt.date(2026, 3, 12), "en") == "12 March 2026"


def _leaks(n: Notification) -> list[str]:
    exposed = n.subject + json.dumps(n.metadata())
    found = [w for w in HEALTH if w.lower() in exposed.lower()]
    for text in (n.subject, n.body, json.dumps(n.to_dict())):
        if CPR in text or CPR.replace("-", "") in text:
            found.append("cpr")
    return found


def test_no_event_template_leaks_cpr_or_health_details(routing: Routing) -> None:
    data = {
        "who": f"Anna {CPR}",
        "when": "tirsdag kl. 10",
        "cpr": CPR,
        "diagnosis": "demens og KOL",
        "medication": "morfin",
    }
    rendered = []
    for name in DEFAULT_EVENT_RULES:
        event = DomainEvent(
            name=name,
            kind="safety_plan",
            record_id="r-1",
            citizen_id=CITIZEN,
            actor_id=ANNA.id,
            at=dt.datetime.now(dt.UTC),
            data=data,
            reason=f"diagnose demens, CPR {CPR}",
        )
        rendered += routing.route_event(event)
    assert {n.type for n in rendered} == {r.type for r in DEFAULT_EVENT_RULES.values()}
    for n in rendered:
        assert _leaks(n) == [], n.type
        assert "demens" not in n.body


def test_no_reminder_leaks_cpr_or_health_details_from_the_records(routing: Routing) -> None:
    store = MemoryStore()
    citizen = make_record("citizen", cpr=CPR, life_story="Har demens og KOL, får morfin.")
    store.put(citizen, expected_version=None)
    due = dt.date(2026, 12, 1)
    plan = make_record(
        "safety_plan",
        citizen_id=citizen.id,
        review_date=due,
        situations=[{"type": "breathing", "steps": [f"KOL: tag morfin {CPR}"]}],
    )
    store.put(plan, expected_version=None)
    stats = remind(store, due, routing=routing)
    assert stats.enqueued >= 1
    for item in store.outbox():
        dumped = json.dumps(dict(item.payload))
        assert CPR not in dumped
        assert CPR.replace("-", "") not in dumped
        assert not [w for w in HEALTH if w in dumped]


@given(st.text(max_size=40), st.from_regex(r"[0-3][0-9][01][0-9]{3}-?[0-9]{4}", fullmatch=True))
def test_any_cpr_shaped_number_in_a_value_is_masked(prefix: str, cpr: str) -> None:
    # only a plausible CPR (a real birth date) is masked: ordinary numbers stay as they are
    assume(is_valid_cpr(cpr.replace("-", "")))
    for lang in LANGS:
        for type in TemplateSet.default().types:
            r = TemplateSet.default().render(
                type, lang, {"who": prefix + " " + cpr + " ", "when": cpr}
            )
            assert cpr[-4:] + " " not in r.body.replace("XXXX", "")
            assert cpr not in r.subject + r.body
