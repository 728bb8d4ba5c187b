"""Written information for the citizen (ST-4, ST-2, ST-10, ST-12) and a home card for staff
(ST-8, ST-9): documents rendered from a citizen's records as HTML or A4 PDF, checked for
plain language.

>>> from carekit.demo import demo_citizens, demo_records
>>> else_ = demo_citizens()[0]
>>> doc = render_document("safety-plan", demo_records(), citizen_id=else_.id, lang="da")
>>> doc.language_report.passes()
True
>>> "010137-XXXX" in doc.content and "010137-4002" not in doc.content
True

Documents: ``safety-plan``, ``visits``, ``network``, ``alignment``, ``home-card``,
``dreams`` (the citizen's dream sheet) and ``watch`` (for staff: what to watch today); the
shift's list over many citizens is :func:`render_shift_watch`.  See
``docs/documents.md``.
"""

from carekit.render._access_log import (
    ACCESS_LOG_DOCUMENT,
    AccessDay,
    AccessEvent,
    AccessReport,
    ActorInfo,
    access_report_data,
    access_report_text,
    build_access_report,
    render_access_log,
)
from carekit.render._audience import STAFF_WORDS, for_audience
from carekit.render._citizen_export import (
    CITIZEN_EXPORT_DOCUMENT,
    ExportGroup,
    ExportReader,
    ExportSummary,
    render_citizen_export,
    summarise_export,
)
from carekit.render._documents import DOCUMENTS, DocumentSpec
from carekit.render._errors import (
    CitizenNotFoundError,
    DocumentTemplateError,
    ExternalResourceError,
    MissingRecordError,
    PdfUnavailableError,
    RenderError,
    RenderWarning,
    UnknownDocumentError,
)
from carekit.render._format import tel_href
from carekit.render._pdf import pdf_available
from carekit.render._render import Format, RenderedDocument, environment, render_document
from carekit.render._shift_watch import (
    SHIFT_WATCH_TEMPLATE,
    ShiftWatchDocument,
    render_shift_watch,
)

__all__ = [
    "ACCESS_LOG_DOCUMENT",
    "CITIZEN_EXPORT_DOCUMENT",
    "DOCUMENTS",
    "SHIFT_WATCH_TEMPLATE",
    "STAFF_WORDS",
    "AccessDay",
    "AccessEvent",
    "AccessReport",
    "ActorInfo",
    "CitizenNotFoundError",
    "DocumentSpec",
    "DocumentTemplateError",
    "ExportGroup",
    "ExportReader",
    "ExportSummary",
    "ExternalResourceError",
    "Format",
    "MissingRecordError",
    "PdfUnavailableError",
    "RenderError",
    "RenderWarning",
    "RenderedDocument",
    "ShiftWatchDocument",
    "UnknownDocumentError",
    "access_report_data",
    "access_report_text",
    "build_access_report",
    "environment",
    "for_audience",
    "pdf_available",
    "render_access_log",
    "render_citizen_export",
    "render_document",
    "render_shift_watch",
    "summarise_export",
    "tel_href",
]
