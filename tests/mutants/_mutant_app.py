"""Application mutants: carekit's own write rules, each switched off by one bug, to show that
the write-contract kit (``carekit.testing.contract``) — which adapter authors run on their
store — fails when a rule of the record contract does not hold, whatever the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from carekit.app import _app

#: bug → (the Application method it replaces, the broken replacement)
APP_BUGS: dict[str, tuple[str, Callable[..., Any]]] = {
    # update() lets a status change through (the status belongs to the workflows: act())
    "status_edits": ("_check_same_state", lambda self, before, after: None),
    # add() stores a record in any status, not only its workflow's initial one
    "any_initial_status": ("_check_initial", lambda self, record: None),
    # the invariants of a record's state (an active plan has contacts …) are not checked
    "state_invariants_unchecked": ("_check_state", lambda self, records, at: None),
}
# Not a mutant here: skipping the application's own validation (``_ensure_valid``) is caught
# by every reference store, which validates each version again inside its write
# (``carekit.store.backend``) — the contract still holds, so the mutant would be equivalent.


def break_application(bug: str) -> tuple[type[Any], str, Callable[..., Any]]:
    """The (class, attribute, replacement) that puts *bug* into carekit's Application."""
    attribute, replacement = APP_BUGS[bug]
    return _app.Application, attribute, replacement
