"""Anonymising in a child process with a time limit and a memory cap.

A hostile letter (a decompression bomb, a pathological regex input, MIME nested a thousand
deep) must cost at most one quarantined letter, never the service. The child is killed when it
overruns, and a new one is started for the next letter.
"""

from __future__ import annotations

import importlib
import multiprocessing
import resource
import threading
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from anonymizer.errors import AnonymizerError
from napishy import logs

if TYPE_CHECKING:
    from anonymizer.attachments.ocr import OcrConfig
    from anonymizer.model import AnonymizedLetter
    from anonymizer.roster import Roster


class LetterTimedOut(AnonymizerError):
    """Raised when anonymising one letter takes longer than NAPISHY_LETTER_TIMEOUT_SECONDS."""


class WorkerCrashed(AnonymizerError):
    """Raised when the anonymiser process dies on a letter (memory cap, a crash in a C library)."""


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float
    memory_bytes: int


DEFAULT_TARGET = "anonymizer.letter:anonymize"


def _serve(connection: Connection, roster: Roster, memory_bytes: int, target: str, ocr: OcrConfig | None) -> None:
    """The child: load models once, then anonymise letters until the pipe closes. Tesseract runs
    as the child's own child, so it inherits the memory cap and dies with it."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # Library warnings may quote what they choke on; in the child they are masked or silenced.
    warnings.simplefilter("ignore")
    logs.configure("WARNING")
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    options = {"ocr": ocr} if ocr is not None else {}

    while True:
        try:
            raw = connection.recv_bytes()
        except EOFError:
            return
        try:
            result: object = function(raw, roster, **options)
        except AnonymizerError as error:
            result = error
        except MemoryError:
            result = WorkerCrashed("the letter needed more memory than the cap allows")
        except Exception as error:  # reported by class only: the message could quote the letter
            result = RuntimeError(type(error).__name__)
        connection.send(result)


class IsolatedAnonymizer:
    """Callable like `anonymize(raw)`, but the work happens in a capped child process."""

    def __init__(self, roster: Roster, limits: Limits, target: str = DEFAULT_TARGET,
                 ocr: OcrConfig | None = None) -> None:
        self.roster = roster
        self.limits = limits
        self.ocr = ocr
        self.target = target  # "module:function"; tests point it at functions that misbehave
        self._context = multiprocessing.get_context("spawn")  # no inherited threads, sockets or locks
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def __call__(self, raw: bytes) -> AnonymizedLetter:
        with self._lock:
            connection = self._ensure_worker()
            try:
                connection.send_bytes(raw)
                if not connection.poll(self.limits.timeout_seconds):
                    self._stop_worker()
                    raise LetterTimedOut(f"took longer than {self.limits.timeout_seconds:g} s")
                result = connection.recv()
            except (EOFError, BrokenPipeError, ConnectionResetError):
                self._stop_worker()
                raise WorkerCrashed("the anonymiser process died on this letter") from None
        if isinstance(result, BaseException):
            raise result
        return result

    def _ensure_worker(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._connection is None:
            self._stop_worker()
            parent, child = self._context.Pipe()
            self._process = self._context.Process(
                target=_serve,
                args=(child, self.roster, self.limits.memory_bytes, self.target, self.ocr),
                daemon=True,
                name="napishy-anonymizer",
            )
            self._process.start()
            child.close()
            self._connection = parent
        return self._connection

    def _stop_worker(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
            self._process = None

    def close(self) -> None:
        with self._lock:
            self._stop_worker()


_shared: dict[tuple[object, Limits, object], IsolatedAnonymizer] = {}


def shared_isolated_anonymizer(roster: Roster, limits: Limits, ocr: OcrConfig | None = None) -> IsolatedAnonymizer:
    """One worker per process and configuration: loading the models costs about a second."""
    key = (roster, limits, ocr)
    if key not in _shared:
        _shared[key] = IsolatedAnonymizer(roster, limits, ocr=ocr)
    return _shared[key]
