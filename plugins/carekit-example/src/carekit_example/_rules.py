"""A municipal validation rule: every safety plan names a contact person (ST-10).

A rule is data: a name, a severity, a bilingual description, the record kinds it applies to
and a ``check`` function yielding ``(JSON pointer, message)`` pairs.  carekit runs it after
its built-in rules, in ``Application.check()`` and before every save.  Severity ``warning``
reports the finding without blocking the save; ``error`` would block it.
"""

from __future__ import annotations

from collections.abc import Iterator

from carekit.i18n import Text
from carekit.model import Record, Rule, SafetyPlan

__all__ = ["CONTACT_PERSON_RULE"]


def _names_a_contact_person(record: Record) -> Iterator[tuple[str, Text]]:
    if not isinstance(record, SafetyPlan):
        return
    if any(contact.is_contact_person for contact in record.contacts):
        return
    # Point at the list the user has to change; never quote the record's content.
    yield (
        "/contacts",
        Text(
            "Planen nævner ingen kontaktperson. Markér borgerens kontaktperson blandt "
            "telefonnumrene, så borgeren ved, hvem de skal ringe til (ST-10).",
            "The plan names no contact person. Mark the citizen's contact person among the "
            "contacts, so the citizen knows whom to call (ST-10).",
        ),
    )


CONTACT_PERSON_RULE = Rule(
    name="example:contact-person",
    severity="warning",
    description=Text(
        "Sikkerhedsplanen nævner en kontaktperson", "The safety plan names a contact person"
    ),
    check=_names_a_contact_person,
    kinds=("safety_plan",),
)
