"""No unmasked CPR number leaves carekit: a store seeded with CPR numbers in every spelling in
its free-text fields (names, notes, life stories, situation texts), then every command that
reads it.  :func:`carekit.privacy.find_cprs` must find nothing in stdout, stderr, the files
written, or the database rows outside the record documents - and an explicit
``--reveal-cpr`` is the only way the full number appears.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import carekit
from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.events import DomainEvent
from carekit.model import Citizen, Record, parse_record
from carekit.notify import (
    DEFAULT_EVENT_RULES,
    DeliveryReceipt,
    Dispatcher,
    Notification,
    Recipient,
    Routing,
    StaticDirectory,
    remind,
)
from carekit.privacy import find_cprs
from carekit.render import pdf_available
from carekit.testing.readers import open_reading

mount_all(cli)

SPELLINGS = [
    "010137-4002",
    "0101374002",
    "010137 4002",
    "010137–4002",
    "01.01.37-4002",
    "010137/4002",
]
#: The citizen's own CPR field, shown in full only with --reveal-cpr.
OWN_CPR = "020288-4013"
DOCUMENTS = ["safety-plan", "visits", "network", "alignment", "home-card", "dreams", "watch"]


def _salt(value: Any, spellings: itertools.cycle[str]) -> Any:
    """Every free-text string (one with a space in it) gets a CPR number appended."""
    if isinstance(value, str) and " " in value and len(value) < 400:
        return f"{value} (CPR {next(spellings)})"
    if isinstance(value, list):
        return [_salt(v, spellings) for v in value]
    if isinstance(value, dict):
        return {k: _salt(v, spellings) for k, v in value.items()}
    return value


def _seeded() -> list[Record]:
    spellings = itertools.cycle(SPELLINGS)
    out: list[Record] = []
    for record in demo_records():
        data = record.model_dump(mode="json")
        salted = _salt(data, spellings)
        if isinstance(record, Citizen):
            salted["display_name"] = f"{data['display_name']} {next(spellings)}"
            salted["cpr"] = OWN_CPR
        try:
            out.append(parse_record(salted))
        except carekit.errors.RecordValidationError:
            out.append(record)  # a field with a pattern: the demo value stays
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("leak") / "care.sqlite"
    with open_reading(db) as app:
        app.import_records(_seeded(), actor=DEMO_IMPORTER)
    return db


#: A hex digest (HMAC signature, idempotency key): 32 or more hex digits in one token.
_HEX_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32,}(?![0-9A-Za-z])")


def _unmasked(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_cprs(text)]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def _citizens(db: Path) -> list[str]:
    with open_reading(db) as app:
        return [str(r.record_id) for r in app.store.query(kind="citizen")]


def test_seed_holds_every_spelling(store: Path) -> None:
    """The test is only worth something if the free text really holds the numbers."""
    con = sqlite3.connect(store)
    documents = " ".join(
        bytes(row[0]).decode() if isinstance(row[0], bytes) else str(row[0])
        for row in con.execute("SELECT data FROM records")
    )
    con.close()
    for spelling in SPELLINGS:
        assert spelling in documents


def test_cli_output_never_holds_an_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    db = str(store)
    ids = _citizens(store)
    with open_reading(store) as app:
        record_ids = [str(r.record_id) for r in app.store.query(kind="network_member")][:3]
    runs: list[tuple[str, ...]] = []
    for kind in ["citizen", "network_member", "dream", "safety_plan", "information_record"]:
        runs += [
            ("records", "list", kind, "--db", db),
            ("records", "list", kind, "--db", db, "--json"),
        ]
    for rid in [*ids, *record_ids]:
        runs += [
            ("records", "show", rid, "--db", db),
            ("records", "show", rid, "--db", db, "--history"),
        ]
    runs += [("due", "--db", db), ("due", "--db", db, "--json"), ("check", "--db", db)]
    runs += [("check", "--db", db, "--json"), ("outbox", "list", "--db", db)]
    runs += [("report", "--db", db, "--format", "json"), ("report", "--db", db, "--format", "csv")]
    for citizen, document, lang in itertools.product(ids, DOCUMENTS, ["da", "en"]):
        runs.append(("render", document, "--citizen", citizen, "--db", db, "--lang", lang))
    leaks: dict[str, list[str]] = {}
    for args in runs:
        code, output = _run(*args)
        assert code in (0, 1), (args, output[-500:])
        if found := _unmasked(output):
            leaks[" ".join(args[:3])] = found
    assert leaks == {}, sorted(leaks)


@pytest.mark.needs_plugin("carekit-fhir")
def test_fhir_export_holds_no_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    code, output = _run("export", "fhir", "--db", str(store), "-o", str(export))
    assert code == 0, output
    assert _unmasked(output) == []
    assert _unmasked(export.read_text(encoding="utf-8")) == []


def test_written_files_never_hold_an_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, output = _run("report", "--db", str(store), "-o", str(report))
    assert code == 0, output
    assert _unmasked(report.read_text(encoding="utf-8")) == []
    # an NDJSON export of the records (the store's own JSON), validated: findings masked
    ndjson = tmp_path / "records 010137-4002.jsonl"
    with open_reading(store) as app:
        lines = [
            r.record.model_dump_json()
            for kind in ("citizen", "dream")
            for r in app.store.query(kind=kind)
        ]
    ndjson.write_text(
        "\n".join(lines) + '\n{"kind": "citizen", "x": "010137-4002"}\n', encoding="utf-8"
    )
    for fmt in ("text", "json"):
        code, output = _run("validate", "--format", fmt, str(ndjson))
        assert code == 1, output
        assert _unmasked(output) == [], fmt


def test_database_rows_outside_the_documents_hold_no_cpr(store: Path) -> None:
    code, _ = _run("remind", "--db", str(store))
    assert code in (0, 1)
    con = sqlite3.connect(store)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    leaks: dict[str, list[str]] = {}
    for table in tables:
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            if table == "records" and column == "data":
                continue
            rows = con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()
            text = "\n".join(str(r[0]) for r in rows if r[0] is not None)
            if found := _unmasked(text):
                leaks[f"{table}.{column}"] = found
    con.close()
    assert leaks == {}, sorted(leaks)


def test_reveal_cpr_is_the_only_way_the_full_number_appears(store: Path) -> None:
    citizen = next(
        cid
        for cid in _citizens(store)
        if OWN_CPR in _run("records", "show", cid, "--db", str(store), "--reveal-cpr")[1]
    )
    masked = _run("records", "show", citizen, "--db", str(store))[1]
    assert OWN_CPR not in masked
    assert OWN_CPR.replace("-", "") not in masked
    assert _unmasked(masked) == []
    json.loads(masked)  # still one JSON document
    assert uuid.UUID(citizen)


# ------------------------------------------------------------------ export fhir --include-cpr
def _reveals(db: Path) -> list[str]:
    with open_reading(db) as app:
        return [e.operation for e in app.store.access_log() if e.purpose == "reveal"]


@pytest.mark.needs_plugin("carekit-fhir")
def test_include_cpr_adds_only_the_citizens_own_cpr_identifier(store: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    reveals_before = _reveals(store)
    code, output = _run("export", "fhir", "--db", str(store), "-o", str(export), "--include-cpr")
    assert code == 0, output
    # the reveal is logged as a read with the purpose "reveal", one entry per citizen
    assert len(_reveals(store)) > len(reveals_before)
    text = export.read_text(encoding="utf-8")
    # the one full CPR number is the citizen's own, in the DK Core CPR identifier only
    assert {m.digits for m in find_cprs(text)} == {OWN_CPR.replace("-", "")}
    bundle = json.loads(text)
    cpr_identifiers = [
        ident
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Patient"
        for ident in entry["resource"]["identifier"]
        if ident["system"] == "urn:oid:1.2.208.176.1.2"
    ]
    assert cpr_identifiers
    assert {i["value"] for i in cpr_identifiers} == {OWN_CPR.replace("-", "")}
    assert len(find_cprs(text)) == len(cpr_identifiers)
    # the free-text numbers are still masked, whatever the flag
    assert "010137-XXXX" in text
    # and without the flag the Patient has no CPR identifier at all
    plain = tmp_path / "plain.json"
    assert _run("export", "fhir", "--db", str(store), "-o", str(plain))[0] == 0
    assert "urn:oid:1.2.208.176.1.2" not in plain.read_text(encoding="utf-8")
    assert _unmasked(_run("export", "fhir", "--db", str(store))[1]) == []


# ------------------------------------------------------------------ test receivers (HTTP)
class _Capture:
    """An HTTP receiver on 127.0.0.1 (a free port) that keeps every request (path, headers,
    body) and answers with ``answer(body)``; it stops itself when the ``with`` block ends."""

    def __init__(self, answer: Callable[[bytes], tuple[int, bytes]]) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        capture = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet tests
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                capture.requests.append((self.path, dict(self.headers.items()), body))
                status, reply = answer(body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Capture:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def everything(self) -> str:
        return "\n".join(
            f"{path}\n{json.dumps(headers)}\n{body.decode('utf-8', 'replace')}"
            for path, headers, body in self.requests
        )


def _ok(_body: bytes) -> tuple[int, bytes]:
    return 200, b"{}"


def _rows(db: Path) -> dict[str, str]:
    """Every column of every table but the record documents, as text."""
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out: dict[str, str] = {}
        for table in tables:
            for column in [r[1] for r in con.execute(f"PRAGMA table_info({table})")]:
                if table == "records" and column == "data":
                    continue
                rows = con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()
                out[f"{table}.{column}"] = "\n".join(
                    bytes(r[0]).decode("utf-8", "replace") if isinstance(r[0], bytes) else str(r[0])
                    for r in rows
                    if r[0] is not None
                )
        return out
    finally:
        con.close()


# ------------------------------------------------------------------ notifications / outbox
class _RefusingChannel:
    """A channel whose receiver refuses every message, quoting a CPR number back."""

    name = "sms"
    requires_address = False

    def __init__(self, cpr: str) -> None:
        self.cpr = cpr

    def send(self, notification: Notification) -> DeliveryReceipt:
        raise carekit.errors.DeliveryError(
            f"number {self.cpr} unknown for {notification.recipient.display_name}",
            plugin="sms",
            retryable=False,
        )


@pytest.mark.needs_plugin("carekit-webhook")
def test_dispatch_sends_and_stores_no_unmasked_cpr(tmp_path: Path) -> None:
    """Events whose texts hold CPR numbers, recipients named with one, reminders for the seeded
    records: the webhook bodies the receiver gets, and every outbox row, hold none."""
    from carekit_webhook import make_channel

    spellings = itertools.cycle(SPELLINGS)
    db = tmp_path / "care.sqlite"
    with carekit.open(db) as app:
        app.import_records(_seeded(), actor=DEMO_IMPORTER)
        citizens = [str(c) for c in app.store.citizens()]
        people = [
            Recipient(id="team-nord", kind="team", display_name=f"Team {next(spellings)}"),
            *(
                Recipient(id=c, kind="citizen", display_name=f"Borger {next(spellings)}")
                for c in citizens
            ),
            Recipient(id="rel-1", kind="relative", display_name=f"Søn {next(spellings)}"),
        ]
        routing = Routing(
            directory=StaticDirectory(
                recipients=people,
                teams=dict.fromkeys(citizens, "team-nord"),
                relatives={c: ["rel-1"] for c in citizens},
            ),
            link_template="https://care.example.dk/{citizen_id}/{record_id}",
        )
        now = dt.datetime.now(dt.UTC)
        for citizen, name in itertools.product(citizens, DEFAULT_EVENT_RULES):
            event = DomainEvent(
                name=name,
                kind="trial_action",
                record_id=str(uuid.uuid4()),
                citizen_id=citizen,
                actor_id="staff-1",
                at=now,
                reason=f"aftalt med borgeren, CPR {next(spellings)}",
                data={"who": f"Anna {next(spellings)}", "when": f"tirsdag {next(spellings)}"},
            )
            app.store.enqueue("event", event.to_dict())
        remind(app.store, dt.date(2030, 1, 1), routing=routing)
        with (
            _Capture(_ok) as receiver,
            make_channel({"url": f"{receiver.url}/hook", "secret": "s" * 32}) as webhook,
        ):
            stats = Dispatcher(
                app.store, [webhook, _RefusingChannel(next(spellings))], routing=routing
            ).drain()
        assert stats.delivered > 0
        assert stats.dead > 0
    assert len(receiver.requests) == stats.delivered
    assert "010137-XXXX" in receiver.everything()  # the texts did hold the numbers
    # the signature and key headers are hex digests: ten digits in a row there are chance
    # (about one run in twenty), not a CPR number, so digests are left out of the search
    assert _unmasked(_HEX_DIGEST.sub("<digest>", receiver.everything())) == []
    leaks = {where: found for where, text in _rows(db).items() if (found := _unmasked(text))}
    assert leaks == {}, leaks


# ------------------------------------------------------------------ rendered documents
def test_rendered_html_files_hold_no_unmasked_cpr(store: Path, tmp_path: Path) -> None:
    ids = _citizens(store)
    leaks: dict[str, list[str]] = {}
    for citizen, document in itertools.product(ids, DOCUMENTS):
        page = tmp_path / f"{document}-{citizen}.html"
        code, output = _run(
            "render", document, "--citizen", citizen, "--db", str(store), "-o", str(page)
        )
        assert code in (0, 1), output
        for where, text in ((page.name, page.read_text(encoding="utf-8")), ("output", output)):
            if found := _unmasked(text):
                leaks[where] = found
    assert leaks == {}, leaks


# CI sets CAREKIT_REQUIRE_PDF=1: then a missing weasyprint fails instead of skipping.
@pytest.mark.skipif(
    not pdf_available() and os.environ.get("CAREKIT_REQUIRE_PDF") != "1",
    reason="PDF TESTS NOT RUN: weasyprint (with pango) is not installed",
)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_rendered_pdf_files_hold_no_unmasked_cpr(
    store: Path, tmp_path: Path, document: str
) -> None:
    import pypdf

    leaks: dict[str, list[str]] = {}
    for citizen in _citizens(store)[:1]:  # a PDF takes seconds: one seeded citizen
        pdf = tmp_path / f"{document}-{citizen}.pdf"
        code, output = _run(
            "render", document, "--citizen", citizen, "--db", str(store), "--format", "pdf",
            "-o", str(pdf),
        )  # fmt: skip
        assert code in (0, 1), output
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert text.strip(), document
        if found := _unmasked(text + output):
            leaks[pdf.name] = found
    assert leaks == {}, leaks
