"""Building blocks for storage backends, public so that every backend (memory, SQLite,
PostgreSQL, a vendor's own) encodes, validates and indexes records identically.

Use these in a backend; applications never need them.
"""

from carekit.store._access import (
    ACCESS_COLUMNS,
    AccessBuffer,
    access_values,
    entry_from_values,
)
from carekit.store._base import StoreBase
from carekit.store._chain import (
    ACCESS_TABLE,
    AUDIT_TABLE,
    GENESIS,
    RECORDS_TABLE,
    ChainedStore,
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
from carekit.store._protocol import outbox_allowed
from carekit.store._search import (
    SEARCH_FIELDS,
    SEARCH_KEY_ENV,
    cpr_digest,
    cpr_of_document,
    fold,
    key_fingerprint,
    search_columns,
    search_text,
    search_text_of_document,
)

__all__ = [
    "ACCESS_COLUMNS",
    "ACCESS_TABLE",
    "AUDIT_TABLE",
    "GENESIS",
    "RECORDS_TABLE",
    "SEARCH_FIELDS",
    "SEARCH_KEY_ENV",
    "AccessBuffer",
    "ChainHead",
    "ChainReport",
    "ChainRow",
    "ChainWriter",
    "ChainedStore",
    "Checkpoint",
    "HeadLookup",
    "IndexColumns",
    "Migration",
    "StoreBase",
    "Value",
    "access_values",
    "apply_steps",
    "check_integrity",
    "cpr_digest",
    "cpr_of_document",
    "decode_record",
    "encode_record",
    "entry_from_values",
    "event_payloads",
    "fold",
    "format_time",
    "index_columns",
    "key_fingerprint",
    "new_chain_id",
    "outbox_allowed",
    "parse_time",
    "pending_steps",
    "readable",
    "search_columns",
    "search_text",
    "search_text_of_document",
    "utcnow",
    "verify",
]
