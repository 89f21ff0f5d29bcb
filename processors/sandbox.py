"""Anonymising in a child process with a time limit and a memory cap.

A hostile letter (a decompression bomb, a pathological regex input, MIME nested a thousand
deep) must cost at most one quarantined letter, never the service. The child is killed when it
overruns, and a new one is started for the next letter.

`NAPISHY_WORKERS` children (one per core by default) take letters side by side, each with the
same time limit and memory cap; a worker is started when a letter first needs it, so a pool that
only ever sees one letter at a time runs one child.

A stop is not the letter's fault. The child runs in a session of its own and ignores stop
signals (`processors.sandbox_child`), so Ctrl-C or `kill -TERM -PGID` cannot kill it under a
letter; when the service stops, the parent lets the letter in hand finish for a few seconds and
then ends the child itself, raising `WorkerStopped`: the letter stays unacknowledged, never
quarantined.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, cast

from anonymizer.errors import AnonymizerError
from foundation.errors import NapishyError

if TYPE_CHECKING:
    from anonymizer.attachments.ocr import OcrConfig
    from anonymizer.model import AnonymizedLetter
    from anonymizer.roster import Roster


class LetterTimedOut(AnonymizerError):
    """Raised when anonymising one letter takes longer than NAPISHY_LETTER_TIMEOUT_SECONDS."""


class WorkerCrashed(AnonymizerError):
    """Raised when the anonymiser process dies on a letter (memory cap, a crash in a C library)."""


class WorkerStopped(NapishyError):
    """Raised when the service stops while a letter is in the child's hands and it does not finish
    within `STOP_GRACE_SECONDS`. Not an `AnonymizerError`: the letter is not quarantined, it stays
    in its mailbox for the next start."""


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float
    memory_bytes: int


DEFAULT_TARGET = "anonymizer.letter:anonymize"
STOP_GRACE_SECONDS = 4.0  # a stop must end well inside systemd's 90 s, and inside 10 s in the tests
POLL_TICK = 0.2  # how often a wait for the child looks at the stop event


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    connection: Connection


@dataclass
class _Slot:
    """One place in the pool: at most one child, used by one letter at a time."""

    worker: _Worker | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class IsolatedAnonymizer:
    """Callable like `anonymize(raw)`, but the work happens in capped child processes, `workers` of
    them at most; callers in several threads are served side by side, each letter by one child."""

    def __init__(self, roster: Roster, limits: Limits, target: str = DEFAULT_TARGET,
                 ocr: OcrConfig | None = None, stop_grace: float = STOP_GRACE_SECONDS, workers: int = 1) -> None:
        self.roster = roster
        self.limits = limits
        self.ocr = ocr
        self.target = target  # "module:function"; tests point it at functions that misbehave
        self.stop_grace = stop_grace
        self._slots = [_Slot() for _ in range(max(1, workers))]
        # Last in, first out: the warm child is taken again, and a second one starts only when two
        # letters are in hand at once.
        self._idle: queue.LifoQueue[_Slot] = queue.LifoQueue()
        for slot in reversed(self._slots):
            self._idle.put(slot)

    @property
    def workers(self) -> int:
        return len(self._slots)

    def __call__(self, raw: bytes, stop: threading.Event | None = None) -> AnonymizedLetter:
        """Anonymise `raw`; when `stop` is set meanwhile, give the letter `stop_grace` more seconds."""
        slot = self._idle.get()
        try:
            with slot.lock:
                result = self._run(slot, raw, stop)
        finally:
            self._idle.put(slot)
        if isinstance(result, BaseException):
            raise result
        return cast("AnonymizedLetter", result)  # the child sends a letter or the exception it met

    def _run(self, slot: _Slot, raw: bytes, stop: threading.Event | None) -> object:
        connection = self._ensure_worker(slot)
        try:
            connection.send_bytes(raw)
            ended = self._wait(connection, stop)
            if ended != "ready":
                self._stop_worker(slot)
                if ended == "stopped":
                    raise WorkerStopped("the service is stopping; the letter stays in its mailbox")
                raise LetterTimedOut(f"took longer than {self.limits.timeout_seconds:g} s")
            return connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self._stop_worker(slot)
            if stop is not None and stop.is_set():  # killed by the stop (e.g. SIGKILL to the cgroup)
                raise WorkerStopped("the anonymiser ended while the service was stopping") from None
            raise WorkerCrashed("the anonymiser process died on this letter") from None

    def _wait(self, connection: Connection, stop: threading.Event | None) -> str:
        """"ready", "timeout" (the letter's own limit) or "stopped" (the stop grace ran out first)."""
        deadline = time.monotonic() + self.limits.timeout_seconds
        stop_deadline = None
        while True:
            now = time.monotonic()
            if stop_deadline is None and stop is not None and stop.is_set():
                stop_deadline = now + self.stop_grace
            if stop_deadline is not None and stop_deadline < deadline and now >= stop_deadline:
                return "stopped"
            if now >= deadline:
                return "timeout"
            limit = deadline if stop_deadline is None else min(deadline, stop_deadline)
            wait = limit - now if stop is None else min(POLL_TICK, limit - now)
            if connection.poll(wait):
                return "ready"

    def _ensure_worker(self, slot: _Slot) -> Connection:
        worker = slot.worker
        if worker is None or worker.process.poll() is not None:
            self._stop_worker(slot)
            worker = slot.worker = self._start_worker()
        return worker.connection

    def _start_worker(self) -> _Worker:
        parent, child = multiprocessing.Pipe()  # a socket pair: the child gets one end, nothing else
        try:
            process = subprocess.Popen(  # our own interpreter and module, no shell
                [sys.executable, "-m", "processors.sandbox_child", str(child.fileno())],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # out of the service's process group: a group signal misses it
            )
        finally:
            child.close()
        parent.send((self.roster, self.limits.memory_bytes, self.target, self.ocr, list(sys.path)))
        return _Worker(process, parent)

    @staticmethod
    def _stop_worker(slot: _Slot) -> None:
        worker, slot.worker = slot.worker, None
        if worker is None:
            return
        worker.connection.close()
        try:  # the whole session: Tesseract runs as the child's own child and must go with it
            os.killpg(worker.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            worker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # unkillable only in D state; the kernel reaps it later
            pass

    def pids(self) -> list[int]:
        """The children running now, for memory reports (`bench/import_bench.py`) and tests."""
        return [slot.worker.process.pid for slot in self._slots
                if slot.worker is not None and slot.worker.process.poll() is None]

    def close(self) -> None:
        for slot in self._slots:
            with slot.lock:  # after the letter in hand, if any
                self._stop_worker(slot)


_shared: dict[tuple[object, Limits, object, int], IsolatedAnonymizer] = {}


def shared_isolated_anonymizer(roster: Roster, limits: Limits, ocr: OcrConfig | None = None,
                               workers: int = 1) -> IsolatedAnonymizer:
    """One pool per process and configuration: loading the models costs each child about a second."""
    key = (roster, limits, ocr, workers)
    if key not in _shared:
        _shared[key] = IsolatedAnonymizer(roster, limits, ocr=ocr, workers=workers)
    return _shared[key]
