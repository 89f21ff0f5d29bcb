"""Stopping the intake with letters in hand: Ctrl-C, `kill -TERM -PGID`, systemd's SIGTERM.

A stop must cost nothing: no letter quarantined (the anonymiser child is not the letter's
fault), none lost (what was committed is acknowledged, the rest stays in the inbox for the next
pass), and it must finish well inside systemd's 90 s, whatever the letters. The letters here are
slow but legal: the anonymiser child takes `X-Test-Slow` seconds more on each
(`tests/misbehaving.py`), so a signal always finds one in hand.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from foundation.storage.models import Letter
from intake.imap import poll_once
from napishy.app import App
from tests.conftest import KeyPair
from tests.dovecot import Dovecot
from tests.imap.conftest import PYTHON, ImapAppFactory, letter
from tests.imap.test_faults_more import (
    assert_inboxes_empty,
    assert_stored_exactly_once,
    no_leaks,
    settings_env,
    stored,
    wait_for,
)

pytestmark = pytest.mark.imap
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

# `napishy` with the misbehaving anonymiser as the child's target; everything else is the real CLI.
SLOW_NAPISHY = (
    "import sys, processors.sandbox as sandbox; "
    "sandbox.shared_isolated_anonymizer = lambda roster, limits, ocr=None, workers=1: "
    "sandbox.IsolatedAnonymizer(roster, limits, target='tests.misbehaving:by_command', ocr=ocr, workers=workers); "
    "from napishy.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def slow_letter(number: int, seconds: float) -> bytes:
    return f"X-Test-Slow: {seconds}\r\n".encode() + letter(number)


def quarantined(app: App) -> int:
    with app.database.session() as session:
        query = select(func.count()).select_from(Letter).where(Letter.status == "quarantined")
        return session.scalar(query) or 0


def start(app: App, folder: Path, *args: str) -> subprocess.Popen[str]:
    """A real `napishy` process leading its own process group, as a shell or systemd starts it."""
    env, env_file = settings_env(app, folder)
    return subprocess.Popen(
        [PYTHON, "-c", SLOW_NAPISHY, "--env-file", str(env_file), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def in_hand(service: subprocess.Popen[str], seconds: float) -> None:
    """Wait until the anonymiser child runs, then `seconds` more: it has letters in hand by then."""
    wait_for(lambda: service.poll() is not None or bool(children_of(service.pid)), timeout=60,
             what="the anonymiser child")
    time.sleep(seconds)
    assert service.poll() is None, service.communicate()[1][-3000:]


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


@SQLITE_ONLY
@pytest.mark.parametrize("command", [("poll", "--once"), ("run",)], ids=["poll", "run"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_the_process_group_quarantines_nothing_and_loses_nothing(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path,
    command: tuple[str, ...], signum: signal.Signals,
) -> None:
    """Ctrl-C in a terminal and `kill -TERM -PGID` reach every process of the group, the anonymiser
    child included. The child must not die of it, and the letter in hand is not its fault."""
    app = make_imap_app(mailboxes="association", fetch_chunk="50")
    stored(app)  # migrated before the child starts
    appended = [slow_letter(n, 0.6) for n in range(7000, 7020)]
    server.append("association", appended)

    service = start(app, tmp_path, *command)
    in_hand(service, 3.0)
    os.killpg(service.pid, signum)
    began = time.monotonic()
    out, err = service.communicate(timeout=30)
    took = time.monotonic() - began

    assert quarantined(app) == 0, f"{quarantined(app)} letters quarantined by the stop"
    assert service.returncode == 0, err[-3000:]
    assert took < 10, f"the stop took {took:.1f} s"
    assert "Traceback" not in err, err[-3000:]
    assert stored(app) < len(appended)
    assert server.count("association") == len(appended) - stored(app)  # committed = acknowledged
    summaries = poll_once(app)  # a normal pass afterwards takes the rest
    assert all(s.ok for s in summaries), [s.line() for s in summaries]
    assert quarantined(app) == 0
    assert_stored_exactly_once(app, keypair, appended)
    assert_inboxes_empty(server, ("association",))
    no_leaks(app, out, err)


@SQLITE_ONLY
def test_the_child_leaves_quietly_when_its_parent_is_killed(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path,
) -> None:
    """kill -9 of the service mid-letter: the orphaned anonymiser exits soon, without a traceback
    (it shares the service's stderr, i.e. the journal)."""
    app = make_imap_app(mailboxes="association")
    stored(app)
    appended = [slow_letter(n, 3) for n in range(7100, 7104)]
    server.append("association", appended)
    service = start(app, tmp_path, "poll", "--once")
    in_hand(service, 1.0)  # the child is loading, or in the first letter's three seconds
    orphans = children_of(service.pid)
    service.kill()
    began = time.monotonic()
    _out, err = service.communicate(timeout=30)  # returns when every holder of its stderr is gone
    took = time.monotonic() - began

    assert took < 3, f"the orphaned child lingered {took:.1f} s"
    assert not any(Path(f"/proc/{pid}").exists() and "napishy" in _cmdline(pid) for pid in orphans)
    assert "Traceback" not in err and "BrokenPipe" not in err, err[-3000:]
    assert quarantined(app) == 0
    poll_once(app)
    assert_stored_exactly_once(app, keypair, appended)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


@SQLITE_ONLY
def test_a_stop_with_thirty_slow_letters_in_hand_ends_within_ten_seconds(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path,
) -> None:
    """30 slow letters in one chunk (about 45 s of work): SIGTERM to the service alone, as systemd
    sends it (KillMode=mixed). What was committed is acknowledged, the rest waits in the inbox."""
    app = make_imap_app(mailboxes="association", fetch_chunk="50")
    stored(app)
    appended = [slow_letter(n, 1.5) for n in range(7200, 7230)]
    server.append("association", appended)
    service = start(app, tmp_path, "run")
    in_hand(service, 5.0)
    service.send_signal(signal.SIGTERM)
    began = time.monotonic()
    out, err = service.communicate(timeout=120)
    took = time.monotonic() - began

    assert service.returncode == 0, err[-3000:]
    assert took < 10, f"the stop took {took:.1f} s"
    committed = stored(app)
    assert 1 <= committed < len(appended) and quarantined(app) == 0
    # acknowledged exactly what was committed: no committed letter is left for the provider to keep
    assert server.count("association") == len(appended) - committed
    poll_once(app)
    assert_stored_exactly_once(app, keypair, appended)
    assert_inboxes_empty(server, ("association",))
    no_leaks(app, out, err)
