"""IMAP intake against a real Dovecot: the normal paths (two mailboxes, re-delivery, oversized,
UIDVALIDITY, retention, the lease, the CLI). Every test ends with a leak scan."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

import intake.imap
from foundation.storage.models import Letter, MailboxState
from intake.imap import poll_once
from intake.lease import MailboxLease
from napishy.app import App
from tests.dovecot import Dovecot
from tests.imap.conftest import IDENTIFIERS, PYTHON, ImapAppFactory, env_for, letter
from tests.leakscan import assert_no_leaks

pytestmark = pytest.mark.imap
# Tests whose subject is IMAP, not the database, run on SQLite only: the IMAP suite must stay fast.
# Those that touch the lease or concurrent storage run on PostgreSQL too.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def letters_by_mailbox(app: App) -> dict[str, int]:
    with app.database.session() as session:
        rows = session.execute(select(Letter.mailbox, func.count()).group_by(Letter.mailbox))
        return dict(rows.all())


def no_leaks(app: App, *texts: str) -> None:
    assert_no_leaks(IDENTIFIERS, [app.settings.data_dir], texts)


def test_two_mailboxes_are_fetched_stored_and_emptied(
    server: Dovecot, imap_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.append("association", [letter(1), letter(2), letter(3)])
    server.append("defence", [letter(4), letter(5)])

    summaries = {s.mailbox: s for s in poll_once(imap_app)}

    assert (summaries["association"].stored, summaries["defence"].stored) == (3, 2)
    assert all(s.ok and s.duplicates == 0 and s.quarantined == 0 for s in summaries.values())
    assert letters_by_mailbox(imap_app) == {"association": 3, "defence": 2}
    for user in ("association", "defence"):
        assert server.count(user) == 0
        assert server.count(user, "Processed") == 0  # retention 0: expunged right after the move
        with imap_app.database.session() as session:
            state = session.get(MailboxState, user)
            assert state is not None and state.last_poll_at is not None
            assert state.uidvalidity == server.uidvalidity(user)
    no_leaks(imap_app, caplog.text)


def test_redelivered_letter_stays_one_entry(server: Dovecot, imap_app: App, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.append("association", [letter(10)])
    assert poll_once(imap_app)[0].stored == 1

    server.append("association", [letter(10), letter(10)])
    first = poll_once(imap_app)[0]

    assert (first.fetched, first.stored, first.duplicates) == (2, 0, 2)
    assert letters_by_mailbox(imap_app) == {"association": 1}
    assert server.count("association") == 0
    no_leaks(imap_app, caplog.text)


@SQLITE_ONLY
def test_a_letter_too_large_even_to_seal_is_set_aside_and_quarantined(
    server: Dovecot, make_imap_app: ImapAppFactory, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over NAPISHY_MAX_LETTER_BYTES a letter is sealed unread (tests/imap/test_oversized.py); over
    MAX_SEALED_BYTES (256 MiB, here 5,000 bytes) not even that: recorded, and moved aside."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(intake.imap, "MAX_SEALED_BYTES", 5000)
    app = make_imap_app(max_letter_bytes="4096")
    server.append("association", [letter(20), letter(21, padding=8000)])

    summary = poll_once(app)[0]

    assert (summary.stored, summary.oversized) == (1, 1)
    assert server.count("association") == 0
    assert server.count("association", "Oversized") == 1  # kept for the organisers, not deleted
    with app.database.session() as session:
        quarantined = session.scalars(select(Letter).where(Letter.status == "quarantined")).all()
        assert len(quarantined) == 1
        assert quarantined[0].sealed is None
        assert "larger than NAPISHY_MAX_LETTER_BYTES" in (quarantined[0].quarantine_reason or "")
    assert poll_once(app)[0].oversized == 0  # moved away: not recorded twice
    no_leaks(app, caplog.text)


def test_uidvalidity_change_refetches_without_duplicates(
    server: Dovecot, imap_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.append("association", [letter(30)])
    poll_once(imap_app)
    old = server.uidvalidity("association")
    # The provider restored a backup: the folder is renumbered and an old letter is back.
    server.append("association", [letter(30), letter(31)])
    server.set_uidvalidity("association", "INBOX", old + 1000)

    summary = poll_once(imap_app)[0]

    assert "UIDVALIDITY changed" in caplog.text
    assert (summary.stored, summary.duplicates) == (1, 1)
    assert letters_by_mailbox(imap_app) == {"association": 2}
    assert server.count("association") == 0
    with imap_app.database.session() as session:
        assert session.get(MailboxState, "association").uidvalidity == old + 1000
    no_leaks(imap_app, caplog.text)


@SQLITE_ONLY
def test_retention_keeps_recent_processed_letters(server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    app = make_imap_app(mailbox_retention_days="7")
    server.append("defence", [letter(40), letter(41)])

    poll_once(app)

    assert server.count("defence") == 0
    assert server.count("defence", "Processed") == 2
    no_leaks(app)


def test_a_held_lease_skips_the_mailbox(server: Dovecot, imap_app: App, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    server.append("association", [letter(50)])
    other = MailboxLease(imap_app.database, "association", holder="other-service")
    assert other.acquire()

    summaries = {s.mailbox: s for s in poll_once(imap_app)}

    assert summaries["association"].skipped and summaries["association"].ok
    assert "holds the lease" in caplog.text
    assert server.count("association") == 1
    other.release()
    assert poll_once(imap_app)[0].stored == 1
    no_leaks(imap_app, caplog.text)


@SQLITE_ONLY
def test_cli_poll_once_end_to_end(server: Dovecot, imap_app: App, tmp_path: Path) -> None:
    server.append("association", [letter(60), letter(61)])
    server.append("defence", [letter(62)])
    env = env_for(imap_app.settings, imap_app.settings.data_dir)
    env_file = tmp_path / "settings.env"
    keys = ("MAILBOX_ASSOCIATION_PASSWORD", "MAILBOX_DEFENCE_PASSWORD")
    env_file.write_text("".join(f"NAPISHY_{key}={env.pop('NAPISHY_' + key)}\n" for key in keys))
    os.chmod(env_file, 0o600)

    done = subprocess.run(
        [PYTHON, "-m", "napishy.cli.main", "--env-file", str(env_file), "poll", "--once"],
        env=env, capture_output=True, text=True, timeout=60,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        "association: 2 fetched, 2 stored, 0 duplicates, 0 quarantined, 0 oversized",
        "defence: 1 fetched, 1 stored, 0 duplicates, 0 quarantined, 0 oversized",
    ]
    assert server.count("association") == server.count("defence") == 0
    no_leaks(imap_app, done.stdout, done.stderr)


@SQLITE_ONLY
def test_cli_poll_once_fails_when_a_mailbox_fails(server: Dovecot, make_imap_app: ImapAppFactory) -> None:
    app = make_imap_app()
    env = env_for(app.settings, app.settings.data_dir)
    env["NAPISHY_MAILBOX_DEFENCE_PASSWORD"] = "wrong"
    server.append("association", [letter(70)])

    done = subprocess.run(
        [PYTHON, "-m", "napishy.cli.main", "--env-file", "/dev/null", "poll", "--once"],
        env=env, capture_output=True, text=True, timeout=60,
    )

    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("association: 1 fetched, 1 stored")
    assert "defence: " in done.stdout and "login refused" in done.stdout
    assert "Traceback" not in done.stderr
    no_leaks(app, done.stdout, done.stderr)
