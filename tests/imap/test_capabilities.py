"""A server without MOVE: acknowledging falls back to COPY + \\Deleted + UID EXPUNGE (UIDPLUS),
and expunges only our own messages, never one another client flagged \\Deleted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intake.imap import poll_once
from tests import dovecot as dovecot_helper
from tests import tiers
from tests.dovecot import Dovecot
from tests.imap.conftest import IDENTIFIERS, ImapAppFactory, letter
from tests.leakscan import assert_no_leaks

pytestmark = pytest.mark.imap


@pytest.fixture(scope="module")
def no_move_server() -> Iterator[Dovecot]:
    if not dovecot_helper.available():
        tiers.skip(tiers.DOVECOT)
    with dovecot_helper.running(extra="imap_capability = IMAP4rev1 IDLE UIDPLUS") as server:
        yield server


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_without_move_copy_delete_and_uid_expunge(no_move_server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    no_move_server.clear()
    no_move_server.append("association", [letter(n) for n in range(600, 605)])
    with no_move_server.client("association") as imap:
        imap.append("INBOX", letter(699), flags=[rb"\Deleted"])  # someone else's pending deletion
    app = make_imap_app(port=no_move_server.port, fetch_chunk="2", mailboxes="association",
                        mailbox_retention_days="1")

    summary = poll_once(app)[0]

    assert (summary.ok, summary.stored) == (True, 5), summary.line()
    assert no_move_server.count("association") == 0
    assert no_move_server.count("association", "Processed") == 5
    with no_move_server.client("association") as imap:
        imap.select_folder("INBOX", readonly=True)
        assert len(imap.search(["DELETED"])) == 1  # UID EXPUNGE left the foreign one alone
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir])
