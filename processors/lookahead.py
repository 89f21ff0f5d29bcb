"""Letters built ahead of the commit and taken back in order, so the pool's children never wait.

Letters are handed to the pool's children (`NAPISHY_WORKERS`) as soon as a child is free, a few
per child ahead of the letter the pipeline waits for: a letter with an image to read no longer
holds the other child idle until it is done, and while the parent commits a group (and its caller
acknowledges it) the children are already anonymising the next one. The jobs come in batches
(an IMAP chunk) pulled from the feed only when the lookahead reaches them, so the children go on
from one batch into the next instead of draining at each batch's end. Results are still taken in
order, so every group the pipeline commits is a prefix of what was fed.

A stop hands out nothing more: letters not yet started are dropped (they stay unacknowledged in
their mailbox), and the ones in a child's hands get the pool's stop grace, as before.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from processors.sandbox import WorkerStopped

Job = TypeVar("Job")
Built = TypeVar("Built")

AHEAD_PER_CHILD = 8  # letters handed out per child beyond the one waited for; a slow letter hides behind them
THREADS_PER_CHILD = 2
AHEAD_BYTES = 64 * 1024 * 1024  # and at most this much letter text in flight (at least one letter per child)


class Stopped(Exception):
    """Raised by `take` when a stop ended the batch at this letter: it and those after it are left."""


class InOrder(Generic[Job, Built]):
    """`take()` gives `build(job)` for each job in order; None jobs (nothing to build: a duplicate)
    give None. Jobs come from `feed`, a batch at a time, read only when the lookahead needs the next
    one. With `threads`, up to `width` builds run at once in threads, up to `AHEAD_PER_CHILD` per
    thread ahead of the one taken; otherwise each is built when taken."""

    def __init__(self, build: Callable[[Job], Built], feed: Iterator[Sequence[Job | None]],
                 size: Callable[[Job], int], width: int, stop: threading.Event | None, threads: bool) -> None:
        self._build, self._feed, self._size, self._stop = build, feed, size, stop
        self._width = max(1, width)
        # Two threads per child: while one seals the next letter, or copies a child's result onto
        # its row, the other already waits at the child with a sealed letter, so the child does not
        # idle through the parent's part of each letter. The pool still lets `width` in at once.
        self._executor = (ThreadPoolExecutor(THREADS_PER_CHILD * self._width, thread_name_prefix="anonymise")
                          if threads else None)
        self._jobs: list[Job | None] = []
        self._ends: set[int] = set()  # positions where a batch of the feed ends
        self._fed_all = False
        self.feed_error: Exception | None = None  # why the feed ended early; raised by the caller once done
        self._ahead: deque[Future[Built] | None] = deque()
        self._given = 0  # jobs handed out so far (futures made, or None placeholders)
        self._bytes = 0  # size of the jobs in `_ahead`
        self.taken = 0

    def __enter__(self) -> InOrder[Job, Built]:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def done(self) -> bool:
        """Every job taken; reads the next batch from the feed to know (an empty one is skipped)."""
        while self.taken >= len(self._jobs) and not self._fed_all:
            self._read_feed()
        return self.taken >= len(self._jobs)

    @property
    def at_batch_end(self) -> bool:
        """The last job taken ended a batch of the feed: a natural place to close a group."""
        return self.taken in self._ends

    def _read_feed(self) -> None:
        if self._stopping():
            self._fed_all = True  # what the feed holds back stays in its mailbox
            return
        try:
            batch = next(self._feed, None)
        except Exception as error:  # e.g. the link died in a FETCH: what was fed before still goes in
            self.feed_error = error
            batch = None
        if batch is None:
            self._fed_all = True
            return
        self._jobs.extend(batch)
        self._ends.add(len(self._jobs))

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    def take(self) -> Built | None:
        """The next job's result; raises `Stopped` when a stop caught it, `IndexError` past the end."""
        if self.done:
            raise IndexError("every job was taken")
        if self._executor is None:
            return self._take_in_turn()
        self._top_up()
        if not self._ahead:  # a stop came before this job was handed out
            raise Stopped
        future = self._ahead.popleft()
        job = self._jobs[self.taken]
        if job is not None:
            self._bytes -= self._size(job)
        if future is None:
            if self._stopping():
                raise Stopped
            self._taken_one()
            return None
        if self._stopping():
            future.cancel()  # not started yet: left for the next pass; running: finishes in the grace
        if future.cancelled():
            raise Stopped
        try:
            result = future.result()
        except WorkerStopped:
            raise Stopped from None
        self._taken_one()
        self._top_up()  # at once: the children must not wait while the caller commits
        return result

    def _take_in_turn(self) -> Built | None:
        if self._stopping():
            raise Stopped
        job = self._jobs[self.taken]
        try:
            result = None if job is None else self._build(job)
        except WorkerStopped:
            raise Stopped from None
        self._taken_one()
        return result

    def _taken_one(self) -> None:
        """Let go of the job just taken: a pass holds only the letters still in flight, not every
        letter it has read."""
        self._jobs[self.taken] = None
        self.taken += 1

    def _top_up(self) -> None:
        """Hand out jobs until `AHEAD_PER_CHILD` per child (and `AHEAD_BYTES`) are in flight, reading
        the next batch from the feed when this one is all handed out."""
        assert self._executor is not None  # noqa: S101 - only called with threads
        depth = self._width * (1 + AHEAD_PER_CHILD)
        while len(self._ahead) < depth and not self._stopping():
            if self._given >= len(self._jobs):
                if self._fed_all:
                    return
                self._read_feed()
                continue
            job = self._jobs[self._given]
            size = self._size(job) if job is not None else 0
            if len(self._ahead) >= self._width and self._bytes + size > AHEAD_BYTES:
                break
            self._ahead.append(None if job is None else self._executor.submit(self._build, job))
            self._bytes += size
            self._given += 1

    def close(self) -> None:
        """Drop what was not started; wait for the builds in the children's hands (bounded by the
        pool's limits and stop grace)."""
        for future in self._ahead:
            if future is not None:
                future.cancel()
        self._ahead.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
