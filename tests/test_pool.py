"""A pool of anonymiser children (NAPISHY_WORKERS): letters side by side, guarantees unchanged.

Two children take two letters at once; a hostile letter still costs one letter and one child; a
batch is committed as a prefix in order, so a stop leaves exactly the letters not committed in
the mailbox, none quarantined. The letters are slow but legal (`tests/misbehaving.py`): sleeping
costs no CPU, so the timings hold on a busy machine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

import processors.pipeline
from anonymizer.roster import default_roster
from foundation.source import RawLetter
from foundation.storage.models import Letter
from napishy.app import App
from processors.pipeline import Outcome, Pipeline
from processors.sandbox import IsolatedAnonymizer, Limits, WorkerCrashed
from tests.imap.conftest import letter

SLOW = 2.0


def slow(number: int, seconds: float = SLOW) -> bytes:
    return f"X-Test-Slow: {seconds}\r\n".encode() + letter(number)


@pytest.fixture(scope="module")
def pool() -> Iterator[IsolatedAnonymizer]:
    workers = IsolatedAnonymizer(default_roster(), Limits(30, 1024 * 1024 * 1024),
                                 target="tests.misbehaving:by_command", workers=2)
    yield workers
    workers.close()


def side_by_side(pool: IsolatedAnonymizer, *letters: bytes) -> tuple[list[object], float]:
    """Each letter in a thread of its own; the results (or errors) in order, and the wall time."""
    results: list[object] = [None] * len(letters)

    def one(index: int) -> None:
        try:
            results[index] = pool(letters[index])
        except Exception as error:  # the test looks at which error came back
            results[index] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(letters))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def test_one_letter_at_a_time_starts_one_child(pool: IsolatedAnonymizer) -> None:
    for number in range(3):
        assert pool(letter(number)).kind == "letter"
    assert len(pool.pids()) == 1  # the warm child is taken again; the second waits for a second letter


def test_two_children_take_two_letters_at_once(pool: IsolatedAnonymizer) -> None:
    side_by_side(pool, letter(10), letter(11))  # both children up and their models loaded
    # Long sleeps, so a loaded machine's anonymising overhead (seen: 2.6 s) cannot pass for sharing.
    results, wall = side_by_side(pool, slow(12, 2 * SLOW), slow(13, 2 * SLOW))
    assert [r.kind for r in results] == ["letter", "letter"]  # type: ignore[union-attr]
    assert len(set(pool.pids())) == 2
    assert wall < 4 * SLOW - 0.3  # one after the other would take 2 × 2 × SLOW at least


def test_a_hostile_letter_costs_one_letter_and_one_child(pool: IsolatedAnonymizer) -> None:
    side_by_side(pool, letter(20), letter(21))
    before = set(pool.pids())
    results, _ = side_by_side(pool, b"die", slow(22, 1.0))
    assert isinstance(results[0], WorkerCrashed)
    assert results[1].kind == "letter"  # type: ignore[union-attr]
    after = set(pool.pids())
    assert len(before & after) == 1  # the other child lives on; the dead one is replaced on demand
    results, _ = side_by_side(pool, letter(23), letter(24))
    assert [r.kind for r in results] == ["letter", "letter"]  # type: ignore[union-attr]


def stored_ids(app: App) -> set[str]:
    with app.database.session() as session:
        return set(session.scalars(select(Letter.id).where(Letter.status != "quarantined")))


def test_a_batch_is_anonymised_side_by_side_and_committed_in_order(app: App, pool: IsolatedAnonymizer) -> None:
    pipeline = Pipeline(app.database, app.sealer, app.pipeline.fingerprinter, pool)
    assert pipeline.width == 2
    side_by_side(pool, letter(30), letter(31))
    batch = [RawLetter(slow(40 + n, 1.0), "association") for n in range(6)]
    batch.insert(3, batch[1])  # the same letter twice in a batch stays one letter
    groups: list[list[Outcome]] = []
    started = time.monotonic()
    outcomes = pipeline.process_batch(batch, on_commit=lambda group: groups.append(list(group)))
    wall = time.monotonic() - started
    assert [o.result for o in outcomes] == ["stored"] * 3 + ["duplicate"] + ["stored"] * 3
    assert outcomes[3].letter_id == outcomes[1].letter_id
    assert [o for group in groups for o in group] == outcomes  # every group a prefix of the rest, in order
    assert stored_ids(app) == {o.letter_id for o in outcomes}
    assert wall < 5.0  # six letters of 1 s each, two at a time: about 3 s; in turn, 6 s at least


def test_a_stop_commits_a_prefix_and_quarantines_nothing(app: App, pool: IsolatedAnonymizer) -> None:
    pipeline = Pipeline(app.database, app.sealer, app.pipeline.fingerprinter, pool)
    side_by_side(pool, letter(50), letter(51))
    batch = [RawLetter(slow(60 + n, 1.0), "association") for n in range(8)]
    stop = threading.Event()
    threading.Timer(1.5, stop.set).start()
    outcomes = pipeline.process_batch(batch, stop=stop)
    assert 1 <= len(outcomes) < len(batch)
    assert [o.result for o in outcomes] == ["stored"] * len(outcomes)  # a stop is never the letter's fault
    with app.database.session() as session:
        rows = session.scalars(select(Letter)).all()
    assert {row.id for row in rows} == {o.letter_id for o in outcomes}  # nothing beyond the prefix went in
    assert all(row.status == "pending" for row in rows)


def test_the_next_batch_is_anonymised_while_a_group_is_committed_and_acknowledged(
    app: App, pool: IsolatedAnonymizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two batches of four 0.5 s letters; acknowledging the first group takes 2 s, and by its end
    the second batch was handed to the children (batch by batch, it would wait for that to end).
    The second group is still acknowledged only after the first, each after its commit."""
    monkeypatch.setattr(processors.pipeline, "GROUP_SECONDS", 60.0)  # a group per batch, however slow
    pipeline = Pipeline(app.database, app.sealer, app.pipeline.fingerprinter, pool)
    side_by_side(pool, letter(70), letter(71))
    batches = [[RawLetter(slow(80 + 10 * b + n, 0.5), "association") for n in range(4)] for b in range(2)]
    seen_at_commit: list[tuple[int, set[str]]] = []
    handed: list[bytes] = []
    real = pipeline._anonymize

    def counting(raw: bytes, stop: threading.Event | None) -> object:
        handed.append(raw)
        return real(raw, stop)

    pipeline._anonymize = counting  # type: ignore[method-assign, assignment]

    def acknowledge(group: list[Outcome]) -> None:
        seen_at_commit.append((len(group), stored_ids(app)))
        if len(seen_at_commit) == 1:
            time.sleep(2.0)
            assert len(handed) == 8  # the second batch went to the pool while we were busy here

    outcomes = pipeline.process_stream(iter(batches), on_commit=acknowledge)
    assert [o.result for o in outcomes] == ["stored"] * 8
    assert [size for size, _ in seen_at_commit] == [4, 4]  # a group per batch, in order
    assert seen_at_commit[0][1] == {o.letter_id for o in outcomes[:4]}  # acknowledged after its commit
    assert seen_at_commit[1][1] == {o.letter_id for o in outcomes}
