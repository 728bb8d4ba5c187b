"""Commands that work on a store: ``plugins``, ``records``, ``due``, ``demo``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import click
import orjson

from carekit.app import DEFAULT_LIMIT, MAX_LIMIT, Application, Repository, open_app
from carekit.cli._common import EXIT_USAGE, echo_json, fail_usage
from carekit.cli._options import (
    DATE,
    current_lang,
    db_option,
    db_url,
    error_message,
    json_option,
    lang_option,
    unknown_kind,
)
from carekit.errors import CarekitError, RecordNotFoundError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import RECORD_TYPES, Channel, Citizen, Purpose, Record, record_type
from carekit.plugins import Plugins
from carekit.privacy import mask_cpr, mask_cpr_in_text, mask_url
from carekit.store import QueryOrder, StoredRecord, parse_store_url, resolve_url

__all__ = [
    "check_command",
    "demo_command",
    "due_command",
    "open_from_cli",
    "plugins_command",
    "record_json",
    "records_group",
]


def open_from_cli(db: str | None, purpose: Purpose = Purpose.CARE) -> Application:
    """Open the application for a command, bound to the command's reader (``--as``) with
    *purpose* on the ``cli`` channel, turning carekit errors into usage errors (printed in
    the command's ``--lang``)."""
    from carekit.cli._wiring import current_reader, settings_data_key  # noqa: PLC0415

    try:
        return open_app(
            db,
            actor=current_reader(),
            purpose=purpose,
            channel=Channel.CLI,
            data_key=settings_data_key(),
        )
    except CarekitError as exc:
        fail_usage(error_message(exc, current_lang()))


def _mask_strings(value: Any) -> Any:
    """*value* (JSON data) with a CPR number written in any string masked."""
    if isinstance(value, str):
        return mask_cpr_in_text(value)
    if isinstance(value, list):
        return [_mask_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_strings(v) for k, v in value.items()}
    return value


def record_json(record: Record, *, reveal_cpr: bool = False) -> dict[str, Any]:
    """A record as JSON data, the CPR number masked unless *reveal_cpr*; a CPR number written
    in free text (a name, a note) is always masked."""
    data: dict[str, Any] = _mask_strings(orjson.loads(record.model_dump_json()))
    if isinstance(record, Citizen) and record.cpr is not None:
        data["cpr"] = record.cpr if reveal_cpr else mask_cpr(record.cpr)
    return data


# --------------------------------------------------------------------------- plugins
@click.command("plugins")
@json_option()
def plugins_command(*, as_json: bool) -> None:
    """List installed plugins, their versions and the hooks each implements.

    Control loading with CAREKIT_PLUGINS (allow list), CAREKIT_BLOCK_PLUGINS and
    CAREKIT_DISABLE_PLUGIN_AUTOLOAD=1.
    """
    try:
        plugins = Plugins.load()
        described = plugins.describe()
        backends = plugins.storage_backends()
        channels = plugins.notification_channels()
        adapters = plugins.ehr_adapters()
    except CarekitError as exc:
        fail_usage(error_message(exc, current_lang()))
    rows: list[dict[str, Any]] = [
        {
            "name": p.name,
            "module": p.module,
            "distribution": p.distribution,
            "version": p.version,
            "hooks": list(p.hooks),
        }
        for p in described
    ]
    if as_json:
        echo_json(
            {
                "plugins": rows,
                "storage_backends": [
                    {
                        "name": b.name,
                        "schemes": list(b.schemes),
                        "description": b.description,
                        "capabilities": sorted(b.capabilities),
                    }
                    for b in backends
                ],
                "notification_channels": [
                    {
                        "name": c.name,
                        "description": c.description,
                        "capabilities": sorted(c.capabilities),
                    }
                    for c in channels
                ],
                "ehr_adapters": [
                    {
                        "name": a.name,
                        "description": a.description.as_dict(),
                        "capabilities": sorted(a.capabilities),
                    }
                    for a in adapters
                ],
            }
        )
        return
    for row in rows:
        version = f" {row['version']}" if row["version"] else ""
        click.echo(f"{row['name']} ({row['distribution'] or row['module']}{version})")
        for hook in row["hooks"]:
            click.echo(f"    {hook}")
    click.echo(
        "storage backends: " + ", ".join(f"{b.name} ({'/'.join(b.schemes)})" for b in backends)
    )
    click.echo("notification channels: " + (", ".join(c.name for c in channels) or "-"))
    click.echo("EHR adapters: " + (", ".join(a.name for a in adapters) or "-"))


# --------------------------------------------------------------------------- records
@click.group("records")
def records_group() -> None:
    """Inspect the records in a store (CPR numbers masked)."""


@records_group.command("list")
@click.argument("kind")
@db_option()
@click.option("--citizen", "citizen_id", default=None, help="Only this citizen's records.")
@click.option("--status", default=None, help="Only records in this workflow state.")
@click.option(
    "--text",
    default=None,
    help="Only records whose names, titles or own words contain every word "
    "(case and accents ignored: 'soren' finds 'Søren').",
)
@click.option(
    "--changed-since",
    "changed_since",
    default=None,
    metavar="ISO-TIME",
    help="Only records changed at or after this time (ISO 8601; without a zone: UTC).",
)
@click.option(
    "--order",
    type=click.Choice(["changed", "id"]),
    default="changed",
    show_default=True,
    help="Oldest change first, or by record id.",
)
@click.option(
    "--limit",
    default=str(DEFAULT_LIMIT),
    show_default=True,
    metavar="N",
    help=f"Records per page (1-{MAX_LIMIT}).",
)
@click.option("--after", default=None, metavar="CURSOR", help="The cursor of the next page.")
@lang_option()
@json_option()
def records_list(
    *,
    kind: str,
    db: str | None,
    citizen_id: str | None,
    status: str | None,
    text: str | None,
    changed_since: str | None,
    order: QueryOrder,
    limit: str,
    after: str | None,
    lang: str,
    as_json: bool,
) -> None:
    """List one page of the latest versions of KIND, and the cursor of the next page
    (``--after`` it to continue)."""
    if kind not in RECORD_TYPES:
        fail_usage(unknown_kind(kind, RECORD_TYPES, check_lang(lang)))
    with open_from_cli(db) as app:
        try:
            page = Repository(app, record_type(kind)).query(
                citizen_id=citizen_id,
                status=status,
                text=text,
                # a value the CLI cannot parse goes to the query as given: it refuses it
                # with its own bilingual message (InvalidQueryError)
                changed_since=cast(dt.datetime | None, _cli_time(changed_since)),
                order=order,
                limit=cast(int, _cli_int(limit)),
                after=after,
            )
        except CarekitError as exc:
            fail_usage(error_message(exc, check_lang(lang)))
        if as_json:
            echo_json(
                {
                    "items": [
                        {
                            "version": r.version,
                            "stored_at": r.stored_at.isoformat(),
                            "record": record_json(r.record),
                        }
                        for r in page
                    ],
                    "next": page.next,
                }
            )
            return
        for row in page:
            rec = row.record
            status_text = getattr(rec, "status", "")
            title = _title(rec)
            line = f"{rec.record_id}  v{row.version}  {status_text:<14} {title}".rstrip()
            click.echo(mask_cpr_in_text(line))
        more = (
            Text(f"; næste side: --after {page.next}", f"; next page: --after {page.next}")
            if page.next
            else Text("; sidste side", "; last page")
        )
        label = record_type(kind).LABEL
        n = len(page)
        counted = Text(
            f"{n} {'post' if n == 1 else 'poster'} af typen {label.da}",
            f"{n} {'record' if n == 1 else 'records'} of kind {label.en}",
        )
        click.echo(f"({counted.get(check_lang(lang))}{more.get(check_lang(lang))})", err=True)


def _cli_int(value: str) -> int | str:
    """*value* as an int when it is one; else as given, so the query refuses it with its
    own bilingual message."""
    try:
        return int(value)
    except ValueError:
        return value


def _cli_time(value: str | None) -> dt.datetime | str | None:
    """An ISO 8601 time, UTC when it names no zone; else as given (refused by the query)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _title(record: Record) -> str:
    for name in ("display_name", "title", "name", "topic", "text", "description", "content"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            short = value if len(value) <= 60 else value[:57] + "…"
            return mask_cpr_in_text(short)
    return ""


@records_group.command("show")
@click.argument("record_id")
@db_option()
@click.option("--version", "version", type=int, default=None, help="A given version.")
@click.option("--history", is_flag=True, help="Show every version.")
@click.option("--reveal-cpr", is_flag=True, help="Show the CPR number in full (audited use).")
def records_show(
    record_id: str, db: str | None, version: int | None, *, history: bool, reveal_cpr: bool
) -> None:
    """Print a record (latest version) as JSON."""
    with open_from_cli(db, Purpose.REVEAL if reveal_cpr else Purpose.CARE) as app:
        try:
            rows = _show_rows(app, record_id, version=version, history=history)
        except RecordNotFoundError as exc:
            fail_usage(error_message(exc, current_lang()))
        out = [
            {
                "version": r.version,
                "stored_at": r.stored_at.isoformat(),
                "record": record_json(r.record, reveal_cpr=reveal_cpr),
            }
            for r in rows
        ]
        echo_json(out if history else out[0])


def _show_rows(
    app: Application, record_id: str, *, version: int | None, history: bool
) -> list[StoredRecord[Record]]:
    """What ``records show`` prints, read through the application (so the read is logged
    once): every version, one version or the latest."""
    if history:
        kind = app.store.get(record_id).record.kind  # which repository; not shown
        return list(Repository(app, record_type(kind)).history(record_id))
    return [app.get(record_id, version=version)]


# --------------------------------------------------------------------------- check
@click.command("check")
@db_option()
@lang_option()
@json_option()
def check_command(db: str | None, lang: str, *, as_json: bool) -> None:
    """List stored versions that can no longer be read (an older schema, a corrupt row) and
    how to repair them.  Exit 0 when every version reads, 1 otherwise.  Content is never
    shown.  A SQLite file that does not exist is an error: checking never creates a store."""
    language: Lang = check_lang(lang)
    url = resolve_url(db)
    parsed = parse_store_url(url)
    if parsed.scheme == "sqlite" and not Path(parsed.path).exists():
        fail_usage(
            Text(
                f"{parsed.path} findes ikke; der er intet lager at tjekke (angiv det med --db).",
                f"{parsed.path} does not exist; there is no store to check (name it with --db).",
            ).get(language)
        )
    with open_from_cli(url) as app:
        bad = app.unreadable_versions()
        chain = _chain_findings(app.store)
    if as_json:
        echo_json(
            [
                {
                    "record_id": b.record_id,
                    "version": b.version,
                    "reason": b.reason,
                    "message": b.text.as_dict(),
                }
                for b in bad
            ]
            + [{**f.as_dict(), "reason": "chain"} for f in chain]
        )
    else:
        for b in bad:
            click.echo(b.text.get(language))
        for f in chain:
            click.echo(f.text.get(language))
        if not bad:
            click.echo(
                "Alle gemte versioner kan læses." if language == "da" else "Every version reads."
            )
        if not chain:
            click.echo(
                "Historikken er uændret (hash-kæden stemmer)."
                if language == "da"
                else "The history is unchanged (the hash chain verifies)."
            )
    if bad or chain:
        raise SystemExit(1)


def _chain_findings(store: object) -> list[Any]:
    """The hash chain's findings (``carekit audit verify``); none for a store without one."""
    from carekit.store._chain import ChainedStore  # noqa: PLC0415

    if not isinstance(store, ChainedStore):
        return []
    return list(store.chain_verify(store.checkpoints()).findings)


# --------------------------------------------------------------------------- due
@click.command("due")
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="Date (YYYY-MM-DD); default today in Europe/Copenhagen.",
)
@db_option()
@lang_option()
@json_option()
def due_command(as_of: dt.date | None, db: str | None, lang: str, *, as_json: bool) -> None:
    """List what is due or overdue: safety-plan reviews, expectation alignments and their open
    gaps, trial actions to start and evaluate, consent renewals, check-ins and information to
    follow up, preparation to review after a transition, home agreements to review, network
    meetings, routines to review, and trial actions that need a new perspective."""
    language: Lang = check_lang(lang)
    with open_from_cli(db) as app:
        items = app.due(as_of)
        if as_json:
            echo_json(
                [
                    {
                        "category": str(i.category),
                        "kind": i.kind,
                        "record_id": i.record_id,
                        "citizen_id": i.citizen_id,
                        "due_on": i.due_on.isoformat(),
                        "overdue": i.overdue,
                        "reason": _mask_strings(i.reason.as_dict()),
                        "responsible": i.responsible.id if i.responsible else None,
                    }
                    for i in items
                ]
            )
            return
        for item in items:
            late = (" (for sent)" if language == "da" else " (overdue)") if item.overdue else ""
            who = f"  [{item.responsible.name or item.responsible.id}]" if item.responsible else ""
            line = f"{item.due_on}  {item.reason.get(language)}{late}{who}  {item.record_id}"
            click.echo(mask_cpr_in_text(line))
        if not items:
            click.echo("Intet at gøre." if language == "da" else "Nothing is due.")


