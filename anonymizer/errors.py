"""Errors the anonymizer raises.

Messages are fixed strings chosen by the code, never text taken from the letter: an
exception may become a quarantine reason or a log line, and a sender's address or file
name there would be a leak.
"""

from __future__ import annotations


class AnonymizerError(Exception):
    """Root of every error `anonymize()` raises; the pipeline quarantines the letter on it."""


class UnreadableLetter(AnonymizerError):
    """Raised when the raw bytes cannot be read as a letter at all (not bytes, far too large,
    nesting that would exhaust the parser's stack)."""


class StageFailed(AnonymizerError):
    """Raised when a stage failed unexpectedly on this letter. The message names the stage
    and the exception type only; it is a bug to report, and the letter stays quarantined."""


class AttachmentRefused(AnonymizerError):
    """Raised by an attachment cleaner that will not produce output for one part (bomb,
    corrupt or unsupported content). `anonymize()` catches it, drops the part, counts it and
    records `reason` as a defect; it never escapes `anonymize()`."""

    def __init__(self, reason: str) -> None:
        # `reason` is a short code such as "image-too-large", never data from the part.
        super().__init__(reason)
        self.reason = reason
