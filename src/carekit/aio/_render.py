"""Rendering for the async application: HTML in a worker thread, PDF in a worker process.

Why a process for PDF: laying out a PDF (weasyprint, fontTools) builds a large heap, and the
cyclic garbage collector then stops *every* thread of the process — the event loop's too —
for 0.2–0.5 s at a time, several times per document (measured; docs/async.md).  A thread
cannot avoid that; a worker process (``anyio.to_process``) can.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carekit.i18n import Lang
    from carekit.language import JargonTerm
    from carekit.model import Record
    from carekit.render import Format, RenderedDocument

__all__ = ["render_in_worker"]


def render_in_worker(  # noqa: PLR0917 - anyio.to_process passes positional arguments only
    name: str,
    records: Sequence[Record],
    citizen_id: uuid.UUID | str,
    lang: Lang | None,
    format: Format,
    template_dirs: tuple[str | os.PathLike[str], ...],
    reveal_cpr: bool,
    extra_terms: Sequence[JargonTerm],
) -> RenderedDocument:
    """:func:`carekit.render.render_document` with positional arguments (what
    ``anyio.to_process.run_sync`` passes); everything crosses the process boundary pickled."""
    from carekit.render import render_document  # noqa: PLC0415 - Jinja2 and weasyprint, on use

    return render_document(
        name,
        records,
        citizen_id=citizen_id,
        lang=lang,
        format=format,
        template_dirs=template_dirs,
        reveal_cpr=reveal_cpr,
        extra_terms=extra_terms,
    )
