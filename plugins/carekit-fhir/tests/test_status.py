from __future__ import annotations

import pytest
from carekit_fhir import STATUS_TABLE, fhir_status

from carekit.lifecycle import WORKFLOWS

# The FHIR R4 value sets of the elements the table writes to.
ALLOWED = {
    ("CarePlan", "status"): {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("Encounter", "status"): {
        "planned",
        "arrived",
        "triaged",
        "in-progress",
        "onleave",
        "finished",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
    ("Goal", "lifecycleStatus"): {
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    },
    ("Task", "status"): {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    },
    ("DocumentReference", "docStatus"): {"preliminary", "final", "amended", "entered-in-error"},
    ("DocumentReference", "status"): {"current", "superseded", "entered-in-error"},
    ("RelatedPerson|PractitionerRole", "active"): {"true", "false"},
}

EVERY_STATE = [(w.name, s) for w in WORKFLOWS for s in w.state_names]


@pytest.mark.parametrize(("workflow", "state"), EVERY_STATE)
def test_every_state_of_every_workflow_maps_to_a_valid_fhir_status(
    workflow: str, state: str
) -> None:
    mapping = fhir_status(workflow, state)
    assert mapping.value in ALLOWED[(mapping.resource_type, mapping.element)]


def test_status_table_has_no_states_the_workflows_do_not_have() -> None:
    assert set(STATUS_TABLE) == {w.name for w in WORKFLOWS}
    for workflow in WORKFLOWS:
        assert set(STATUS_TABLE[workflow.name]) == set(workflow.state_names)


def test_trial_action_states_keep_carekit_state_as_business_status() -> None:
    assert fhir_status("trial-action", "planned").value == "requested"
    assert fhir_status("trial-action", "adopted").value == "completed"
    for state in STATUS_TABLE["trial-action"]:
        assert fhir_status("trial-action", state).business_status == state


def test_unknown_state_names_the_workflow_and_state() -> None:
    with pytest.raises(KeyError, match="trial-action state 'dreaming'"):
        fhir_status("trial-action", "dreaming")


def test_docs_show_exactly_the_status_table_of_the_code() -> None:
    from pathlib import Path

    from carekit_fhir._status import status_table_markdown

    docs = Path(__file__).resolve().parents[3] / "docs" / "fhir.md"
    assert status_table_markdown() in docs.read_text(encoding="utf-8")
