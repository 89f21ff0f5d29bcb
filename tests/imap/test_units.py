"""Pieces of the IMAP intake that need no server: chunk planning, the lease, the backoff."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import update

from foundation.storage.models import Lease
from intake.imap import MailboxSummary, plan_chunks
from intake.imap_service import Backoff
from intake.lease import LeaseLost, MailboxLease
from intake.mailbox_state import describe
from napishy.app import App


@pytest.mark.parametrize(
    ("sizes", "count", "budget", "expected"),
    [
        ([10] * 5, 2, 1000, [[1, 2], [3, 4], [5]]),
        ([400, 400, 400], 10, 1000, [[1, 2], [3]]),
        ([5000, 10, 10], 10, 1000, [[1], [2, 3]]),  # one letter over the budget still travels, alone
        ([], 3, 1000, []),
    ],
)
def test_plan_chunks_bounds_count_and_bytes(sizes: list[int], count: int, budget: int, expected: list[list[int]]):
    uids = list(range(1, len(sizes) + 1))
    assert list(plan_chunks(uids, dict(zip(uids, sizes, strict=True)), count, budget)) == expected


def test_lease_is_exclusive_until_it_expires(app: App) -> None:
    first = MailboxLease(app.database, "association", holder="elsewhere/1/a")
    second = MailboxLease(app.database, "association", holder="elsewhere/2/b")
    assert first.acquire()
    assert first.acquire()  # our own lease: re-taking it is a renewal
    assert not second.acquire()
    with app.database.session() as session:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.execute(update(Lease).values(expires_at=past))
    assert second.acquire()
    with pytest.raises(LeaseLost):
        first.renew()
    first.release()  # not held any more: must not delete the new holder's row
    assert not MailboxLease(app.database, "association", holder="elsewhere/3/c").acquire()
    second.release()
    assert MailboxLease(app.database, "association").acquire()


def test_lease_of_a_dead_process_on_this_host_is_taken_over(app: App) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    crashed = MailboxLease(app.database, "defence")
    crashed.holder = crashed.holder.replace(f"/{crashed.holder.split('/')[1]}/", f"/{dead.stdout.strip()}/")
    assert crashed.acquire()
    assert MailboxLease(app.database, "defence").acquire()


def test_backoff_grows_with_jitter_and_resets() -> None:
    backoff = Backoff(first=1.0, maximum=8.0)
    delays = [backoff.next() for _ in range(6)]
    for delay, cap in zip(delays, [1, 2, 4, 8, 8, 8], strict=True):
        assert cap / 2 <= delay <= cap
    backoff.reset()
    assert backoff.next() <= 1.0


def test_error_descriptions_never_carry_the_message() -> None:
    secret = "From: Zmicier <zmicier.planted@example.net>"
    assert secret not in describe(ValueError(secret))
    assert secret not in describe(OSError(5, secret))
    assert describe(OSError(5, secret)) == "OSError: network error"


def test_summary_line_is_one_line_of_counts() -> None:
    summary = MailboxSummary("defence", fetched=3, stored=2, duplicates=1)
    assert summary.line() == "defence: 3 fetched, 2 stored, 1 duplicates, 0 quarantined, 0 oversized"
    assert MailboxSummary("defence", skipped=True).ok
