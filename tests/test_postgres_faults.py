"""The shared database under faults: connections killed mid-batch and while idle, and two services
inserting the same letter at the same moment.

A server-side kill (`pg_terminate_backend`, what a restart, a failover or an admin does to a live
session) must never lose a letter nor store one twice: the batch's transaction rolls back, the
batch is repeated once on a fresh connection (`Database.run`), and if that fails too, the letters
stay in the inbox for the next pass, which is the retry of last resort.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import psycopg
import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

import intake.imap
import processors.pipeline
from anonymizer.model import AnonymizedLetter, CleanAttachment
from foundation.settings import Settings
from foundation.source import RawLetter
from foundation.storage.database import Database
from foundation.storage.models import Attachment, Letter, Revision, SealedOriginal
from intake.imap import poll_once
from napishy.app import App
from tests.dovecot import Dovecot
from tests.imap.conftest import IDENTIFIERS, letter, mailbox_values
from tests.leakscan import assert_no_leaks, database_texts

POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
pytestmark = pytest.mark.postgres


@pytest.fixture
def server(dovecot: Dovecot) -> Dovecot:
    dovecot.clear()
    return dovecot


def kill_other_sessions(url: str) -> int:
    """Terminate every other backend of this database, from a connection of our own."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def stub(raw: bytes) -> AnonymizedLetter:
    """Stands in for the anonymizer where it is not the subject; the image exercises the child rows."""
    return AnonymizedLetter(text="Дарагі Максім!", recipients=("znak",), language="be", kind="letter",
                            attachments=(CleanAttachment("image-1.png", "image/png", b"\x89PNG pixels"),))


def table_counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Letter, SealedOriginal, Attachment, Revision)}


def imap_app(make_settings: Callable[..., Settings], port: int) -> App:
    app = App(make_settings(**mailbox_values(port, mailboxes="association", fetch_chunk="5")))
    app.pipeline.anonymize = stub
    return app


# --- intake passes --------------------------------------------------------------------------------

@POSTGRES_ONLY
@pytest.mark.parametrize("kills", [1, 2])
def test_connection_killed_mid_batch_loses_nothing(
    server: Dovecot, make_settings: Callable[..., Settings], kills: int, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """kills=1: the repeated batch succeeds in the same pass. kills=2: the repeat is killed as
    well, the pass fails with the chunk still in the inbox, and the next pass stores it."""
    caplog.set_level(logging.INFO)
    app = imap_app(make_settings, server.port)
    url = app.settings.database_url
    server.append("association", [letter(n) for n in range(600, 620)])
    calls, killed = [0], []
    real_shuffle = processors.pipeline._shuffle_sqlite_rowids

    def inserted_then_kill(session: Session, rows: list[Letter]) -> None:
        """Runs inside a group's transaction, after its inserts and before its commit. Letters are
        built outside the transaction (the pool works ahead of the commit), so this is where the
        connection must die: chunk 2's group, then (kills=2) its repeat on the new connection."""
        calls[0] += 1
        if len(killed) < kills and calls[0] in (2, 3):
            killed.append(kill_other_sessions(url))
        real_shuffle(session, rows)

    monkeypatch.setattr(processors.pipeline, "_shuffle_sqlite_rowids", inserted_then_kill)
    first = poll_once(app)[0]

    assert all(killed) and len(killed) == kills
    assert "repeating the unit of work on a new one" in caplog.text
    if kills == 1:
        assert first.ok, first.line()
        assert (first.fetched, first.stored, first.duplicates) == (20, 20, 0)
        assert server.count("association") == 0
    else:
        assert not first.ok and "database error" in first.line()
        assert table_counts(app.database)["letters"] == 5  # chunk 1 committed and moved
        assert server.count("association") == 15
    second = poll_once(app)[0]  # a normal pass

    assert second.ok, second.line()
    assert (second.stored, second.duplicates) == ((0, 0) if kills == 1 else (15, 0))
    assert table_counts(app.database) == {"letters": 20, "sealed_originals": 20, "attachments": 20, "revisions": 20}
    assert server.count("association") == 0
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir], [caplog.text, first.line(), *database_texts(url)])


