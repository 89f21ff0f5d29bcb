"""More IMAP faults, each ending with "every letter stored exactly once, nothing leaked":
kill -9 at random moments, Dovecot stopped and started under `napishy run`, the database locked
by another process, a full disk, UIDVALIDITY changing mid-run, two services on one data dir.

"Exactly once" is checked the strong way: every sealed original is opened with the private key
and the multiset of opened bytes must equal the multiset of appended letters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from foundation.storage.models import Letter, MailboxState, SealedOriginal
from foundation.vault import Opener
from intake.imap import poll_once
from intake.imap_service import run
from napishy.app import App
from processors.pipeline import Pipeline
from processors.queries import mailbox_health
from tests import dovecot as dovecot_helper
from tests.conftest import KeyPair
from tests.dovecot import USERS, Dovecot
from tests.imap.conftest import IDENTIFIERS, PYTHON, ImapAppFactory, env_for, letter
from tests.leakscan import assert_no_leaks, database_texts

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
log = logging.getLogger(__name__)


# -- shared helpers (test_chaos.py uses them too) ----------------------------------------------

def stored(app: App) -> int:
    with app.database.session() as session:
        return session.scalar(select(func.count()).select_from(Letter)) or 0


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def opened_originals(app: App, keypair: KeyPair) -> Counter[bytes]:
    """Every sealed original in the database, opened with the private key."""
    opener = Opener.from_file(keypair.private, keypair.passphrase.encode())
    with app.database.session() as session:
        return Counter(opener.open(blob) for blob in session.scalars(select(SealedOriginal.blob)))


def assert_stored_exactly_once(app: App, keypair: KeyPair, appended: list[bytes]) -> None:
    """The database holds each appended letter once, each with its sealed original, and nothing else."""
    with app.database.session() as session:
        letters = session.scalar(select(func.count()).select_from(Letter))
        unsealed = session.scalar(
            select(func.count()).select_from(Letter).where(~Letter.sealed.has())
        )
    opened = opened_originals(app, keypair)
    missing = Counter(appended) - opened
    doubled = opened - Counter(appended)
    assert not missing, f"{sum(missing.values())} letters lost"
    assert not doubled, f"{sum(doubled.values())} letters stored more than once or unexpected"
    assert letters == len(appended) and unsealed == 0, (letters, unsealed)
    if app.database.is_sqlite:
        with app.database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def assert_inboxes_empty(server: Dovecot, users: tuple[str, ...] = USERS) -> None:
    for user in users:
        assert server.count(user) == 0, f"{user}: letters left in INBOX"
        assert server.count(user, "Processed") == 0, f"{user}: processed letters not expunged"


def no_leaks(app: App, *texts: str) -> None:
    """Files under the data dir, every database row, and the captured texts (logs, stdout, stderr)."""
    rows = database_texts(app.settings.database_url)
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir], [*texts, *rows])


def settings_env(app: App, folder: Path) -> tuple[dict[str, str], Path]:
    """The environment plus a 0600 settings.env holding the passwords, as a deployment has them."""
    env = env_for(app.settings, app.settings.data_dir)
    env_file = folder / "settings.env"
    keys = [f"MAILBOX_{m.id.upper()}_PASSWORD" for m in app.settings.mailboxes]
    env_file.write_text("".join(f"NAPISHY_{key}={env.pop('NAPISHY_' + key)}\n" for key in keys))
    os.chmod(env_file, 0o600)
    return env, env_file


def napishy(env: dict[str, str], env_file: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [PYTHON, "-m", "napishy.cli.main", "--env-file", str(env_file), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(child: subprocess.Popen[str], timeout: float = 60) -> tuple[str, str]:
    try:
        return child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        _out, err = child.communicate()
        pytest.fail(f"napishy did not finish in {timeout} s; stderr:\n{err[-3000:]}")


def assert_a_normal_pass_recovers(
    app: App, server: Dovecot, keypair: KeyPair, appended: list[bytes], texts: list[str]
) -> None:
    """After the kills, one normal pass stores the rest: each letter exactly once, inboxes empty, no leak."""
    before = stored(app)
    summaries = poll_once(app)
    assert all(s.ok for s in summaries), [s.line() for s in summaries]
    assert sum(s.stored for s in summaries) == len(appended) - before
    assert_stored_exactly_once(app, keypair, appended)
    assert_inboxes_empty(server)
    no_leaks(app, *texts, *(s.line() for s in summaries))


def deliver(server: Dovecot, first: int, count: int) -> list[bytes]:
    """`count` distinct letters, alternately to both mailboxes; returns them in append order."""
    letters = {user: [letter(n) for n in range(first + i, first + count, len(USERS))] for i, user in enumerate(USERS)}
    for user, batch in letters.items():
        server.append(user, batch)
    return [one for batch in letters.values() for one in batch]


def kill_rounds(server: Dovecot, app: App, tmp_path: Path, *, rounds: int, seed: int,
                max_delay: float, command: tuple[str, ...] = ("poll", "--once")) -> tuple[list[str], list[str]]:
    """Start `napishy poll --once` (or `command`) `rounds` times and SIGKILL each at a random moment: on odd rounds
    after a random delay from the start (start-up, login, SELECT included), on even rounds as soon
    as the stored count reaches a random target (mid-pass, between or inside chunk commits).
    Returns what each round did and the captured output."""
    rng = random.Random(seed)
    env, env_file = settings_env(app, tmp_path)
    total = server.count("association") + server.count("defence") + stored(app)
    report, texts = [], []
    for number in range(rounds):
        before = stored(app)
        if before >= total:
            break  # nothing left to interrupt
        child = napishy(env, env_file, *command)
        if number % 2:
            delay = rng.uniform(0.2, max_delay)
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(delay)
            how = f"after {delay:.2f} s"
        else:
            target = rng.randint(before + 1, max(before + 1, total - 1))
            deadline = time.monotonic() + 60
            while child.poll() is None and stored(app) < target and time.monotonic() < deadline:
                time.sleep(0.005)
            how = f"at {target} stored"
        killed = child.poll() is None
        if killed:
            child.send_signal(signal.SIGKILL)
        out, err = finish(child)
        texts += [out, err]
        report.append(f"round {number}: {'killed' if killed else 'finished'} {how}; stored {before} -> {stored(app)}")
    return report, texts


# -- 1. kill -9 at random moments ------------------------------------------------------------

@SQLITE_ONLY
def test_kill_9_at_random_moments_small(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path
) -> None:
    """40 letters, 2 kills, then a normal pass: each letter stored once, inboxes empty."""
    app = make_imap_app(fetch_chunk="3")
    stored(app)  # migrate first: a kill during the very first migration is not what this test is about
    appended = deliver(server, 1000, 40)
    seed = int.from_bytes(os.urandom(4), "big")

    report, texts = kill_rounds(server, app, tmp_path, rounds=2, seed=seed, max_delay=1.5)
    print(f"seed {seed}\n" + "\n".join(report))
    assert_a_normal_pass_recovers(app, server, keypair, appended, texts)


def test_a_lease_left_by_our_own_failed_release_is_taken_back(app: App) -> None:
    """A release that failed (database locked, disk full) must not make this same process skip the
    mailbox until the row expires; a lease our process still holds stays exclusive."""
    from intake.lease import MailboxLease

    abandoned = MailboxLease(app.database, "association")
    assert abandoned.acquire()
    abandoned._set_held(False)  # what release() does before its DELETE fails
    live = MailboxLease(app.database, "association")
    assert live.acquire()
    assert not MailboxLease(app.database, "association").acquire()
    live.release()


# -- 2. Dovecot stopped and started while `napishy run` is in IDLE --------------------------

@pytest.fixture
def own_dovecot(server: Dovecot) -> Iterator[Dovecot]:
    """A private Dovecot this test may stop and start without disturbing the shared one."""
    with dovecot_helper.running() as private:
        yield private


def outage(app: App, mailbox: str) -> dict[str, object]:
    report = mailbox_health(app.database, [mailbox], now=dt.datetime.now(dt.UTC),
                            stale_after=app.settings.stale_poll_seconds)
    return next(entry for entry in report if entry["mailbox"] == mailbox)


@SQLITE_ONLY
def test_dovecot_restart_under_the_service_is_survived_and_shown(
    own_dovecot: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    app = make_imap_app(port=own_dovecot.port, mailboxes="association", idle_seconds="30", rescan_seconds="300")
    appended = [letter(2000)]
    own_dovecot.append("association", appended)
    stop = threading.Event()
    service = threading.Thread(target=run, args=(app, stop))
    service.start()
    try:
        wait_for(lambda: stored(app) == 1, what="the first letter")
        time.sleep(0.5)  # in IDLE now
        assert outage(app, "association")["outage"] is False

        own_dovecot.stop()
        wait_for(lambda: outage(app, "association")["outage"], what="the outage to be recorded")
        during = outage(app, "association")
        env, env_file = settings_env(app, tmp_path)
        status_during = subprocess.run(
            [PYTHON, "-m", "napishy.cli.main", "--env-file", str(env_file), "status"],
            env=env, capture_output=True, text=True, timeout=60,
        )
        time.sleep(1.5)  # a few failed reconnects, spaced by the backoff
        own_dovecot.start()

        later = [letter(2001), letter(2002)]
        own_dovecot.append("association", later)
        appended += later
        wait_for(lambda: stored(app) == 3, timeout=30, what="the letters appended after the restart")
        wait_for(lambda: not outage(app, "association")["outage"], what="a successful poll after the outage")
    finally:
        stop.set()
        service.join(30)
    assert not service.is_alive()

    assert during["last_error"] and during["last_error_at"], during
    assert "OUTAGE" in status_during.stdout, status_during.stdout
    assert "Traceback" not in status_during.stderr
    after = outage(app, "association")
    assert after["last_error"] and after["last_error_at"] < after["last_poll_at"]  # kept for diagnosis, superseded
    delays = [float(r.getMessage().split(" in ")[1].split()[0]) for r in caplog.records
              if "reconnecting in" in r.getMessage()]
    assert 2 <= len(delays) <= 6, delays  # backed off, not a busy loop
    assert delays[-1] > delays[0]  # growing (jitter keeps each within [½, 1] of 2^n)
    assert_stored_exactly_once(app, keypair, appended)
    assert own_dovecot.count("association") == 0
    no_leaks(app, caplog.text, status_during.stdout, status_during.stderr)


# -- 3. the database locked by another process ----------------------------------------------

LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
connection.execute("COMMIT")
"""


