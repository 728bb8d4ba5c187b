"""The mutants: one deliberate bug each, the store or channel it is put into, and what the bug
is.  ``kit_vs_mutants.py`` runs the kits against every one; ``test_mutation.py`` checks that
each is killed and writes the table in docs/kit-mutants.md."""

from __future__ import annotations

import attrs


@attrs.frozen
class Mutant:
    """*name* is the bug (``MutantMemoryStore.bug`` / ``MutantChannel.bug`` / a key of
    ``_mutant_app.APP_BUGS``) or, for SQLite, the class in ``_mutant_stores``; *base* is the
    reference it breaks (``app``: carekit's Application, run by the write-contract kit);
    *lock_free* marks the concurrency mutants that the repeated run drives."""

    name: str
    base: str
    bug: str
    lock_free: bool = False


MUTANTS: tuple[Mutant, ...] = (
    Mutant("lost_update", "memory", "a stale update is written (expected_version ignored)"),
    Mutant(
        "missing_row_lock",
        "memory",
        "the version check runs outside the lock; two writers both pass it",
        lock_free=True,
    ),
    Mutant(
        "duplicate_version",
        "memory",
        "no unique (record_id, version): a second create of an id is stored as another version 1",
    ),
    Mutant("no_integrity", "memory", "referential integrity is not checked in the store"),
    Mutant("missing_audit", "memory", "writes append no audit entry"),
    Mutant("audit_first_item_only", "memory", "put_many audits the first item of a batch only"),
    Mutant("per_item_transactions", "memory", "put_many writes each item in its own transaction"),
    Mutant(
        "commit_before_audit",
        "memory",
        "the records are committed before their audit and outbox rows are written",
    ),
    Mutant(
        "stale_version_returned",
        "memory",
        "query() answers the first version of a record, not the latest",
    ),
    Mutant("password_in_url", "memory", "store.url shows the database password"),
    Mutant("password_in_repr", "memory", "repr(store) shows the database password"),
    Mutant("password_in_errors", "memory", "a not-found error names the URL with its password"),
    Mutant(
        "content_in_conflict_error",
        "memory",
        "the conflict error of a stale update quotes the rejected document",
    ),
    Mutant("unvalidated_writes", "memory", "put stores model_dump_json() without validation"),
    Mutant("missing_read_audit", "memory", "reads are not audited although audit_reads is on"),
    Mutant(
        "claim_without_lock",
        "memory",
        "claim chooses the due items outside the lock (two dispatchers claim one item)",
        lock_free=True,
    ),
    Mutant("complete_not_persisted", "memory", "complete() checks the item but never marks it"),
    Mutant("no_lease", "memory", "claim sets no lease: a claimed item is due again at once"),
    Mutant(
        "sends_after_cancel",
        "memory",
        "fail() dead-letters claimed items only: a cancelled pending message is still sent",
    ),
    Mutant(
        "enqueue_race",
        "memory",
        "enqueue is idempotent by SELECT-then-INSERT with no unique key",
        lock_free=True,
    ),
    Mutant(
        "access_log_first_entry_only",
        "memory",
        "log_access keeps the first entry of a batch only (reads of a page go unlogged)",
    ),
    Mutant(
        "access_log_forgets_the_reader",
        "memory",
        "log_access stores every entry with the reader 'unknown'",
    ),
    Mutant(
        "SQLiteDeferredWrites",
        "sqlite",
        "writes use a deferred BEGIN: no write lock between version check and insert",
        lock_free=True,
    ),
    Mutant(
        "SQLitePerInstanceCache",
        "sqlite",
        "get() answers from a per-object cache that another store object's writes never invalidate",
    ),
    Mutant(
        "SQLiteClaimWithoutLock",
        "sqlite",
        "claim selects, then updates in autocommit statements (no lock between them)",
        lock_free=True,
    ),
    Mutant(
        "SQLiteUnchainedAudit",
        "sqlite",
        "the audit rows of a write are stored outside the hash chain",
    ),
    Mutant(
        "SQLiteUnchainedVersions",
        "sqlite",
        "the record versions of a write are stored outside the hash chain",
    ),
    Mutant("ignores_idempotency_key", "channel", "each send carries a fresh key"),
    Mutant(
        "retries_permanent_failure",
        "channel",
        "a permanent refusal is raised as retryable (retried forever)",
    ),
    Mutant("cpr_in_subject", "channel", "the subject is sent without CPR masking"),
    Mutant("cpr_in_body", "channel", "the body is sent without CPR masking"),
    Mutant("cpr_in_link", "channel", "the deep link is sent without CPR masking"),
    Mutant("status_edits", "app", "update() lets a status change through (not act())"),
    Mutant("any_initial_status", "app", "add() stores a record in any status, not the initial"),
    Mutant(
        "state_invariants_unchecked",
        "app",
        "the invariants of a record's state are not checked on write",
    ),
)


def class_name(mutant: Mutant) -> str:
    """The kit test class that runs against *mutant*."""
    return f"TestMutant_{mutant.base}_{mutant.name}"
