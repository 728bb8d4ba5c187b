"""Building blocks for storage backends, public so that every backend (memory, SQLite,
PostgreSQL, a vendor's own) encodes, validates and indexes records identically.

Use these in a backend; applications never need them.
"""

from carekit.store._base import StoreBase
from carekit.store._common import (
    HeadLookup,
    IndexColumns,
    check_integrity,
    decode_record,
    encode_record,
    event_payloads,
    format_time,
    index_columns,
    parse_time,
    readable,
    utcnow,
)
from carekit.store._migrations import Migration, apply_steps, pending_steps

__all__ = [
    "HeadLookup",
    "IndexColumns",
    "Migration",
    "StoreBase",
    "apply_steps",
    "check_integrity",
    "decode_record",
    "encode_record",
    "event_payloads",
    "format_time",
    "index_columns",
    "parse_time",
    "pending_steps",
    "readable",
    "utcnow",
]
