"""A letter over NAPISHY_MAX_LETTER_BYTES is sealed as it is read (1 MiB pieces, never whole in the
clear), queued quarantined and acknowledged like any other, so the provider keeps no copy; its text
is anonymised only when an organiser asks (`napishy retry`)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from foundation.storage.models import Letter
from foundation.vault import Opener
from intake.imap import MailboxPass, poll_once
from processors.retry import retry
from tests.conftest import KeyPair
from tests.dovecot import Dovecot
from tests.imap.conftest import ImapAppFactory, letter
from tests.imap.test_faults_more import assert_stored_exactly_once, no_leaks

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
def test_an_oversized_letter_is_sealed_acknowledged_and_anonymised_on_retry(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    app = make_imap_app(mailboxes="association", max_letter_bytes=str(1024 * 1024))
    big, small = letter(9700, padding=1_000_000), letter(9701)
    assert len(big) > 1024 * 1024 > len(small)
    server.append("association", [big, small])
    pieces: list[int] = []
    real_piece = MailboxPass._piece

    def counted(self: MailboxPass, uid: int, offset: int) -> bytes | None:
        pieces.append(offset)
        return real_piece(self, uid, offset)

    monkeypatch.setattr(MailboxPass, "_piece", counted)
    summary = poll_once(app)[0]

    assert summary.ok and (summary.oversized, summary.stored) == (1, 1), summary.line()
    assert len(pieces) >= 2, pieces  # read in pieces, not in one FETCH
    assert server.count("association") == 0 and server.count("association", "Oversized") == 0
    assert_stored_exactly_once(app, keypair, [big, small])  # the provider may forget it: it is sealed
    with app.database.session() as session:
        row = session.scalars(select(Letter).where(Letter.status == "quarantined")).one()
        letter_id, reason, text = row.id, row.quarantine_reason, row.text
    assert "NAPISHY_MAX_LETTER_BYTES" in reason and "retry" in reason and text == ""
    again = poll_once(app)[0]
    assert again.ok and (again.fetched, again.oversized) == (0, 0), again.line()

    opener = Opener.from_file(keypair.private, keypair.passphrase.encode())
    status, why = retry(app.database, opener, app.pipeline.anonymize, letter_id, operator="organiser")
    assert (status, why) == ("pending", "")
    with app.database.session() as session:
        assert "Максім" in session.get(Letter, letter_id).text
    no_leaks(app, caplog.text, summary.line())
