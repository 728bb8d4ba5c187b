"""Every carekit workflow state, explicitly mapped to a FHIR status (one table, data only).

The exact carekit state also travels in the resource (``Task.businessStatus`` for trial
actions, the carekit record extension for the others), so nothing is lost when several states
share one FHIR status.  A test fails when a workflow gains a state this table lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from carekit.ehr import StatusMapping

__all__ = ["STATUS_TABLE", "fhir_status", "status_table_markdown"]

_S = StatusMapping

STATUS_TABLE: Final[Mapping[str, Mapping[str, StatusMapping]]] = {
    "safety-plan": {
        "draft": _S("CarePlan", "status", "draft"),
        "agreed": _S("CarePlan", "status", "draft"),
        "active": _S("CarePlan", "status", "active"),
        "review_due": _S("CarePlan", "status", "active"),
        "revised": _S("CarePlan", "status", "revoked"),
        "retired": _S("CarePlan", "status", "completed"),
    },
    "expectation-alignment": {
        "scheduled": _S("Encounter", "status", "planned"),
        "held": _S("Encounter", "status", "finished"),
        "aligned": _S("Encounter", "status", "finished"),
        "partly_aligned": _S("Encounter", "status", "finished"),
        "not_aligned": _S("Encounter", "status", "finished"),
        "cancelled": _S("Encounter", "status", "cancelled"),
    },
    "dream": {
        "noticed": _S("Goal", "lifecycleStatus", "proposed"),
        "hypothesis": _S("Goal", "lifecycleStatus", "planned"),
        "being_tested": _S("Goal", "lifecycleStatus", "active"),
        "realised": _S("Goal", "lifecycleStatus", "completed"),
        "revised": _S("Goal", "lifecycleStatus", "cancelled"),
        "set_aside": _S("Goal", "lifecycleStatus", "cancelled"),
    },
    "trial-action": {
        "planned": _S("Task", "status", "requested", "planned"),
        "running": _S("Task", "status", "in-progress", "running"),
        "evaluating": _S("Task", "status", "in-progress", "evaluating"),
        "adopted": _S("Task", "status", "completed", "adopted"),
        "adapted": _S("Task", "status", "completed", "adapted"),
        "abandoned": _S("Task", "status", "cancelled", "abandoned"),
    },
    "learning-story": {
        "draft": _S("DocumentReference", "docStatus", "preliminary"),
        "consented": _S("DocumentReference", "docStatus", "preliminary"),
        "shared": _S("DocumentReference", "docStatus", "final"),
        "archived": _S("DocumentReference", "status", "superseded"),
        "withdrawn": _S("DocumentReference", "status", "entered-in-error"),
    },
    "network-member": {
        "proposed": _S("RelatedPerson|PractitionerRole", "active", "false"),
        "active": _S("RelatedPerson|PractitionerRole", "active", "true"),
        "suspended": _S("RelatedPerson|PractitionerRole", "active", "false"),
        "inactive": _S("RelatedPerson|PractitionerRole", "active", "false"),
    },
}


def fhir_status(workflow: str, state: str) -> StatusMapping:
    """The mapping of *state* of *workflow*; ``KeyError`` names the workflow and state."""
    try:
        return STATUS_TABLE[workflow][state]
    except KeyError:
        raise KeyError(f"no FHIR status for {workflow} state {state!r}") from None


def status_table_markdown() -> str:
    """The status table as Markdown, as docs/fhir.md shows it (a test keeps them equal)."""
    lines = [
        "| workflow | carekit state | FHIR element | FHIR value | business status |",
        "|---|---|---|---|---|",
    ]
    for workflow, states in STATUS_TABLE.items():
        for state, m in states.items():
            lines.append(
                f"| {workflow} | {state} | {m.resource_type}.{m.element} | {m.value} | "
                f"{m.business_status or '–'} |"
            )
    return "\n".join(lines)
