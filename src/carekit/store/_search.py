"""What a store indexes for searching: the folded text of a record's human fields and the
keyed hash (blind index) of a citizen's CPR number.

**Folding** (:func:`fold`) makes search case- and accent-insensitive, the same way for the
stored column and for the query, so a plain ``LIKE`` in SQL finds what a person means:

1. ``str.casefold()`` (``SØREN`` → ``søren``, ``ß`` → ``ss``);
2. ``ø`` → ``o`` and ``æ`` → ``ae`` (Danish letters Unicode does not decompose);
3. NFKD, then every combining mark dropped (``å`` → ``a``, ``é`` → ``e``, ``ö`` → ``o``);
4. ``aa`` → ``a``, so the old spelling matches the new (``Aabenraa`` and ``Åbenrå`` both
   fold to ``abenra``);
5. control characters (NUL …) become spaces, every run of white space becomes one space,
   and leading and trailing space is removed.

So ``Søren``, ``soren``, ``SØREN`` and ``Sören`` all fold to ``soren``.  Searching cannot
tell ``Saab`` from ``Sab`` (step 4) — a few extra hits, never a missed one.

**Human fields** are named once per kind in :data:`SEARCH_FIELDS` (names, titles, the
citizen's own words); every string inside such a field is indexed (lists and nested
models too), except ids.  CPR numbers written into free text are removed from the folded
column (:func:`carekit.privacy.find_cprs`), so no column ever holds a CPR number in plain
text.  The ``cpr`` field itself is found only through :func:`cpr_digest`: HMAC-SHA256 with
a key the store never sees stored (``carekit.open(search_key=…)`` or
``$CAREKIT_SEARCH_KEY``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any, Final

import orjson

from carekit.model import Record
from carekit.privacy import find_cprs, is_valid_cpr

__all__ = [
    "SEARCH_FIELDS",
    "SEARCH_KEY_ENV",
    "cpr_digest",
    "cpr_of_document",
    "fold",
    "key_fingerprint",
    "search_columns",
    "search_text",
    "search_text_of_document",
    "text_values",
]

#: The environment variable holding the CPR search key when ``carekit.open()`` gets none.
SEARCH_KEY_ENV: Final = "CAREKIT_SEARCH_KEY"

#: The human fields of each kind that ``text=`` searches (top-level field names; every
#: string inside them counts).  Kinds not named here are not text-searchable.
SEARCH_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "citizen": ("display_name", "life_story"),
    "care_network": ("coordination",),
    "network_member": ("name", "role_text", "organisation"),
    "safety_plan": ("situations", "contacts", "planned_visits"),
    "home_agreement": ("key_note", "pets", "do_not_move", "room_wishes", "other"),
    "information_record": ("topic", "now", "why", "what_next", "citizen_words"),
    "expectation_alignment": ("participants", "citizen_expectations", "gaps", "agreements"),
    "safety_check_in": ("citizen_words", "follow_up_note"),
    "dream": ("text", "hypothesis"),
    "perspective": ("source_name", "content"),
    "trial_action": ("title", "change_of_practice", "prediction", "learned"),
    "routine": ("description",),
    "learning_story": ("title", "narrative", "learned"),
    "consent": ("scope", "given_by_name"),
}

_SPACE = re.compile(r"\s+")
_LETTERS = str.maketrans({"ø": "o", "æ": "ae"})


def fold(text: str) -> str:
    """*text* folded for search (see the module docstring): ``fold("SØREN") == "soren"``."""
    value = text.casefold().translate(_LETTERS)
    value = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    value = value.replace("aa", "a")
    value = "".join(" " if unicodedata.category(c) == "Cc" else c for c in value)
    return _SPACE.sub(" ", value).strip()


def text_values(value: Any, key: str = "") -> Iterator[str]:
    """Every text in *value* (a document field, nested objects and lists walked) that people
    wrote - ids (``id``, ``…_id``) and ``kind`` codes left out: what search indexes, and what an
    erasure kit looks for afterwards."""
    if isinstance(value, str):
        if key != "id" and not key.endswith("_id") and key != "kind":
            yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from text_values(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from text_values(v, key)


def _without_cprs(text: str) -> str:
    found = find_cprs(text)
    for match in reversed(found):
        text = text[: match.start] + " " + text[match.end :]
    return text


def search_text_of_document(kind: str, document: Mapping[str, Any]) -> str:
    """The folded search column of a record given as its JSON document."""
    parts = [s for name in SEARCH_FIELDS.get(kind, ()) for s in text_values(document.get(name))]
    return fold(_without_cprs(" ".join(parts)))


def search_text(record: Record) -> str:
    """The folded search column of *record* (empty when its kind has no human fields)."""
    fields = SEARCH_FIELDS.get(record.kind, ())
    if not fields:
        return ""
    return search_text_of_document(record.kind, record.model_dump(mode="json", include=set(fields)))


def _cpr_digits(cpr: str) -> str | None:
    value = cpr.strip()
    return value.replace("-", "") if is_valid_cpr(value) else None


def cpr_digest(key: bytes, cpr: str) -> str | None:
    """The blind index of *cpr* under *key*: HMAC-SHA256 of its ten digits, hex; ``None``
    when *cpr* is not a CPR number.  ``010190-1234`` and ``0101901234`` give the same."""
    digits = _cpr_digits(cpr)
    if digits is None:
        return None
    return hmac.new(key, b"carekit-cpr:" + digits.encode(), hashlib.sha256).hexdigest()


def key_fingerprint(key: bytes) -> str:
    """A short name of *key* stored next to each digest, so a store re-indexes what was
    hashed under another key (the key itself is never stored)."""
    return hmac.new(key, b"carekit-search-key", hashlib.sha256).hexdigest()[:16]


def search_columns(record: Record, key: bytes | None) -> tuple[str, str | None, str | None]:
    """``(search, cpr_digest, cpr_key)`` of *record*: the folded text column, and for a
    citizen with a CPR number and a *key*, its digest and the key's fingerprint."""
    text = search_text(record)
    cpr = getattr(record, "cpr", None) if record.kind == "citizen" else None
    if key is None or not isinstance(cpr, str):
        return text, None, None
    return text, cpr_digest(key, cpr), key_fingerprint(key)


def cpr_of_document(data: bytes | str) -> str | None:
    """The ``cpr`` field of a stored citizen document (for re-indexing under a new key)."""
    value = orjson.loads(data).get("cpr")
    return value if isinstance(value, str) else None
