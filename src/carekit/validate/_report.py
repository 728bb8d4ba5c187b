"""Rendering a :class:`~carekit.validate.Report`: text, json, junit, html.

JUnit: one ``<testsuite>`` per input file; one failing ``<testcase>`` per invalid record (all of
its errors in the failure text) and one passing ``<testcase>`` per file for the rest of its
records, so a CI system shows every invalid record by location.  Warnings go to
``<system-out>``.
"""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable

import jinja2

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
        "Only the first {shown} findings are shown (--max-errors {limit}); all {total} are counted.",
    ),
}


def _t(key: str, lang: Lang) -> str:
    return L[key].get(lang)


def _record_key(finding: Finding) -> tuple[str, int, int | None]:
    return finding.file, finding.line, finding.index


def _truncation(report: Report, lang: Lang) -> str | None:
    if not report.truncated:
        return None
    text = L["truncated"].format(shown=len(report.findings), limit=report.max_errors,
                                 total=report.errors + report.warnings)  # fmt: skip
    return text.get(lang)


def render_text(report: Report, lang: Lang) -> str:
    out: list[str] = []
    for (file, line, index), group in itertools.groupby(report.findings, key=_record_key):
        items = list(group)
        first = items[0]
        where = f"{file}:{line}" + ("" if index is None else f"[{index}]")
        out.append(f"{where} {first.record_id or '-'} {first.kind or '-'}")
        out.extend(f"  {f.severity} {f.pointer or '/'} [{f.keyword}] {f.text(lang)}" for f in items)
    if out:
        out.append("")
    out.append(f"{_t('summary', lang)}: {report.records} {_t('records', lang)}, "
               f"{report.valid} {_t('valid', lang)}, {report.invalid} {_t('invalid', lang)}, "
               f"{report.errors} {_t('errors', lang)}, {report.warnings} {_t('warnings', lang)}, "
               f"{report.duplicates} {_t('duplicates', lang)} ({report.elapsed:.2f} s)")  # fmt: skip
    for kind, counts in sorted(report.by_kind.items()):
        out.append(f"  {kind}: {counts.records} {_t('records', lang)}, {counts.valid} "
                   f"{_t('valid', lang)}, {counts.invalid} {_t('invalid', lang)}")  # fmt: skip
    if report.by_keyword:
        out.append("  " + ", ".join(f"{k}: {n}" for k, n in sorted(report.by_keyword.items())))
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
    suites = ET.Element("testsuites", name="carekit validate", tests=str(report.records),
                        failures=str(report.invalid), time=f"{report.elapsed:.3f}")  # fmt: skip
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
            case = ET.SubElement(suite, "testcase", classname=file,
                                 name=f"{where} {first.record_id or '-'} {first.kind or '-'}")  # fmt: skip
            failure = ET.SubElement(case, "failure", message=errors[0].text(lang),
                                    type=",".join(sorted({f.keyword for f in errors})))  # fmt: skip
            failure.text = "\n".join(f"{f.pointer or '/'} [{f.keyword}] {f.text(lang)}" for f in errors)
            failures += 1
            cases += 1
        ET.SubElement(suite, "testcase", classname=file, name=f"{file}: {_t('valid', lang)}")
        cases += 1
        if warnings:
            ET.SubElement(suite, "system-out").text = "\n".join(warnings)
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
    note = _truncation(report, lang)
    if note:
        ET.SubElement(suites, "system-out").text = note
    xml = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + mask_cpr_in_text(xml) + "\n"


_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ t('title') }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.error{color:#a40000}.warning{color:#8a5a00}.ok{color:#105a10}code{font-size:.95em}
</style></head><body>
<h1>{{ t('title') }}</h1>
<p class="{{ 'ok' if report.ok else 'error' }}">{{ t('ok' if report.ok else 'not_ok') }}</p>
<h2>{{ t('summary') }}</h2>
<table><tr><th>{{ t('records') }}</th><th>{{ t('valid') }}</th><th>{{ t('invalid') }}</th>
<th>{{ t('errors') }}</th><th>{{ t('warnings') }}</th><th>{{ t('duplicates') }}</th><th>{{ t('elapsed') }}</th></tr>
<tr><td>{{ report.records }}</td><td>{{ report.valid }}</td><td>{{ report.invalid }}</td>
<td>{{ report.errors }}</td><td>{{ report.warnings }}</td><td>{{ report.duplicates }}</td><td>{{ '%.2f'|format(report.elapsed) }} s</td></tr></table>
<table><tr><th>{{ t('kind') }}</th><th>{{ t('records') }}</th><th>{{ t('valid') }}</th><th>{{ t('invalid') }}</th></tr>
{% for kind, c in by_kind %}<tr><td>{{ kind }}</td><td>{{ c.records }}</td><td>{{ c.valid }}</td><td>{{ c.invalid }}</td></tr>
{% endfor %}</table>
{% if by_keyword %}<table><tr><th>{{ t('keyword') }}</th><th>{{ t('count') }}</th></tr>
{% for keyword, n in by_keyword %}<tr><td><code>{{ keyword }}</code></td><td>{{ n }}</td></tr>
{% endfor %}</table>{% endif %}
{% if truncation %}<p>{{ truncation }}</p>{% endif %}
{% if findings %}<h2>{{ t('findings') }}</h2>
<table><tr><th>{{ t('where') }}</th><th>{{ t('id') }}</th><th>{{ t('kind') }}</th><th>{{ t('severity') }}</th>
<th>{{ t('pointer') }}</th><th>{{ t('keyword') }}</th><th>{{ t('message') }}</th></tr>
{% for f in findings %}<tr class="{{ f.severity }}"><td>{{ f.location }}</td><td>{{ f.record_id or '-' }}</td>
<td>{{ f.kind or '-' }}</td><td>{{ f.severity }}</td><td><code>{{ f.pointer or '/' }}</code></td>
<td><code>{{ f.keyword }}</code></td><td>{{ f.text(lang) }}</td></tr>
{% endfor %}</table>{% endif %}
</body></html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)  # noqa: S701 - autoescape is on


def render_html(report: Report, lang: Lang) -> str:
    template = _ENV.from_string(_HTML)
    html = template.render(
        lang=lang, t=lambda key: _t(key, lang), report=report,
        by_kind=sorted(report.by_kind.items()), by_keyword=sorted(report.by_keyword.items()),
        findings=report.findings, truncation=_truncation(report, lang),
    )  # fmt: skip
    return mask_cpr_in_text(html)


FORMATS: dict[str, Callable[[Report, Lang], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "html": render_html,
}


def render(report: Report, fmt: str = "text", lang: Lang = "da") -> str:
    """*report* as ``text``, ``json``, ``junit`` or ``html``, messages in *lang*."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return renderer(report, lang)
