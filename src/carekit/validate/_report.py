"""Rendering a :class:`~carekit.validate.Report`: text, json, junit, html, sarif.

JUnit: one ``<testsuite>`` per input file; one failing ``<testcase>`` per invalid record (all of
its errors in the failure text) and one passing ``<testcase>`` per file for the rest of its
records, so a CI system shows every invalid record by location.  Warnings go to
``<system-out>``.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

import jinja2

from carekit._version import __version__
from carekit.i18n import Lang, Text
from carekit.privacy import mask_cpr_in_text
from carekit.validate._findings import ERROR, Finding, Report

__all__ = ["FORMATS", "WRITERS", "render", "write"]

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
    "fields": Text("felter med fund", "fields with findings"),
    "more": Text("flere", "more"),
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


#: How many fields the text summary lists (the most frequent; JSON and SARIF list all).
TOP_FIELDS = 10


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
        shown=len(report.shown()), limit=report.max_errors, total=report.errors + report.warnings
    )
    return text.get(lang)


class _Out:
    """A text stream that masks CPR numbers in everything written (a piece is a whole line or
    element, so a number never spans two writes)."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(mask_cpr_in_text(text))


def write_text(report: Report, lang: Lang, stream: TextIO) -> None:
    """The text report, written to *stream* record by record."""
    out = _Out(stream)
    any_findings = False
    for (file, line, index), group in itertools.groupby(report.shown(), key=_record_key):
        items = list(group)
        first = items[0]
        where = f"{file}:{line}" + ("" if index is None else f"[{index}]")
        lines = [f"{where} {first.record_id or '-'} {first.kind or '-'}"]
        lines += [
            f"  {severity(f.severity, lang)} {f.pointer or '/'} [{f.keyword}] {f.text(lang)}"
            for f in items
        ]
        out.write("\n".join(lines) + "\n")
        any_findings = True
    tail: list[str] = [""] if any_findings else []
    tail.append(
        f"{_t('summary', lang)}: {counted(report.records, 'records', lang)}, "
        f"{counted(report.valid, 'valid', lang)}, {counted(report.invalid, 'invalid', lang)}, "
        f"{counted(report.errors, 'errors', lang)}, "
        f"{counted(report.warnings, 'warnings', lang)}, "
        f"{counted(report.duplicates, 'duplicates', lang)} ({report.elapsed:.2f} s)"
    )
    for kind, counts in sorted(report.by_kind.items()):
        tail.append(
            f"  {kind}: {counted(counts.records, 'records', lang)}, "
            f"{counted(counts.valid, 'valid', lang)}, {counted(counts.invalid, 'invalid', lang)}"
        )
    if report.by_keyword:
        tail.append("  " + ", ".join(f"{k}: {n}" for k, n in sorted(report.by_keyword.items())))
    if report.by_field:
        top = report.by_field.most_common(TOP_FIELDS)
        more = len(report.by_field) - len(top)
        shown = ", ".join(f"{field}: {n}" for field, n in top)
        tail.append(f"  {_t('fields', lang)}: {shown}" + (
            f" (+{more} {_t('more', lang)})" if more else ""))  # fmt: skip
    if len(report.by_file) > 1:
        for file, counts in report.by_file.items():
            keywords: dict[str, int] = report.by_file_keyword.get(file, {})
            rules = ", ".join(f"{k}: {n}" for k, n in sorted(keywords.items()))
            tail.append(
                f"  {file}: {counted(counts.records, 'records', lang)}, "
                f"{counted(counts.invalid, 'invalid', lang)}" + (f" ({rules})" if rules else "")
            )
    note = _truncation(report, lang)
    if note:
        tail.append(note)
    tail.append(_t("ok" if report.ok else "not_ok", lang))
    out.write("\n".join(tail) + "\n")


