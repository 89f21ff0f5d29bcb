"""Errors the anonymizer raises.

Messages are fixed strings chosen by the code, never text taken from the letter: an
exception may become a quarantine reason or a log line, and a sender's address or file
name there would be a leak.
"""

from __future__ import annotations


class NapishyError(Exception):
    """The project's one root error, raised for a problem the user can fix: bad input, bad
    configuration, a missing file. The CLI turns it into one line on stderr and `exit_code`.

    Defined here, at the bottom of the layers, because the anonymizer imports nothing above it;
    `foundation.errors` is where the rest of napishy takes it from."""

    exit_code = 1


class AnonymizerError(NapishyError):
    """Root of every error `anonymize()` raises; the pipeline quarantines the letter on it."""


class UnreadableLetter(AnonymizerError):
    """Raised when the raw bytes cannot be read as a letter at all (not bytes, far too large,
    nesting that would exhaust the parser's stack)."""


class StageFailed(AnonymizerError):
    """Raised when a stage failed unexpectedly on this letter. The message names the stage
    and the exception type only; it is a bug to report, and the letter stays quarantined."""


class LetterDefect(AnonymizerError):
    """Root of every defect (`anonymizer.defects`): recorded by its code, raised only under strict mode."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(self.code_for(detail))
        self.detail = detail

    @classmethod
    def code_for(cls, detail: str = "") -> str:
        return f"{cls.__name__}:{detail}" if detail else cls.__name__

    @property
    def code(self) -> str:
        return self.code_for(self.detail)


class AttachmentRefused(LetterDefect):
    """Raised by an attachment cleaner that will not produce output for one part (bomb,
    corrupt or unsupported content). `anonymize()` catches it, drops the part, counts it and
    records it as the defect `AttachmentRefused:<reason>`; it never escapes `anonymize()`
    (except under strict mode, where every defect is raised)."""

    def __init__(self, reason: str) -> None:
        # `reason` is a short code such as "image-too-large", never data from the part.
        super().__init__(reason)
        self.reason = reason
