"""Attachments cleaned by content family, looked up in one explicit map.

The family comes from `detect()` (magic bytes), never from the file name or the declared
Content-Type. Images are rebuilt from pixels and kept under generated names; documents give
their text to the letter and are never kept as files; anything else is dropped and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anonymizer.attachments.detect import detect
from anonymizer.attachments.documents import DocumentText, html_document_text, pdf_text, plain_text
from anonymizer.attachments.images import clean_image
from anonymizer.attachments.opendocument import odt_document
from anonymizer.attachments.rtf import rtf_document
from anonymizer.attachments.word import docx_document
from anonymizer.defects import (
    AttachmentFailed,
    DocumentTextTruncatedDefect,
    LetterDefect,
    TooManyAttachmentsDefect,
    note,
)
from anonymizer.errors import AttachmentRefused
from anonymizer.mime import RawPart
from anonymizer.model import CleanAttachment

MAX_ATTACHMENTS = 50
MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024
MAX_DOCUMENT_TEXT = 1_000_000

IMAGE_FAMILIES = frozenset({"jpeg", "png", "gif", "webp", "heic"})
# A reader gives the text, or the text and what it left out (hidden text, unread parts) as defects.
DOCUMENT_READERS: dict[str, Callable[[bytes, str | None], str | DocumentText]] = {
    "docx": docx_document,
    "odt": odt_document,
    "rtf": rtf_document,
    "pdf": pdf_text,
    "text": plain_text,
    "html": html_document_text,
}


@dataclass(frozen=True)
class CleanedParts:
    """Clean images, text from documents, and how many parts were dropped (and why)."""

    images: tuple[CleanAttachment, ...] = ()
    texts: tuple[str, ...] = ()
    dropped: int = 0
    defects: tuple[str, ...] = ()


def clean_parts(parts: Sequence[RawPart]) -> CleanedParts:
    """Clean every raw part; a part that fails is dropped with its reason as a defect."""
    images: list[CleanAttachment] = []
    texts: list[str] = []
    defects: list[str] = []
    dropped = 0
    text_chars = 0
    for index, part in enumerate(parts):
        if index >= MAX_ATTACHMENTS:
            dropped += len(parts) - index
            defects.append(note(TooManyAttachmentsDefect()))
            break
        try:
            outcome = _clean_one(part, len(images) + 1)
        except AttachmentRefused as refused:
            dropped += 1
            defects.append(note(refused))
            continue
        except LetterDefect:
            raise  # strict mode (tests): the defect a cleaner met, not the part's failure
        except Exception as exc:  # a decoder bug must cost one part, never the letter
            dropped += 1
            defects.append(note(AttachmentFailed(type(exc).__name__)))
            continue
        if isinstance(outcome, CleanAttachment):
            images.append(outcome)
            continue
        if isinstance(outcome, DocumentText):
            defects.extend(outcome.defects)
            outcome = outcome.text
        if outcome.strip():
            if text_chars + len(outcome) > MAX_DOCUMENT_TEXT:
                defects.append(note(DocumentTextTruncatedDefect()))
                outcome = outcome[: max(0, MAX_DOCUMENT_TEXT - text_chars)]
            text_chars += len(outcome)
            texts.append(outcome)
    return CleanedParts(tuple(images), tuple(texts), dropped, tuple(dict.fromkeys(defects)))


def _clean_one(part: RawPart, number: int) -> CleanAttachment | DocumentText | str:
    """One part: an image under a generated name, or a document's text."""
    if len(part.data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused("attachment-too-large")
    family = detect(part.data)
    if family in IMAGE_FAMILIES:
        image = clean_image(part.data, family)
        return CleanAttachment(f"image-{number}.{image.extension}", image.content_type, image.data)
    reader = DOCUMENT_READERS.get(family or "")
    if reader is None:
        raise AttachmentRefused("unsupported-type")
    return reader(part.data, part.charset)
