"""``carekit events tail``: read the event feed after a cursor and print its events as
CloudEvents, with the cursor to continue from.

Text: one line per event (time, type, record id, version, from → to state), then the next
cursor.  ``--json``: one CloudEvent (structured JSON mode) per line, then a last line
``{"next_cursor": "…"}``; a poller keeps that cursor and passes it as ``--after`` next time.
A cursor carekit did not make is refused with exit code 2.
"""

from __future__ import annotations

import json

import click

from carekit.cli._app_commands import open_from_cli
from carekit.cli._common import fail_usage
from carekit.cli._options import current_lang, db_option, error_message, json_option, lang_option
from carekit.errors import CarekitError
from carekit.i18n import Text

__all__ = ["events_group"]

_NEXT = Text("Næste markør: {cursor}", "Next cursor: {cursor}")
_NONE = Text("Ingen nye hændelser.", "No new events.")


@click.group("events")
def events_group() -> None:
    """The event feed: domain events as CloudEvents, read after a cursor."""


@events_group.command("tail")
@click.option("--after", "after", metavar="CURSOR", default=None, help="Only events after this.")
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=10_000),
    default=100,
    show_default=True,
    help="At most this many events.",
)
@click.option(
    "--source",
    metavar="URI",
    default=None,
    help="CloudEvents source (default: urn:carekit:<scheme>:<store fingerprint>).",
)
@json_option("Print one CloudEvent per line, then the next cursor as JSON.")
@db_option()
@lang_option()
def events_tail_command(
    after: str | None,
    limit: int,
    source: str | None,
    db: str | None,
    *,
    as_json: bool,
    lang: str,
) -> None:
    """Print the events after --after (from the start without it), oldest first, and the
    cursor to pass as --after next time.  Events carry ids and states, never personal data."""
    from carekit.app import default_source  # noqa: PLC0415 - keeps `carekit --help` cheap

    del lang  # remembered by the option for the messages
    language = current_lang()
    with open_from_cli(db) as app:
        try:
            page = app.events(after=after, limit=limit)
        except CarekitError as exc:
            fail_usage(error_message(exc, language))
        events = page.cloudevents(source=source or default_source(app.store.url))
    if as_json:
        for event in events:
            click.echo(json.dumps(event, ensure_ascii=False))
        click.echo(json.dumps({"next_cursor": page.cursor}))
        return
    if not events:
        click.echo(_NONE.get(language))
    for event in events:
        data = event["data"]
        states = ""
        if data["from_state"] or data["to_state"]:
            states = f"  {data['from_state'] or '-'} -> {data['to_state'] or '-'}"
        version = f" v{data['record_version']}" if data["record_version"] is not None else ""
        click.echo(f"{event['time']}  {event['type']}  {event['subject']}{version}{states}")
    click.echo(_NEXT.get(language).format(cursor=page.cursor))
