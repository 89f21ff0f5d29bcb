"""A link that dies silently (no FIN, no reset: a NAT box forgot us, a cable was pulled) must be
noticed within 30 s with the shipped timeouts, mid-FETCH as well as while the service sits in IDLE.
The frozen link is a loopback proxy that stops forwarding but keeps both sockets open."""

from __future__ import annotations

import threading
import time

import pytest

from foundation.storage.models import MailboxState
from intake.imap import poll_once
from intake.imap_service import run
from napishy.app import App
from tests.dovecot import Dovecot
from tests.imap.conftest import CuttingProxy, ImapAppFactory, letter
from tests.imap.test_faults_more import stored, wait_for

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
NOTICED_WITHIN = 30.0


def last_error_at(app: App) -> object:
    with app.database.session() as session:
        state = session.get(MailboxState, "association")
        return state.last_error_at if state else None


@SQLITE_ONLY
def test_a_link_frozen_mid_fetch_is_noticed_within_30_s(server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    big = letter(8000, padding=2_000_000)  # about 2 MB: the freeze comes well inside its FETCH
    server.append("association", [big])
    proxy = CuttingProxy(server.port, freeze_after=300_000)
    app = make_imap_app(port=proxy.port, mailboxes="association")
    stored(app)
    try:
        began = time.monotonic()
        summary = poll_once(app)[0]
        took = time.monotonic() - began
    finally:
        proxy.close()
    assert proxy.frozen, "the proxy never froze: the test did not test anything"
    assert not summary.ok and took < NOTICED_WITHIN, (summary.line(), f"{took:.1f} s")
    assert stored(app) == 0 and server.count("association") == 1
    again = poll_once(make_imap_app(mailboxes="association"))[0]  # straight to the server
    assert again.ok and again.stored == 1, again.line()


@SQLITE_ONLY
def test_a_link_frozen_during_idle_is_noticed_within_30_s(server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    """The shipped IDLE and rescan settings: nothing but the watchdog can notice this freeze."""
    proxy = CuttingProxy(server.port)
    app = make_imap_app(port=proxy.port, mailboxes="association")
    server.append("association", [letter(8100)])
    stop = threading.Event()
    service = threading.Thread(target=run, args=(app, stop))
    service.start()
    try:
        wait_for(lambda: stored(app) == 1, timeout=60, what="the first letter")
        time.sleep(1.0)  # in IDLE now
        proxy.freeze()
        frozen_at = time.monotonic()
        server.append("association", [letter(8101)])
        wait_for(lambda: last_error_at(app) is not None, timeout=NOTICED_WITHIN, what="the freeze to be noticed")
        noticed = time.monotonic() - frozen_at
        wait_for(lambda: stored(app) == 2, timeout=20, what="the letter sent during the freeze")
    finally:
        stop.set()
        service.join(30)
        proxy.close()
    assert not service.is_alive()
    assert noticed < NOTICED_WITHIN and proxy.accepted >= 2, noticed
