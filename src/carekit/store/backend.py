"""Building blocks for storage backends, public so that every backend (memory, SQLite,
PostgreSQL, a vendor's own) encodes, validates and indexes records identically.

Use these in a backend; applications never need them.
"""

from carekit.store._base import StoreBase
from carekit.store._chain import (
    AUDIT_TABLE,
    GENESIS,
    RECORDS_TABLE,
    ChainHead,
    ChainReport,
    ChainRow,
    ChainWriter,
    Checkpoint,
    Value,
    new_chain_id,
    verify,
)
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
    "AUDIT_TABLE",
    "GENESIS",
    "RECORDS_TABLE",
    "ChainHead",
    "ChainReport",
    "ChainRow",
    "ChainWriter",
    "Checkpoint",
    "HeadLookup",
    "IndexColumns",
    "Migration",
    "StoreBase",
    "Value",
    "apply_steps",
    "check_integrity",
    "decode_record",
    "encode_record",
    "event_payloads",
    "format_time",
    "index_columns",
    "new_chain_id",
    "parse_time",
    "pending_steps",
    "readable",
    "utcnow",
    "verify",
]
