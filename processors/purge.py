"""Retention: removing old letters and destroying their sealed originals.

We delete and then rewrite the storage, rather than crypto-shred with per-letter data keys: the
originals are sealed to the organisers' public key, so the server never holds a key it could
throw away. SQLite runs with `secure_delete=ON` (freed pages are zeroed), and after the delete
we VACUUM and truncate the write-ahead log so no copy survives in the database files.
PostgreSQL gets `VACUUM FULL` of the affected tables; its WAL archives and backups are the
operator's to rotate (see the README).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, text

from foundation.storage.database import Database
from foundation.storage.models import Attachment, Claim, Letter, Note, Revision, SealedOriginal, Seen

PURGED_TABLES = ("sealed_originals", "attachments", "revisions", "notes", "claims", "seen", "letters")


def count_before(database: Database, before: dt.date) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(Letter.received_on < before)) or 0


def purge(database: Database, before: dt.date, operator: str) -> int:
    """Delete every letter received before `before`, with its original, images, revisions, notes,
    claims and seen marks."""
    from processors.audit import record

    with database.session() as session:
        ids = list(session.scalars(select(Letter.id).where(Letter.received_on < before)))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for model in (SealedOriginal, Attachment, Revision, Note, Claim, Seen):
                session.execute(delete(model).where(model.letter_id.in_(chunk)))
            session.execute(delete(Letter).where(Letter.id.in_(chunk)))
        record(session, operator, "purge", None, f"{len(ids)} letters received before {before.isoformat()}")
    _rewrite_storage(database)
    return len(ids)


def _rewrite_storage(database: Database) -> None:
    """Make sure deleted rows leave no bytes behind in the database files."""
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if database.is_sqlite:
            connection.execute(text("VACUUM"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        else:
            for table in PURGED_TABLES:
                connection.execute(text(f"VACUUM FULL {table}"))  # names are our own constants
