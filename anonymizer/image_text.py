"""The text in each image, read by OCR and put through the letter's own detectors.

An image whose text holds an identifier (a name, a phone, an address …) is withheld from every
export, and the reason names only the kinds found, never the text. What was read is kept
anonymised, as a draft: a photographed handwritten letter gives the operator its words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from anonymizer.attachments import ocr
from anonymizer.model import CleanAttachment
from anonymizer.redact import redact
from anonymizer.roster import Roster, find_recipients
from anonymizer.text import normalize
from anonymizer.text.recase import recase
from anonymizer.vocabulary import Marker

# Why an image that was not read stays out: the machine could not look, so nobody may publish it.
_UNREAD: dict[str, str] = {
    ocr.TIMEOUT: "ocr-timeout",
    ocr.FAILED: "ocr-failed",
    ocr.OVER_BUDGET: "ocr-budget-spent",
    ocr.UNAVAILABLE: "ocr-unavailable",
}
IDENTIFIER_REASON = "identifier-in-image"
STRUCTURED = frozenset({Marker.EMAIL, Marker.LINK, Marker.HANDLE, Marker.PHONE, Marker.NUMBER, Marker.ADDRESS})


def read_images(images: Sequence[CleanAttachment], roster: Roster, config: ocr.OcrConfig,
                known: tuple[str, ...] = ()) -> tuple[CleanAttachment, ...]:
    """Each image with its OCR status, anonymised OCR text and, if it may not be published, why.
    `known`: the sender's names from the headers, found in an image as in the body."""
    results = ocr.read_all([image.data for image in images], config)
    return tuple(judge(image, result, roster, config, known) for image, result in zip(images, results, strict=True))


def drafts_recipients(images: Sequence[CleanAttachment], roster: Roster) -> tuple[str, ...]:
    """The attorneys a photographed letter greets, from its anonymised OCR text (attorneys' names
    stay in it), for a letter whose body names none."""
    text = "\n\n".join(image.ocr_text for image in images if image.ocr_text.strip())
    return find_recipients(recase(text, roster), roster) if text else ()


def judge(image: CleanAttachment, result: ocr.OcrResult, roster: Roster, config: ocr.OcrConfig,
          known: tuple[str, ...]) -> CleanAttachment:
    """One image and what OCR made of it: its draft text, and a withheld reason when its text holds
    an identifier or when it could not be read (unless only Tesseract is missing and OCR is optional)."""
    if result.status != ocr.READ:
        withheld = result.status != ocr.UNAVAILABLE or config.required
        return dataclasses.replace(
            image, ocr_status=result.status, withheld_reason=_UNREAD[result.status] if withheld else None
        )
    text = normalize.clean(result.text).strip()
    redaction = redact(text, roster, known) if text else None
    found = {kind for kind, count in (redaction.counts if redaction else {}).items() if count}
    loose = normalize.clean(result.all_text).strip()
    if loose and loose != text:  # words read with low confidence: structured identifiers only, since
        # a name detector that fails closed would take every smudge of a photo for a name
        found |= {kind for kind, count in redact(loose, roster, known).counts.items() if count and kind in STRUCTURED}
    reason = f"{IDENTIFIER_REASON}: {', '.join(sorted(found))}" if found else None
    return dataclasses.replace(image, ocr_status=ocr.READ, ocr_text=redaction.text if redaction else "",
                               withheld_reason=reason)
