"""The anonymiser child process: `python -m processors.sandbox_child FD`.

Started by `processors.sandbox` in a session of its own, it talks over the socket FD only. It
ignores the signals a stop sends to a process group or a cgroup (Ctrl-C, `kill -TERM -PGID`,
`systemctl kill`): the parent decides when it ends, after the letter in hand. When the parent
dies the child leaves quietly: a traceback would land in the service's journal for nothing.
"""

from __future__ import annotations

import importlib
import os
import resource
import signal
import sys
import threading
import time
import warnings
from multiprocessing.connection import Connection

ORPHAN_CHECK_SECONDS = 0.5


def _ignore_stop_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)


def _watch_parent(parent: int) -> None:
    """Exit as soon as the parent is gone: no one will read the letter we are working on."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)


def _serve(connection: Connection) -> None:
    """Load the models once, then anonymise letters until the parent closes the socket. Tesseract
    runs as this process's child, so it inherits the memory cap and dies with its session."""
    from anonymizer.errors import AnonymizerError
    from foundation import logs

    roster, memory_bytes, target, ocr, path = connection.recv()
    sys.path[:] = path  # the parent's import path, so a test's target module is found too
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # Library warnings may quote what they choke on; in the child they are masked or silenced.
    warnings.simplefilter("ignore")
    logs.configure("WARNING")
    module_name, function_name = target.split(":")
    anonymize = getattr(importlib.import_module(module_name), function_name)
    options = {"ocr": ocr} if ocr is not None else {}  # Tesseract runs as our child: under our cap
    from processors.sandbox import WorkerCrashed

    while True:
        raw = connection.recv_bytes()
        try:
            result: object = anonymize(raw, roster, **options)
        except AnonymizerError as error:
            result = error
        except MemoryError:
            result = WorkerCrashed("the letter needed more memory than the cap allows")
        except Exception as error:  # reported by class only: the message could quote the letter
            result = RuntimeError(type(error).__name__)
        connection.send(result)


def main(argv: list[str]) -> int:
    _ignore_stop_signals()
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True, name="orphan-watch").start()
    connection = Connection(int(argv[1]))
    try:
        _serve(connection)
    except (EOFError, OSError):  # the parent closed the socket or died: nothing left to do
        return 0
    except MemoryError:  # while receiving a letter: the parent reports it as a crash on that letter
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
