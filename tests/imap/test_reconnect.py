"""After an outage the service is back within 10 s of the server: the reconnect backoff grows (no
busy loop against a dead server) but is capped, with jitter so that services do not reconnect in
lockstep."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from intake.imap_service import Backoff, run
from tests.conftest import KeyPair
from tests.dovecot import Dovecot
from tests.dovecot import running as dovecot_running
from tests.imap.conftest import ImapAppFactory, letter
from tests.imap.test_faults_more import assert_stored_exactly_once, stored, wait_for

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
BACK_WITHIN = 10.0


def test_the_backoff_grows_is_capped_and_jittered() -> None:
    backoff = Backoff()
    delays = [backoff.next() for _ in range(40)]
    assert delays[0] <= 1.0 and delays[3] > delays[0]
    assert max(delays) <= 8.0  # plus a pass, within 10 s of the server's return
    assert len({round(delay, 3) for delay in delays[10:]}) > 1  # jittered, not a fixed step
    backoff.reset()
    assert backoff.next() <= 1.0


@pytest.fixture
def own_dovecot(server: Dovecot) -> Iterator[Dovecot]:
    with dovecot_running() as private:
        yield private


@SQLITE_ONLY
def test_the_service_is_back_within_10_s_after_a_long_outage(
    own_dovecot: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair,
) -> None:
    """40 s down: an uncapped doubling backoff would be sleeping 16 to 64 s by then."""
    app = make_imap_app(port=own_dovecot.port, mailboxes="association")
    appended = [letter(9500)]
    own_dovecot.append("association", appended)
    stop = threading.Event()
    service = threading.Thread(target=run, args=(app, stop))
    service.start()
    try:
        wait_for(lambda: stored(app) == 1, timeout=60, what="the first letter")
        own_dovecot.stop()
        time.sleep(40)
        own_dovecot.start()
        back = time.monotonic()
        later = [letter(9501)]
        own_dovecot.append("association", later)
        appended += later
        wait_for(lambda: stored(app) == 2, timeout=60, what="the letter sent after the outage")
        took = time.monotonic() - back
    finally:
        stop.set()
        service.join(30)
    assert not service.is_alive()
    assert took < BACK_WITHIN, f"back {took:.1f} s after the server"
    assert_stored_exactly_once(app, keypair, appended)
