"""Page queries: :class:`Page`, the opaque keyset cursor and the checks of every argument of
:meth:`Repository.query <carekit.app.Repository.query>`.

A cursor (``Page.next``) is the sort key of the page's last record (``stored_at`` and
``record_id``) plus a fingerprint of the filters and the order, base64url-encoded with a
checksum.  It is not secret and grants nothing: it only says where the next page starts.
A cursor that was changed, cut short, or made for other filters is refused with
:class:`~carekit.errors.InvalidCursorError` — never a traceback.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator, Sequence
from typing import Final, Generic, TypeVar

import attrs
import orjson

from carekit.errors import InvalidCursorError, InvalidQueryError
from carekit.i18n import Text
from carekit.model import Record
from carekit.store import (
    QUERY_ORDERS,
    PageKey,
    ReadResult,
    RecordQuery,
    StoredRecord,
    UnreadableVersion,
)
from carekit.store.backend import cpr_digest, fold

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Page", "build_query", "make_page"]

#: Records per page unless ``limit`` says otherwise.
DEFAULT_LIMIT: Final = 50
#: The largest page a query returns.
MAX_LIMIT: Final = 1000

T_co = TypeVar("T_co", covariant=True)

_CURSOR_VERSION: Final = 1
_CHECK_KEY: Final = b"carekit.cursor.v1"


@attrs.frozen
class Page(Generic[T_co]):
    """One page of a query: ``items`` in the query's order, and ``next``, the cursor of the
    next page (pass it as ``after=``), ``None`` on the last page.  ``unreadable`` lists the
    versions of this page that no longer decode (skipped, see
    :meth:`Application.unreadable_versions <carekit.Application.unreadable_versions>`)."""

    items: tuple[T_co, ...]
    next: str | None
    unreadable: tuple[UnreadableVersion, ...] = ()

    def __iter__(self) -> Iterator[T_co]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _check(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, key=_CHECK_KEY, digest_size=8).digest()


def _fingerprint(query: RecordQuery) -> str:
    """Which query a cursor belongs to: kind, filters and order (not the page size)."""
    parts = (
        query.kind,
        query.citizen_id,
        query.status,
        query.changed_since.isoformat() if query.changed_since else None,
        query.text,
        query.cpr_digest,
        query.due_before.isoformat() if query.due_before else None,
        query.order,
    )
    return hashlib.blake2b(orjson.dumps(parts), digest_size=6).hexdigest()


def encode_cursor(query: RecordQuery, key: PageKey) -> str:
    """The opaque cursor of the page after *key* for *query*."""
    payload = orjson.dumps(
        [_CURSOR_VERSION, _fingerprint(query), key.stored_at.isoformat(), key.record_id]
    )
    return base64.urlsafe_b64encode(payload + _check(payload)).decode().rstrip("=")


def _bad_cursor(why: Text) -> InvalidCursorError:
    return InvalidCursorError(why)


def decode_cursor(query: RecordQuery, cursor: object) -> PageKey:
    """The page key in *cursor*, checked against *query*; :class:`InvalidCursorError` when
    it is not a cursor carekit made, was changed, or belongs to another query."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > 1000:
        raise _bad_cursor(
            Text(
                "en markør skal være teksten fra Page.next (eller None for første side)",
                "a cursor must be the text of Page.next (or None for the first page)",
            )
        )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    payload, check = raw[:-8], raw[-8:]
    if len(raw) <= 8 or _check(payload) != check:
        raise _bad_cursor(
            Text(
                "markøren er ikke en, carekit har lavet, eller den er ændret undervejs",
                "the cursor is not one carekit made, or it was changed on the way",
            )
        )
    try:
        version, fingerprint, stored_at, record_id = orjson.loads(payload)
        key = PageKey(dt.datetime.fromisoformat(stored_at), str(record_id))
    except (ValueError, TypeError):
        raise _bad_cursor(Text("markøren kan ikke læses", "the cursor cannot be read")) from None
    if version != _CURSOR_VERSION or fingerprint != _fingerprint(query):
        raise _bad_cursor(
            Text(
                "markøren hører til en anden forespørgsel (en anden type, andre filtre eller "
                "en anden sortering); start forfra uden markør",
                "the cursor belongs to another query (another kind, other filters or another "
                "order); start again without a cursor",
            )
        )
    return key


