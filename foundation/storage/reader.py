"""A narrow read path: plain SQL over a DB-API connection, for what operators and health checks run
all day (`queue`, `show`, `status`, `audit verify`).

Importing SQLAlchemy and the models takes longer than these commands may (0.2 s); the query
itself takes milliseconds. So a SQLite file already at the current schema is read through the
standard library's sqlite3, and anything else (PostgreSQL, a schema to migrate first) through a
connection borrowed from the `Database`'s engine: the same SQL either way. Reads only: every
write goes through the ORM and its sessions.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from foundation.storage.files import HEAD_REVISION, DatabaseError, ensure_private_dir, sqlite_file

if TYPE_CHECKING:
    from foundation.storage.database import Database

Params = Sequence[Any]


class SqliteReader:
    """One stdlib connection to a SQLite store whose schema is at HEAD_REVISION."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def close(self) -> None:
        self.connection.close()


Source = Union["Database", SqliteReader]


def open_sqlite(url: str, data_dir: Path) -> SqliteReader | None:
    """A reader for a plain SQLite file at the current schema, or None: then read through the
    `Database` (which migrates an older SQLite file first, as it always has)."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    ensure_private_dir(data_dir)
    try:
        # mode=rw: never create a database file here; an absent one was refused earlier
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True)
        connection.execute("PRAGMA busy_timeout=10000")  # a writer committing a group of letters
        has_version = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database: {error}") from None
    if revision is None or revision[0] != HEAD_REVISION:
        connection.close()
        return None
    return SqliteReader(connection)


class Query:
    """SQL with `?` placeholders on one connection; rows come back as tuples."""

    def __init__(self, cursor: Any, *, qmark: bool) -> None:
        self._cursor = cursor
        self._qmark = qmark

    def _run(self, sql: str, params: Params) -> Any:
        # psycopg takes %s; the SQL here never holds a literal % or ?
        self._cursor.execute(sql if self._qmark else sql.replace("?", "%s"), tuple(params))
        return self._cursor

    def all(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return list(self._run(sql, params).fetchall())

    def one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        return self._run(sql, params).fetchone()

    def each(self, sql: str, params: Params = (), size: int = 1000) -> Iterator[tuple[Any, ...]]:
        """Rows a thousand at a time, for a table that may be long (the audit log)."""
        cursor = self._run(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


@contextmanager
def reading(source: Source) -> Iterator[Query]:
    """A query on `source`; a Database lends a pooled connection and gets it back rolled back."""
    if isinstance(source, SqliteReader):
        cursor = source.connection.cursor()
        try:
            yield Query(cursor, qmark=True)
        finally:
            cursor.close()
        return
    connection = source.engine.raw_connection()
    try:
        pooled = connection.cursor()
        try:
            yield Query(pooled, qmark=source.is_sqlite)
        finally:
            pooled.close()
    finally:
        connection.rollback()
        connection.close()


def as_json(value: Any) -> Any:
    """A JSON column: text from SQLite, already decoded by psycopg."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def as_datetime(value: Any) -> dt.datetime:
    """A DateTime column: SQLite holds ISO text (naive, stored in UTC), PostgreSQL a datetime."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
