"""ST-3/4/5: information that did not make sense is checked again, in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from carekit.model import RECHECK_DAYS, AgreementMethod, InformationRecord, Understanding
from carekit.workflows import due

from . import factories as f


def info(understanding: Understanding, **overrides: Any) -> InformationRecord:
    fields: dict[str, Any] = {
        "topic": "Flytning",
        "now": "Du flytter på mandag.",
        "why": "Der er mere lys.",
        "what_next": "Peter hjælper.",
        "given_how": AgreementMethod.ORAL,
        "given_by": f.NURSE,
        "given_at": f.AT,
        "understanding": understanding,
        **overrides,
    }
    return InformationRecord(
        citizen_id=f.CITIZEN, actor=f.NURSE, created_at=f.AT, updated_at=f.AT, **fields
    )


@pytest.mark.parametrize("understanding", [Understanding.NOT_UNDERSTOOD, Understanding.PARTLY])
def test_not_understood_is_due_for_a_recheck(understanding: Understanding) -> None:
    record = info(understanding)
    assert record.needs_recheck
    day = f.TODAY + dt.timedelta(days=RECHECK_DAYS)
    assert record.due_on() == day
    (item,) = due([record], day)
    assert item.category == "information_recheck"
    assert item.responsible == f.NURSE
    assert item.reason.da == "Borgeren forstod ikke det hele. Tjek igen, at det giver mening"


@pytest.mark.parametrize("understanding", [Understanding.UNDERSTOOD, Understanding.NOT_CHECKED])
def test_understood_or_not_checked_is_not_a_recheck(understanding: Understanding) -> None:
    assert info(understanding).due_on() is None


def test_a_recheck_done_is_no_longer_due_and_a_set_date_wins() -> None:
    done = info(Understanding.NOT_UNDERSTOOD, rechecked_at=f.AT + dt.timedelta(days=1))
    assert done.due_on() is None
    assert due([done], f.TODAY + dt.timedelta(days=30)) == []
    soon = info(Understanding.PARTLY, recheck_by=f.TODAY + dt.timedelta(days=1))
    assert soon.due_on() == f.TODAY + dt.timedelta(days=1)
    (item,) = due([soon], f.TODAY + dt.timedelta(days=1))
    assert item.pointer == "/recheck_by"
