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
from carekit.store._crypto import is_sealed, record_aad, seal
from carekit.store._keyring import KeyLookup, KeyRing
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
from carekit.store._shred import (
    ERASE_ACTION,
    ErasureReport,
    no_key_finding,
    outbox_concerns,
    plaintext_finding,
)

__all__ = [
    "ACCESS_COLUMNS",
    "ACCESS_TABLE",
    "AUDIT_TABLE",
    "ERASE_ACTION",
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
    "ErasureReport",
    "HeadLookup",
    "IndexColumns",
    "KeyLookup",
    "KeyRing",
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
    "is_sealed",
    "key_fingerprint",
    "new_chain_id",
    "no_key_finding",
    "outbox_allowed",
    "outbox_concerns",
    "parse_time",
    "pending_steps",
    "plaintext_finding",
    "readable",
    "record_aad",
    "seal",
    "search_columns",
    "search_text",
    "search_text_of_document",
    "utcnow",
    "verify",
]