def _indented(value: object, depth: int) -> str:
    """*value* as JSON indented by 2, nested *depth* levels deep."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def write_json(report: Report, lang: Lang, stream: TextIO) -> None:
    """``{"summary": …, "lang": …, "findings": […]}``, written finding by finding."""
    out = _Out(stream)
    out.write('{\n  "summary": ' + _indented(report.summary_dict(), 1) + ",\n")
    out.write(f'  "lang": {json.dumps(lang)},\n  "findings": [')
    separator = "\n    "
    for finding in report.shown():
        out.write(separator + _indented(finding.as_dict(lang), 2))
        separator = ",\n    "
    out.write("\n  ]\n}\n" if separator != "\n    " else "]\n}\n")


def _junit_cases(report: Report) -> dict[str, list[int]]:
    """Per file: ``[test cases, failures]`` (a case per invalid record, one for the rest)."""
    counts = {name: [1, 0] for name in report.files}
    for (file, _, _), group in itertools.groupby(report.shown(), key=_record_key):
        found = counts.setdefault(file, [1, 0])
        if any(f.severity == ERROR for f in group):
            found[0] += 1
            found[1] += 1
    return counts


def _xml(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode")


def _open_tag(element: ET.Element) -> str:
    return _xml(element).replace(" />", ">")


class _JUnitSuites:
    """Writes the ``<testsuite>`` elements one after the other as findings arrive, each
    file's in one piece (findings come file by file)."""

    def __init__(self, out: _Out, counts: dict[str, list[int]], lang: Lang):
        self.out, self.counts, self.lang = out, counts, lang
        self.file: str | None = None
        self.warnings: list[str] = []
        self.done: set[str] = set()

    def record(self, file: str, line: int, index: int | None, items: list[Finding]) -> None:
        if file != self.file:
            self.close()
            self.open(file)
        errors = [f for f in items if f.severity == ERROR]
        self.warnings.extend(f.render(self.lang) for f in items if f.severity != ERROR)
        if not errors:
            return
        first = errors[0]
        where = f"{file}:{line}" + ("" if index is None else f"[{index}]")
        name = f"{where} {first.record_id or '-'} {first.kind or '-'}"
        case = ET.Element("testcase", classname=file, name=name)
        failure = ET.SubElement(case, "failure", message=first.text(self.lang),
                                type=",".join(sorted({f.keyword for f in errors})))  # fmt: skip
        failure.text = "\n".join(
            f"{f.pointer or '/'} [{f.keyword}] {f.text(self.lang)}" for f in errors
        )
        self.out.write(_xml(case))

    def open(self, file: str) -> None:
        cases, failures = self.counts.get(file, [1, 0])
        suite = ET.Element("testsuite", name=file, tests=str(cases), failures=str(failures))
        self.out.write(_open_tag(suite))
        self.file = file
        self.done.add(file)

    def close(self) -> None:
        if self.file is None:
            return
        valid = ET.Element("testcase", classname=self.file, name=f"{self.file}: "
                           f"{_t('valid', self.lang)}")  # fmt: skip
        self.out.write(_xml(valid))
        if self.warnings:
            system_out = ET.Element("system-out")
            system_out.text = "\n".join(self.warnings)
            self.out.write(_xml(system_out))
        self.out.write("</testsuite>")
        self.file, self.warnings = None, []


def write_junit(report: Report, lang: Lang, stream: TextIO) -> None:
    """JUnit XML, written test case by test case (the counts come from a first pass)."""
    out = _Out(stream)
    counts = _junit_cases(report)
    tests = sum(c[0] for c in counts.values())
    failures = sum(c[1] for c in counts.values())
    # the totals are the sums of the suites' counts, as JUnit readers expect
    head = ET.Element("testsuites", name="carekit validate", time=f"{report.elapsed:.3f}",
                      tests=str(tests), failures=str(failures))  # fmt: skip
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + _open_tag(head))
    suites = _JUnitSuites(out, counts, lang)
    for (file, line, index), group in itertools.groupby(report.shown(), key=_record_key):
        suites.record(file, line, index, list(group))
    suites.close()
    for file in counts:  # files without findings
        if file not in suites.done:
            suites.open(file)
            suites.close()
    note = _truncation(report, lang)
    if note:
        system_out = ET.Element("system-out")
        system_out.text = note
        out.write(_xml(system_out))
    out.write("</testsuites>\n")


_TEMPLATE = "report.html.j2"

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("carekit.validate", ""),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def _vendor(file: str) -> str:
    """The folder a file sits in (exports usually come one folder per vendor), or ``""``."""
    return PurePath(file).parent.name


