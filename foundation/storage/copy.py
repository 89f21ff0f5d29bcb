"""Moving a store to another database (SQLite → PostgreSQL), verified after the copy."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import Connection, Integer, Table, func, select, text

from foundation.errors import NapishyError
from foundation.storage.database import Database
from foundation.storage.models import Base

BATCH = 500


class CopyError(NapishyError):
    """Raised when the target already holds letters or the copy does not verify."""


def _rows(database: Database, table: Table) -> Iterator[list[dict[str, object]]]:
    order = list(table.primary_key.columns)
    with database.engine.connect() as connection:
        result = connection.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
        for partition in result.mappings().partitions(BATCH):
            yield [dict(row) for row in partition]


def table_digest(database: Database, table: Table) -> tuple[int, str]:
    """Row count and a hash over every value in primary-key order: equal on both sides after a copy."""
    digest = hashlib.sha256()
    count = 0
    for batch in _rows(database, table):
        for row in batch:
            count += 1
            for key in sorted(row):
                value = row[key]
                if isinstance(value, memoryview):
                    value = bytes(value)
                digest.update(key.encode() + b"=" + (value if isinstance(value, bytes) else repr(value).encode()))
    return count, digest.hexdigest()


def copy_store(source: Database, target: Database) -> dict[str, int]:
    """Copy every table in dependency order; refuse a target that already holds letters."""
    target.upgrade()
    with target.engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(Base.metadata.tables["letters"])).scalar():
            raise CopyError("the target database already holds letters; copy only into an empty one")
    copied = {}
    with target.engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            copied[table.name] = 0
            for batch in _rows(source, table):
                connection.execute(table.insert(), batch)
                copied[table.name] += len(batch)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    for table in Base.metadata.sorted_tables:
        if table_digest(source, table) != table_digest(target, table):
            raise CopyError(f"table {table.name} differs after the copy; the target is not to be used")
    return copied


def _reset_sequences(connection: Connection) -> None:
    """Explicit ids were inserted, so serial sequences must move past them."""
    for table in Base.metadata.sorted_tables:
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or not isinstance(columns[0].type, Integer):
            continue
        name, column = table.name, columns[0].name
        # Names come from our own models, never from input.
        statement = (
            f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), "  # noqa: S608
            f"COALESCE((SELECT MAX({column}) FROM {name}), 0) + 1, false)"
        )
        connection.execute(text(statement))
