"""``carekit schema``: list, show and export the published JSON Schemas."""

from __future__ import annotations

from pathlib import Path

import click

from carekit.cli._common import echo_json, fail_usage
from carekit.cli._options import json_option, lang_option, unknown_kind
from carekit.model import RECORD_TYPES
from carekit.schema import build_all, build_schema, dumps_schema, export_schemas, schema_id

__all__ = ["schema_group"]


@click.group("schema")
def schema_group() -> None:
    """The published JSON Schemas (draft 2020-12), one per record kind."""


@schema_group.command("list")
@json_option("Print JSON instead of a table.")
@lang_option()
def list_kinds(*, as_json: bool, lang: str) -> None:
    """List every record kind with its schema $id and the practices it serves."""
    rows = [
        {
            "kind": kind,
            "title": cls.LABEL.get("en" if lang == "en" else "da"),
            "practices": list(cls.PRACTICES),
            "$id": schema_id(kind),
        }
        for kind, cls in RECORD_TYPES.items()
    ]
    if as_json:
        echo_json(rows)
        return
    width = max(len(r["kind"]) for r in rows)
    for row in rows:
        practices = ", ".join(row["practices"])
        click.echo(f"{row['kind']:<{width}}  {row['title']:<28} {practices}")


@schema_group.command("show")
@click.argument("kind")
def show(kind: str) -> None:
    """Print the JSON Schema of KIND."""
    if kind not in RECORD_TYPES:
        fail_usage(unknown_kind(kind, RECORD_TYPES))
    click.echo(dumps_schema(build_schema(kind)), nl=False)


@schema_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Do not write; exit 1 if DIRECTORY differs.")
def export(directory: Path, *, check: bool) -> None:
    """Write every schema (and the bundle) into DIRECTORY."""
    if check:
        stale = [
            name
            for name, schema in build_all().items()
            if not (directory / name).is_file()
            or (directory / name).read_text(encoding="utf-8") != dumps_schema(schema)
        ]
        for name in stale:
            click.echo(f"differs: {directory / name}", err=True)
        raise SystemExit(1 if stale else 0)
    for path in export_schemas(directory):
        click.echo(str(path))
