"""Arguments the public API cannot use are carekit errors in Danish and English, and a closed
application refuses every call (#13 points 4 and 7)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from carekit.app import Application
from carekit.cli import cli
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.errors import ClosedError, InvalidArgumentError
from carekit.model import Citizen, Consent, TrialAction
from carekit.testing.readers import open_reading


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Application]:
    with open_reading(tmp_path / "care.sqlite") as opened:
        opened.import_records(demo_records(), actor=DEMO_IMPORTER)
        yield opened


def _ids(app: Application) -> tuple[str, str]:
    records = demo_records()
    citizen = next(r for r in records if isinstance(r, Citizen))
    consent = next(r for r in records if isinstance(r, Consent))
    return str(citizen.id), str(consent.id)


def test_modify_refuses_a_function_that_returns_another_record(app: Application) -> None:
    citizen_id, consent_id = _ids(app)
    consent = app.get(consent_id).record
    versions = len(app.store.history(consent_id))
    with pytest.raises(InvalidArgumentError) as caught:
        app.citizens.modify(citizen_id, lambda _c: consent, actor=DEMO_IMPORTER)  # type: ignore[arg-type, return-value]
    assert caught.value.parameter == "fn"
    assert "ikke en anden post" in caught.value.text.da
    assert "not another record" in caught.value.text.en
    assert len(app.store.history(consent_id)) == versions  # nothing written


@pytest.mark.parametrize(("retries", "fn"), [(-1, None), (True, None), ("5", None), (5, 5)])
def test_modify_refuses_bad_retries_and_a_non_function(
    app: Application, retries: Any, fn: Any
) -> None:
    citizen_id, _ = _ids(app)
    with pytest.raises(InvalidArgumentError) as caught:
        app.modify(citizen_id, fn or (lambda c: c), actor=DEMO_IMPORTER, retries=retries)
    assert caught.value.parameter == ("fn" if fn is not None else "retries")
    assert caught.value.text.da.startswith("Argumentet")


def test_a_closed_application_refuses_subscribe_and_check(tmp_path: Path) -> None:
    app = open_reading(tmp_path / "closed.sqlite")
    app.close()
    with pytest.raises(ClosedError):
        app.subscribe(print)
    with pytest.raises(ClosedError):
        app.check(demo_records()[0])


def test_subscribe_refuses_what_cannot_be_called(app: Application) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        app.subscribe("not a function")  # type: ignore[arg-type]
    assert caught.value.parameter == "listener"


@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (
            ["records", "list", "safety-plan"],
            "Fejl: Posttypen 'safety-plan' findes ikke. Typerne er: citizen,",
            "Error: unknown kind 'safety-plan'; kinds: citizen,",
        ),
    ],
)
def test_an_unknown_kind_is_named_in_the_chosen_language(
    args: list[str], danish: str, english: str
) -> None:
    env = {"CAREKIT_DB": ""}
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 2
    assert danish in result.output
    result = CliRunner().invoke(cli, [*args, "--lang", "en"], env=env)
    assert english in result.output
    shown = CliRunner().invoke(cli, ["schema", "show", "safety-plan"], env=env)
    assert shown.exit_code == 2
    assert "Posttypen 'safety-plan' findes ikke." in shown.output


def test_trial_commands_name_a_record_of_another_kind_in_danish(tmp_path: Path) -> None:
    db = tmp_path / "care.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    citizen_id, _ = _ids(app)
    assert not any(isinstance(r, TrialAction) and str(r.id) == citizen_id for r in demo_records())
    result = CliRunner().invoke(
        cli, ["trial", "series", citizen_id, "--db", str(db)], env={"CAREKIT_DB": ""}
    )
    assert result.exit_code == 2
    assert f"{citizen_id} er ikke en prøvehandling, men en post af typen Borger." in result.output
