"""``render_document``: records in, a readable HTML or PDF document out, with a plain-language
report and warnings."""

from __future__ import annotations

import datetime as dt
import functools
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import jinja2
import markupsafe
from pydantic import BaseModel

from carekit.i18n import Lang, Text, check_lang
from carekit.language import LIX_TARGET, JargonTerm, LanguageReport, check_html
from carekit.model import (
    Citizen,
    ExpectationAlignment,
    HomeAgreement,
    LabelledEnum,
    NetworkMember,
    PlannedVisit,
    Record,
    Situation,
    VisitChange,
    VisitRequest,
)
from carekit.privacy import mask_cpr_in_text
from carekit.render._audience import for_audience
from carekit.render._documents import AS_OF, DOCUMENTS, find_citizen, latest_versions
from carekit.render._errors import DocumentTemplateError, RenderWarning, UnknownDocumentError
from carekit.render._format import field_label, format_date
from carekit.render._pdf import html_to_pdf
from carekit.render._strings import STRINGS

__all__ = ["Format", "RenderedDocument", "environment", "render_document"]

Format = Literal["html", "pdf"]
TemplateDir = str | os.PathLike[str]


@attrs.frozen
class RenderedDocument:
    """A rendered document.

    ``content`` is ``str`` (HTML) or ``bytes`` (PDF); ``html`` is always the HTML it was made
    from.  ``language_report`` is :func:`carekit.language.check_html` on that HTML, and
    ``warnings`` say what deserves a look before the document is handed over.
    """

    name: str
    citizen_id: uuid.UUID
    lang: Lang
    format: Format
    content: str | bytes = attrs.field(repr=False)
    html: str = attrs.field(repr=False)
    language_report: LanguageReport
    warnings: tuple[RenderWarning, ...]

    @property
    def media_type(self) -> str:
        """The HTTP media type of the content."""
        return "application/pdf" if self.format == "pdf" else "text/html; charset=utf-8"

    def as_bytes(self) -> bytes:
        """The content as bytes (HTML encoded as UTF-8)."""
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the content to *path* and return it."""
        target = Path(path)
        target.write_bytes(self.as_bytes())
        return target


@functools.lru_cache(maxsize=32)
def _environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if template_dirs:
        loaders.append(jinja2.FileSystemLoader(list(template_dirs)))
    loaders.append(jinja2.PackageLoader("carekit.render", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_mask_cpr,
    )


def _mask_cpr(value: object) -> object:
    """Every printed value passes here: anything in plain text that looks like a CPR number is
    masked.  Values that are already markup (macros, phone numbers, a CPR revealed on
    purpose) pass unchanged."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return mask_cpr_in_text(value)
    return value


def environment(template_dirs: Iterable[TemplateDir] = ()) -> jinja2.Environment:
    """The Jinja2 environment: override directories first, then carekit's own templates.

    Autoescaping is on for every template (and for template strings), undefined variables
    raise.  Environments are cached per tuple of directories.
    """
    return _environment(tuple(os.fspath(d) for d in template_dirs))


_MODELS: dict[str, type[BaseModel]] = {
    cls.__name__: cls
    for cls in (
        Situation,
        PlannedVisit,
        VisitChange,
        VisitRequest,
        HomeAgreement,
        ExpectationAlignment,
        NetworkMember,
    )
}


def _helpers(lang: Lang) -> dict[str, Any]:
    def t(key: str, **values: object) -> str:
        return STRINGS[key].get(lang).format(**values)

    def text(value: Text) -> str:
        return value.get(lang)

    def label(value: LabelledEnum) -> str:
        return value.label.get(lang)

    def flabel(model: type[BaseModel], name: str) -> str:
        return field_label(model, name).get(lang)

    def date(value: dt.date | dt.datetime) -> str:
        return format_date(value, lang)

    return {
        "t": t,
        "text": text,
        "label": label,
        "field_label": flabel,
        "date": date,
        "models": _MODELS,
    }


