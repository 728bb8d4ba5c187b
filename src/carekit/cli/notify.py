"""Click commands for notifications, mounted by the ``carekit`` command group:

* ``carekit dispatch [--db URL] [--once|--worker] [--max-attempts N]``
* ``carekit outbox list [--status STATUS] [--json]``
* ``carekit outbox retry ID | --all-dead``
* ``carekit outbox cancel ID --reason TEXT``
* ``carekit remind [--as-of DATE] [--db URL] [--lead-days N]``

The commands need a store, the configured channels and the routing.  The application puts a
:class:`NotifyEnv` in ``ctx.obj`` (or anywhere ``ctx.find_object`` finds it) whose ``open``
callable builds a :class:`NotifyApp` from the ``--db`` URL (a file path given to ``--db`` has
already been turned into its ``sqlite://`` URL).  Without one, the built-in stores
are opened with :func:`carekit.store.open_store` and no channels are configured (``outbox``
and ``remind`` work; ``dispatch`` then says how to configure a channel).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import attrs
import click

from carekit.app._access import Reader, access_entries
from carekit.cli._options import (
    DATE,
    current_lang,
    db_option,
    error_message,
    json_option,
    lang_option,
)
from carekit.cli._wiring import current_reader
from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Channel, Purpose, Record
from carekit.notify._backoff import Backoff
from carekit.notify._cancel import cancel
from carekit.notify._dispatch import Dispatcher
from carekit.notify._model import NotificationChannel
from carekit.notify._remind import remind
from carekit.notify._routing import Routing
from carekit.privacy import mask_cpr_in_text
from carekit.store import OUTBOX_STATUSES, OutboxItem, Store, open_store

__all__ = [
    "NotifyApp",
    "NotifyEnv",
    "dispatch_command",
    "outbox_group",
    "remind_command",
]

MSG_NO_DB = Text(
    "Angiv en database med --db URL eller miljøvariablen CAREKIT_DB.",
    "Name a database with --db URL or the CAREKIT_DB environment variable.",
)
MSG_NO_CHANNELS = Text(
    "Ingen kanaler er sat op. Installer og konfigurer fx carekit-email eller carekit-webhook.",
    "No channels are configured. Install and configure e.g. carekit-email or carekit-webhook.",
)
MSG_STATS = Text(
    "Leveret {delivered}, prøves igen senere {retried}, opgivet {dead} "
    "(hentet {claimed}, hændelser {events_routed}, nye afsendelser {notifications_enqueued}).",
    "Delivered {delivered}, to retry later {retried}, given up {dead} "
    "(claimed {claimed}, events {events_routed}, new sends {notifications_enqueued}).",
)
MSG_RETRIED = Text("{count} besked(er) sendes igen.", "{count} message(s) will be sent again.")
MSG_NOTHING_DEAD = Text("Der er ingen opgivne beskeder.", "There are no dead messages.")
MSG_CANCELLED = Text(
    "Beskeden {item_id} er annulleret og bliver ikke sendt.",
    "Message {item_id} is cancelled and will not be sent.",
)
MSG_REMIND = Text(
    "{due} ting er forfaldne pr. {as_of}: {enqueued} nye påmindelser, {already_enqueued} var "
    "allerede sendt, {without_recipient} uden modtager.",
    "{due} items due as of {as_of}: {enqueued} new reminders, {already_enqueued} already sent, "
    "{without_recipient} without a recipient.",
)
MSG_RETRY_ARGS = Text("Angiv enten et ID eller --all-dead.", "Give either an ID or --all-dead.")
MSG_WORKER = Text(
    "Sender beskeder. Stop med Ctrl+C (den igangværende besked sendes færdig).",
    "Sending messages. Stop with Ctrl+C (the message in progress is finished first).",
)


@attrs.define
class NotifyApp:
    """What the commands work on; ``close`` is called when the command ends."""

    store: Store
    channels: Mapping[str, NotificationChannel] = attrs.field(factory=dict)
    routing: Routing = attrs.field(factory=Routing)
    backoff: Backoff = attrs.field(factory=Backoff)
    clock: Callable[[], dt.datetime] | None = None

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def _default_open(db: str | None) -> NotifyApp:
    if db is None:
        raise click.UsageError(MSG_NO_DB.get("en") + " / " + MSG_NO_DB.get("da"))
    return NotifyApp(store=open_store(db))


@attrs.frozen
class NotifyEnv:
    """Injected by the application: ``open(db_url_or_None) -> NotifyApp``."""

    open: Callable[[str | None], NotifyApp] = _default_open


def _env(ctx: click.Context) -> NotifyEnv:
    found = ctx.find_object(NotifyEnv)
    if found is not None:
        return found
    obj = ctx.find_root().obj
    candidate = getattr(obj, "notify_env", None)
    return candidate if isinstance(candidate, NotifyEnv) else NotifyEnv()


class _SetupError(click.ClickException):
    """A store or settings problem: a usage error (exit 2), not invalid data (exit 1)."""

    exit_code = 2


@contextmanager
def _app(ctx: click.Context, db: str | None) -> Iterator[NotifyApp]:
    try:
        app = _env(ctx).open(db)
    except CarekitError as exc:
        raise _SetupError(error_message(exc, current_lang(ctx))) from None
    try:
        yield app
    finally:
        app.close()


_db_option = db_option()
_lang_option = lang_option("Language of the messages.")


@click.command("dispatch")
@_db_option
@click.option(
    "--once", "mode", flag_value="once", default=True, help="Deliver what is due, then exit."
)
@click.option("--worker", "mode", flag_value="worker", help="Keep delivering until stopped.")
@click.option("--max-attempts", type=click.IntRange(min=1), help="Attempts before a dead letter.")
@click.option("--poll-interval", type=click.FloatRange(min=0.01), default=5.0, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True)
@_lang_option
@click.pass_context
def dispatch_command(
    ctx: click.Context,
    *,
    db: str | None,
    mode: str,
    max_attempts: int | None,
    poll_interval: float,
    batch_size: int,
    lang: str,
) -> None:
    """Deliver the outbox to the configured notification channels."""
    language: Lang = check_lang(lang)
    with _app(ctx, db) as app:
        if not app.channels:
            raise click.ClickException(MSG_NO_CHANNELS.get(language))
        backoff = app.backoff
        if max_attempts is not None:
            backoff = attrs.evolve(backoff, max_attempts=max_attempts)
        kwargs: dict[str, Any] = {"clock": app.clock} if app.clock else {}
        dispatcher = Dispatcher(
            app.store,
            app.channels,
            routing=app.routing,
            backoff=backoff,
            batch_size=batch_size,
            **kwargs,
        )
        if mode == "worker":
            click.echo(MSG_WORKER.get(language), err=True)
            stats = dispatcher.run_forever(threading.Event(), poll_interval)
        else:
            stats = dispatcher.drain()
        click.echo(MSG_STATS.format(**stats.as_dict()).get(language))


def _item_dict(item: OutboxItem) -> dict[str, Any]:
    payload = item.payload
    notification = payload.get("notification", payload) if isinstance(payload, Mapping) else {}
    return {
        "id": item.id,
        "topic": item.topic,
        "key": item.key,
        "status": item.status,
        "attempts": item.attempts,
        "created_at": item.created_at.isoformat(),
        "next_attempt_at": item.next_attempt_at.isoformat(),
        "channel": payload.get("channel"),
        "type": notification.get("type") or payload.get("name"),
        "last_error": mask_cpr_in_text(item.last_error) if item.last_error else None,
    }


@click.group("outbox")
def outbox_group() -> None:
    """Look at and repair the outbox (pending, in flight, delivered and dead messages)."""


@outbox_group.command("list")
@_db_option
@click.option("--status", type=click.Choice(list(OUTBOX_STATUSES)), help="Only this status.")
@click.option("--limit", type=click.IntRange(min=1, max=2**31 - 1), help="At most this many items.")
@json_option("Print JSON (ids, keys and types only).")
@click.pass_context
def outbox_list_command(
    ctx: click.Context, db: str | None, status: str | None, limit: int | None, as_json: bool
) -> None:
    """List outbox items, oldest first.  Never prints message texts."""
    with _app(ctx, db) as app:
        items = app.store.outbox(status=status, limit=limit)  # type: ignore[arg-type]
        rows = [_item_dict(item) for item in items]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        error = f"  {row['last_error']}" if row["last_error"] else ""
        channel = f" -> {row['channel']}" if row["channel"] else ""
        click.echo(
            f"{row['id']}  {row['status']:<9} {row['attempts']:>2}x  {row['topic']}{channel}  "
            f"{row['key'] or ''}{error}"
        )


@outbox_group.command("retry")
@click.argument("item_id", required=False)
@click.option("--all-dead", is_flag=True, help="Send every dead message again.")
@_db_option
@_lang_option
@click.pass_context
def outbox_retry_command(
    ctx: click.Context, item_id: str | None, all_dead: bool, db: str | None, lang: str
) -> None:
    """Move a dead message (or all of them) back to pending, due now."""
    language: Lang = check_lang(lang)
    if bool(item_id) == all_dead:
        raise click.UsageError(MSG_RETRY_ARGS.get(language))
    with _app(ctx, db) as app:
        ids = [item_id] if item_id else [i.id for i in app.store.outbox(status="dead")]
        if not ids:
            click.echo(MSG_NOTHING_DEAD.get(language))
            return
        for one in ids:
            try:
                app.store.retry(one)
            except CarekitError as exc:
                raise click.ClickException(error_message(exc, language)) from None
    click.echo(MSG_RETRIED.format(count=len(ids)).get(language))


@outbox_group.command("cancel")
@click.argument("item_id")
@click.option(
    "--reason",
    required=True,
    help="Why it is not to be sent (kept with the message; no personal data).",
)
@_db_option
@_lang_option
@click.pass_context
def outbox_cancel_command(
    ctx: click.Context, item_id: str, reason: str, db: str | None, lang: str
) -> None:
    """Cancel a message that has not been sent (pending): it is never sent.  A message in
    flight or delivered cannot be cancelled."""
    language: Lang = check_lang(lang)
    with _app(ctx, db) as app:
        try:
            cancel(app.store, item_id, reason=reason)
        except CarekitError as exc:
            raise click.ClickException(error_message(exc, language)) from None
    click.echo(MSG_CANCELLED.format(item_id=item_id).get(language))


def _log_read(store: Store, operation: str, at: dt.datetime) -> Callable[[Sequence[Record]], None]:
    """Log a read of *records* under the command's reader (``--as``), for care, through the
    command line: the reminders are made from the citizens' records."""
    reader = Reader(current_reader(), Purpose.CARE, Channel.CLI)

    def log(records: Sequence[Record]) -> None:
        store.log_access(access_entries(reader, operation, records, at=at))

    return log


@click.command("remind")
@click.option("--as-of", type=DATE, help="Default: today.")
@click.option(
    "--lead-days",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also remind about what is due this many days ahead.",
)
@_db_option
@_lang_option
@click.pass_context
def remind_command(
    ctx: click.Context, as_of: dt.date | None, lead_days: int, db: str | None, lang: str
) -> None:
    """Put reminders for everything due in the outbox (each reminder once)."""
    language: Lang = check_lang(lang)
    with _app(ctx, db) as app:
        now = app.clock() if app.clock else dt.datetime.now(dt.UTC)
        day = as_of or now.date()
        stats = remind(
            app.store,
            day,
            routing=app.routing,
            lead_days=lead_days,
            now=now,
            on_read=_log_read(app.store, "remind", now),
        )
    click.echo(MSG_REMIND.format(as_of=day.isoformat(), **stats.as_dict()).get(language))
