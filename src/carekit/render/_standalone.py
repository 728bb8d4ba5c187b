"""The one way a stand-alone document (Min log, the citizen's export, the shift's list) is
rendered: its template with the shared helpers (``t``, ``text``, ``date``, ``lang``), then
the language check of its audience."""

from __future__ import annotations

from typing import Any

import jinja2

from carekit._dates import format_date
from carekit.i18n import Lang
from carekit.language import LanguageReport, check_html
from carekit.render._audience import for_audience
from carekit.render._errors import DocumentTemplateError
from carekit.render._render import environment
from carekit.render._strings import STRINGS

__all__ = ["render_page"]


def render_page(
    template: str, lang: Lang, audience: str, **values: Any
) -> tuple[str, LanguageReport]:
    """The HTML of *template* rendered with *values* in *lang*, and its language report for
    *audience*; :class:`DocumentTemplateError` if the template fails."""
    context: dict[str, Any] = {
        "t": lambda key, **v: STRINGS[key].get(lang).format(**v),
        "text": lambda value: value.get(lang),
        "date": lambda value: format_date(value, lang),
        "lang": lang,
        **values,
    }
    try:
        html = environment().get_template(template).render(context)
    except jinja2.TemplateError as error:  # pragma: no cover - the shipped templates render
        raise DocumentTemplateError(template, str(error)) from error
    return html, for_audience(check_html(html, lang), audience)