def _require_limit(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidQueryError(
            "limit",
            Text(
                f"limit skal være et heltal fra 1 til {MAX_LIMIT}, ikke {limit!r}",
                f"limit must be an int from 1 to {MAX_LIMIT}, not {limit!r}",
            ),
        )
    return limit


def _require_aware(name: str, value: object) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise InvalidQueryError(
            name,
            Text(
                f"{name} skal være et tidspunkt med tidszone (datetime med tzinfo; på "
                "kommandolinjen ISO 8601, fx 2026-12-01T08:00:00+01:00)",
                f"{name} must be a timezone-aware datetime (on the command line ISO 8601, "
                "e.g. 2026-12-01T08:00:00+01:00)",
            ),
        )
    return value.astimezone(dt.UTC)


def _require_text(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidQueryError(name, Text(f"{name} skal være tekst", f"{name} must be a string"))
    return value


def _digest(cpr: object, key: bytes | None) -> str | None:
    if cpr is None:
        return None
    if key is None:
        raise InvalidQueryError(
            "cpr",
            Text(
                "Søgning på CPR-nummer kræver en søgenøgle: giv carekit.open(search_key=...) "
                "eller sæt CAREKIT_SEARCH_KEY.",
                "searching by CPR number needs a search key: pass carekit.open(search_key=...) "
                "or set CAREKIT_SEARCH_KEY",
            ),
        )
    digest = cpr_digest(key, cpr) if isinstance(cpr, str) else None
    if digest is None:
        raise InvalidQueryError(
            "cpr",
            Text(
                "cpr skal være et CPR-nummer (DDMMÅÅ-SSSS eller DDMMÅÅSSSS)",
                "cpr must be a CPR number (DDMMYY-SSSS or DDMMYYSSSS)",
            ),
        )
    return digest


def build_query(
    kind: str,
    *,
    citizen_id: str | uuid.UUID | None,
    status: str | None,
    changed_since: dt.datetime | None,
    text: str | None,
    due_before: dt.date | None,
    order: str,
    limit: int,
    after: str | None,
    cpr: str | None = None,
    search_key: bytes | None = None,
) -> RecordQuery:
    """The store query for :meth:`Repository.query`, every argument checked
    (:class:`~carekit.errors.InvalidQueryError`, :class:`~carekit.errors.InvalidCursorError`)."""
    if order not in QUERY_ORDERS:
        raise InvalidQueryError(
            "order",
            Text(
                f"order skal være en af {', '.join(QUERY_ORDERS)}, ikke {order!r}",
                f"order must be one of {', '.join(QUERY_ORDERS)}, not {order!r}",
            ),
        )
    if citizen_id is not None and not isinstance(citizen_id, str | uuid.UUID):
        raise InvalidQueryError(
            "citizen_id",
            Text("citizen_id skal være et id (str eller UUID)", "citizen_id must be an id"),
        )
    if due_before is not None and (
        not isinstance(due_before, dt.date) or isinstance(due_before, dt.datetime)
    ):
        raise InvalidQueryError(
            "due_before",
            Text("due_before skal være en dato (datetime.date)", "due_before must be a date"),
        )
    folded = None
    raw_text = _require_text("text", text)
    if raw_text is not None:
        folded = fold(raw_text)
        if not any(c.isalnum() for c in folded):
            raise InvalidQueryError(
                "text",
                Text(
                    "text skal indeholde mindst ét bogstav eller tal; udelad den for at få alt",
                    "text must contain at least one letter or digit; leave it out to get all",
                ),
            )
    query = RecordQuery(
        kind=kind,
        citizen_id=str(citizen_id) if citizen_id is not None else None,
        status=_require_text("status", status),
        changed_since=_require_aware("changed_since", changed_since),
        text=folded,
        cpr_digest=_digest(cpr, search_key),
        due_before=due_before,
        order=order,  # checked against QUERY_ORDERS above
        limit=_require_limit(limit),
    )
    if after is not None:
        query = attrs.evolve(query, after=decode_cursor(query, after))
    return query


R = TypeVar("R", bound=Record)


def make_page(query: RecordQuery, rows: Sequence[StoredRecord[R]]) -> Page[StoredRecord[R]]:
    """The page of *rows*, read with ``limit + 1`` so that the last page says so."""
    unreadable = rows.unreadable if isinstance(rows, ReadResult) else ()
    more = len(rows) + len(unreadable) > query.limit
    items = tuple(rows[: query.limit])
    next_cursor = None
    if more and items:
        last = items[-1]
        next_cursor = encode_cursor(query, PageKey(last.stored_at, last.record_id))
    return Page(items, next_cursor, unreadable)