def short_busy_timeout(app: App, milliseconds: int) -> None:
    """The service waits 10 s for a lock; the test waits less. Only the duration changes."""

    def pragma(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    event.listen(app.database.engine, "connect", pragma)
    app.database.engine.dispose()


@SQLITE_ONLY
def test_database_locked_by_another_process_keeps_the_letter_in_the_mailbox(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    app = make_imap_app(fetch_chunk="2", mailboxes="association")
    short_busy_timeout(app, 300)
    appended = [letter(n) for n in range(3000, 3003)]
    server.append("association", appended)
    db_path = app.settings.database_url.split("///", 1)[1]
    lockers: list[subprocess.Popen[str]] = []
    real = Pipeline._commit_group

    def locked_before_second_commit(self: Pipeline, *args: object) -> list:
        """The second chunk is fetched and anonymised; now another process takes the database, until told."""
        if len(lockers) == 0 and stored(app) == 2:
            locker = subprocess.Popen([PYTHON, "-c", LOCKER, db_path], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            lockers.append(locker)
            assert locker.stdout.readline().strip() == "locked"
        return real(self, *args)

    monkeypatch.setattr(Pipeline, "_commit_group", locked_before_second_commit)
    try:
        locked = poll_once(app)[0]
    finally:
        for locker in lockers:
            locker.communicate("", timeout=10)
    assert lockers and lockers[0].returncode == 0

    assert not locked.ok and "\n" not in locked.line() and "database" in locked.line(), locked.line()
    assert stored(app) == 2
    assert server.count("association") == 1  # the first chunk acknowledged, the second still there
    assert not any(r.exc_info for r in caplog.records) and "Traceback" not in caplog.text

    again = poll_once(app)[0]  # the lock is gone: the very next pass stores the rest
    assert again.ok and (again.stored, again.duplicates) == (1, 0), again.line()
    assert_stored_exactly_once(app, keypair, appended)
    assert server.count("association") == 0
    no_leaks(app, caplog.text, locked.line(), again.line())


# -- 4. the disk full ------------------------------------------------------------------------

@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[None]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); test_injected_disk_full covers the logic")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> Path:
    """Write zeros until the file system is full; returns the filler to delete later."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:  # unbuffered: close() must not flush into a full disk
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return filler


@SQLITE_ONLY
def test_disk_full_keeps_the_letter_and_the_next_pass_stores_it(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, data_dir: Path,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """A real full file system (tmpfs): it fills up after the second chunk is fetched, before it is
    committed. The first chunk is stored and acknowledged, the second stays in the mailbox."""
    caplog.set_level(logging.DEBUG)
    with tmpfs(data_dir, "16m"):
        app = make_imap_app(mailboxes="association", fetch_chunk="1")
        stored(app)  # schema and fingerprint key fit
        # Bigger than the WAL the migrations left behind, so committing must grow a file.
        appended = [letter(n, padding=150_000) for n in range(4000, 4003)]
        server.append("association", appended)
        fillers: list[Path] = []
        real = Pipeline._commit_group

        def full_before_second_commit(self: Pipeline, *args: object) -> list:
            if not fillers and stored(app) == 1:
                fillers.append(fill(data_dir))
            return real(self, *args)

        monkeypatch.setattr(Pipeline, "_commit_group", full_before_second_commit)
        full = poll_once(app)[0]

        assert fillers and not full.ok and "database error" in full.line(), full.line()
        assert "\n" not in full.line()
        assert server.count("association") == 2
        assert not any(r.exc_info for r in caplog.records) and "Traceback" not in caplog.text
        assert stored(app) == 1  # nothing half-stored: the failed transaction left no row behind
        fillers[0].unlink()

        again = poll_once(app)[0]  # the service retries on its next pass
        assert again.ok and (again.stored, again.duplicates) == (2, 0), again.line()
        assert_stored_exactly_once(app, keypair, appended)
        assert server.count("association") == 0
        no_leaks(app, caplog.text, full.line(), again.line())
        app.database.dispose()


@SQLITE_ONLY
def test_injected_disk_full_at_a_late_insert_rolls_the_whole_chunk_back(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, caplog: pytest.LogCaptureFixture,
) -> None:
    """Where tmpfs is not available: SQLite's own error, raised at the revisions insert, i.e. after
    the chunk's letters and sealed originals went into the (uncommitted) transaction."""
    caplog.set_level(logging.DEBUG)
    app = make_imap_app(mailboxes="association", fetch_chunk="10")
    appended = [letter(n) for n in range(4100, 4104)]
    server.append("association", appended)
    failures = []

    def disk_full(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO REVISIONS") and not failures:
            failures.append(statement)
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(app.database.engine, "before_cursor_execute", disk_full)
    full = poll_once(app)[0]
    assert failures and not full.ok and "database error" in full.line(), full.line()
    assert stored(app) == 0
    with app.database.session() as session:
        assert session.scalar(select(func.count()).select_from(SealedOriginal)) == 0
    assert server.count("association") == 4

    again = poll_once(app)[0]
    assert again.ok and again.stored == 4, again.line()
    assert_stored_exactly_once(app, keypair, appended)
    assert server.count("association") == 0
    no_leaks(app, caplog.text, full.line(), again.line())


# -- 5. UIDVALIDITY changing mid-run; two services on one data dir --------------------------

@SQLITE_ONLY
@pytest.mark.parametrize("moment", ["idle", "mid-pass"])
def test_uidvalidity_change_under_the_running_service(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, moment: str,
) -> None:
    """The provider renumbers the folder (a restore that brings an old letter back) while `napishy run`
    watches it: `idle` while the service sits in IDLE, `mid-pass` after a chunk of the second pass was
    fetched and before it is committed and moved (Dovecot then ends the session: the MOVE never runs)."""
    caplog.set_level(logging.INFO)
    app = make_imap_app(mailboxes="association", fetch_chunk="2", idle_seconds="30", rescan_seconds="300")
    appended = [letter(n) for n in range(5000, 5006)]
    server.append("association", appended[:1])
    changes: list[int] = []
    real = Pipeline._commit_group

    def restore_and_renumber() -> None:
        server.append("association", [appended[0], appended[3]])  # an old copy is back, and a new letter
        changes.append(server.uidvalidity("association") + 1000)
        server.set_uidvalidity("association", "INBOX", changes[-1])

    def renumber_before_commit(self: Pipeline, *args: object) -> list:
        if moment == "mid-pass" and not changes and stored(app) == 1:
            restore_and_renumber()
        return real(self, *args)

    monkeypatch.setattr(Pipeline, "_commit_group", renumber_before_commit)
    stop = threading.Event()
    service = threading.Thread(target=run, args=(app, stop))
    service.start()
    try:
        wait_for(lambda: stored(app) == 1 and server.count("association") == 0, what="the first letter")
        time.sleep(0.5)  # in IDLE, UIDVALIDITY known
        if moment == "idle":
            restore_and_renumber()
        server.append("association", appended[1:3])
        wait_for(lambda: bool(changes), what="the renumbering")
        server.append("association", appended[4:])
        wait_for(lambda: stored(app) == 6 and server.count("association") == 0, timeout=30,
                 what="every letter stored and the inbox empty")
        wait_for(lambda: known_uidvalidity(app) == changes[-1], what="the new UIDVALIDITY recorded")
    finally:
        stop.set()
        service.join(30)
    assert not service.is_alive()
    assert "UIDVALIDITY changed" in caplog.text
    assert_stored_exactly_once(app, keypair, appended)
    assert_inboxes_empty(server, ("association",))
    no_leaks(app, caplog.text)


def known_uidvalidity(app: App) -> int | None:
    with app.database.session() as session:
        state = session.get(MailboxState, "association")
        return state.uidvalidity if state else None


@SQLITE_ONLY
@pytest.mark.parametrize("command", [("poll", "--once"), ("run",)], ids=["poll", "run"])
def test_two_services_on_one_data_dir(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path, command: tuple[str, ...],
) -> None:
    """Two real processes started at once on the same (fresh) data dir and mailboxes."""
    app = make_imap_app(fetch_chunk="4")
    appended = deliver(server, 6000, 60)
    env, env_file = settings_env(app, tmp_path)
    env["NAPISHY_DEBUG"] = os.environ.get("NAPISHY_DEBUG", "")

    children = [napishy(env, env_file, *command) for _ in range(2)]
    texts = []
    if command == ("run",):
        try:
            wait_for(lambda: all(c.poll() is None for c in children) and app.settings.data_dir.exists()
                     and stored(app) == 60 and server.count("association") + server.count("defence") == 0,
                     timeout=60, what="both services up and every letter stored")
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
    for child in children:
        out, err = finish(child)
        texts += [out, err]
        assert "Traceback" not in err, err[-3000:]
        assert child.returncode == 0, err[-3000:]
    if command != ("run",):  # each mailbox passed by one, skipped by the other (or both passed in turn)
        assert sum(int(line.split(": ")[1].split()[2]) for out in texts[::2] for line in out.splitlines()
                   if "stored" in line) == 60, texts[::2]
    assert_stored_exactly_once(app, keypair, appended)
    assert_inboxes_empty(server)
    no_leaks(app, *texts)
