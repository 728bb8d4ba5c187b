"""The citizen's export summary (``citizen export --format html``) in plain Danish and
English: it passes the language check and shows labels, never internal codes."""

from __future__ import annotations

import pytest

from carekit.demo import demo_citizens
from carekit.i18n import Lang
from carekit.model import Citizen, Purpose
from carekit.render import render_citizen_export
from carekit.testing.export import seed_export_store
from carekit.testing.readers import TEST_READER, open_reading

from .test_no_internal_codes import offending


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("citizen", demo_citizens(), ids=lambda c: c.display_name)
def test_the_export_summary_is_plain_language_with_labels_not_codes(
    citizen: Citizen, lang: Lang
) -> None:
    with open_reading("memory://") as app:
        seed_export_store(app)
        with app.session(actor=TEST_READER, purpose=Purpose.CITIZEN_REQUEST) as reader:
            document = reader.export_citizen(citizen.id, include_cpr=False)
    doc = render_citizen_export(document, lang=lang)
    assert doc.language_report.passes(), doc.language_report
    assert offending(doc.language_report.text) == []
    assert doc.lang == lang
