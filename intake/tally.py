"""How much intake did, told without saying when each letter came.

A log line per pass, with its millisecond time and exact count, is a list of arrival times; with
the provider's logs it ties stored letters to times of sending. The service logs at INFO only a
rounded count per mailbox once per window; each pass's own summary is DEBUG (off in the shipped
unit), and `poll --once` still prints its summary to the operator who ran it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

log = logging.getLogger(__name__)

WINDOW_SECONDS = 3600.0


def rounded(count: int) -> str:
    return "fewer than 10" if count < 10 else f"about {round(count, -1)}"


class IntakeTally:
    """Letters taken in per mailbox (stored, quarantined or set aside), logged once per window."""

    def __init__(self, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.window, self.clock = window, clock
        self._counts: Counter[str] = Counter()
        self._started = clock()
        self._lock = threading.Lock()

    def add(self, mailbox: str, letters: int) -> None:
        with self._lock:
            self._counts[mailbox] += letters
            if self.clock() - self._started >= self.window:
                self._flush()

    def flush(self) -> None:
        """At the end of the service, so the last window is not lost."""
        with self._lock:
            self._flush()

    def _flush(self) -> None:
        for mailbox, count in sorted(self._counts.items()):
            if count:
                log.info("mailbox %s: %s letters taken in over the last %d minutes", mailbox, rounded(count),
                         round((self.clock() - self._started) / 60))
        self._counts.clear()
        self._started = self.clock()


TALLY = IntakeTally()
