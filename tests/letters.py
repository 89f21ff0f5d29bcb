"""Queue rows made directly through the models, for the fast tier: no anonymizer, no sealing."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from foundation.storage.database import Database
from foundation.storage.models import Attachment, Letter, new_letter_id


def add_letter(database: Database, text: str = "Дарагі Максім! Трымайцеся.", *,
               recipients: Sequence[str] = ("znak",), status: str = "pending", kind: str = "letter",
               language: str = "be", received_on: dt.date = dt.date(2027, 5, 3),
               images: Sequence[bytes] = (), images_approved: bool | None = None,
               withheld: Sequence[str | None] = ()) -> str:
    """`images` are approved with an approved letter unless `images_approved` says otherwise;
    `withheld` gives each image's withheld reason."""
    row = Letter(
        id=new_letter_id(), mailbox="association", status=status, kind=kind, recipients=list(recipients),
        language=language, received_on=received_on, fingerprint=secrets.token_hex(32), text=text,
        redactions={}, defects=[],
    )
    row.attachments = [
        Attachment(position=n, name=f"image-{n + 1}.jpg", content_type="image/jpeg", sha256="0" * 64, data=data,
                   ocr_status="read", withheld_reason=withheld[n] if n < len(withheld) else None,
                   approved=status == "approved" if images_approved is None else images_approved)
        for n, data in enumerate(images)
    ]
    with database.session() as session:
        session.add(row)
    return row.id
