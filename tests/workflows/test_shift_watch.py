"""The shift's list (#19 point 2): routines and signs per citizen for a day and a shift,
read through the application (access-logged), rendered as a staff document and printed by
``carekit watch`` — retired routines and finished trial actions never on it."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from carekit.app import Application
from carekit.cli.dreams import watch_command
from carekit.demo import demo_citizens, run_demo
from carekit.errors import (
    InvalidArgumentError,
    InvalidQueryError,
    ReaderRequiredError,
    RecordValidationError,
)
from carekit.model import (
    Actor,
    ActorKind,
    Citizen,
    Purpose,
    Residence,
    Routine,
    Shift,
    Weekday,
    check_rules,
)
from carekit.render import render_shift_watch
from carekit.testing.readers import open_reading
from carekit.workflows import COPENHAGEN, shift_at, shift_watch

from . import factories as f

THURSDAY = dt.date(2026, 11, 19)
CHARGE_NURSE = Actor(id="staff-vagt", kind=ActorKind.STAFF, name="Vagtansvarlig", role="ssa")


def _citizen(name: str, unit: str | None, cid: uuid.UUID = f.CITIZEN) -> Citizen:
    return Citizen(
        id=cid,
        citizen_id=cid,
        actor=f.NURSE,
        display_name=name,
        residence=Residence.BOSTED,
        unit=unit,
    )


def _routine(**over: object) -> Routine:
    fields: dict[str, object] = {
        "citizen_id": f.CITIZEN,
        "actor": f.NURSE,
        "description": "Else synger i koret",
        "trial_action_id": f.trial_action().id,
        "since": THURSDAY - dt.timedelta(days=30),
        **over,
    }
    return Routine(**fields)


# --------------------------------------------------------------------------- the model
def test_shifts_by_the_clock_in_copenhagen() -> None:
    assert [Shift.at(h) for h in (6, 7, 14, 15, 22, 23, 0)] == [
        Shift.NIGHT,
        Shift.DAY,
        Shift.DAY,
        Shift.EVENING,
        Shift.EVENING,
        Shift.NIGHT,
        Shift.NIGHT,
    ]
    # 14:30 UTC in November is 15:30 in Copenhagen: the evening shift
    assert shift_at(dt.datetime(2026, 11, 19, 14, 30, tzinfo=dt.UTC)) is Shift.EVENING
    assert shift_at(dt.datetime(2026, 11, 19, 7, 0, tzinfo=COPENHAGEN)) is Shift.DAY
    with pytest.raises(ValueError, match="naive"):
        shift_at(dt.datetime(2026, 11, 19, 8, 0))  # noqa: DTZ001 - the point
    assert Shift.EVENING.label.da == "Aftenvagt"
    assert Weekday.of(THURSDAY) is Weekday.THURSDAY
    assert Weekday.THURSDAY.label.as_dict() == {"da": "Torsdag", "en": "Thursday"}


def test_a_routine_applies_on_its_weekdays_and_shifts_only() -> None:
    choir = _routine(weekdays=[Weekday.THURSDAY], shifts=[Shift.DAY])
    assert choir.applies(THURSDAY)
    assert choir.applies(THURSDAY, Shift.DAY)
    assert not choir.applies(THURSDAY, Shift.NIGHT)
    assert not choir.applies(THURSDAY + dt.timedelta(days=1), Shift.DAY)
    every_day = _routine()
    assert all(every_day.applies(THURSDAY, s) for s in Shift)
    assert not _routine(since=THURSDAY + dt.timedelta(days=1)).applies(THURSDAY)
    assert not choir.retire(THURSDAY, "Koret holder pause").applies(THURSDAY, Shift.DAY)


# --------------------------------------------------------------------------- pure list
def test_the_shift_list_has_routines_and_running_signs_per_citizen_only() -> None:
    other = uuid.UUID("00000000-0000-4000-8000-000000000002")
    else_ = _citizen("Else", "Lyngen B")
    mogens = _citizen("Mogens", "Lyngen A", other)
    running = f.ready_trial_action(status="running", start_date=THURSDAY)
    evaluating = f.ready_trial_action(
        status="evaluating", title="Fuglebræt", signs=[f.sign("Peger på fuglene")]
    ).model_copy(update={"citizen_id": other})
    finished = [
        f.ready_trial_action(status=s, signs=[f.sign(f"Tegn {s}")])
        for s in ("planned", "adopted", "abandoned", "adapted")
    ]
    choir = _routine(weekdays=[Weekday.THURSDAY], shifts=[Shift.DAY])
    night = _routine(description="Lyset tændt i gangen", shifts=[Shift.NIGHT])
    retired = _routine(description="Avisen om morgenen").retire(THURSDAY, "Hun vil ikke mere")
    records = [running, evaluating, *finished, choir, night, retired]

    day = shift_watch([mogens, else_], records, THURSDAY, Shift.DAY)
    assert [c.name for c in day.citizens] == ["Else", "Mogens"]  # by name
    first, second = day.citizens
    assert [r.what for r in first.routines] == ["Else synger i koret"]
    assert [s.what for s in first.signs] == ["Smiler"]
    assert [s.what for s in second.signs] == ["Peger på fuglene"]
    assert second.routines == ()
    shown = {i.what for i in day.items}
    assert not shown & {"Avisen om morgenen", "Tegn planned", "Tegn adopted", "Tegn abandoned"}

    night_list = shift_watch([mogens, else_], records, THURSDAY, Shift.NIGHT)
    assert [r.what for r in night_list.citizens[0].routines] == ["Lyset tændt i gangen"]
    friday = shift_watch([else_], [choir], THURSDAY + dt.timedelta(days=1), Shift.DAY)
    assert friday.citizens == ()  # nothing to watch: the citizen is left out
    whole_day = shift_watch([else_], [choir, night], THURSDAY)
    assert {r.what for r in whole_day.citizens[0].routines} == {
        "Else synger i koret",
        "Lyset tændt i gangen",
    }

    unit_a = shift_watch([mogens, else_], records, THURSDAY, Shift.DAY, unit=" lyngen a ")
    assert [c.name for c in unit_a.citizens] == ["Mogens"]
    assert unit_a.to_dict()["shift"] == "day"
    assert unit_a.to_dict()["citizens"][0]["signs"][0]["team"] == ["staff-1"]


# --------------------------------------------------------------------------- through the app
@pytest.fixture
def walked(tmp_path: Path) -> tuple[Application, str]:
    """The demo store, walked, and its path; Else belongs to unit 'Lyngen B'."""
    path = str(tmp_path / "demo.sqlite")
    app = open_reading(path)
    run_demo(app, echo=lambda _line: None)
    else_ = demo_citizens()[0]
    stored = app.citizens.get(else_.id)
    app.update(
        stored.record.model_copy(update={"unit": "Lyngen B"}),
        expected_version=stored.version,
        actor=f.NURSE,
    )
    return app, path


def _else_routine(app: Application) -> tuple[Routine, int]:
    (row,) = app.routines.list(citizen_id=demo_citizens()[0].id)
    assert isinstance(row.record, Routine)
    return row.record, row.version


def test_the_app_reads_the_list_and_logs_a_read_of_each_citizen_on_it(
    walked: tuple[Application, str],
) -> None:
    app, _ = walked
    else_ = demo_citizens()[0]
    with app.session(actor=CHARGE_NURSE, purpose=Purpose.CARE) as session:
        watch = session.shift_watch(day=THURSDAY, shift="day", unit="Lyngen B")
        session.flush_access_log()
    assert [c.name for c in watch.citizens] == ["Else"]
    assert watch.citizens[0].routines[0].what.startswith("Vi flytter torsdagens besøg")
    logged = [
        e for e in app.store.access_log(actor_id=CHARGE_NURSE.id) if e.operation == "shift_watch"
    ]
    assert [e.citizen_id for e in logged] == [str(else_.id)]  # Mogens is in another unit
    # what the list was made from (her routine, her trial actions) and her name
    assert set(logged[0].kinds) == {"citizen", "routine", "trial_action"}
    assert logged[0].purpose == "care"

    with app.session(actor=CHARGE_NURSE, purpose="care") as session:
        everyone = session.shift_watch(day=THURSDAY)
    assert {c.name for c in everyone.citizens} == {"Else", "Mogens"}
    assert everyone.shift is None

    assert app.shift_watch(shift="now").shift is shift_at(app.clock())


def test_a_retired_routine_drops_off_the_list(walked: tuple[Application, str]) -> None:
    app, _ = walked
    routine, version = _else_routine(app)
    assert routine.review_date is not None  # adopt gave it a review date
    app.update(
        routine.retire(THURSDAY, "Koret holder pause"), expected_version=version, actor=f.NURSE
    )
    watch = app.shift_watch(day=THURSDAY + dt.timedelta(days=7))
    assert all(i.category != "routine" for i in watch.items)
    assert [c.name for c in watch.citizens] == ["Mogens"]


def test_bad_arguments_are_refused_in_danish_and_english(walked: tuple[Application, str]) -> None:
    app, _ = walked
    with pytest.raises(InvalidQueryError) as bad_shift:
        app.shift_watch(shift="noon")
    assert bad_shift.value.text.da == (
        "Vagten skal være day (dagvagt), evening (aftenvagt), night (nattevagt) eller now "
        "(den vagt, der er nu), ikke 'noon'."
    )
    assert bad_shift.value.text.en.startswith("The shift must be day, evening, night or now")
    with pytest.raises(InvalidArgumentError) as bad_day:
        app.shift_watch(day="2026-11-19")  # type: ignore[arg-type]
    assert "en dato" in bad_day.value.text.da
    assert "a date" in bad_day.value.text.en
    with pytest.raises(InvalidArgumentError, match="citizen_id"):
        app.shift_watch(citizen_id="not-a-uuid")
    with pytest.raises(InvalidArgumentError, match="unit"):
        app.shift_watch(unit="  ")
    bare = Application(app.store, app.plugins)
    with pytest.raises(ReaderRequiredError):
        bare.shift_watch()


# --------------------------------------------------------------------------- the document
def test_the_staff_document_after_the_demo_walk(walked: tuple[Application, str]) -> None:
    app, _ = walked
    watch = app.shift_watch(day=THURSDAY, shift=Shift.DAY)
    da = render_shift_watch(watch, lang="da")
    en = render_shift_watch(watch, lang="en")
    assert "<h1>Hold øje med på vagten</h1>" in da.html
    assert "Dagvagt, torsdag 19. november 2026" in da.html
    assert "Day shift, Thursday 19 November 2026" in en.html
    assert '<h2 id="h-c1">Else</h2>' in da.html
    assert '<h2 id="h-c2">Mogens</h2>' in da.html
    assert "Vi flytter torsdagens besøg" in da.html
    assert "Prøvehandling: Foderbræt ved vinduet" in da.html
    assert "Ansvarlige: Sofie Lund, Jonas Berg" in da.html
    assert "Trial action: Foderbræt ved vinduet" in en.html
    for doc in (da, en):
        assert doc.language_report.passes(), doc.language_report.hits
        assert "XXXX" not in doc.html  # no CPR number at all, not even masked
    empty = render_shift_watch(app.shift_watch(day=THURSDAY, unit="Ingen"), lang="en")
    assert "No routines or signs to watch on this shift." in empty.html
    assert "Unit: Ingen" in empty.html
    with pytest.raises(ValueError, match="html or pdf"):
        render_shift_watch(watch, format="docx")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the CLI
def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(watch_command, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_cli_per_shift_unit_and_document(walked: tuple[Application, str], tmp_path: Path) -> None:
    app, path = walked
    app.close()
    code, out, _ = _run(
        "--db", path, "--date", "2026-11-19", "--shift", "day", "--unit", "Lyngen B"
    )
    assert code == 0
    assert out.splitlines()[0] == "Dagvagt, torsdag 19. november 2026"
    assert "Else (" in out
    assert "Mogens" not in out
    code, out, _ = _run("--db", path, "--date", "2026-11-19", "--shift", "night", "--json")
    data = json.loads(out)
    assert data["shift"] == "night"
    assert [c["name"] for c in data["citizens"]] == ["Else", "Mogens"]
    target = tmp_path / "vagt.html"
    code, _, err = _run("--db", path, "--date", "2026-11-19", "--format", "html", "-o", str(target))
    assert code == 0
    assert f"Skrev {target}" in err
    assert "Hold øje med på vagten" in target.read_text("utf-8")
    code, _, err = _run("--db", path, "--format", "html", "-o", str(target))
    assert code == 2
    assert "Fejl:" in err  # an existing file is kept without --force
    code, out, _ = _run("--db", path, "--date", "2026-11-19", "--format", "html", "--lang", "en")
    assert code == 0
    assert out.startswith("<!doctype html>")
    assert "What to watch on the shift" in out


@pytest.mark.parametrize(
    ("args", "da", "en"),
    [
        (
            ["--date", "2026-13-01"],
            "'2026-13-01' er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-19.",
            "'2026-13-01' is not a date. Write it as YYYY-MM-DD, e.g. 2026-11-19.",
        ),
        (
            ["--shift", "noon"],
            "Vagten skal være day (dagvagt), evening (aftenvagt), night (nattevagt) eller now",
            "The shift must be day, evening, night or now (the current shift), not 'noon'.",
        ),
        (
            ["--citizen", "Else"],
            "Argumentet 'citizen_id' skal være et borger-id (UUID)",
            "The argument 'citizen_id' must be a citizen id (UUID)",
        ),
    ],
)
def test_cli_bad_input_is_a_clear_finding_not_a_traceback(
    walked: tuple[Application, str], args: list[str], da: str, en: str
) -> None:
    app, path = walked
    app.close()
    code, out, err = _run("--db", path, *args)
    assert (code, out) == (2, "")
    assert da in err
    assert "Traceback" not in err
    code, _, err = _run("--db", path, "--lang", "en", *args)
    assert code == 2
    assert en in err


def test_the_staff_card_shows_every_routine_with_when_and_the_watch_sheet_only_todays() -> None:
    from carekit.render._dream_documents import build_watch, point_of_care

    else_ = _citizen("Else", None)
    choir = _routine(weekdays=[Weekday.THURSDAY], shifts=[Shift.EVENING])
    friday = THURSDAY + dt.timedelta(days=1)
    (card,) = point_of_care([choir], friday)["routines"]
    assert card.when is not None
    assert card.when.as_dict() == {"da": "Torsdag, aftenvagt", "en": "Thursday, evening shift"}
    assert card.to_dict()["when"] == card.when.as_dict()
    assert build_watch(else_, [choir], "da", friday)["routines"] == []
    assert len(build_watch(else_, [choir], "da", THURSDAY)["routines"]) == 1  # type: ignore[arg-type]
    night = _routine(description="Lyset tændt", shifts=[Shift.NIGHT, Shift.EVENING])
    (only_shifts,) = point_of_care([night], friday)["routines"]
    assert only_shifts.when is not None
    assert only_shifts.when.as_dict() == {
        "da": "Aftenvagt, nattevagt",
        "en": "Evening shift, night shift",
    }
    watch = shift_watch([else_], [choir], THURSDAY)
    html = render_shift_watch(watch, lang="en").html
    assert "Else synger i koret <small>(Thursday, evening shift)</small>" in html


def test_a_routine_is_retired_with_a_date_and_a_reason_in_real_words() -> None:
    routine = _routine()
    assert check_rules(routine) == []
    assert check_rules(routine.retire(THURSDAY, "Koret holder pause til foråret")) == []
    findings = {(x.rule, x.pointer): x for x in check_rules(routine.retire(THURSDAY, "x"))}
    reason = findings[("routine-retired", "/retired_reason")]
    assert reason.severity == "error"
    assert reason.message.da == "Skriv med rigtige ord, hvorfor rutinen stoppede."
    assert reason.message.en == "Write in real words why the routine stopped."
    silent = routine.model_copy(update={"active": False})
    assert {x.pointer for x in check_rules(silent)} == {"/retired_on", "/retired_reason"}
    half = routine.model_copy(update={"retired_on": THURSDAY})
    assert [x.pointer for x in check_rules(half)] == ["/active"]
    early = routine.retire(routine.since - dt.timedelta(days=1), "Begyndte aldrig")
    assert [x.message.en for x in check_rules(early)] == [
        "The routine cannot stop before it began."
    ]


def test_the_app_refuses_to_retire_a_routine_without_a_reason(
    walked: tuple[Application, str],
) -> None:
    app, _ = walked
    routine, version = _else_routine(app)
    with pytest.raises(RecordValidationError) as caught:
        app.update(routine.retire(THURSDAY, "-"), expected_version=version, actor=f.NURSE)
    assert "hvorfor rutinen stoppede" in caught.value.text.da
    assert "why the routine stopped" in caught.value.text.en
    assert len(app.shift_watch(day=THURSDAY).citizens) == 2  # still on the list
