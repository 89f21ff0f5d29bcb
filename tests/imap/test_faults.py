"""IMAP intake under faults: a crash between commit and move, a connection cut mid-fetch, TLS
problems, the service losing its session, SIGTERM. Every letter must end up stored exactly once."""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from foundation.storage.models import Letter, MailboxState
from intake.imap import poll_once
from intake.imap_service import MailboxWatcher, run
from napishy.app import App
from tests.dovecot import Dovecot
from tests.imap.conftest import IDENTIFIERS, PYTHON, CuttingProxy, ImapAppFactory, env_for, letter
from tests.leakscan import assert_no_leaks

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

# Runs `poll_once` in a child process that dies like `kill -9` at the second chunk, either just
# before the pipeline commits it or just after (before the move acknowledges it). One group per
# chunk (no time bound), so "the second acknowledgement" is the second chunk's. The pass is
# pipelined: at the second chunk's acknowledgement the third chunk's letter is already in the
# pool's hands; the child waits until it is (else it exits 3), so the kill lands in that window.
CRASHING_CHILD = """
import os, sys, time
import intake.imap as imap
import processors.pipeline
from napishy.app import App
from foundation.settings import Settings
from processors.pipeline import Pipeline

processors.pipeline.GROUP_SECONDS = 3600

point, calls, handed = sys.argv[1], [], []
real_anonymize = Pipeline._anonymize
def anonymize(self, raw, stop):
    handed.append(1)
    return real_anonymize(self, raw, stop)
Pipeline._anonymize = anonymize
if point == "move":
    real_ack = imap.acknowledge
    def acknowledge(client, uids, folder):
        calls.append(folder)
        if calls.count("Processed") == 2:
            deadline = time.monotonic() + 20
            while len(handed) < 5 and time.monotonic() < deadline:
                time.sleep(0.01)
            os._exit(137 if len(handed) == 5 else 3)
        real_ack(client, uids, folder)
    imap.acknowledge = acknowledge
else:
    real_commit = Pipeline._commit_group
    def commit_group(self, built, ids):
        calls.append(len(built))
        if len(calls) == 2:
            os._exit(137)
        return real_commit(self, built, ids)
    Pipeline._commit_group = commit_group
imap.poll_once(App(Settings.load(env_file=None)))
"""


def stored(app: App) -> int:
    with app.database.session() as session:
        return session.scalar(select(func.count()).select_from(Letter)) or 0


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@SQLITE_ONLY
@pytest.mark.parametrize(("point", "committed"), [("commit", 2), ("move", 4)])
def test_crash_mid_pass_loses_nothing_and_stores_nothing_twice(
    server: Dovecot, make_imap_app: ImapAppFactory, point: str, committed: int
) -> None:
    app = make_imap_app(fetch_chunk="2")
    server.append("association", [letter(n) for n in range(100, 105)])

    child = subprocess.run([PYTHON, "-c", CRASHING_CHILD, point], env=env_for(app.settings, app.settings.data_dir),
                           capture_output=True, text=True, timeout=60)

    assert child.returncode == 137, child.stderr
    assert stored(app) == committed
    assert server.count("association") == 3  # the first chunk was acknowledged, the rest was not
    summary = poll_once(app)[0]
    assert (summary.fetched, summary.stored, summary.duplicates) == (3, 5 - committed, committed - 2)
    assert stored(app) == 5
    assert server.count("association") == 0
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir], [child.stdout, child.stderr])


