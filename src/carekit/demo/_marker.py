"""The demo store's marker: ``carekit demo`` replaces only a store it made itself.

When the demo creates its SQLite file it writes a small table, :data:`DEMO_MARKER_TABLE`,
before anything else.  Running the demo again with the same ``--db`` replaces the file only
when :func:`check_replaceable` finds, reading the file **read-only** (SQLite's ``immutable``
mode: no lock, no ``-wal``/``-shm`` file is created, so a refused file is left byte for byte
as it was; a non-empty ``-wal`` beside it - a store in use - is refused unread):

* a SQLite database with the marker table and its marker row;
* no tables besides carekit's own (records, audit log, outbox, migrations) and the marker;
* no citizen other than the demo citizens, and no record of another citizen.

Anything else - a file that is not SQLite, a foreign SQLite database (whatever it holds), a
carekit store the demo did not make (even one without citizens), a demo store someone added
a real citizen to - is refused with :class:`DemoStoreRefusedError` and left untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import ClassVar, Final

from carekit._version import __version__
from carekit.errors import CarekitError
from carekit.i18n import Text

__all__ = [
    "DEMO_MARKER_TABLE",
    "DemoStoreRefusedError",
    "check_replaceable",
    "create_demo_file",
    "remove_demo_file",
]

#: The table that marks a SQLite file as made by ``carekit demo`` (spelled out in the SQL
#: below).
DEMO_MARKER_TABLE: Final = "carekit_demo"
_MARKER: Final = "made by carekit demo; carekit demo may replace this file"
#: The tables a carekit SQLite store has (schema version 4) besides the marker.
_STORE_TABLES: Final = frozenset(
    {
        "records",
        "record_heads",
        "access_log",
        "audit",
        "outbox",
        "schema_migrations",
        "sqlite_sequence",
        "chain_head",
        "chain_checkpoints",
        "outbox_feed_head",
    }
)
_COMPANIONS: Final = ("-wal", "-shm", "-journal")


class DemoStoreRefusedError(CarekitError):
    """``carekit demo --db FILE`` was pointed at something it did not make; ``path`` is the
    file, ``reason`` one of ``"not_a_file"``, ``"in_use"``, ``"not_sqlite"``,
    ``"no_marker"``, ``"other_tables"``, ``"other_citizens"``, ``"not_empty"``."""

    code: ClassVar[str] = "demo.store_refused"

    def __init__(self, path: str, reason: str, why: Text) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            Text(
                f"{path}: {why.da} Demoen overskriver kun et lager, den selv har lavet, "
                "aldrig et med andre data; intet er ændret. Vælg en anden fil med --db.",
                f"{path}: {why.en} The demo only replaces a store it made itself, never one "
                "with other data; nothing was changed. Choose another file with --db.",
            )
        )


def _refuse(path: Path | str, reason: str, da: str, en: str) -> DemoStoreRefusedError:
    return DemoStoreRefusedError(str(path), reason, Text(da, en))


def create_demo_file(path: Path) -> None:
    """Create *path* (it must not exist) as an empty SQLite database with the marker."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "CREATE TABLE carekit_demo "
            "(marker TEXT NOT NULL, carekit_version TEXT NOT NULL, created_at TEXT NOT NULL)"
        )
        conn.execute(
            "INSERT INTO carekit_demo VALUES (?, ?, ?)",
            (_MARKER, __version__, dt.datetime.now(dt.UTC).isoformat()),
        )


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: SQLite neither locks nor creates -wal/-shm files next to the file it reads
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def check_replaceable(path: Path, demo_citizen_ids: set[str]) -> None:
    """Return when *path* is a demo store the demo may replace; else raise
    :class:`DemoStoreRefusedError`.  The file is only read."""
    if not path.is_file():
        raise _refuse(
            path,
            "not_a_file",
            "Det er ikke en almindelig fil.",
            "It is not a regular file.",
        )
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise _refuse(
            path,
            "in_use",
            "Lageret er åbent i et andet program eller blev ikke lukket rigtigt (der findes en "
            f"{wal.name}).",
            f"The store is open in another program or was not closed properly ({wal.name} exists).",
        )
    try:
        with contextlib.closing(_read_only(path)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if DEMO_MARKER_TABLE not in tables:
                raise _refuse(
                    path,
                    "no_marker",
                    "Filen er ikke lavet af carekit demo (den har ikke demoens mærke).",
                    "The file was not made by carekit demo (it has no demo marker).",
                )
            markers = [r[0] for r in conn.execute("SELECT marker FROM carekit_demo")]
            if markers != [_MARKER]:
                raise _refuse(
                    path,
                    "no_marker",
                    "Demoens mærke i filen er ændret.",
                    "The demo marker in the file was changed.",
                )
            other = sorted(tables - _STORE_TABLES - {DEMO_MARKER_TABLE})
            if other:
                raise _refuse(
                    path,
                    "other_tables",
                    f"Filen har andre tabeller end carekits ({len(other)}).",
                    f"The file has tables that are not carekit's ({len(other)}).",
                )
            if "records" in tables:
                ids = {
                    str(r[0])
                    for r in conn.execute(
                        "SELECT citizen_id FROM records UNION "
                        "SELECT record_id FROM records WHERE kind = 'citizen'"
                    )
                }
                strangers = ids - demo_citizen_ids
                if strangers:
                    raise _refuse(
                        path,
                        "other_citizens",
                        f"Lageret har {len(strangers)} borger(e), der ikke er demoens.",
                        f"The store holds {len(strangers)} citizen(s) that are not the demo's.",
                    )
    except sqlite3.DatabaseError:
        raise _refuse(
            path,
            "not_sqlite",
            "Filen er ikke et carekit-demolager (den kan ikke læses som SQLite).",
            "The file is not a carekit demo store (it cannot be read as SQLite).",
        ) from None


def remove_demo_file(path: Path) -> None:
    """Delete a demo store (checked with :func:`check_replaceable` first) and SQLite's
    companion files.  A file that cannot be deleted (read-only, no permission) is
    :class:`DemoStoreRefusedError` with the reason, the file left as it was."""
    try:
        path.unlink()
        for suffix in _COMPANIONS:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError:
        raise _refuse(
            path,
            "not_removable",
            "Den gamle demofil kan ikke slettes: giv skriveadgang til filen og dens mappe.",
            "The old demo file cannot be deleted: make the file and its folder writable.",
        ) from None
