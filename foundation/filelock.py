"""An exclusive lock on a private file: for one-machine start-up steps that must not run twice at once."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_file_lock(path: Path) -> Iterator[None]:
    """Held until the block ends; the kernel releases it if the process dies, so it never goes stale."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
