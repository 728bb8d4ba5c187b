"""HTML → A4 PDF with weasyprint.

Why weasyprint and not Chromium's print-to-PDF: it runs in-process (no browser to start,
sandbox or kill), never runs JavaScript, honours ``@page { size: A4 }`` as CSS paged media
defines it, and its only system dependency is pango.  Chromium stays what the browser tests
use to look at the documents as a phone or a desktop shows them.
"""

from __future__ import annotations

__all__ = ["html_to_pdf", "pdf_available"]


def _weasyprint_html() -> type:
    from carekit.i18n import Text  # noqa: PLC0415
    from carekit.render._errors import PdfUnavailableError  # noqa: PLC0415

    try:
        from weasyprint import HTML  # type: ignore[import-untyped]  # noqa: PLC0415 - optional
    except ImportError as error:
        raise PdfUnavailableError(
            Text(
                f"weasyprint er ikke installeret ({error})",
                f"weasyprint is not installed ({error})",
            )
        ) from error
    except OSError as error:  # pango/cairo libraries missing
        raise PdfUnavailableError(
            Text(
                f"et systembibliotek, som weasyprint skal bruge, mangler ({error})",
                f"a system library weasyprint needs is missing ({error})",
            )
        ) from error
    return HTML  # type: ignore[no-any-return]


def pdf_available() -> bool:
    """True when PDF output works on this machine."""
    try:
        _weasyprint_html()
    except Exception:  # noqa: BLE001 - any failure means: not available
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    """The A4 PDF of *html* (which carries its own CSS).  No network access: a ``data:`` URL
    is read inline; any other address (``https:``, ``http:``, ``file:`` …) is never fetched
    and the PDF is refused with :class:`~carekit.render.ExternalResourceError`."""
    from carekit.render._errors import ExternalResourceError  # noqa: PLC0415

    html_class = _weasyprint_html()
    refused: list[str] = []
    data = html_class(string=html, url_fetcher=_fetcher(refused)).write_pdf()
    if refused:
        raise ExternalResourceError(refused)
    return bytes(data)


def _fetcher(refused: list[str]) -> object:
    """weasyprint's URL fetcher that reads ``data:`` URLs and refuses (records in *refused*)
    everything else: a :class:`weasyprint.urls.URLFetcher` where weasyprint has that class
    (70 and later), else the fetch function older versions take."""
    from weasyprint import urls  # noqa: PLC0415 - optional dependency, loaded above

    base = getattr(urls, "URLFetcher", None)
    if isinstance(base, type):

        class _Inline(base):  # type: ignore[misc, valid-type]
            def __init__(self) -> None:
                super().__init__(allowed_protocols=("data",), allow_redirects=False)

            def fetch(self, url: str, headers: object = None) -> object:
                if not url.lower().startswith("data:"):
                    refused.append(url)
                    raise ValueError("documents load nothing from outside")
                return super().fetch(url, headers)

        return _Inline()

    def fetch(url: str, *args: object, **kwargs: object) -> object:
        if not url.lower().startswith("data:"):
            refused.append(url)
            raise ValueError("documents load nothing from outside")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch
