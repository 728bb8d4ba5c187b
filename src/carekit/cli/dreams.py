"""``carekit watch`` (what to watch on a shift: text, JSON or a staff document) and
``carekit trial series|contributors``
(the run-chart data and who contributed to a trial action)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from carekit.app import Application
from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import echo_json, fail_usage
from carekit.cli._options import (
    DATE,
    current_lang,
    db_option,
    error_message,
    json_option,
    lang_option,
)
from carekit.cli._output import (
    OutputRefusedError,
    OutputWriteError,
    check_output,
    command_inputs,
    output_options,
    write_output,
)
from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import TrialAction
from carekit.render import render_shift_watch
from carekit.render._shift_watch import shift_line
from carekit.workflows import ShiftWatch, contributors, evaluation_series

__all__ = ["trial_group", "watch_command"]


_NOTHING = Text("Intet at holde øje med.", "Nothing to watch.")
_DUE = Text("skal følges op", "due for review")
_WROTE = Text("Skrev {path}", "Wrote {path}")


def _echo_text(watch: ShiftWatch, language: Lang) -> None:
    click.echo(shift_line(watch, language))
    for citizen in watch.citizens:
        click.echo(f"{citizen.name} ({citizen.citizen_id[:8]})")
        for item in (*citizen.routines, *citizen.signs):
            due = f" ({_DUE.get(language)})" if item.due else ""
            why = f"  [{item.why}]" if item.why else ""
            if item.when is not None:
                why = f"  ({item.when.get(language)})"
            click.echo(f"  {item.label.get(language)}: {item.what}{why}{due}")
    if not watch.citizens:
        click.echo(_NOTHING.get(language))


@click.command("watch")
@click.option(
    "--date",
    "--as-of",
    "day",
    type=DATE,
    default=None,
    help="The day (default: today in Europe/Copenhagen).",
)
@click.option(
    "--shift",
    "shift",
    default=None,
    metavar="day|evening|night|now",
    help="Only what this shift keeps (day 7-15, evening 15-23, night 23-7; now: the current "
    "one). Default: the whole day.",
)
@click.option("--unit", "unit", default=None, help="Only the citizens of this unit or team.")
@click.option("--citizen", "citizen", default=None, help="Only this citizen's id.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "pdf"]),
    default="text",
    show_default=True,
    help="text, or the staff document as HTML or PDF.",
)
@output_options()
@db_option()
@lang_option()
@json_option()
def watch_command(
    *,
    day: dt.date | None,
    shift: str | None,
    unit: str | None,
    citizen: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
    db: str | None,
    lang: str,
    as_json: bool,
) -> None:
    """What to watch on a shift: per citizen, the adopted routines kept that day and shift,
    and the signs (tegn) of running trial actions with who is responsible (DC-2, DC-6).
    Retired routines and finished trial actions are not on it.  The list is logged as a
    read of each citizen on it."""
    language: Lang = check_lang(lang)
    target = None if output is None or str(output) == "-" else output
    inputs = command_inputs()
    if target is not None:
        try:
            check_output(target, store=db, inputs=inputs, force=force)
        except (OutputRefusedError, OutputWriteError) as error:
            fail_usage(error_message(error, language))
    with open_from_cli(db) as app:
        try:
            watch = app.shift_watch(day=day, shift=shift, unit=unit, citizen_id=citizen)
        except CarekitError as error:
            fail_usage(error_message(error, language))
    if as_json:
        echo_json(watch.to_dict())
        return
    if fmt == "text":
        _echo_text(watch, language)
        return
    document = render_shift_watch(watch, lang=language, format="pdf" if fmt == "pdf" else "html")
    if target is None:
        click.echo(document.as_bytes(), nl=False)
        return
    try:
        write_output(target, document.as_bytes(), store=db, inputs=inputs, force=force)
    except (OutputRefusedError, OutputWriteError) as error:
        fail_usage(error_message(error, language))
    click.echo(_WROTE.get(language).format(path=target), err=True)


@click.group("trial")
def trial_group() -> None:
    """Trial actions (prøvehandlinger): evaluation series and contributors."""


def _trial(app: Application, record_id: str) -> TrialAction:
    record = app.get(record_id).record
    if not isinstance(record, TrialAction):
        fail_usage(
            Text(
                f"{record_id} er ikke en prøvehandling, men en post af typen {record.LABEL.da}.",
                f"{record_id} is a {record.kind}, not a trial_action",
            ).get(current_lang())
        )
    return record


@trial_group.command("series")
@click.argument("record_id")
@db_option()
@lang_option()
@json_option()
def series_command(record_id: str, db: str | None, lang: str, *, as_json: bool) -> None:
    """The evaluation series of a trial action and its earlier cycles (run-chart data)."""
    language: Lang = check_lang(lang)
    with open_from_cli(db) as app:
        trial = _trial(app, record_id)
        series = evaluation_series(trial, app.citizen_records(trial.citizen_id))
        if as_json:
            echo_json(series.to_dict())
            return
        base = "udgangspunkt" if language == "da" else "baseline"
        click.echo(f"{base}: {series.baseline}  median: {series.median}")
        for p in series.points:
            click.echo(f"{p.day}  {p.cycle}  {p.rated_by.label.get(language)}  {p.joy_score}")


@trial_group.command("contributors")
@click.argument("record_id")
@db_option()
@lang_option()
@json_option()
def contributors_command(record_id: str, db: str | None, lang: str, *, as_json: bool) -> None:
    """Who contributed to a trial action: observations, evaluations, baseline, decision."""
    language: Lang = check_lang(lang)
    with open_from_cli(db) as app:
        found = contributors(_trial(app, record_id))
        if as_json:
            echo_json(
                [
                    {
                        "actor": c.actor.id,
                        "observations": c.observations,
                        "evaluations": c.evaluations,
                        "baseline": c.baseline,
                        "responsible": c.responsible,
                        "decided": c.decided,
                    }
                    for c in found
                ]
            )
            return
        words = (
            ("observationer", "evalueringer")
            if language == "da"
            else (
                "observations",
                "evaluations",
            )
        )
        for c in found:
            click.echo(
                f"{c.actor.name or c.actor.id}: {c.observations} {words[0]}, "
                f"{c.evaluations} {words[1]}"
            )
