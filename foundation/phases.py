"""Wall time per phase of intake, summed across threads: where a pass spends its time.

The IMAP pass and the pipeline overlap their phases (fetch, anonymise, commit, acknowledge run in
different threads at once), so one stopwatch cannot say which of them holds the rest up. Each
phase adds its own time here; the bench prints them per chunk. Counts of seconds only: nothing
about any letter, and no timestamps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Phases:
    """Seconds per phase name; safe to add to from several threads."""

    def __init__(self, *names: str) -> None:
        self._lock = threading.Lock()
        self.seconds: dict[str, float] = dict.fromkeys(names, 0.0)

    def add(self, name: str, seconds: float) -> None:
        with self._lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextmanager
    def timing(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - began)
