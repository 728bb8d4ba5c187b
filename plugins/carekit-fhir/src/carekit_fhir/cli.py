"""``carekit export fhir``: write a citizen's (or every citizen's) records as a FHIR Bundle.

The coordinator mounts :data:`export_fhir_command` under the ``carekit export`` group, or
builds one with :func:`make_export_fhir_command` and its own record loader.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from carekit.model import Record
from carekit_fhir._export import export_bundle

__all__ = ["LoadRecords", "default_load_records", "export_fhir_command", "make_export_fhir_command"]

#: ``load_records(db_url, citizen_id)`` → the latest version of every record (of that citizen,
#: or of all citizens when it is None).
LoadRecords = Callable[[str | None, str | None], Iterable[Record]]


def default_load_records(db: str | None, citizen: str | None) -> list[Record]:
    """Open the store with ``carekit.open(db)`` and query it."""
    import carekit  # noqa: PLC0415 - the application layer is optional at import time

    opener: Any = getattr(carekit, "open", None)
    if opener is None:
        raise click.UsageError(
            "carekit.open() findes ikke i denne installation; opdatér carekit. / "
            "carekit.open() is not available in this installation; upgrade carekit."
        )
    app = opener(db) if db else opener()
    stored = app.store.query(citizen_id=citizen)
    return [getattr(s, "record", s) for s in stored]


def make_export_fhir_command(load_records: LoadRecords = default_load_records) -> click.Command:
    @click.command("fhir")
    @click.option(
        "--citizen",
        "citizen",
        default=None,
        help="Borgerens id (uden: alle borgere) / The citizen's id (all without it).",
    )
    @click.option("--db", "db", default=None, help="Database-URL / database URL.")
    @click.option(
        "--output",
        "output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Fil (ellers standardoutput) / file (else stdout).",
    )
    def export_fhir(citizen: str | None, db: str | None, output: Path | None) -> None:
        """Eksportér som FHIR R4 transaktions-Bundle / export as a FHIR R4 transaction Bundle."""
        records = list(load_records(db, citizen))
        if citizen is not None and not any(r.kind == "citizen" for r in records):
            raise click.ClickException(
                f"Ingen borger med id {citizen}. / No citizen with id {citizen}."
            )
        bundle = export_bundle(records, citizen_ids=[citizen] if citizen else None)
        text = json.dumps(bundle, ensure_ascii=False, indent=2)
        if output is None:
            click.echo(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
            click.echo(
                f"Skrev {len(bundle.get('entry') or [])} ressourcer til {output}. / "
                f"Wrote {len(bundle.get('entry') or [])} resources to {output}.",
                err=True,
            )

    return export_fhir


export_fhir_command = make_export_fhir_command()
