"""Values the anonymizer returns. Frozen, so a stage cannot alter what an earlier one decided."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from anonymizer.vocabulary import KINDS, LANGUAGES

__all__ = ["KINDS", "LANGUAGES", "AnonymizedLetter", "CleanAttachment", "RedactedSpan", "Redaction"]


@dataclass(frozen=True)
class CleanAttachment:
    """An attachment rebuilt from its content: a generated name, no metadata."""

    name: str
    content_type: str
    data: bytes
    # What OCR made of the image (anonymizer.attachments.ocr statuses; "" when never tried), its
    # text with identifiers replaced by markers (a draft an operator may use), and why the image
    # may never be published (an identifier in its text, or it could not be read), if it may not.
    ocr_status: str = ""
    ocr_text: str = ""
    withheld_reason: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class RedactedSpan:
    """One removal, for `--explain`: never stored, because `original` is the identifier itself."""

    kind: str  # name, phone, email, link, address, number, quote, signature, ...
    reason: str  # the detector or rule that fired, e.g. "self-introduction"
    original: str
    marker: str


@dataclass(frozen=True)
class Redaction:
    """Text with identifiers replaced by markers, plus what was taken out."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)
    spans: tuple[RedactedSpan, ...] = ()
    checks: tuple[str, ...] = ()  # words kept although they looked like names or numbers


@dataclass(frozen=True)
class AnonymizedLetter:
    """Everything napishy keeps of a letter besides its sealed original."""

    text: str
    recipients: tuple[str, ...]
    language: str
    kind: str
    attachments: tuple[CleanAttachment, ...] = ()
    redactions: dict[str, int] = field(default_factory=dict)
    defects: tuple[str, ...] = ()
    dropped_attachments: int = 0
    spans: tuple[RedactedSpan, ...] = ()
    # Words the published text keeps although they looked like names or numbers (a listed
    # place, a public figure, a large amount): where the machine hesitated, a human looks twice.
    checks: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The `napishy anonymize --json` contract of DESIGN.md."""
        return {
            "text": self.text,
            "recipients": list(self.recipients),
            "language": self.language,
            "kind": self.kind,
            "attachments": [
                {"name": a.name, "content_type": a.content_type, "sha256": a.sha256}
                for a in self.attachments
            ],
            "redactions": dict(self.redactions),
        }
