"""``carekit import ADAPTER FILE...``: records from an EHR exchange format (e.g. a FHIR Bundle,
through carekit-fhir) into a store, through the one import path
(:meth:`carekit.app.Application.import_records`).

Every file is read by the adapter first; its findings (each with a location such as
``Bundle.entry[2].resource.gender``) are reported in the style of ``carekit validate``.  The
records of all files are stored in **one** batch, and only when no file has an error.

Exit codes: 0 imported (or, with ``--dry-run``, importable; warnings allowed), 1 a file has
errors (nothing stored), 2 usage error (a missing file, an unknown adapter, a store that does
not open), 3 the store refused the records (a reference, an invariant, a record that exists
already; nothing stored).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from carekit.cli._app_commands import open_from_cli
from carekit.cli._options import db_option, lang_option
from carekit.ehr import Finding
from carekit.errors import CarekitError
from carekit.i18n import Lang, Text, check_lang
from carekit.model import Actor, ActorKind, Record
from carekit.privacy import mask_cpr_in_text

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "import_command"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3

L = {
    "not_found": Text("{path} findes ikke. Tjek stien.", "{path} does not exist. Check the path."),
    "unreadable": Text("Kan ikke læse {path}: {reason}.", "Cannot read {path}: {reason}."),
    "no_adapter": Text(
        "Ingen EHR-adapter {adapter!r}; installeret: {known}.",
        "No EHR adapter {adapter!r}; installed: {known}.",
    ),
    "cannot_import": Text(
        "EHR-adapteren {adapter!r} kan ikke importere.",
        "The EHR adapter {adapter!r} cannot import.",
    ),
    "summary": Text(
        "Opsummering: filer {files}, poster {records}, fejl {errors}, advarsler {warnings}, "
        "oplysninger {information}",
        "Summary: files {files}, records {records}, errors {errors}, warnings {warnings}, "
        "information {information}",
    ),
    "stored": Text(
        "{records} poster er importeret i {store}.", "{records} records imported into {store}."
    ),
    "dry_run": Text(
        "Prøvekørsel (--dry-run): intet er gemt; posterne kan importeres.",
        "Dry run (--dry-run): nothing was stored; the records can be imported.",
    ),
    "invalid": Text(
        "Intet er importeret: ret fejlene og prøv igen.",
        "Nothing was imported: correct the errors and try again.",
    ),
    "refused": Text(
        "Intet er importeret: lageret afviste posterne ({code}): {message}",
        "Nothing was imported: the store refused the records ({code}): {message}",
    ),
}
SEVERITY = {
    "error": Text("fejl", "error"),
    "warning": Text("advarsel", "warning"),
    "information": Text("oplysning", "information"),
}


def _fail(message: str) -> None:
    click.echo(f"carekit import: {mask_cpr_in_text(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _finding_dict(file: str, finding: Finding, lang: Lang) -> dict[str, Any]:
    return {
        "file": file,
        "severity": finding.severity,
        "location": finding.location,
        "code": finding.code,
        "resource": finding.resource,
        "element": finding.element,
        "message": mask_cpr_in_text(finding.message.get(lang)),
    }


def _render(
    findings: list[tuple[str, Finding]],
    records: list[Record],
    files: int,
    outcome: str,
    *,
    lang: Lang,
    output_format: str,
) -> str:
    counts = Counter(f.severity for _file, f in findings)
    kinds = Counter(r.kind for r in records)
    if output_format == "json":
        payload = {
            "summary": {
                "files": files,
                "records": len(records),
                "by_kind": dict(sorted(kinds.items())),
                "errors": counts["error"],
                "warnings": counts["warning"],
                "information": counts["information"],
            },
            "outcome": outcome,
            "lang": lang,
            "findings": [_finding_dict(file, f, lang) for file, f in findings],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    out: list[str] = []
    current = None
    for file, f in findings:
        if file != current:
            out.append(file)
            current = file
        out.append(
            f"  {SEVERITY[f.severity].get(lang)} {f.location or '/'} [{f.code}] "
            f"{f.message.get(lang)}"
        )
    if out:
        out.append("")
    out.append(
        L["summary"]
        .format(
            files=files,
            records=len(records),
            errors=counts["error"],
            warnings=counts["warning"],
            information=counts["information"],
        )
        .get(lang)
    )
    out.extend(f"  {kind}: {n}" for kind, n in sorted(kinds.items()))
    out.append(outcome)
    return mask_cpr_in_text("\n".join(out)) + "\n"


@click.command("import")
@click.argument("adapter")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@db_option()
@click.option("--dry-run", is_flag=True, help="Read and check the files; store nothing.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@lang_option("Language of the report.")
@click.option(
    "--actor",
    "actor_id",
    default="carekit-import",
    show_default=True,
    help="Id of the system that imports (named by the RecordImported events).",
)
def import_command(  # noqa: PLR0917 - click passes options as arguments
    adapter: str,
    files: tuple[str, ...],
    db: str | None,
    dry_run: bool,
    output_format: str,
    lang: str,
    actor_id: str,
) -> None:
    """Import records through an installed EHR adapter, e.g. ``carekit import fhir
    bundle.json`` (FHIR R4 Bundles, from carekit-fhir).  Every element that cannot be carried
    is reported with its location; nothing is stored when a file has an error."""
    language = check_lang(lang)
    contents: list[tuple[str, bytes]] = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            _fail(L["not_found"].format(path=name).get(language))
        try:
            contents.append((name, path.read_bytes()))
        except OSError as error:
            _fail(L["unreadable"].format(path=name, reason=error.strerror).get(language))
    with open_from_cli(db) as app:
        adapters = {info.name: info for info in app.plugins.ehr_adapters()}
        info = adapters.get(adapter)
        if info is None:
            known = ", ".join(sorted(adapters)) or "-"
            hint = " (pip install carekit-fhir)" if adapter == "fhir" else ""
            _fail(L["no_adapter"].format(adapter=adapter, known=known).get(language) + hint)
            return
        if "import" not in info.capabilities:
            _fail(L["cannot_import"].format(adapter=adapter).get(language))
        reader = info.factory()
        findings: list[tuple[str, Finding]] = []
        records: list[Record] = []
        for name, data in contents:
            result = reader.import_bundle(data)
            findings.extend((name, f) for f in result.findings)
            records.extend(result.records)
        code = EXIT_OK
        if any(f.severity == "error" for _n, f in findings):
            outcome, code = L["invalid"].get(language), EXIT_INVALID
        elif dry_run:
            outcome = L["dry_run"].get(language)
        else:
            importer = Actor(id=actor_id, kind=ActorKind.SYSTEM, name=f"carekit import {adapter}")
            try:
                app.import_records(records, actor=importer)
            except CarekitError as error:
                message = error.text.get(language)
                outcome = L["refused"].format(code=error.code, message=message).get(language)
                code = EXIT_REFUSED
            else:
                store = app.store.url
                outcome = L["stored"].format(records=len(records), store=store).get(language)
    text = _render(
        findings, records, len(contents), outcome, lang=language, output_format=output_format
    )
    click.echo(text, nl=False)
    sys.exit(code)
