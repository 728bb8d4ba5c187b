"""Errors and warnings of document rendering.

::

    CarekitError
    └── RenderError                       .message is a bilingual Text
        ├── UnknownDocumentError (LookupError)   .name, .known
        ├── CitizenNotFoundError (LookupError)   .citizen_id
        ├── MissingRecordError (LookupError)     .document, .kind, .citizen_id
        ├── DocumentTemplateError                .template, .reason (a broken override)
        ├── PdfUnavailableError                  .reason (weasyprint or its libraries missing)
        └── ExternalResourceError                .urls (a PDF would load something from outside)

A :class:`RenderWarning` is not an error: the document was made, but something about it
deserves a look (too hard to read, jargon, a plan that is still a draft, …).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import attrs

from carekit.errors import CarekitError
from carekit.i18n import Lang, Text
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "CitizenNotFoundError",
    "DocumentTemplateError",
    "ExternalResourceError",
    "MissingRecordError",
    "PdfUnavailableError",
    "RenderError",
    "RenderWarning",
    "UnknownDocumentError",
]


class RenderError(CarekitError):
    """A document could not be made.  ``message`` says what, where and how to fix it, in
    Danish and English; ``str(error)`` is the English text."""

    def __init__(self, message: Text) -> None:
        self.message = Text(mask_cpr_in_text(message.da), mask_cpr_in_text(message.en))
        super().__init__(self.message)

    def render(self, lang: Lang = "en") -> str:
        """The message in *lang*."""
        return self.message.get(lang)


class UnknownDocumentError(RenderError, LookupError):
    """There is no document by that name; ``known`` lists the ones there are."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(sorted(known))
        choices = ", ".join(self.known)
        super().__init__(
            Text(
                f"Dokumentet {name!r} findes ikke. Vælg et af: {choices}.",
                f"There is no document {name!r}. Choose one of: {choices}.",
            )
        )


class CitizenNotFoundError(RenderError, LookupError):
    """The records given to a document hold no citizen with that id."""

    def __init__(self, citizen_id: uuid.UUID) -> None:
        self.citizen_id = citizen_id
        super().__init__(
            Text(
                f"Borgeren {citizen_id} findes ikke i de data, der blev givet. "
                "Tjek id'et (det er borgerens id i carekit, ikke et CPR-nummer).",
                f"Citizen {citizen_id} is not in the records given. Check the id (it is the "
                "citizen's carekit id, not a CPR number).",
            )
        )


class MissingRecordError(RenderError, LookupError):
    """The citizen exists, but the record the document is made from does not."""

    def __init__(self, *, document: str, kind: str, citizen_id: uuid.UUID, what: Text) -> None:
        self.document = document
        self.kind = kind
        self.citizen_id = citizen_id
        super().__init__(
            Text(
                f"Kan ikke lave {document!r} til borger {citizen_id}: der er {what.da}. "
                f"Opret en post af typen {kind!r} først.",
                f"Cannot make {document!r} for citizen {citizen_id}: there is {what.en}. "
                f"Create a record of kind {kind!r} first.",
            )
        )


class DocumentTemplateError(RenderError):
    """A template (usually a vendor override) is missing or broken."""

    def __init__(self, template: str, reason: str) -> None:
        self.template = template
        self.reason = reason = reason.rstrip(". ")
        super().__init__(
            Text(
                f"Skabelonen {template!r} kan ikke bruges: {reason}. Ret skabelonen, eller fjern "
                "den fra template_dirs, så carekits egen skabelon bruges.",
                f"Template {template!r} cannot be used: {reason}. Fix the template, or remove it "
                "from template_dirs so that carekit's own template is used.",
            )
        )


class PdfUnavailableError(RenderError):
    """PDF output needs weasyprint (``pip install 'carekit[pdf]'``) and the pango libraries."""

    def __init__(self, reason: Text) -> None:
        self.reason = reason
        super().__init__(
            Text(
                f"Kan ikke lave PDF: {reason.da}. Installér med: pip install weasyprint (og på "
                "Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
                "Du kan også vælge HTML.",
                f"Cannot make a PDF: {reason.en}. Install with: pip install weasyprint (and on "
                "Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
                "Or choose HTML.",
            )
        )


@attrs.frozen
class RenderWarning:
    """Something about a rendered document that deserves a look.

    ``code`` is stable (``lix-above-target``, ``jargon``, ``plan-not-agreed``,
    ``alignment-not-held``, ``key-note-digits``, ``contact-not-shown``); ``message`` says
    what and what to do, in Danish and English.
    """

    code: str
    message: Text

    def render(self, lang: Lang = "en") -> str:
        """``code: message`` in *lang*."""
        return f"{self.code}: {self.message.get(lang)}"


class ExternalResourceError(RenderError):
    """A document asks for something from outside (an image, a style sheet or a font at an
    ``https:``, ``http:`` or ``file:`` address): a PDF loads nothing from outside, so nothing
    was fetched and no PDF made.  ``urls``: the addresses asked for, masked."""

    code = "render.external_resource"

    def __init__(self, urls: Iterable[str]) -> None:
        from carekit.privacy import mask_urls_in_text  # noqa: PLC0415

        self.urls = tuple(mask_urls_in_text(u)[:200] for u in urls)
        first = self.urls[0] if self.urls else "?"
        more = len(self.urls) - 1
        extra_da = f" (og {more} til)" if more else ""
        extra_en = f" (and {more} more)" if more else ""
        super().__init__(
            Text(
                f"Dokumentet henter {first}{extra_da} udefra. En PDF henter intet udefra, så "
                "intet er hentet, og der er ikke lavet nogen PDF. Læg billedet eller "
                "stilarket ind i skabelonen som data:-URL, eller fjern henvisningen.",
                f"The document loads {first}{extra_en} from outside. A PDF loads nothing from "
                "outside, so nothing was fetched and no PDF was made. Put the image or style "
                "sheet into the template as a data: URL, or remove the reference.",
            )
        )