def _language_warnings(report: LanguageReport, name: str) -> list[RenderWarning]:
    warnings = []
    if report.lix > LIX_TARGET:
        warnings.append(
            RenderWarning(
                "lix-above-target",
                Text(
                    f"{name}: LIX {report.lix:.1f} er over målet {LIX_TARGET}. Skriv kortere "
                    "sætninger og kortere ord i posterne.",
                    f"{name}: LIX {report.lix:.1f} is above the target {LIX_TARGET}. Use shorter "
                    "sentences and shorter words in the records.",
                ),
            )
        )
    for hit in report.hits:
        warnings.append(
            RenderWarning(
                "jargon",
                Text(
                    f'{name}, linje {hit.line}: "{hit.matched}" er fagsprog. Skriv hellere: '
                    f"{hit.suggestion}",
                    f'{name}, line {hit.line}: "{hit.matched}" is jargon. Write instead: '
                    f"{hit.suggestion}",
                ),
            )
        )
    return warnings


def _cpr(citizen: Citizen, reveal: bool) -> str | None:
    shown = citizen.display_cpr(reveal=reveal)
    return markupsafe.escape(shown) if shown is not None and reveal else shown


def render_document(
    name: str,
    records: Sequence[Record],
    *,
    citizen_id: uuid.UUID | str,
    lang: Lang | None = None,
    format: Format = "html",
    template_dirs: Iterable[TemplateDir] = (),
    reveal_cpr: bool = False,
    extra_terms: Iterable[JargonTerm] = (),
    as_of: dt.date | None = None,
) -> RenderedDocument:
    """Render document *name* for one citizen from *records*.

    *records* may hold several citizens and several versions of a record; the latest version
    of each is used.  *lang* defaults to the citizen's preferred language.  Documents for the
    citizen carry no CPR number at all; staff documents show it masked (``010137-XXXX``)
    unless *reveal_cpr* is true.  *template_dirs* are searched before
    carekit's own templates, so a vendor can override any template by its file name.
    *extra_terms* are jargon terms added to the shipped list (e.g. from plugins).
    *as_of* is the day the document is made for (default: today in Europe/Copenhagen): the
    visits it lists as coming, the routines in force.

    Raises :class:`UnknownDocumentError`, :class:`CitizenNotFoundError`,
    :class:`MissingRecordError`, :class:`DocumentTemplateError` or (for PDF)
    :class:`PdfUnavailableError`.
    """
    spec = DOCUMENTS.get(name)
    if spec is None:
        raise UnknownDocumentError(name, DOCUMENTS)
    if format not in ("html", "pdf"):
        raise ValueError(f"unknown format {format!r}; choose html or pdf")
    wanted = citizen_id if isinstance(citizen_id, uuid.UUID) else uuid.UUID(str(citizen_id))
    current = latest_versions(records)
    citizen = find_citizen(current, wanted)
    lang = check_lang(lang) if lang is not None else check_lang(citizen.preferred_language.value)
    own = [r for r in current if r.citizen_id == citizen.id and r.id != citizen.id]
    token = AS_OF.set(as_of)
    try:
        built = spec.build(citizen, own, lang)
    finally:
        AS_OF.reset(token)
    context = {
        **_helpers(lang),
        **built.context,
        "lang": lang,
        "document": spec,
        "citizen": citizen,
        # A citizen's own sheet never carries the CPR number, not even masked (the masked
        # form still shows the birth date); staff documents show it masked unless revealed.
        "cpr": _cpr(citizen, reveal_cpr) if spec.audience == "staff" else None,
    }
    try:
        template = environment(template_dirs).get_template(spec.template)
        html = template.render(context)
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.name or spec.template}, line {error.lineno}"
        raise DocumentTemplateError(where, error.message or "syntax error") from error
    except jinja2.TemplateNotFound as error:
        raise DocumentTemplateError(str(error.name), "not found") from error
    except jinja2.UndefinedError as error:
        raise DocumentTemplateError(spec.template, error.message or "undefined value") from error
    report = for_audience(check_html(html, lang, extra_terms=extra_terms), spec.audience)
    warnings = (*built.warnings, *_language_warnings(report, name))
    content: str | bytes = html_to_pdf(html) if format == "pdf" else html
    return RenderedDocument(
        name=name,
        citizen_id=citizen.id,
        lang=lang,
        format=format,
        content=content,
        html=html,
        language_report=report,
        warnings=tuple(warnings),
    )
