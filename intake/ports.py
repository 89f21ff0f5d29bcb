"""What intake needs from the rest of napishy, as protocols: a source depends on these, not on App.

The wiring's `napishy.app.App` fits `Services` and its `Pipeline` fits `Pipeline`; a test or a
benchmark may pass anything else that does. Intake imports nothing of the services beside it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from foundation.phases import Phases
from foundation.settings import Settings
from foundation.source import Outcome, RawLetter
from foundation.storage.database import Database


class Pipeline(Protocol):
    """Stores letters and says what became of each; intake acknowledges only what it was told is committed."""

    def process_batch(self, letters: Sequence[RawLetter], stop: threading.Event | None = None,
                      on_commit: Callable[[Sequence[Outcome]], None] | None = None) -> list[Outcome]: ...

    def process_stream(self, batches: Iterable[Sequence[RawLetter]], stop: threading.Event | None = None,
                       on_commit: Callable[[Sequence[Outcome]], None] | None = None,
                       phases: Phases | None = None) -> list[Outcome]: ...

    def record_unfetched(self, mailbox: str, token: str, reason: str) -> Outcome: ...

    def store_sealed_only(self, mailbox: str, pieces: Iterable[bytes], reason: str) -> Outcome: ...


class Services(Protocol):
    """Settings, the store and the pipeline, each built once by the wiring."""

    @property
    def settings(self) -> Settings: ...

    @property
    def database(self) -> Database: ...

    @property
    def data_dir(self) -> Path: ...

    @property
    def pipeline(self) -> Pipeline: ...
