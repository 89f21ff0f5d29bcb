"""Two napishy services on two "machines" (two data dirs) sharing one PostgreSQL database and one
fingerprint key, both watching the same two Dovecot mailboxes, as real processes.

What must hold: every letter is stored exactly once, even the ones delivered to both mailboxes
(a sender who wrote to both organisations), which the two services can fetch at the same moment
from different mailboxes; both inboxes end up empty; and no planted sender identifier reaches
either data dir, any database row, or either service's stderr.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from foundation.storage.database import Database
from foundation.storage.models import Letter, Revision, SealedOriginal
from foundation.vault import Opener
from tests import tiers
from tests.conftest import KeyPair
from tests.dovecot import PASSWORD, USERS, Dovecot
from tests.imap.conftest import IDENTIFIERS, MESSAGE_ID_PREFIX, PYTHON, letter
from tests.leakscan import assert_no_leaks, database_texts
from tests.postgres import PostgresCluster

pytestmark = [pytest.mark.imap, pytest.mark.postgres]
REPO = Path(__file__).resolve().parents[1]
ONLY_ASSOCIATION = range(0, 70)
BOTH_MAILBOXES = range(70, 100)  # the same bytes in both inboxes: must be stored once


@pytest.fixture
def cluster(postgres_cluster: PostgresCluster | None) -> PostgresCluster:
    if postgres_cluster is None:
        tiers.skip(tiers.POSTGRESQL)
    return postgres_cluster


def service_env(data_dir: Path, url: str, key_file: Path, keypair: KeyPair, port: int) -> dict[str, str]:
    """What one machine's settings.env would hold: its own data dir, the shared database, a copy
    of the shared fingerprint key, the public key, the mailboxes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAPISHY_")}
    env.update({
        "PYTHONPATH": str(REPO),
        "NAPISHY_DATA_DIR": str(data_dir),
        "NAPISHY_DATABASE_URL": url,
        "NAPISHY_FINGERPRINT_KEY_FILE": str(key_file),
        "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public),
        "NAPISHY_MAILBOXES": ",".join(USERS),
        "NAPISHY_FETCH_CHUNK": "5",  # many small transactions, so the two services interleave
        "NAPISHY_IDLE_SECONDS": "5",
        "NAPISHY_RESCAN_SECONDS": "5",
    })
    for user in USERS:
        key = f"NAPISHY_MAILBOX_{user.upper()}_"
        env.update({key + "HOST": "127.0.0.1", key + "PORT": str(port), key + "USER": user,
                    key + "PASSWORD": PASSWORD, key + "SECURITY": "plain"})
    return env


def napishy(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", "napishy.cli.main", "--env-file", "/dev/null", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def shared_key(folder: Path) -> Path:
    """The key an operator generates once and copies to every machine (here: one file for both)."""
    folder.mkdir(mode=0o700)
    path = folder / "fingerprint.key"
    path.write_bytes(os.urandom(32))
    path.chmod(0o600)
    return path


def counts(database: Database) -> tuple[int, int, int]:
    with database.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[return-value]
                     for model in (Letter, SealedOriginal, Revision))


def test_two_services_poll_the_same_mailboxes_and_store_each_letter_once(
    dovecot: Dovecot, cluster: PostgresCluster, keypair: KeyPair, tmp_path: Path
) -> None:
    dovecot.clear()
    url = cluster.new_database()
    key_file = shared_key(tmp_path / "shared")
    envs = [service_env(tmp_path / f"machine-{n}" / "data", url, key_file, keypair, dovecot.port) for n in (1, 2)]
    upgraded = napishy(envs[0], "db", "upgrade")  # once, before any service starts
    assert upgraded.returncode == 0, upgraded.stderr

    services = [subprocess.Popen([PYTHON, "-m", "napishy.cli.main", "--env-file", "/dev/null", "run"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for env in envs]
    database = Database(url)
    try:
        # Letters keep arriving in waves while both services run, so passes overlap.
        for start in range(0, 100, 10):
            wave = range(start, start + 10)
            dovecot.append("association", [letter(n) for n in wave])
            dovecot.append("defence", [letter(n) for n in wave if n in BOTH_MAILBOXES])
            time.sleep(0.3)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if any(s.poll() is not None for s in services):
                break
            if counts(database)[0] >= 100 and dovecot.count("association") == dovecot.count("defence") == 0:
                break
            time.sleep(0.25)
    finally:
        for service in services:
            if service.poll() is None:
                service.send_signal(signal.SIGTERM)
        outputs = [service.communicate(timeout=30) for service in services]
    stderrs = [err for _out, err in outputs]
    assert [s.returncode for s in services] == [0, 0], "\n".join(stderrs)

    assert counts(database) == (100, 100, 100)
    assert dovecot.count("association") == dovecot.count("defence") == 0
    # Exactly once means each original is there once, not just that there are 100 rows.
    opener = Opener.from_file(keypair.private, keypair.passphrase.encode())
    with database.session() as session:
        originals = [opener.open(blob) for blob in session.scalars(select(SealedOriginal.blob))]
    message_ids = sorted(email.message_from_bytes(raw)["Message-ID"] for raw in originals)
    assert message_ids == sorted(f"<{MESSAGE_ID_PREFIX}-{n:05d}@{IDENTIFIERS[3]}>" for n in range(100))
    database.dispose()

    again = napishy(envs[1], "poll", "--once")  # a later pass finds nothing left and stores nothing
    assert again.returncode == 0, again.stderr
    assert "0 fetched, 0 stored" in again.stdout
    print("service 1:", *[line for line in stderrs[0].splitlines() if "fetched" in line], sep="\n  ")
    print("service 2:", *[line for line in stderrs[1].splitlines() if "fetched" in line], sep="\n  ")
    assert_no_leaks(IDENTIFIERS, [tmp_path / "machine-1", tmp_path / "machine-2"],
                    [*stderrs, *(out for out, _err in outputs), again.stdout, again.stderr, *database_texts(url)])