# --------------------------------------------------------------------------- demo
DEMO_FILE = "carekit-demo.sqlite"


def _refuse_non_empty(url: str) -> None:
    """A store the demo cannot mark (PostgreSQL, …) must hold nothing at all: the demo
    only adds to it, and never to a store in use."""
    from carekit.demo import DemoStoreRefusedError  # noqa: PLC0415

    with open_from_cli(url) as app:
        empty = not app.store.query(limit=1) and not app.store.outbox(limit=1)
        shown = app.store.url
    if not empty:
        raise DemoStoreRefusedError(
            mask_url(shown),
            "not_empty",
            Text(
                "Lageret er ikke tomt; demoen fylder kun et tomt lager.",
                "The store is not empty; the demo only fills an empty store.",
            ),
        )


def _prepare_demo_store(url: str) -> None:
    """Make *url* ready for a fresh demo.  A SQLite file the demo made earlier (it carries
    the demo's marker and only demo citizens) is replaced; any other existing file is
    refused and left untouched; a new file is created with the marker.  Other stores must
    be empty (``memory://`` always is)."""
    from carekit.demo import (  # noqa: PLC0415
        check_replaceable,
        create_demo_file,
        demo_citizens,
        remove_demo_file,
    )

    parsed = parse_store_url(url)
    if parsed.scheme != "sqlite":
        _refuse_non_empty(url)
        return
    path = Path(parsed.path)
    if path.exists() or path.is_symlink():
        check_replaceable(path, {c.record_id for c in demo_citizens()})
        remove_demo_file(path)
    try:
        create_demo_file(path)
    except OSError as exc:
        fail_usage(
            Text(
                f"Kan ikke oprette {path}: {exc.strerror or type(exc).__name__}.",
                f"cannot create {path}: {exc.strerror or type(exc).__name__}",
            ).get(current_lang())
        )


