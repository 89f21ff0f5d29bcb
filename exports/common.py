"""What both exports share: the approved letters as plain values, and an all-or-nothing output folder.

Only what may be published leaves the database here: the anonymised text, its attorneys and
language, cleaned images, a random publication id, and the day of receipt only when the
organisers chose `NAPISHY_PUBLISH_DATES=day`. Never a queue id, mailbox or time of day.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from random import SystemRandom

from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from anonymizer.vocabulary import Status
from foundation.errors import NapishyError
from foundation.storage.database import Database
from foundation.storage.models import Attachment, Letter
from processors.images import exportable

MARKER_FILE = ".napishy-export"
IMAGE_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}
_shuffler = SystemRandom()  # the order of letters must not hint at the order they arrived in


class ExportError(NapishyError):
    """Raised when an export cannot be written (embargo, a non-export folder in the way, a bad passphrase)."""


@dataclass(frozen=True)
class ExportImage:
    attachment_id: int
    file_name: str  # stable and opaque: derived from the random publication id
    content_type: str


@dataclass(frozen=True)
class ExportLetter:
    id: str  # the publication id, never the queue id
    attorneys: tuple[str, ...]
    language: str
    text: str
    received_on: dt.date | None
    images: tuple[ExportImage, ...]


def new_publication_id() -> str:
    """64 random bits: unrelated to the queue id, so a published letter cannot be traced to the queue."""
    return secrets.token_hex(8)


def load_approved(database: Database, *, with_dates: bool, assign_ids: bool,
                  attorney: str | None = None) -> list[ExportLetter]:
    """Approved letters only. Publication ids are assigned once, on first export, and kept."""
    query = (
        select(Letter)
        .where(Letter.status == Status.APPROVED)
        .options(selectinload(Letter.attachments).options(defer(Attachment.data)))
    )
    with database.session() as session:
        rows = list(session.scalars(query))
        if attorney is not None:
            rows = [row for row in rows if attorney in (row.recipients or ())]
        if assign_ids:
            for row in rows:
                if row.publication_id is None:
                    row.publication_id = new_publication_id()
        return [_export_letter(row, with_dates=with_dates) for row in rows]


def _export_letter(row: Letter, *, with_dates: bool) -> ExportLetter:
    pid = row.publication_id or new_publication_id()
    # Only what processors.images allows (an operator approved it, nothing withholds it), numbered
    # among the published ones so a file name does not hint at an image left out.
    published = [a for a in row.attachments if exportable(row.status, a) and a.content_type in IMAGE_EXTENSIONS]
    images = tuple(
        ExportImage(a.id, f"{pid}-{n}.{IMAGE_EXTENSIONS[a.content_type]}", a.content_type)
        for n, a in enumerate(published, start=1)
    )
    return ExportLetter(
        id=pid,
        attorneys=tuple(sorted(set(row.recipients or ()))),
        language=row.language or "",
        text=row.text,
        received_on=row.received_on if with_dates else None,
        images=images,
    )


def image_data(
    database: Database, images: Sequence[ExportImage], batch: int = 50
) -> Iterator[tuple[ExportImage, bytes]]:
    """Image bytes a few at a time, so an export with many photos does not hold them all in memory."""
    for start in range(0, len(images), batch):
        chunk = {image.attachment_id: image for image in images[start:start + batch]}
        with database.session() as session:
            for attachment_id, data in session.execute(
                select(Attachment.id, Attachment.data).where(Attachment.id.in_(chunk))
            ):
                yield chunk[attachment_id], data


def by_attorney(letters: Sequence[ExportLetter], attorney_ids: Sequence[str]) -> dict[str, list[ExportLetter]]:
    """Each letter under every attorney it is addressed to, in a fresh random order per attorney.

    Roster order first; an id no longer in the roster still gets its section rather than
    losing its letters."""
    groups: dict[str, list[ExportLetter]] = {}
    extra = sorted({a for letter in letters for a in letter.attorneys} - set(attorney_ids))
    for attorney in [*attorney_ids, *extra]:
        members = [letter for letter in letters if attorney in letter.attorneys]
        if members:
            groups[attorney] = shuffled(members)
    return groups


def shuffled(items: Sequence[ExportLetter]) -> list[ExportLetter]:
    out = list(items)
    _shuffler.shuffle(out)
    return out


def write_directory(out: Path, kind: str, write: Callable[[Path], None]) -> None:
    """Build the export in a temp folder beside `out`, then rename it into place.

    A reader never sees a half-written export, and a crash leaves only a hidden temp folder.
    An existing `out` is replaced only if it is empty or an earlier export of the same kind."""
    out = out.absolute()
    if out.exists():
        if not out.is_dir():
            raise ExportError(f"{out} exists and is not a folder")
        marker = out / MARKER_FILE
        earlier = marker.is_file() and marker.read_text(encoding="utf-8").strip() == kind
        if not earlier and any(out.iterdir()):
            raise ExportError(f"{out} is not empty and holds no earlier {kind} export; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        write(staging)
        (staging / MARKER_FILE).write_text(kind + "\n", encoding="utf-8")
        os.chmod(staging, 0o755 & ~_umask())  # mkdtemp makes 0700; follow the umask like any folder
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / "export")
            os.replace(staging, out)
            shutil.rmtree(old)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