@SQLITE_ONLY
def test_connection_cut_mid_fetch_recovers_on_next_pass(
    server: Dovecot, make_imap_app: ImapAppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    letters = [letter(n, padding=3000) for n in range(200, 210)]
    server.append("association", letters)
    # About 2 kB of greeting, login, SELECT and sizes, then the first 3-letter chunk, then the cut
    # half-way through the second.
    proxy = CuttingProxy(server.port, limit=2000 + int(4.5 * len(letters[0])))
    try:
        cut_app = make_imap_app(port=proxy.port, fetch_chunk="3", mailboxes="association")
        cut = poll_once(cut_app)[0]
    finally:
        proxy.close()
    assert proxy.cuts == 1
    assert not cut.ok and "\n" not in cut.line()
    assert 0 < stored(cut_app) < 10

    summary = poll_once(make_imap_app(fetch_chunk="3", mailboxes="association"))[0]

    assert summary.ok
    assert stored(cut_app) == 10
    assert server.count("association") == 0
    with cut_app.database.session() as session:
        assert session.get(MailboxState, "association").last_error is not None
    assert_no_leaks(IDENTIFIERS, [cut_app.settings.data_dir], [caplog.text, cut.line()])


@SQLITE_ONLY
def test_tls_against_a_plaintext_server_is_refused(server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    server.append("association", [letter(300)])
    app = make_imap_app(mailbox_association_security="tls", mailbox_defence_security="starttls")

    summaries = {s.mailbox: s for s in poll_once(app)}

    assert "TLS failed" in summaries["association"].line()
    assert "SECURITY=starttls" in summaries["association"].line()
    assert "does not offer STARTTLS" in summaries["defence"].line()
    assert all("\n" not in s.line() for s in summaries.values())
    assert server.count("association") == 1 and stored(app) == 0


@SQLITE_ONLY
def test_tls_and_starttls_verify_the_certificate(tls_dovecot: Dovecot, make_imap_app: ImapAppFactory) -> None:
    tls_dovecot.clear()
    tls_dovecot.append("association", [letter(310)])
    tls_dovecot.append("defence", [letter(311)])
    ca = str(tls_dovecot.cert)
    unverified = make_imap_app(port=tls_dovecot.tls_port, mailbox_association_security="tls",
                               mailboxes="association")
    assert "CERTIFICATE_VERIFY_FAILED" in poll_once(unverified)[0].line()

    app = make_imap_app(
        mailbox_association_security="tls", mailbox_association_port=str(tls_dovecot.tls_port),
        mailbox_association_ca_file=ca,
        mailbox_defence_security="starttls", mailbox_defence_port=str(tls_dovecot.port),
        mailbox_defence_ca_file=ca,
    )
    summaries = poll_once(app)

    assert [(s.ok, s.stored) for s in summaries] == [(True, 1), (True, 1)], [s.line() for s in summaries]
    assert tls_dovecot.count("association") == tls_dovecot.count("defence") == 0


def test_service_wakes_on_idle_and_survives_a_kick(
    server: Dovecot, make_imap_app: ImapAppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = make_imap_app(idle_seconds="5", rescan_seconds="300")
    server.append("association", [letter(400)])
    stop = threading.Event()
    service = threading.Thread(target=run, args=(app, stop))
    service.start()
    try:
        wait_for(lambda: stored(app) == 1)  # the pass right after connecting
        server.append("defence", [letter(401)])
        wait_for(lambda: stored(app) == 2)  # IDLE woke the watcher long before the rescan
        assert server.kick("association")
        time.sleep(0.3)
        server.append("association", [letter(402)])
        wait_for(lambda: stored(app) == 3)  # reconnected (with backoff) and rescanned
    finally:
        stop.set()
        service.join(15)
    assert not service.is_alive()
    assert server.count("association") == server.count("defence") == 0
    with app.database.session() as session:
        assert session.get(MailboxState, "association").last_error is not None
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir], [caplog.text])


@SQLITE_ONLY
def test_watchdog_replaces_a_silently_dead_connection(
    server: Dovecot, make_imap_app: ImapAppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MailboxWatcher, "read_timeout", 1.0)
    proxy = CuttingProxy(server.port)
    app = make_imap_app(port=proxy.port, mailboxes="association", idle_seconds="5", rescan_seconds="300")
    server.append("association", [letter(450)])
    stop = threading.Event()
    service = threading.Thread(target=run, args=(app, stop))
    service.start()
    try:
        wait_for(lambda: stored(app) == 1)
        time.sleep(1.0)  # let the watcher settle into IDLE
        proxy.freeze()  # the IDLE session hears nothing more, and its DONE is never answered
        server.append("association", [letter(451)])
        wait_for(lambda: stored(app) == 2, timeout=20)  # IDLE limit, DONE timeout, reconnect, rescan
    finally:
        stop.set()
        service.join(15)
        proxy.close()
    assert not service.is_alive()
    assert proxy.accepted >= 2


@SQLITE_ONLY
def test_run_exits_zero_on_sigterm(server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    app = make_imap_app()
    stored(app)  # migrate now, so parent and child never race to create the schema
    server.append("association", [letter(500)])
    service = subprocess.Popen(
        [PYTHON, "-m", "napishy.cli.main", "--env-file", "/dev/null", "run"],
        env=env_for(app.settings, app.settings.data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(lambda: service.poll() is not None or stored(app) == 1, timeout=60)
        service.send_signal(signal.SIGTERM)
        out, err = service.communicate(timeout=20)
    finally:
        if service.poll() is None:
            service.kill()
            print(service.communicate()[1])
    assert service.returncode == 0, err
    assert stored(app) == 1
    assert "service stopped" in err
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir], [out, err])
