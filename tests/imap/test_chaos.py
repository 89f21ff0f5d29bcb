"""Long fault runs (`make test-all`): kill -9 at random moments over 300 letters, then a normal
pass; every letter stored exactly once, the inboxes empty, nothing leaked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import KeyPair
from tests.dovecot import Dovecot
from tests.imap.conftest import ImapAppFactory
from tests.imap.test_faults_more import assert_a_normal_pass_recovers, deliver, kill_rounds, stored

pytestmark = [pytest.mark.imap, pytest.mark.slow]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_kill_9_at_random_moments_300_letters(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path
) -> None:
    app = make_imap_app(fetch_chunk="7")
    stored(app)  # migrate first (PostgreSQL: `napishy db upgrade` is an explicit step anyway)
    appended = deliver(server, 10_000, 300)
    seed = int(os.environ.get("NAPISHY_CHAOS_SEED") or int.from_bytes(os.urandom(4), "big"))

    report, texts = kill_rounds(server, app, tmp_path, rounds=5, seed=seed, max_delay=2.0)
    print(f"seed {seed} (set NAPISHY_CHAOS_SEED to repeat)\n" + "\n".join(report))
    killed_mid_pass = [line for line in report if "killed" in line and "-> 0" not in line]
    assert killed_mid_pass, report  # at least one kill landed after letters were committed
    assert_a_normal_pass_recovers(app, server, keypair, appended, texts)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_kill_9_of_the_service_at_random_moments(
    server: Dovecot, make_imap_app: ImapAppFactory, keypair: KeyPair, tmp_path: Path
) -> None:
    """The same with `napishy run`, which never finishes on its own: every round ends in a kill."""
    app = make_imap_app(fetch_chunk="5")
    stored(app)
    appended = deliver(server, 20_000, 300)
    seed = int(os.environ.get("NAPISHY_CHAOS_SEED") or int.from_bytes(os.urandom(4), "big"))

    report, texts = kill_rounds(server, app, tmp_path, rounds=5, seed=seed, max_delay=2.0, command=("run",))
    print(f"seed {seed} (set NAPISHY_CHAOS_SEED to repeat)\n" + "\n".join(report))
    assert_a_normal_pass_recovers(app, server, keypair, appended, texts)
