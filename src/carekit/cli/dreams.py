"""``carekit watch`` (what to watch today) and ``carekit trial series|contributors``
(the run-chart data and who contributed to a trial action)."""

from __future__ import annotations

import datetime as dt

import click

from carekit.app import Application
from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import echo_json, fail_usage
from carekit.cli._options import db_option, json_option, lang_option
from carekit.i18n import Lang, check_lang
from carekit.model import TrialAction
from carekit.workflows import contributors, evaluation_series, local_date, watch_list

__all__ = ["trial_group", "watch_command"]


@click.command("watch")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date (YYYY-MM-DD); default today in Europe/Copenhagen.",
)
@click.option("--citizen", "citizen", default=None, help="Only this citizen's id.")
@db_option()
@lang_option()
@json_option()
def watch_command(
    as_of: dt.datetime | None, citizen: str | None, db: str | None, lang: str, *, as_json: bool
) -> None:
    """What to watch today, for every staff member on the shift: each citizen's routines and
    the signs (tegn) of running trial actions, with who is responsible (DC-2, DC-6)."""
    language: Lang = check_lang(lang)
    with open_from_cli(db) as app:
        day = as_of.date() if as_of else local_date(app.clock())
        # only what the list is made from (routines and trial actions), each read logged
        records = [
            row.record
            for repository in (app.routines, app.trial_actions)
            for row in repository.list(citizen_id=citizen)
        ]
        items = watch_list(records, day, citizen_id=citizen)
        if as_json:
            echo_json([i.to_dict() for i in items])
            return
        for item in items:
            due = ""
            if item.due:
                due = " (skal følges op)" if language == "da" else " (due for review)"
            why = f"  [{item.why}]" if item.why else ""
            click.echo(f"{item.citizen_id[:8]}  {item.label.get(language)}: {item.what}{why}{due}")
        if not items:
            click.echo("Intet at holde øje med." if language == "da" else "Nothing to watch.")


@click.group("trial")
def trial_group() -> None:
    """Trial actions (prøvehandlinger): evaluation series and contributors."""


def _trial(app: Application, record_id: str) -> TrialAction:
    record = app.get(record_id).record
    if not isinstance(record, TrialAction):
        fail_usage(f"{record_id} is a {record.kind}, not a trial_action")
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