@POSTGRES_ONLY
def test_idle_connections_dropped_between_chunks_are_replaced_by_pre_ping(
    server: Dovecot, make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """After every commit, while the letters are being moved, every pooled connection is killed:
    the next unit of work (lease renewal, next chunk, mailbox state) must check out a live one."""
    caplog.set_level(logging.INFO)
    app = imap_app(make_settings, server.port)
    server.append("association", [letter(n) for n in range(700, 715)])
    real_acknowledge, killed = intake.imap.acknowledge, []

    def acknowledge_then_kill(client: object, uids: list[int], folder: str) -> None:
        real_acknowledge(client, uids, folder)
        killed.append(kill_other_sessions(app.settings.database_url))

    monkeypatch.setattr(intake.imap, "acknowledge", acknowledge_then_kill)
    summary = poll_once(app)[0]

    assert len(killed) == 3 and all(killed)
    assert summary.ok and summary.stored == 15, summary.line()
    assert "repeating the unit of work" not in caplog.text  # pre-ping caught it before any work began
    assert table_counts(app.database)["letters"] == 15 and server.count("association") == 0


# --- the unit of work and its retry ---------------------------------------------------------------

@POSTGRES_ONLY
def test_run_repeats_once_on_a_lost_connection_and_never_on_other_errors(app: App) -> None:
    database, attempts = app.database, []

    def work(session: Session) -> int:
        attempts.append(1)
        value = session.execute(text("SELECT 1")).scalar()
        if len(attempts) <= kills:
            kill_other_sessions(database.url)
            session.execute(text("SELECT 1"))
        return int(value)

    kills = 1
    assert database.run(work) == 1 and len(attempts) == 2
    attempts.clear()
    kills = 2
    with pytest.raises(DBAPIError) as lost:
        database.run(work)
    assert lost.value.connection_invalidated and len(attempts) == 2

    attempts.clear()

    def violates(session: Session) -> None:
        attempts.append(1)
        session.execute(text("INSERT INTO leases (name, holder, expires_at) VALUES ('x', 'a', now())"))
        session.flush()
        session.execute(text("INSERT INTO leases (name, holder, expires_at) VALUES ('x', 'b', now())"))

    with pytest.raises(IntegrityError):
        database.run(violates)
    assert len(attempts) == 1


# --- two services inserting the same letter -------------------------------------------------------

def test_a_letter_stored_meanwhile_by_another_service_is_a_duplicate_not_a_fallback(
    app: App, make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    """Service B reads which fingerprints exist, then service A commits one of B's letters before B
    inserts: `ON CONFLICT DO NOTHING` skips it in B's transaction, B's other letters still go in."""
    caplog.set_level(logging.INFO)
    other = App(make_settings())  # same settings, its own engine: a second service
    app.pipeline.anonymize = stub
    other.pipeline.anonymize = stub
    batch = [RawLetter(letter(n), "association") for n in (800, 801, 802)]
    stored_by_other = []

    def race(raw: bytes) -> AnonymizedLetter:
        if not stored_by_other:
            stored_by_other.extend(other.pipeline.process_batch([batch[1]]))
        return stub(raw)

    app.pipeline.anonymize = race
    outcomes = app.pipeline.process_batch(batch)
    other.database.dispose()

    assert [o.result for o in outcomes] == ["stored", "duplicate", "stored"]
    assert outcomes[1].letter_id == stored_by_other[0].letter_id
    assert "storing one by one" not in caplog.text
    assert "stored meanwhile by another service" in caplog.text
    assert table_counts(app.database) == {"letters": 3, "sealed_originals": 3, "attachments": 3, "revisions": 3}


@POSTGRES_ONLY
def test_an_uncommitted_insert_of_the_same_letter_makes_the_other_service_wait_then_skip(
    app: App, make_settings: Callable[..., Settings]
) -> None:
    """A has inserted letter X but not committed; B inserts X too. PostgreSQL makes B wait on A's
    index entry; when A commits, B's ON CONFLICT skips X. No error, no second copy, no deadlock
    even though the two batches overlap (rows are inserted in fingerprint order)."""
    other = App(make_settings())
    app.pipeline.anonymize = other.pipeline.anonymize = stub
    shared = [RawLetter(letter(n), "defence") for n in (900, 901, 902)]
    hold, inserted = threading.Event(), threading.Event()

    @event.listens_for(other.database.engine, "after_cursor_execute")
    def pause_before_commit(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.startswith("INSERT INTO revisions"):  # A's last statement before COMMIT
            inserted.set()
            assert hold.wait(20)

    a_outcomes: list[object] = []
    service_a = threading.Thread(target=lambda: a_outcomes.extend(other.pipeline.process_batch(shared[::-1])))
    service_a.start()
    assert inserted.wait(20)
    waiting = threading.Thread(target=lambda: (wait_for_lock_wait(app.database), hold.set()))
    waiting.start()
    b_outcomes = app.pipeline.process_batch([*shared, RawLetter(letter(903), "defence")])
    service_a.join(20)
    waiting.join(20)
    other.database.dispose()

    assert [o.result for o in a_outcomes] == ["stored"] * 3
    assert [o.result for o in b_outcomes] == ["duplicate"] * 3 + ["stored"]
    assert table_counts(app.database)["letters"] == 4


def wait_for_lock_wait(database: Database, timeout: float = 20) -> None:
    """Until some session of this database waits on a lock (B on A's uncommitted index entry)."""
    deadline = time.monotonic() + timeout
    with database.engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )).scalar()
            connection.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the second service never waited for the first one's insert")
