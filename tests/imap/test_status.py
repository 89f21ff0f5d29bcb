"""`napishy status` during an outage: non-zero from the first failed poll of a mailbox (unless a
grace is configured), and also when the failure could not be written to the database."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import event

from intake.imap import poll_once
from napishy.app import App
from tests.dovecot import Dovecot, free_port
from tests.imap.conftest import PYTHON, ImapAppFactory, letter
from tests.imap.test_faults_more import fill, settings_env, tmpfs

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def status(app: App, folder: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env, env_file = settings_env(app, folder)
    env.update({f"NAPISHY_{key.upper()}": value for key, value in extra.items()})
    return subprocess.run([PYTHON, "-m", "napishy.cli.main", "--env-file", str(env_file), "status"],
                          env=env, capture_output=True, text=True, timeout=60)


@SQLITE_ONLY
def test_status_fails_at_the_first_failed_poll(server: Dovecot, make_imap_app: ImapAppFactory,
                                                tmp_path: Path) -> None:
    app = make_imap_app(mailboxes="association")
    server.append("association", [letter(9000)])
    assert poll_once(app)[0].ok
    healthy = status(app, tmp_path)
    assert healthy.returncode == 0, healthy.stderr

    down = make_imap_app(port=free_port(), mailboxes="association")  # the server is gone
    assert not poll_once(down)[0].ok
    failing = status(app, tmp_path)
    assert failing.returncode != 0 and "OUTAGE" in failing.stdout, (failing.stdout, failing.stderr)
    assert "mailbox failing: association" in failing.stderr and "Traceback" not in failing.stderr
    tolerated = status(app, tmp_path, outage_grace_seconds="3600")  # a flaky link: a grace
    assert tolerated.returncode == 0 and "OUTAGE" in tolerated.stdout, tolerated.stderr

    assert poll_once(app)[0].ok  # recovered
    assert status(app, tmp_path).returncode == 0


@SQLITE_ONLY
def test_status_fails_when_the_failure_could_not_be_recorded(
    server: Dovecot, make_imap_app: ImapAppFactory, data_dir: Path, tmp_path: Path,
) -> None:
    """The disk is full (a real tmpfs), so the database cannot take the failed pass; the beacon,
    sized while there was room, is overwritten in place and makes status fail."""
    with tmpfs(data_dir, "16m"):
        app = make_imap_app(mailboxes="association")
        assert poll_once(app)[0].ok
        filler = fill(data_dir)
        down = make_imap_app(port=free_port(), mailboxes="association")
        refused: list[str] = []

        def disk_full(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            # SQLite may still find room in its write-ahead log; this makes the outcome certain.
            if "mailbox_state" in statement and not statement.lstrip().upper().startswith("SELECT"):
                refused.append(statement)
                raise sqlite3.OperationalError("database or disk is full")

        event.listen(down.database.engine, "before_cursor_execute", disk_full)
        assert not poll_once(down)[0].ok
        assert refused
        failing = status(app, tmp_path)
        filler.unlink()
        down.database.dispose()
        app.database.dispose()
    assert failing.returncode != 0, (failing.stdout, failing.stderr)
    assert "could not record it" in failing.stdout and "Traceback" not in failing.stderr
