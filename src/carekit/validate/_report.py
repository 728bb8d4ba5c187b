"""Rendering a :class:`~carekit.validate.Report`: text, json, junit, html, sarif.

JUnit: one ``<testsuite>`` per input file; one failing ``<testcase>`` per invalid record (all of
its errors in the failure text) and one passing ``<testcase>`` per file for the rest of its
records, so a CI system shows every invalid record by location.  Warnings go to
``<system-out>``.
"""

from __future__ import annotations

import itertools
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import quote

import jinja2

from carekit._version import __version__
from carekit.i18n import Lang, Text
from carekit.privacy import mask_cpr_in_text
from carekit.validate._findings import ERROR, Finding, Report

__all__ = ["FORMATS", "render"]

L = {
    "title": Text("carekit-validering", "carekit validation"),
    "records": Text("poster", "records"),
    "valid": Text("gyldige", "valid"),
    "invalid": Text("ugyldige", "invalid"),
    "errors": Text("fejl", "errors"),
    "warnings": Text("advarsler", "warnings"),
    "duplicates": Text("dublet-id'er", "duplicate ids"),
    "kind": Text("posttype", "kind"),
    "file": Text("fil", "file"),
    "keyword": Text("regel", "rule"),
    "count": Text("antal", "count"),
    "where": Text("sted", "location"),
    "id": Text("id", "id"),
    "pointer": Text("felt", "field"),
    "message": Text("besked", "message"),
    "severity": Text("alvor", "severity"),
    "elapsed": Text("tid", "time"),
    "summary": Text("Opsummering", "Summary"),
    "findings": Text("Fund", "Findings"),
    "ok": Text("Alle poster er gyldige.", "All records are valid."),
    "not_ok": Text("Der er ugyldige data.", "Invalid data was found."),
    "truncated": Text(
        "Kun de første {shown} fund vises (--max-errors {limit}); alle {total} er talt med.",
        "Only the first {shown} findings are shown (--max-errors {limit}); "
        "all {total} are counted.",
    ),
}


#: The singular of the count words of :data:`L` (Danish and English): ``1 post``, ``1 ugyldig``,
#: ``1 advarsel``; "fejl" and "valid" are the same in both numbers.
SINGULAR = {
    "records": Text("post", "record"),
    "valid": Text("gyldig", "valid"),
    "invalid": Text("ugyldig", "invalid"),
    "errors": Text("fejl", "error"),
    "warnings": Text("advarsel", "warning"),
    "duplicates": Text("dublet-id", "duplicate id"),
}
#: A finding's severity in the reader's language.
SEVERITY = {"error": Text("fejl", "error"), "warning": Text("advarsel", "warning")}


def _t(key: str, lang: Lang) -> str:
    return L[key].get(lang)


def counted(number: int, key: str, lang: Lang) -> str:
    """``"1 post"``, ``"2 poster"``: *number* with the count word *key* in the right number."""
    word = SINGULAR[key] if number == 1 else L[key]
    return f"{number} {word.get(lang)}"


def severity(name: str, lang: Lang) -> str:
    text = SEVERITY.get(name)
    return text.get(lang) if text is not None else name


def _record_key(finding: Finding) -> tuple[str, int, int | None]:
    return finding.file, finding.line, finding.index


def _truncation(report: Report, lang: Lang) -> str | None:
    if not report.truncated:
        return None
    text = L["truncated"].format(
        shown=len(report.findings), limit=report.max_errors, total=report.errors + report.warnings
    )
    return text.get(lang)


def render_text(report: Report, lang: Lang) -> str:
    out: list[str] = []
    for (file, line, index), group in itertools.groupby(report.findings, key=_record_key):
        items = list(group)
        first = items[0]
        where = f"{file}:{line}" + ("" if index is None else f"[{index}]")
        out.append(f"{where} {first.record_id or '-'} {first.kind or '-'}")
        out.extend(
            f"  {severity(f.severity, lang)} {f.pointer or '/'} [{f.keyword}] {f.text(lang)}"
            for f in items
        )
    if out:
        out.append("")
    out.append(
        f"{_t('summary', lang)}: {counted(report.records, 'records', lang)}, "
        f"{counted(report.valid, 'valid', lang)}, {counted(report.invalid, 'invalid', lang)}, "
        f"{counted(report.errors, 'errors', lang)}, "
        f"{counted(report.warnings, 'warnings', lang)}, "
        f"{counted(report.duplicates, 'duplicates', lang)} ({report.elapsed:.2f} s)"
    )
    for kind, counts in sorted(report.by_kind.items()):
        out.append(
            f"  {kind}: {counted(counts.records, 'records', lang)}, "
            f"{counted(counts.valid, 'valid', lang)}, {counted(counts.invalid, 'invalid', lang)}"
        )
    if report.by_keyword:
        out.append("  " + ", ".join(f"{k}: {n}" for k, n in sorted(report.by_keyword.items())))
    if len(report.by_file) > 1:
        for file, counts in report.by_file.items():
            keywords: dict[str, int] = report.by_file_keyword.get(file, {})
            rules = ", ".join(f"{k}: {n}" for k, n in sorted(keywords.items()))
            out.append(
                f"  {file}: {counted(counts.records, 'records', lang)}, "
                f"{counted(counts.invalid, 'invalid', lang)}" + (f" ({rules})" if rules else "")
            )
    note = _truncation(report, lang)
    if note:
        out.append(note)
    out.append(_t("ok" if report.ok else "not_ok", lang))
    return mask_cpr_in_text("\n".join(out)) + "\n"


