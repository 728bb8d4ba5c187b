"""`carekit watch` and `carekit trial series|contributors` on a store the demo walked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from carekit.cli.dreams import trial_group, watch_command
from carekit.demo import demo_citizens, run_demo
from carekit.model import TrialAction
from carekit.testing.readers import open_reading


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """The walked demo store, Else's adopted trial action and Mogens's running one."""
    path = tmp_path_factory.mktemp("watch") / "demo.sqlite"
    with open_reading(str(path)) as app:
        run_demo(app, echo=lambda _line: None)
        else_, mogens = demo_citizens()
        adopted = app.trial_actions.list(citizen_id=else_.id, status="adopted")[0].record
        running = app.trial_actions.list(citizen_id=mogens.id, status="running")[0].record
        assert isinstance(adopted, TrialAction)
    return str(path), adopted.record_id, running.record_id


def test_watch_lists_routines_and_signs_for_the_day(db: tuple[str, str, str]) -> None:
    path, _, running = db
    result = CliRunner().invoke(watch_command, ["--db", path, "--as-of", "2026-11-16"])
    assert result.exit_code == 0, result.output
    assert "Fast rutine: Vi flytter torsdagens besøg" in result.stdout
    assert "Tegn at holde øje med: Mogens peger på fuglene" in result.stdout
    assert "[Foderbræt ved vinduet]" in result.stdout
    data = json.loads(
        CliRunner().invoke(watch_command, ["--db", path, "--date", "2026-11-29", "--json"]).stdout
    )
    assert data["day"] == "2026-11-29"
    assert data["shift"] is None  # the whole day
    signs = [s for c in data["citizens"] for s in c["signs"]]
    sign = signs[0]
    assert sign["record_id"] == running
    assert sign["team"] == ["staff-sofie", "staff-jonas"]
    assert sign["due"] is True  # the evaluation date (2026-11-28) has come


def test_watch_for_one_citizen_and_in_english(db: tuple[str, str, str]) -> None:
    path = db[0]
    else_ = demo_citizens()[0]
    args = ["--db", path, "--as-of", "2026-11-16", "--citizen", str(else_.id), "--lang", "en"]
    result = CliRunner().invoke(watch_command, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "The whole day, Monday 16 November 2026",
        f"Else ({str(else_.id)[:8]})",
        "  Routine: Vi flytter torsdagens besøg, så Birthe kan hente Else kl. 18.",
    ]


def test_trial_series_and_contributors(db: tuple[str, str, str]) -> None:
    path, adopted, _ = db
    series = CliRunner().invoke(trial_group, ["series", adopted, "--db", path, "--json"])
    assert series.exit_code == 0, series.output
    data = json.loads(series.stdout)
    assert data["baseline"] == 2
    assert [p["joy_score"] for p in data["points"]] == [5, 4]
    people = CliRunner().invoke(trial_group, ["contributors", adopted, "--db", path])
    assert people.exit_code == 0, people.output
    assert "Jonas Berg: 1 observationer, 1 evalueringer" in people.stdout
