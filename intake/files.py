"""Letters from files: an mbox, a Maildir, a folder of .eml files, or one .eml file."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from foundation.errors import NapishyError
from foundation.source import RawLetter


class ImportSourceError(NapishyError):
    """Raised when an import path is neither an mbox, a Maildir, a folder nor an .eml file."""


@dataclass
class FileSource:
    """Yields raw letters from `path` and counts files it skipped because they are not mail."""

    path: Path
    mailbox_id: str
    skipped: int = 0
    kind: str = field(init=False, default="")

    def __post_init__(self) -> None:
        if not self.path.exists():
            raise ImportSourceError(f"{self.path} does not exist")
        self.kind = _detect(self.path)

    def count(self) -> int | None:
        if self.kind == "folder":
            return sum(1 for _ in self._eml_files())
        if self.kind == "file":
            return 1
        return None

    def __iter__(self) -> Iterator[RawLetter]:
        if self.kind == "file":
            yield RawLetter(self.path.read_bytes(), self.mailbox_id)
        elif self.kind == "folder":
            for path in self._eml_files():
                yield RawLetter(path.read_bytes(), self.mailbox_id)
        else:
            box: mailbox.Mailbox = (
                mailbox.Maildir(self.path, factory=None, create=False)
                if self.kind == "maildir"
                else mailbox.mbox(self.path, create=False)
            )
            try:
                for key in box.iterkeys():
                    yield RawLetter(box.get_bytes(key), self.mailbox_id)
            finally:
                box.close()

    def _eml_files(self) -> Iterator[Path]:
        self.skipped = 0
        for path in sorted(self.path.iterdir()):
            if path.is_file() and path.suffix.lower() == ".eml":
                yield path
            else:
                self.skipped += 1


def _detect(path: Path) -> str:
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            return "maildir"
        return "folder"
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        return "mbox"
    if path.suffix.lower() == ".eml" or head:
        return "file"
    raise ImportSourceError(f"{path} is empty")
