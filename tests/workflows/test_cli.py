"""`carekit workflow list|show`, through click's CliRunner on the group."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from carekit.cli.workflow import workflow_group
from carekit.lifecycle import WORKFLOWS
from carekit.workflows import to_mermaid


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_list_prints_every_workflow_with_title_and_practices(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(WORKFLOWS)
    assert lines[3].split()[0] == "trial-action"
    assert "Prøvehandling" in lines[3]
    assert "DC-2" in lines[3]


def test_list_json_is_machine_readable(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["list", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["name"] for d in data] == [w.name for w in WORKFLOWS]
    assert data[0]["title"] == {"da": "Sikkerhedsplan", "en": "Safety plan"}


def test_show_trial_action_names_all_three_endings(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["show", "trial-action"])
    assert result.exit_code == 0
    for ending in ("adopted", "adapted", "abandoned"):
        assert ending in result.stdout
    assert "Sluttilstande:" in result.stdout
    assert "planned → running" in result.stdout
    assert "Kræver: Der er en forudsigelse" in result.stdout


def test_show_in_english(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["show", "safety_plan", "--lang", "en"])
    assert result.exit_code == 0
    assert "Requires: A written copy has been handed to the citizen" in result.stdout
    assert "Effect: Creates a new version as a draft" in result.stdout


def test_show_mermaid_prints_the_generated_diagram(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["show", "dream", "--format", "mermaid"])
    assert result.exit_code == 0
    assert result.stdout == to_mermaid(WORKFLOWS[2])


def test_show_json_has_states_actions_guards_and_effects(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["show", "expectation-alignment", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    partly = next(a for a in data["actions"] if a["name"] == "conclude_partly_aligned")
    assert partly["from"] == ["held"]
    assert [g["name"] for g in partly["guards"]] == ["has_open_gaps"]
    assert [e["name"] for e in partly["effects"]] == ["schedule_next_alignment", "follow_up_gaps"]
    assert [s["name"] for s in data["states"] if s["final"]] == [
        "aligned",
        "partly_aligned",
        "not_aligned",
        "cancelled",
    ]


def test_an_unknown_workflow_exits_2_and_lists_the_workflows(runner: CliRunner) -> None:
    result = runner.invoke(workflow_group, ["show", "holiday"])
    assert result.exit_code == 2
    assert "holiday" in result.stderr
    for workflow in WORKFLOWS:
        assert workflow.name in result.stderr
    assert "ingen arbejdsgang" in result.stderr