@click.command("demo")
@db_option(
    f"Store for the demo: a SQLite file path or a store URL (default: ./{DEMO_FILE}). "
    "A demo file made earlier by this command is replaced; any other file, or a store "
    "that is not empty, is refused and left as it is."
)
@lang_option()
def demo_command(db: str | None, lang: str) -> None:
    """Walk the whole cycle on the embedded SQLite store with two demo citizens.

    Stores the citizens' records, walks every workflow (safety plans, expectation
    alignments, dreams, trial actions, learning stories, the network), and lists what is due.
    The demo never destroys data it did not create: it replaces only a SQLite file it made
    itself (marked inside the file), and refuses anything else with exit code 2.
    """
    from carekit.demo import run_demo  # noqa: PLC0415

    url = db or db_url(str(Path.cwd() / DEMO_FILE))
    try:
        _prepare_demo_store(url)
    except CarekitError as exc:
        fail_usage(error_message(exc, current_lang()))
    parsed = parse_store_url(url)
    where = parsed.path if parsed.scheme == "sqlite" else mask_url(url)
    language: Lang = check_lang(lang)
    with open_from_cli(url) as app:
        summary = run_demo(app, lang=language, echo=click.echo)
    click.echo("")
    click.echo(
        f"Demo-databasen ligger i {where}. Prøv: carekit due --db {where} --as-of 2026-11-27"
        if language == "da"
        else f"The demo store is {where}. Try: carekit due --db {where} --as-of 2026-11-27"
    )
    if summary.records == 0:  # pragma: no cover - defensive
        raise SystemExit(EXIT_USAGE)
