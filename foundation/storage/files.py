"""What the store's files need before any database library is loaded: the schema napishy expects,
the private data dir, and where a SQLite URL keeps its file. Imports only the standard library, so
the read-only commands (`foundation.storage.reader`) can use it without SQLAlchemy."""

from __future__ import annotations

import os
from pathlib import Path

from foundation.errors import NapishyError

HEAD_REVISION = "0007"


class DatabaseError(NapishyError):
    """Raised when the database cannot be opened or its schema is not what this version expects."""


def ensure_private_dir(path: Path) -> Path:
    """Create `path` as 0700; refuse one that others can read, because it holds sealed letters."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
    if not os.access(path, os.W_OK):
        raise DatabaseError(f"data directory {path} is not writable")
    return path


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (memory, options, drivers)."""
    scheme, _, rest = url.partition(":///")
    if scheme != "sqlite" or not rest or rest == ":memory:" or "?" in rest:
        return None
    return Path(rest)
