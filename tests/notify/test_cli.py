"""The click commands, with the application's NotifyEnv injected the way carekit.cli does."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from carekit.cli.notify import (
    NotifyApp,
    NotifyEnv,
    dispatch_command,
    outbox_group,
    remind_command,
)
from carekit.notify import Backoff, Routing
from carekit.store import SQLiteStore
from carekit.testing.records import make_record

from .conftest import FakeChannel

#: run(*args), the --db URL, and the channel the commands deliver to
Cli = tuple[Callable[..., Result], str, FakeChannel]
DUE = dt.date(2026, 12, 1)


@pytest.fixture
def cli(tmp_path: Path, routing: Routing) -> Cli:
    db = f"sqlite:///{tmp_path / 'care.db'}"
    channel = FakeChannel("webhook")

    def open_app(url: str | None) -> NotifyApp:
        assert url == db
        store = SQLiteStore(tmp_path / "care.db")
        return NotifyApp(
            store=store,
            channels={"webhook": channel},
            routing=routing,
            backoff=Backoff(random=lambda: 0.0),
        )

    @click.group()
    @click.pass_context
    def main(ctx: click.Context) -> None:
        ctx.obj = NotifyEnv(open=open_app)

    main.add_command(dispatch_command)
    main.add_command(outbox_group)
    main.add_command(remind_command)
    with SQLiteStore(tmp_path / "care.db") as store:
        store.put(make_record("citizen", 0), expected_version=None)  # the plan's citizen
        store.put(make_record("safety_plan", review_date=DUE), expected_version=None)

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, [*args], catch_exceptions=False)

    return run, db, channel


def test_remind_then_dispatch_then_remind_again_sends_once(cli: Cli) -> None:
    run, db, channel = cli
    first = run("remind", "--as-of", "2026-12-01", "--db", db)
    assert first.exit_code == 0
    assert "1 nye påmindelser" in first.output
    again = run("remind", "--as-of", "2026-12-01", "--db", db, "--lang", "en")
    assert "0 new reminders, 1 already sent" in again.output
    sent = run("dispatch", "--once", "--db", db, "--lang", "en")
    assert sent.exit_code == 0
    assert "Delivered 1" in sent.output
    assert len(channel.sent) == 1


def test_outbox_list_json_shows_ids_keys_and_types_never_texts(cli: Cli) -> None:
    run, db, _ = cli
    run("remind", "--as-of", "2026-12-01", "--db", db)
    result = run("outbox", "list", "--json", "--db", db)
    (row,) = json.loads(result.output)
    assert row["topic"] == "notify"
    assert row["type"] == "reminder.safety_plan_review"
    assert "Hej" not in result.output


def test_dead_letters_can_be_listed_and_retried(cli: Cli) -> None:
    run, db, channel = cli
    run("remind", "--as-of", "2026-12-01", "--db", db)
    channel.faults.extend(["fatal"])
    run("dispatch", "--db", db)
    dead = run("outbox", "list", "--status", "dead", "--db", db)
    assert "bad address" in dead.output
    retried = run("outbox", "retry", "--all-dead", "--db", db, "--lang", "en")
    assert "1 message(s) will be sent again" in retried.output
    assert run("outbox", "retry", "--all-dead", "--db", db).output.startswith("Der er ingen")


def test_bad_arguments_are_explained(cli: Cli) -> None:
    run, db, _ = cli
    result = CliRunner().invoke(remind_command, ["--as-of", "1/12", "--db", db])
    assert result.exit_code == 2
    assert "ÅÅÅÅ-MM-DD, fx 2026-11-19" in result.output
    both = run("outbox", "retry", "abc", "--all-dead", "--db", db)
    assert both.exit_code == 2
    assert "ID" in both.output


def test_without_an_application_dispatch_says_to_configure_a_channel(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner().invoke(dispatch_command, ["--db", db, "--lang", "en"])
    assert result.exit_code == 1
    assert "No channels are configured" in result.output
    listed = CliRunner().invoke(outbox_group, ["list", "--db", db])
    assert listed.exit_code == 0


def test_a_pending_reminder_cancelled_is_never_sent_and_says_why(cli: Cli) -> None:
    run, db, channel = cli
    run("remind", "--as-of", "2026-12-01", "--db", db)
    (row,) = json.loads(run("outbox", "list", "--json", "--db", db).output)
    done = run(
        "outbox", "cancel", row["id"], "--reason", "Besøget er flyttet (010190-1234)", "--db", db
    )
    assert done.exit_code == 0
    assert done.output == f"Beskeden {row['id']} er annulleret og bliver ikke sendt.\n"
    (dead,) = json.loads(run("outbox", "list", "--json", "--status", "dead", "--db", db).output)
    assert dead["last_error"] == "cancelled: Besøget er flyttet (010190-XXXX)"
    run("dispatch", "--once", "--db", db)
    assert channel.sent == []
    # cancelled once is not pending any more: a second cancel is refused, in English too
    again = run("outbox", "cancel", row["id"], "--reason", "x", "--db", db, "--lang", "en")
    assert again.exit_code == 1
    assert f"Outbox item {row['id']} is 'dead'; cancel needs status pending." in again.output


def test_cancel_refuses_a_delivered_or_unknown_message_and_needs_a_reason(cli: Cli) -> None:
    run, db, _ = cli
    run("remind", "--as-of", "2026-12-01", "--db", db)
    (row,) = json.loads(run("outbox", "list", "--json", "--db", db).output)
    run("dispatch", "--once", "--db", db)
    late = run("outbox", "cancel", row["id"], "--reason", "for sent", "--db", db)
    assert late.exit_code == 1
    assert "har status 'delivered'; cancel kræver status pending" in late.output
    unknown = run("outbox", "cancel", "no-such-id", "--reason", "x", "--db", db, "--lang", "en")
    assert unknown.exit_code == 1
    assert "no-such-id" in unknown.output
    assert "Traceback" not in unknown.output
    bare = run("outbox", "cancel", row["id"], "--db", db)
    assert bare.exit_code == 2
    assert "--reason" in bare.output
