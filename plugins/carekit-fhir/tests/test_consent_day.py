"""Whether a consent lets media out is judged on the Europe/Copenhagen calendar date, as
everywhere in carekit (issue #13: the export used the UTC date)."""

from __future__ import annotations

import datetime as dt

from carekit_fhir._common import ExportContext
from carekit_fhir._documents import media_allowed

from carekit.model import Consent, MediaItem, MediaType
from carekit.testing.records import STAFF, make_record
from carekit.workflows import local_date

# 00:30 on 2 March in Copenhagen is still 1 March in UTC
WITHDRAWN = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)


def _photo(consent: Consent) -> MediaItem:
    return MediaItem(
        reference="media://store/x.jpg",
        media_type=MediaType.PHOTO,
        creator=STAFF,
        created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
        consent_id=consent.id,
    )


def test_a_consent_withdrawn_after_midnight_in_copenhagen_stops_media_that_day() -> None:
    consent = make_record(
        "consent",
        purpose="photos_and_film",
        given_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        withdrawn_at=WITHDRAWN,
    )
    assert isinstance(consent, Consent)
    item = _photo(consent)
    on_the_day = ExportContext(consents={consent.id: consent}, today=dt.date(2026, 3, 2))
    assert not media_allowed(item, on_the_day)
    the_day_before = ExportContext(consents={consent.id: consent}, today=dt.date(2026, 3, 1))
    assert media_allowed(item, the_day_before)


def test_the_export_reads_today_on_the_copenhagen_calendar() -> None:
    before = local_date(dt.datetime.now(dt.UTC))
    today = ExportContext().today
    assert today in (before, local_date(dt.datetime.now(dt.UTC)))


def test_media_with_a_url_that_may_not_leave_carekit_is_never_exported() -> None:
    consent = make_record(
        "consent", purpose="photos_and_film", given_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert isinstance(consent, Consent)
    ctx = ExportContext(consents={consent.id: consent}, today=dt.date(2026, 3, 2))
    assert media_allowed(_photo(consent), ctx)
    for url in ("http://cdn.example/a.jpg", "data:image/png;base64,AA", "file:///etc/passwd"):
        item = _photo(consent).model_copy(update={"reference": url})
        assert not media_allowed(item, ctx), url