def render_json(report: Report, lang: Lang) -> str:
    payload = {
        "summary": report.summary_dict(),
        "lang": lang,
        "findings": [f.as_dict(lang) for f in report.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_junit(report: Report, lang: Lang) -> str:
    suites = ET.Element("testsuites", name="carekit validate", time=f"{report.elapsed:.3f}")
    total_cases = total_failures = 0
    by_file: dict[str, list[Finding]] = {name: [] for name in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, findings in by_file.items():
        suite = ET.SubElement(suites, "testsuite", name=file)
        failures = 0
        cases = 0
        warnings: list[str] = []
        for (_, line, index), group in itertools.groupby(findings, key=_record_key):
            items = list(group)
            errors = [f for f in items if f.severity == ERROR]
            warnings.extend(f.render(lang) for f in items if f.severity != ERROR)
            if not errors:
                continue
            first = errors[0]
            where = f"{file}:{line}" + ("" if index is None else f"[{index}]")
            case = ET.SubElement(
                suite,
                "testcase",
                classname=file,
                name=f"{where} {first.record_id or '-'} {first.kind or '-'}",
            )
            failure = ET.SubElement(
                case,
                "failure",
                message=errors[0].text(lang),
                type=",".join(sorted({f.keyword for f in errors})),
            )
            failure.text = "\n".join(
                f"{f.pointer or '/'} [{f.keyword}] {f.text(lang)}" for f in errors
            )
            failures += 1
            cases += 1
        ET.SubElement(suite, "testcase", classname=file, name=f"{file}: {_t('valid', lang)}")
        cases += 1
        if warnings:
            ET.SubElement(suite, "system-out").text = "\n".join(warnings)
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        total_cases += cases
        total_failures += failures
    # the totals are the sums of the suites' counts, as JUnit readers expect
    suites.set("tests", str(total_cases))
    suites.set("failures", str(total_failures))
    note = _truncation(report, lang)
    if note:
        ET.SubElement(suites, "system-out").text = note
    xml = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + mask_cpr_in_text(xml) + "\n"


_TEMPLATE = "report.html.j2"

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("carekit.validate", ""),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def render_html(report: Report, lang: Lang) -> str:
    template = _ENV.get_template(_TEMPLATE)
    html = template.render(
        lang=lang,
        t=lambda key: _t(key, lang),
        severity=lambda name: severity(name, lang),
        report=report,
        by_kind=sorted(report.by_kind.items()),
        by_keyword=sorted(report.by_keyword.items()),
        by_file=[
            (file, counts, sorted(report.by_file_keyword.get(file, {}).items()))
            for file, counts in report.by_file.items()
        ],
        findings=report.findings,
        truncation=_truncation(report, lang),
    )
    return mask_cpr_in_text(html)


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def render_sarif(report: Report, lang: Lang) -> str:
    """SARIF 2.1.0 (OASIS) for code-scanning dashboards: one run of the tool ``carekit
    validate``, one rule per keyword (its Danish/English name), one result per finding shown,
    located by file, line and (a logical location) the JSON pointer.  ``run.language`` says
    the messages' language; the record's id, kind and array index are result properties."""
    keywords = sorted({f.keyword for f in report.findings})
    rules = [
        {"id": keyword, "name": keyword, "shortDescription": {"text": keyword}}
        for keyword in keywords
    ]
    results = []
    for finding in report.findings:
        where: dict[str, object] = {
            "physicalLocation": {
                "artifactLocation": {"uri": _artifact_uri(finding.file)},
                "region": {"startLine": max(finding.line, 1)},
            },
        }
        if finding.pointer:
            where["logicalLocations"] = [{"fullyQualifiedName": finding.pointer, "kind": "member"}]
        results.append(
            {
                "ruleId": finding.keyword,
                "ruleIndex": keywords.index(finding.keyword),
                "level": "error" if finding.severity == ERROR else "warning",
                "message": {"text": finding.text(lang)},
                "locations": [where],
                "properties": {
                    "pointer": finding.pointer,
                    "recordId": finding.record_id,
                    "recordKind": finding.kind,
                    "arrayIndex": finding.index,
                },
            }
        )
    run = {
        "tool": {
            "driver": {
                "name": "carekit validate",
                "version": __version__,
                "rules": rules,
            }
        },
        "language": "da-DK" if lang == "da" else "en-US",
        "results": results,
        "invocations": [{"executionSuccessful": True, "exitCode": 0 if report.ok else 1}],
        "properties": {"summary": report.summary_dict()},
    }
    payload = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return mask_cpr_in_text(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"


def _artifact_uri(file: str) -> str:
    """A file name as a SARIF ``uri`` (relative paths stay relative; ``-`` is standard input)."""
    if file == "-":
        return "stdin"
    return quote(file.replace(os.sep, "/"), safe="/:._-~")


FORMATS: dict[str, Callable[[Report, Lang], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "html": render_html,
    "sarif": render_sarif,
}


def render(report: Report, fmt: str = "text", lang: Lang = "da") -> str:
    """*report* as ``text``, ``json``, ``junit``, ``html`` or ``sarif``, messages in *lang*."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}"
        ) from None
    return renderer(report, lang)
