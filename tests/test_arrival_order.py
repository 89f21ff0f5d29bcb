"""A seized database must not say in which order letters arrived: with the provider's logs, the
order (or a row number) ties a stored letter to a time of sending. 100 letters stored one by one,
in a known order; the order the database keeps them in must not follow it."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from anonymizer.model import AnonymizedLetter, CleanAttachment
from foundation.source import RawLetter
from foundation.storage.reshuffle import TABLES, Reshuffler, reshuffle
from napishy.app import App

COUNT = 100
# |Spearman| of a random order of 100 has a standard deviation of 0.1: 0.3 would fail a correct
# store in about 1 run in 350 per check; 0.4 in about 1 in 15,000. An order that follows arrival is 1.
NEAR_ZERO = 0.4


def stub(raw: bytes) -> AnonymizedLetter:
    return AnonymizedLetter(text="Дарагі Максім!", recipients=("znak",), language="be", kind="letter",
                            attachments=(CleanAttachment("image-1.png", "image/png", b"\x89PNG pixels"),))


def spearman(ranks: list[int]) -> float:
    """Rank correlation of `ranks` (a permutation of 0..n-1) with 0..n-1."""
    n = len(ranks)
    return 1 - 6 * sum((i - r) ** 2 for i, r in enumerate(ranks)) / (n * (n * n - 1))


@pytest.fixture
def stored(make_settings: Callable) -> tuple[App, list[str]]:
    app = App(make_settings())
    app.pipeline.anonymize = stub
    arrival = []
    for number in range(COUNT):  # one transaction each: the worst case for an ordered store
        # a body of random bytes: the sealed original is too long to keep in its row and too
        # random to compress, so PostgreSQL puts it in TOAST under an OID
        raw = f"Message-ID: <order-{number}@example.net>\r\n\r\nЛіст {number} {os.urandom(3000).hex()}\r\n".encode()
        arrival.append(app.pipeline.process(RawLetter(raw, "association")).letter_id)
    return app, arrival


def order_of(app: App, query: str, arrival: list[str]) -> list[int]:
    with app.database.engine.connect() as connection:
        ids = [row[0] for row in connection.execute(text(query))]
    assert sorted(ids) == sorted(arrival)
    position = {letter_id: n for n, letter_id in enumerate(arrival)}
    return [position[letter_id] for letter_id in ids]


def test_children_keys_do_not_follow_arrival(stored: tuple[App, list[str]]) -> None:
    app, arrival = stored
    for table in ("attachments", "revisions"):
        ranks = order_of(app, f"SELECT letter_id FROM {table} ORDER BY id", arrival)  # noqa: S608
        assert abs(spearman(ranks)) < NEAR_ZERO, (table, spearman(ranks))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_row_order_does_not_follow_arrival(stored: tuple[App, list[str]]) -> None:
    """What a plain SELECT (or a file carver reading the B-tree) sees: rowid order."""
    app, arrival = stored
    for query in ("SELECT id FROM letters", "SELECT id FROM letters ORDER BY rowid",
                  "SELECT letter_id FROM sealed_originals ORDER BY rowid",
                  "SELECT letter_id FROM attachments ORDER BY rowid", "SELECT letter_id FROM revisions ORDER BY rowid"):
        ranks = order_of(app, query, arrival)
        assert abs(spearman(ranks)) < NEAR_ZERO, (query, spearman(ranks))
    # The near-duplicate bands have no rowid to number them in arrival order: their B-tree is keyed
    # by (band hash, random letter id).
    with app.database.engine.connect() as connection, pytest.raises(OperationalError, match="rowid"):
        connection.execute(text("SELECT rowid FROM likeness_bands"))
    ranks = order_of(app, "SELECT letter_id FROM likeness_bands WHERE band = (SELECT min(band) FROM likeness_bands)",
                     arrival)
    assert abs(spearman(ranks)) < NEAR_ZERO, spearman(ranks)


POSTGRES_ORDERS = {  # what a plain SELECT, a reader of the heap file and a reader of TOAST see
    "SELECT id FROM letters": "letters",
    "SELECT id FROM letters ORDER BY ctid": "letters",
    "SELECT letter_id FROM sealed_originals ORDER BY ctid": "sealed_originals",
    "SELECT letter_id FROM attachments ORDER BY ctid": "attachments",
    "SELECT letter_id FROM revisions ORDER BY ctid": "revisions",
    # every stub letter has the same text, so each band key holds all of them once
    "SELECT letter_id FROM likeness_bands WHERE band = (SELECT min(band) FROM likeness_bands) ORDER BY ctid":
        "likeness_bands",
    "SELECT s.letter_id FROM {toast} t JOIN sealed_originals s ON t.chunk_seq = 0 "
    "AND substring(s.blob FOR length(t.chunk_data)) = t.chunk_data ORDER BY t.chunk_id": "sealed_originals",
    "SELECT s.letter_id FROM {toast} t JOIN sealed_originals s ON t.chunk_seq = 0 "
    "AND substring(s.blob FOR length(t.chunk_data)) = t.chunk_data ORDER BY t.ctid": "sealed_originals",
}


def postgres_orders(app: App, arrival: list[str]) -> dict[str, float]:
    with app.database.engine.connect() as connection:
        toast = connection.execute(text("SELECT CAST(reltoastrelid AS regclass) FROM pg_class "
                                        "WHERE relname = 'sealed_originals'")).scalar_one()
    return {query: spearman(order_of(app, query.format(toast=toast), arrival)) for query in POSTGRES_ORDERS}


def transaction_ids(app: App) -> dict[str, int]:
    """How many different `xmin` (the writing transaction's id, a counter) each table holds."""
    count = "SELECT count(DISTINCT CAST(CAST(xmin AS text) AS bigint)) FROM {}"
    with app.database.engine.connect() as connection:
        return {table: connection.execute(text(count.format(table))).scalar_one()
                for table in set(POSTGRES_ORDERS.values())}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_row_order_does_not_follow_arrival(stored: tuple[App, list[str]]) -> None:
    """The heap, each row's transaction id and the TOAST OIDs follow arrival until the service
    rewrites the tables; after that none of them does."""
    app, arrival = stored
    before = postgres_orders(app, arrival)
    assert all(rho > 0.9 for rho in before.values()), before  # what the rewrite is for
    # (the first letter is written again when the second, the same text, joins it in a group)
    assert all(count >= COUNT - 1 for count in transaction_ids(app).values()), transaction_ids(app)
    assert reshuffle(app.database.engine) == len(TABLES)
    after = postgres_orders(app, arrival)
    assert all(abs(rho) < NEAR_ZERO for rho in after.values()), after
    assert all(count == 1 for count in transaction_ids(app).values()), transaction_ids(app)
    with app.database.engine.connect() as connection:  # the heap's order is the random key's, nothing else
        heap = connection.execute(text("SELECT id FROM letters ORDER BY ctid")).scalars().all()
        assert heap == connection.execute(text("SELECT id FROM letters ORDER BY id")).scalars().all()
    with app.database.session() as session:  # nothing lost or changed on the way
        assert session.execute(text("SELECT count(*) FROM letters WHERE length(text) > 0")).scalar_one() == COUNT


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_services_take_turns_once_per_interval(stored: tuple[App, list[str]]) -> None:
    """Two services on one database: the first check rewrites, then one of them per hour; the
    schedule is in the database, so a restarted service keeps it."""
    app, arrival = stored
    t0 = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    now = [t0]

    def service() -> Reshuffler:
        return Reshuffler(app.database.engine, interval=3600, check=0, now=lambda: now[0])

    first, second = service(), service()
    assert first.maybe_run()
    assert abs(spearman(order_of(app, "SELECT id FROM letters", arrival))) < NEAR_ZERO
    assert not second.maybe_run()
    now[0] = t0 + dt.timedelta(seconds=3599)
    assert not first.maybe_run() and not second.maybe_run() and not service().maybe_run()
    now[0] = t0 + dt.timedelta(seconds=3600)
    assert [second.maybe_run(), first.maybe_run()] == [True, False]
    assert reshuffle(app.database.engine, stopping=lambda: True) == 0  # a stop waits for no rewrite


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_letters_stored_during_rewrites_are_all_kept(stored: tuple[App, list[str]]) -> None:
    """Intake goes on while another service rewrites: it waits for a step, loses nothing."""
    app, arrival = stored
    failures: list[BaseException] = []
    rewrites: list[int] = []
    done = threading.Event()

    def rewrite() -> None:
        try:
            while not done.is_set():
                rewrites.append(reshuffle(app.database.engine))
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    rewriter = threading.Thread(target=rewrite)
    rewriter.start()
    try:
        for number in range(30):
            raw = f"Message-ID: <during-{number}@example.net>\r\n\r\nЛіст {os.urandom(3000).hex()}\r\n".encode()
            outcome = app.pipeline.process(RawLetter(raw, "association"))
            assert outcome.letter_id not in arrival
            arrival.append(outcome.letter_id)
    finally:
        done.set()
        rewriter.join()
    assert not failures, failures
    assert rewrites and all(tables == len(TABLES) for tables in rewrites), rewrites
    reshuffle(app.database.engine)
    after = postgres_orders(app, arrival)  # each query's ids are exactly the 130 stored
    assert all(abs(rho) < NEAR_ZERO for rho in after.values()), after


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_role_that_cannot_rewrite_only_warns(stored: tuple[App, list[str]], database_url: str,
                                               caplog: pytest.LogCaptureFixture) -> None:
    """Tables owned by another role (migrated by an administrator): CLUSTER is refused, and the
    service must go on taking letters in, saying why on each table."""
    app, arrival = stored
    with app.database.engine.begin() as connection:
        connection.execute(text("CREATE ROLE napishy_intake LOGIN"))
        connection.execute(text("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                                "TO napishy_intake"))
    intake = create_engine(database_url.replace("postgres@", "napishy_intake@"))
    try:
        assert reshuffle(intake) == 0
        assert Reshuffler(intake, check=0).maybe_run()
    finally:
        intake.dispose()
        with app.database.engine.begin() as connection:
            connection.execute(text("DROP OWNED BY napishy_intake"))
            connection.execute(text("DROP ROLE napishy_intake"))
    assert caplog.text.count("InsufficientPrivilege") == 2 * len(TABLES), caplog.text
    assert spearman(order_of(app, "SELECT id FROM letters", arrival)) > 0.9  # what the warning is about


def test_the_database_is_asked_at_most_once_per_check(make_settings: Callable) -> None:
    calls = []
    app = App(make_settings())
    ticks = [0.0]
    reshuffler = Reshuffler(app.database.engine, check=60, now=lambda: calls.append(1) or dt.datetime.now(dt.UTC),
                            clock=lambda: ticks[0])
    for ticks[0] in (0.0, 30.0, 59.0, 60.0, 61.0):
        reshuffler.maybe_run()
    assert len(calls) == (2 if app.database.engine.dialect.name == "postgresql" else 0)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_busy_table_is_left_for_the_next_time(stored: tuple[App, list[str]]) -> None:
    """A transaction holding `letters` (a review in the web console) makes the rewrite give up on
    that table after the lock timeout instead of queueing everyone behind it; nothing is lost."""
    app, arrival = stored
    with app.database.engine.connect() as busy:
        busy.execute(text("UPDATE letters SET status = status WHERE id = :id"), {"id": arrival[0]})
        assert reshuffle(app.database.engine) == len(TABLES) - 1
        busy.rollback()
    assert spearman(order_of(app, "SELECT id FROM letters", arrival)) > 0.9
    assert abs(spearman(order_of(app, "SELECT letter_id FROM sealed_originals ORDER BY ctid", arrival))) < NEAR_ZERO
    # The open transaction also kept the old row versions alive through the rewrite (another
    # reader might still see them); the next one, with no such reader, leaves none of them.
    assert reshuffle(app.database.engine) == len(TABLES)
    after = postgres_orders(app, arrival)
    assert all(abs(rho) < NEAR_ZERO for rho in after.values()), after


def test_intake_is_logged_as_a_rounded_count_per_window(caplog: pytest.LogCaptureFixture) -> None:
    from intake.tally import IntakeTally

    caplog.set_level(logging.INFO, logger="intake.tally")
    now = [0.0]
    tally = IntakeTally(window=3600, clock=lambda: now[0])
    for minute in range(0, 60, 7):  # passes through the hour: nothing logged per pass
        now[0] = minute * 60
        tally.add("association", 3)
    assert not caplog.records
    now[0] = 3600
    tally.add("association", 4)
    tally.add("defence", 0)
    (line,) = [r.getMessage() for r in caplog.records]
    assert line == "mailbox association: about 30 letters taken in over the last 60 minutes", line
    tally.add("defence", 2)
    tally.flush()
    assert caplog.records[-1].getMessage().startswith("mailbox defence: fewer than 10 letters")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_log_line_above_debug_names_a_stored_letter(make_settings: Callable,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """An id in a timed line says when that letter arrived."""
    caplog.set_level(logging.INFO)
    app = App(make_settings())
    app.pipeline.anonymize = stub
    ids = [app.pipeline.process(RawLetter(b"Subject: x\r\n\r\nhello", "association")).letter_id]

    def broken(raw: bytes) -> AnonymizedLetter:
        raise RuntimeError("bad letter")

    app.pipeline.anonymize = broken
    ids.append(app.pipeline.process(RawLetter(b"Subject: y\r\n\r\nhello", "association")).letter_id)
    assert "quarantined" in caplog.text
    assert not any(letter_id in caplog.text for letter_id in ids)
