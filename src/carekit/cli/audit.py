"""``carekit audit``: verify the tamper-evident history and export signed checkpoints.

* ``carekit audit verify [--db] [--checkpoint FILE ...] [--public-key KEY] [--format json]``
  recomputes the hash chain over every record version and audit row, names the first bad
  row (table, position, record id, what differs) and checks each checkpoint file: signed by
  the trusted key, and its head still a prefix of the chain.  Exit 0 verified, 1 tampering
  found (or a checkpoint refused), 2 usage error.
* ``carekit audit checkpoint [--db] [-o FILE]`` verifies the chain, signs its head with the
  key from the settings file (``[audit] signing_key_file`` or ``signing_key``), keeps the
  checkpoint in the store and writes it as JSON for safekeeping outside the database.
* ``carekit audit public-key`` prints the public half of that key, for verifiers.
* ``carekit audit new-key -o FILE`` writes a new private key (PEM, mode 0600).

Keys are never printed.  See ``docs/privacy.md`` (tamper-evident history).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from carekit.cli._common import EXIT_INVALID, create_secret_file, echo_json, fail_usage
from carekit.cli._options import current_lang, db_option, error_message, lang_option
from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang
from carekit.store import parse_store_url, resolve_url
from carekit.store._chain import ChainedStore, ChainReport, Checkpoint
from carekit.store._checkpoint import (
    AuditKeyError,
    checkpoint_from_json,
    checkpoint_json,
    generate_key_pem,
    key_id,
    load_private_key,
    load_public_key,
    public_key_bytes,
    sign_head,
    signature_valid,
)
from carekit.store._common import utcnow

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

__all__ = ["EXIT_TAMPERED", "audit_group"]

#: Exit code of ``audit verify`` when the chain or a checkpoint does not verify.
EXIT_TAMPERED = EXIT_INVALID

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


@click.group("audit")
def audit_group() -> None:
    """Tamper-evident history: verify the hash chain, sign and export checkpoints."""


def _settings_key(required: bool = True) -> Ed25519PrivateKey | None:
    from carekit.cli._wiring import load_settings  # noqa: PLC0415 - imports the app layer

    root = click.get_current_context().find_root().obj
    settings = load_settings(getattr(root, "config", None))
    conf = settings.audit
    where = f"[audit] i {settings.path}" if settings.path else "[audit]"
    value = conf.get("signing_key_file") or conf.get("signing_key")
    if not isinstance(value, str) or not value:
        if not required:
            return None
        fail_usage(
            Text(
                "Ingen signeringsnøgle: sæt signing_key_file (sti til en PEM-fil) i afsnittet "
                "[audit] i indstillingsfilen (--config / CAREKIT_CONFIG). Lav en med "
                "'carekit audit new-key -o FIL'.",
                "No signing key: set signing_key_file (path of a PEM file) in the [audit] "
                "section of the settings file (--config / CAREKIT_CONFIG). Make one with "
                "'carekit audit new-key -o FILE'.",
            ).get(current_lang())
        )
    try:
        return load_private_key(value, source=where)
    except AuditKeyError as exc:
        fail_usage(error_message(exc, current_lang()))


@contextmanager
def _chained_store(db: str | None) -> Iterator[ChainedStore]:
    from carekit.cli._app_commands import open_from_cli  # noqa: PLC0415

    lang = current_lang()
    url = resolve_url(db)
    parsed = parse_store_url(url)
    if parsed.scheme == "sqlite" and not Path(parsed.path).exists():
        fail_usage(
            Text(
                f"{parsed.path} findes ikke; der er intet lager at efterprøve (angiv det med "
                "--db).",
                f"{parsed.path} does not exist; there is no store to verify (name it with --db).",
            ).get(lang)
        )
    with open_from_cli(url) as app:
        store = app.store
        if not isinstance(store, ChainedStore):
            fail_usage(
                Text(
                    f"Lageret {parsed.masked} fører ingen manipulationssikret historik "
                    "(kun SQLite og PostgreSQL gør).",
                    f"The store {parsed.masked} keeps no tamper-evident history (SQLite and "
                    "PostgreSQL do).",
                ).get(lang)
            )
        yield store


def _read_checkpoints(files: Sequence[Path]) -> list[tuple[str, Checkpoint]]:
    out = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            fail_usage(
                Text(
                    f"Kontrolpunktet {path} kan ikke læses ({exc.strerror}).",
                    f"The checkpoint {path} cannot be read ({exc.strerror}).",
                ).get(current_lang())
            )
        try:
            out.append((str(path), checkpoint_from_json(data, source=str(path))))
        except CarekitError as exc:
            fail_usage(error_message(exc, current_lang()))
    return out


def _trusted_key(public_key: str | None, needed: bool) -> Ed25519PublicKey | None:
    if public_key is not None:
        try:
            return load_public_key(public_key)
        except AuditKeyError as exc:
            fail_usage(error_message(exc, current_lang()))
    private = _settings_key(required=False)
    if private is not None:
        return private.public_key()
    if needed:
        fail_usage(
            Text(
                "Angiv den offentlige nøgle, kontrolpunkterne skal være signeret med "
                "(--public-key BASE64|FIL, fra 'carekit audit public-key').",
                "Give the public key the checkpoints must be signed with (--public-key "
                "BASE64|FILE, from 'carekit audit public-key').",
            ).get(current_lang())
        )
    return None


def _summary(report: ChainReport, lang: Lang, checked: int) -> str:
    head = report.head
    if lang == "da":
        text = (
            f"Kæden er i orden: {report.rows} rækker, hoved #{head.seq} {head.hash.hex()[:16]}… "
            f"(kæde {head.chain_id})."
        )
        return text + (f" {checked} kontrolpunkt(er) stemmer." if checked else "")
    text = (
        f"The chain verifies: {report.rows} rows, head #{head.seq} {head.hash.hex()[:16]}… "
        f"(chain {head.chain_id})."
    )
    return text + (f" {checked} checkpoint(s) agree." if checked else "")


@audit_group.command("verify")
@db_option()
@click.option(
    "--checkpoint",
    "checkpoint_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A checkpoint file (from 'audit checkpoint') the chain must still agree with.",
)
@click.option(
    "--public-key",
    "public_key",
    metavar="BASE64|FILE",
    default=None,
    help="The key checkpoints must be signed with (default: the settings file's key).",
)
@lang_option()
@_FORMAT
def verify_command(
    db: str | None,
    checkpoint_files: tuple[Path, ...],
    public_key: str | None,
    lang: str,
    fmt: str,
) -> None:
    """Recompute the hash chain over every version and audit row and check checkpoints.

    Exit 0 when everything verifies, 1 when a row is changed, missing, inserted or out of
    order or a checkpoint is refused, 2 on a usage error.
    """
    language = check_lang(lang)
    files = _read_checkpoints(checkpoint_files)
    trusted = _trusted_key(public_key, needed=bool(files))
    refused: list[dict[str, Any]] = []
    good: list[Checkpoint] = []
    for source, cp in files:
        if trusted is not None and signature_valid(cp, trusted):
            good.append(cp)
            continue
        text = Text(
            f"Kontrolpunktet {source} er ikke signeret med den betroede nøgle "
            f"({key_id(public_key_bytes(trusted)) if trusted else '-'}); det afvises.",
            f"The checkpoint {source} is not signed by the trusted key "
            f"({key_id(public_key_bytes(trusted)) if trusted else '-'}); it is refused.",
        )
        refused.append({"source": source, "seq": cp.seq, "message": text.as_dict()})
    with _chained_store(db) as store:
        stored = store.checkpoints()
        report = store.chain_verify([*good, *stored])
    ok = report.ok and not refused
    if fmt == "json":
        echo_json(
            {
                "verified": ok,
                "rows": report.rows,
                "head": {
                    "chain_id": report.head.chain_id,
                    "seq": report.head.seq,
                    "hash": report.head.hash.hex(),
                },
                "checkpoints": {
                    "accepted": [s for s, cp in files if cp in good],
                    "refused": refused,
                    "stored": len(stored),
                },
                "first": report.findings[0].as_dict() if report.findings else None,
                "findings": [f.as_dict() for f in report.findings],
            }
        )
    else:
        for item in refused:
            click.echo(item["message"][language])
        if report.findings:
            first = report.findings[0]
            lead = "Første fejl" if language == "da" else "First problem"
            click.echo(f"{lead}: {first.text.get(language)}")
            for finding in report.findings[1:20]:
                click.echo(f"  {finding.text.get(language)}")
            if len(report.findings) > 20:
                more = len(report.findings) - 20
                click.echo(f"  … {more} mere" if language == "da" else f"  … {more} more")
        if ok:
            click.echo(_summary(report, language, len(good) + len(stored)))
    if not ok:
        raise SystemExit(EXIT_TAMPERED)


@audit_group.command("checkpoint")
@db_option()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the checkpoint JSON to this file (default: standard output).",
)
@lang_option()
def checkpoint_command(db: str | None, output: Path | None, lang: str) -> None:
    """Verify the chain, sign its head and keep the checkpoint (in the store and as JSON).

    Run it periodically (cron, a systemd timer) and keep the files outside the database.
    Refuses (exit 1) to sign a chain that does not verify.
    """
    language = check_lang(lang)
    key = _settings_key()
    assert key is not None  # _settings_key(required=True) exits otherwise
    with _chained_store(db) as store:
        report = store.chain_verify(store.checkpoints())
        if not report.ok:
            first = report.findings[0].text.get(language)
            click.echo(
                (
                    f"Kæden er brudt; intet kontrolpunkt signeret. Første fejl: {first}"
                    if language == "da"
                    else f"The chain is broken; no checkpoint was signed. First problem: {first}"
                ),
                err=True,
            )
            raise SystemExit(EXIT_TAMPERED)
        checkpoint = sign_head(key, report.head, utcnow())
        store.add_checkpoint(checkpoint)
    data = checkpoint_json(checkpoint)
    if output is None:
        echo_json(data)
        return
    import orjson  # noqa: PLC0415

    try:
        output.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    except OSError as exc:
        fail_usage(
            Text(
                f"Kan ikke skrive {output} ({exc.strerror}).",
                f"Cannot write {output} ({exc.strerror}).",
            ).get(language)
        )
    click.echo(
        f"Kontrolpunkt #{checkpoint.seq} skrevet til {output}."
        if language == "da"
        else f"Checkpoint #{checkpoint.seq} written to {output}."
    )


@audit_group.command("public-key")
@lang_option()
@_FORMAT
def public_key_command(lang: str, fmt: str) -> None:
    """Print the public key of the settings file's signing key (base64 of 32 raw bytes),
    for verifiers: 'carekit audit verify --public-key KEY'."""
    check_lang(lang)
    key = _settings_key()
    assert key is not None
    raw = public_key_bytes(key)
    import base64  # noqa: PLC0415

    encoded = base64.b64encode(raw).decode()
    if fmt == "json":
        echo_json({"algorithm": "ed25519", "public_key": encoded, "key_id": key_id(raw)})
    else:
        click.echo(encoded)


@audit_group.command("new-key")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the private key (PEM); refused if the file exists.",
)
@lang_option()
def new_key_command(output: Path, lang: str) -> None:
    """Write a new Ed25519 signing key (PEM, readable by its owner only) and print its public
    key.  Name the file in the settings file: [audit] signing_key_file = "FILE"."""
    language = check_lang(lang)
    create_secret_file(output, generate_key_pem(), language)
    import base64  # noqa: PLC0415

    public = public_key_bytes(load_private_key(str(output), source=str(output)))
    click.echo(base64.b64encode(public).decode())
