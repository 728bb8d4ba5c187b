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

__all__ = [
    "HeadLookup",
    "IndexColumns",
    "StoreBase",
    "check_integrity",
    "decode_record",
    "encode_record",
    "event_payloads",
    "format_time",
    "index_columns",
    "parse_time",
    "readable",
    "utcnow",
]
