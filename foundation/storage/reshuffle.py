"""Rewrite PostgreSQL's tables in an order that says nothing about arrival.

PostgreSQL writes each new row at the end of its table's heap, stamps it with the id of the
transaction that wrote it (`xmin`, a counter), and stores a long value (a sealed original, an
image, a long text) in the TOAST table under an OID from another counter. All three follow the
order letters arrived in, and with the provider's logs that order ties a stored letter to a time
of sending. Random keys cannot help: the position is the heap's, not the key's.

So the service (or `poll --once`) rewrites the tables once an hour, whichever service's turn it
is (a row of `leases` holds when the next rewrite is due), one table at a time, in three steps:
1. `CLUSTER` on the index of the letter's random id: a new heap file in random order, the old
   file removed (not left as free space holding the old order);
2. one `UPDATE` of every row, read in that random order, with the long values made anew: every
   row gets the same `xmin` and its long values new TOAST OIDs handed out in random order;
3. `CLUSTER` again: a new file with only those new row versions, still in random order.
What is left is which rewrite window a letter arrived in, as in the hourly intake count.

Each step is its own short transaction with a lock timeout, so intake and the web console wait
at most one rewrite of one table; a table that is busy is left for the next time. SQLite needs
none of this: its letters get random rowids when they are stored (processors.pipeline).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from foundation.storage.models import Lease

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 3600.0
CHECK_SECONDS = 60.0
LEASE_NAME = "reshuffle"
LOCK_TIMEOUT = "2s"
STATEMENT_TIMEOUT = "60s"

# table, its column holding the letter's random id, the columns whose long values go to TOAST
TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("letters", "id", ("text",)),
    ("sealed_originals", "letter_id", ("blob",)),
    ("attachments", "letter_id", ("data", "ocr_text")),
    ("revisions", "letter_id", ("text",)),
    ("likeness_bands", "letter_id", ()),  # short rows, nothing in TOAST: the heap and xmin only
)
STEPS = ("cluster", "update", "cluster")
_EMPTY = {"bytea": "''::bytea", "text": "''"}


def _index_on(connection: Connection, table: str, column: str) -> str:
    """The index whose first column is `column`: the primary key of letters and sealed
    originals, the letter_id index of attachments and revisions (their own ids were a counter
    before they became random, so clustering on them would keep the older rows in order)."""
    name = connection.execute(text(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indrelid = CAST(:table AS regclass) AND a.attname = :column ORDER BY c.relname LIMIT 1"),
        {"table": table, "column": column}).scalar_one()
    return str(name)


def _remade(connection: Connection, table: str, columns: tuple[str, ...]) -> str:
    """`col = col || ''` for each long column: a new value, so TOAST stores it under a new OID
    (an unchanged value would keep its old pointer, and the old OID)."""
    types: dict[str, str] = dict(connection.execute(text(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = :table"),
        {"table": table}).all())
    return ", ".join(f"{column} = {column} || {_EMPTY[types[column]]}" for column in columns)


def _limits(connection: Connection) -> None:
    connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
    connection.execute(text(f"SET LOCAL statement_timeout = '{STATEMENT_TIMEOUT}'"))


def run_step(engine: Engine, step: str, table: str, key: str, long_columns: tuple[str, ...]) -> None:
    """One step in one transaction: what intake and the web console may wait for, at most."""
    with engine.begin() as connection:
        _limits(connection)
        if step == "cluster":
            connection.execute(text(f"CLUSTER {table} USING {_index_on(connection, table, key)}"))
        else:
            # EXCLUSIVE lets the web console read but no one write: no row lock to deadlock on
            connection.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))
            # a table without long values still needs a new version of every row, for the one xmin
            remade = _remade(connection, table, long_columns) if long_columns else f"{key} = {key}"
            connection.execute(text(f"UPDATE {table} SET {remade}"))  # noqa: S608


def reshuffle_table(engine: Engine, table: str, key: str, long_columns: tuple[str, ...],
                    stopping: Callable[[], bool] = lambda: False) -> bool:
    """The three steps; False when a stop came between two (the table is consistent after each)."""
    for step in STEPS:
        if stopping():
            return False
        run_step(engine, step, table, key, long_columns)
    return True


def reshuffle(engine: Engine, stopping: Callable[[], bool] = lambda: False) -> int:
    """Rewrite every table that keeps letters; the number rewritten (a busy one is skipped).
    `stopping` is asked between steps, so a service stop waits for one step at most."""
    if engine.dialect.name != "postgresql":
        return 0
    done = 0
    for table, key, long_columns in TABLES:
        try:
            done += reshuffle_table(engine, table, key, long_columns, stopping)
        except DBAPIError as error:
            # A lock or statement timeout (the next run tries again), or a role that does not own
            # the table: intake must go on either way, and the operator must hear of it.
            log.warning("could not rewrite %s in a random order this time: %s", table, type(error.orig).__name__)
    return done


def claim_turn(engine: Engine, interval: float, now: dt.datetime) -> bool:
    """True for the one caller, among every service on this database, whose turn it is: the
    `leases` row named `reshuffle` holds when the next rewrite is due. A restarted service keeps
    the schedule instead of waiting a whole interval again (or never rewriting, if restarted
    more often than that)."""
    following = now + dt.timedelta(seconds=interval)
    with engine.begin() as connection:
        taken = connection.execute(update(Lease).where(Lease.name == LEASE_NAME, Lease.expires_at <= now)
                                   .values(holder=LEASE_NAME, expires_at=following)).rowcount
    if taken == 1:
        return True
    try:  # the first time on this database: the row does not exist yet
        with engine.begin() as connection:
            connection.execute(insert(Lease).values(name=LEASE_NAME, holder=LEASE_NAME, expires_at=following))
    except IntegrityError:
        return False  # someone else's turn, or not due yet
    return True


class Reshuffler:
    """Runs `reshuffle` when it is this service's turn, from the service's main loop (every
    0.2 s): the database is asked at most once per `check` seconds."""

    def __init__(self, engine: Engine, interval: float = INTERVAL_SECONDS, check: float = CHECK_SECONDS,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.engine, self.interval, self.check, self.now, self.clock = engine, interval, check, now, clock
        self._asked: float | None = None

    def maybe_run(self, stopping: Callable[[], bool] = lambda: False) -> bool:
        if self.engine.dialect.name != "postgresql" or stopping():
            return False
        if self._asked is not None and self.clock() - self._asked < self.check:
            return False
        self._asked = self.clock()
        try:
            if not claim_turn(self.engine, self.interval, self.now()):
                return False
        except DBAPIError:
            return False  # the database is away; intake reports that, the next check tries again
        began = time.monotonic()
        done = reshuffle(self.engine, stopping)
        log.debug("rewrote %d tables in a random order in %.1f s", done, time.monotonic() - began)
        return True
