"""Two operators acting on the same letter at the same moment, and audit appends from two processes.

The race is forced, not hoped for: both operators' transactions have read the letter (same status,
same version) before either writes. On PostgreSQL the loser's UPDATE … WHERE version = N waits
for the winner's row lock, then matches nothing once the winner commits: `Conflict`, and nothing
of the loser's (status, text, revision, audit entry) is left behind.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from foundation.storage.models import Letter, Revision
from napishy.app import App
from processors import audit, review
from tests.imap.conftest import PYTHON
from tests.letters import add_letter

REPO = Path(__file__).resolve().parents[1]
Action = Callable[[App, str], object]

ACTIONS: dict[str, Action] = {
    "approve": lambda app, letter: review.approve(app.database, [letter], "ann"),
    "reject": lambda app, letter: review.reject(app.database, [letter], "ben", "abusive"),
    "edit-ann": lambda app, letter: review.edit(app.database, letter, "ann", "ann's text"),
    "edit-ben": lambda app, letter: review.edit(app.database, letter, "ben", "ben's text"),
}


def race(app: App, letter: str, first: str, second: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Run two actions in two threads (two sessions, two pooled connections); each must have read
    the letter before either may write, which the audit hook (called after the change is made in
    memory, before it is flushed) enforces with a barrier."""
    barrier = threading.Barrier(2, timeout=20)
    real_record, waited = audit.record, threading.local()

    def record_after_both_read(*args: object, **kwargs: object) -> object:
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()
        return real_record(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "record", record_after_both_read)
    results: dict[str, object] = {}

    def act(name: str) -> None:
        try:
            results[name] = ACTIONS[name](app, letter)
        except Exception as error:  # collected: exactly one of the two must fail, and how matters
            results[name] = error

    threads = [threading.Thread(target=act, args=(name,)) for name in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    monkeypatch.setattr(audit, "record", real_record)
    return results


@pytest.mark.parametrize(("first", "second"),
                         [("approve", "reject"), ("edit-ann", "edit-ben"), ("approve", "edit-ben")])
def test_concurrent_review_of_one_letter_one_wins_the_other_gets_conflict(
    app: App, first: str, second: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = add_letter(app.database, "original")

    results = race(app, letter, first, second, monkeypatch)

    failures = {name: r for name, r in results.items() if isinstance(r, Exception)}
    assert len(results) == 2 and len(failures) == 1, results
    (loser, error), = failures.items()
    winner = first if loser == second else second
    assert isinstance(error, review.Conflict), repr(error)
    assert "was changed by someone else meanwhile; reload it and try again" in str(error)
    entries = audit.entries(app.database)
    assert [e.action for e in entries] == [winner.split("-")[0]]  # the loser left no audit entry
    assert audit.verify(app.database) == []
    with app.database.session() as session:
        row = session.get(Letter, letter)
        texts = list(session.scalars(select(Revision.text).where(Revision.letter_id == letter)))
    assert row.version == 2
    expected_status = {"approve": "approved", "reject": "rejected"}.get(winner, "pending")
    assert row.status == expected_status
    if winner.startswith("edit"):
        assert row.text == f"{winner.split('-')[1]}'s text" and len(texts) == 2
    else:
        assert row.text == "original" and texts == []


APPENDER = """
import sys
from napishy.app import App
from foundation.settings import Settings
from processors import review
app = App(Settings.load(env_file=None))
app.database.require_head()  # connected and warm
print("ready", flush=True)
sys.stdin.readline()  # both start appending at the same moment
for letter_id in sys.argv[2:]:
    review.approve(app.database, [letter_id], sys.argv[1])
    review.reset(app.database, [letter_id], sys.argv[1])
"""


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_audit_chain_stays_intact_with_appends_from_two_processes(app: App, tmp_path: Path) -> None:
    """Two processes append 2 × 2 × 40 entries as fast as they can; the advisory lock serialises
    them, so `napishy audit verify` finds one unbroken chain of 160 entries."""
    letters = [add_letter(app.database) for _ in range(80)]
    env = {
        "PYTHONPATH": str(REPO),
        "NAPISHY_DATA_DIR": str(app.settings.data_dir),
        "NAPISHY_DATABASE_URL": app.settings.database_url,
        "PATH": "/usr/bin:/bin",
    }
    processes = [
        subprocess.Popen([PYTHON, "-c", APPENDER, operator, *share], env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for operator, share in (("ann", letters[:40]), ("ben", letters[40:]))
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline() == "ready\n", process.stderr
    for process in processes:  # both first, then wait: communicate() would run them one after the other
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [p.returncode for p in processes] == [0, 0], errors

    verified = subprocess.run([PYTHON, "-m", "napishy.cli.main", "--env-file", "/dev/null", "audit", "verify"],
                              env=env, capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("160 entries, chain intact; head ")
    entries = audit.entries(app.database)
    assert [e.seq for e in entries] == list(range(1, 161))
    operators = "".join(e.operator[0] for e in entries)
    assert "ab" in operators and "ba" in operators  # the two processes really did interleave