def write_html(report: Report, lang: Lang, stream: TextIO) -> None:
    """The HTML report, streamed from the template."""
    template = _ENV.get_template(_TEMPLATE)
    out = _Out(stream)
    for piece in template.generate(
        lang=lang,
        t=lambda key: _t(key, lang),
        severity=lambda name: severity(name, lang),
        report=report,
        by_kind=sorted(report.by_kind.items()),
        by_keyword=sorted(report.by_keyword.items()),
        by_field=report.by_field.most_common(),
        by_file=[
            (file, counts, sorted(report.by_file_keyword.get(file, {}).items()))
            for file, counts in report.by_file.items()
        ],
        findings=report.shown(),
        vendor=_vendor,
        truncation=_truncation(report, lang),
    ):
        out.write(piece)


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def write_sarif(report: Report, lang: Lang, stream: TextIO) -> None:
    """SARIF 2.1.0 (OASIS) for code-scanning dashboards: one run of the tool ``carekit
    validate``, one rule per keyword, one result per finding shown (written one by one),
    located by file, line and (a logical location) the JSON pointer.  ``run.language`` says
    the messages' language; the record's id, kind and array index are result properties."""
    out = _Out(stream)
    keywords = sorted(report.by_keyword)
    number = {keyword: n for n, keyword in enumerate(keywords)}
    rules = [
        {"id": keyword, "name": keyword, "shortDescription": {"text": keyword}}
        for keyword in keywords
    ]
    driver = {"name": "carekit validate", "version": __version__, "rules": rules}
    out.write(
        f'{{\n  "$schema": {json.dumps(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n'
        f'    {{\n      "tool": {{"driver": {json.dumps(driver, ensure_ascii=False)}}},\n'
        f'      "language": "{"da-DK" if lang == "da" else "en-US"}",\n      "results": ['
    )
    separator = "\n        "
    for finding in report.shown():
        where: dict[str, object] = {
            "physicalLocation": {
                "artifactLocation": {"uri": _artifact_uri(finding.file)},
                "region": {"startLine": max(finding.line, 1)},
            },
        }
        if finding.pointer:
            where["logicalLocations"] = [{"fullyQualifiedName": finding.pointer, "kind": "member"}]
        result = {
            "ruleId": finding.keyword,
            "ruleIndex": number[finding.keyword],
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
        out.write(separator + json.dumps(result, ensure_ascii=False))
        separator = ",\n        "
    invocation = {"executionSuccessful": True, "exitCode": 0 if report.ok else 1}
    summary = json.dumps(report.summary_dict(), ensure_ascii=False)
    out.write(
        "\n      ],\n"
        f'      "invocations": [{json.dumps(invocation)}],\n'
        f'      "properties": {{"summary": {summary}}}\n'
        "    }\n  ]\n}\n"
    )


def _artifact_uri(file: str) -> str:
    """A file name as a SARIF ``uri`` (relative paths stay relative; ``-`` is standard input)."""
    if file == "-":
        return "stdin"
    return quote(file.replace(os.sep, "/"), safe="/:._-~")


#: format name → writer of the report to a text stream, finding by finding.
WRITERS: dict[str, Callable[[Report, Lang, TextIO], None]] = {
    "text": write_text,
    "json": write_json,
    "junit": write_junit,
    "html": write_html,
    "sarif": write_sarif,
}


def write(report: Report, stream: TextIO, fmt: str = "text", lang: Lang = "da") -> None:
    """Write *report* to *stream* as ``text``, ``json``, ``junit``, ``html`` or ``sarif``,
    messages in *lang*, finding by finding (a spooled report stays out of memory)."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; choose one of: {', '.join(WRITERS)}"
        ) from None
    writer(report, lang, stream)


def render(report: Report, fmt: str = "text", lang: Lang = "da") -> str:
    """*report* as ``text``, ``json``, ``junit``, ``html`` or ``sarif``, messages in *lang*."""
    buffer = io.StringIO()
    write(report, buffer, fmt, lang)
    return buffer.getvalue()


def _renderer(fmt: str) -> Callable[[Report, Lang], str]:
    def render_format(report: Report, lang: Lang) -> str:
        return render(report, fmt, lang)

    render_format.__name__ = f"render_{fmt}"
    render_format.__doc__ = f"*report* as {fmt}, messages in *lang* (see :func:`write`)."
    return render_format


#: format name → renderer of the report as one string.
FORMATS: dict[str, Callable[[Report, Lang], str]] = {fmt: _renderer(fmt) for fmt in WRITERS}
