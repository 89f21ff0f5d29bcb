"""Engine and sessions with the durability and privacy settings napishy relies on."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from anonymizer.vocabulary import ALL_MARKERS
from foundation.storage.files import HEAD_REVISION, DatabaseError, ensure_private_dir

__all__ = ["HEAD_REVISION", "Database", "DatabaseError", "ensure_private_dir"]
T = TypeVar("T")
log = logging.getLogger(__name__)
# Functions every SQLite connection gets for the web queue (processors.search): SQLite's own lower()
# and LIKE fold ASCII only, and counting markers with replace() ten times over is slow.
SQLITE_CONTAINS = "napishy_contains"  # (text, lowered word) -> 1 if the word occurs in any case
SQLITE_MARKERS = "napishy_markers"  # (text) -> the number of redaction markers in it
_MARKER = re.compile(r"\[(?:" + "|".join(ALL_MARKERS) + r")\]")


def _sqlite_contains(text: str | None, word: str | None) -> int:
    return int(bool(text) and word is not None and word in text.lower())  # type: ignore[union-attr]


def _sqlite_markers(text: str | None) -> int:
    return len(_MARKER.findall(text)) if text else 0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed letter survives a power cut
    cursor.execute("PRAGMA secure_delete=ON")  # purged originals do not linger in free pages
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    dbapi_connection.create_function(SQLITE_CONTAINS, 2, _sqlite_contains, deterministic=True)
    dbapi_connection.create_function(SQLITE_MARKERS, 1, _sqlite_markers, deterministic=True)


class Database:
    """Owns the engine; one per process.

    `attorney_ids` says who letters may be addressed to in this deployment (the roster's ids,
    loaded on first use). It travels with the database so that processors.review checks every
    approval against it without each caller having to remember to pass the roster."""

    def __init__(self, url: str, *, data_dir: Path | None = None,
                 attorney_ids: Callable[[], Sequence[str]] | None = None) -> None:
        self.url = url
        self.attorney_ids = attorney_ids
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            if data_dir is not None:
                ensure_private_dir(data_dir)
            db_path = url.split("///", 1)[-1]
            if db_path and db_path != ":memory:":
                ensure_private_dir(Path(db_path).parent)
            self.engine: Engine = create_engine(url)
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            # pre-ping: a pooled connection the server dropped while idle (restart, failover,
            # pg_terminate_backend) is replaced at checkout instead of failing the next unit of work
            self.engine = create_engine(url, pool_pre_ping=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def run(self, work: Callable[[Session], T], *, retries: int = 1) -> T:
        """Run `work(session)` as one unit of work; if the connection dies under it, run it again
        on a fresh connection, at most `retries` more times.

        Only for work that is safe to repeat: a drop before COMMIT rolled everything back, but a
        drop *during* COMMIT leaves it unknown whether the transaction landed, so the work must
        give the same end state either way (the intake pipeline does: fingerprints turn a landed
        letter into a duplicate). Review actions are not run through here: repeating an approval
        that did land would report a confusing "already approved"; the operator retries instead.
        Errors other than a lost connection (constraint violations, bad SQL) are never retried."""
        attempt = 0
        while True:
            try:
                with self.session() as session:
                    return work(session)
            except DBAPIError as error:
                if not error.connection_invalidated or attempt >= retries:
                    raise
                attempt += 1
                # the class name only: a driver message can quote the statement's parameters
                log.warning("database connection lost (%s); repeating the unit of work on a new one",
                            type(error.orig).__name__)

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as error:
            raise DatabaseError(f"cannot open the database: {error.orig}") from None

    def require_head(self) -> None:
        revision = self.current_revision()
        if revision != HEAD_REVISION:
            raise DatabaseError(
                f"the database schema is at {revision or 'nothing'}, this napishy needs {HEAD_REVISION}:"
                " run `napishy db upgrade` once"
            )

    def upgrade(self) -> None:
        """Apply migrations up to head. Imports Alembic only when there is work to do."""
        if self.current_revision() == HEAD_REVISION:
            return
        from foundation.storage.migrate import upgrade_to_head

        upgrade_to_head(self.engine)
        self._protect_files()

    def _protect_files(self) -> None:
        if not self.is_sqlite:
            return
        db_path = Path(self.url.split("///", 1)[-1])
        for suffix in ("", "-wal", "-shm"):
            candidate = db_path.with_name(db_path.name + suffix)
            if candidate.exists():
                os.chmod(candidate, 0o600)

    def dispose(self) -> None:
        self.engine.dispose()
