"""What was wrong with a letter that was read anyway, as classes in the style of `email.errors`.

A defect is recorded, not raised: `note()` returns its code (the class name, plus a detail after a
colon such as `HiddenTextDropped:white,text-box`), which goes into `AnonymizedLetter.defects`, the
database and `napishy show`. Those strings are what operators and the pipeline read, so a class
name here is a contract. Under `strict()` (the tests' mode, like email's `raise_on_defect`)
`note()` raises the defect instead, so a test sees the first one where it happened.
Details are fixed words chosen by the code, never text from the letter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from anonymizer.errors import AttachmentRefused as AttachmentRefused  # a defect too, raised by the cleaners
from anonymizer.errors import LetterDefect as LetterDefect

_STRICT: ContextVar[bool] = ContextVar("napishy_strict_defects", default=False)


def note(defect: LetterDefect) -> str:
    """The defect's code to record; raises it instead under `strict()`."""
    if _STRICT.get():
        raise defect
    return defect.code


@contextmanager
def strict() -> Iterator[None]:
    """Raise every defect where it is met, in this thread or task, until the block ends."""
    token = _STRICT.set(True)
    try:
        yield
    finally:
        _STRICT.reset(token)


class ParserDefect(LetterDefect):
    """One of the stdlib parser's own defects (`email.errors`), recorded under its own class name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__()

    @property
    def code(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name


# The MIME structure and headers.
class HeaderUnreadableDefect(LetterDefect):
    """A header the parser could not read; dropped."""


class HeaderTooLargeDefect(LetterDefect):
    """The header block is larger than napishy reads; the rest is not looked at."""


class NonAsciiBoundaryDefect(LetterDefect):
    """A multipart boundary holds non-ASCII bytes: the structure may not be what it says (fail closed)."""


class ContentTypeUnreadableDefect(LetterDefect):
    """A part's Content-Type could not be read; the part is treated as plain data."""


class TooManyPartsDefect(LetterDefect):
    """More MIME parts than napishy walks; the walk stops there."""


class NestingTooDeepDefect(LetterDefect):
    """MIME nested deeper than napishy walks; the walk stops there."""


class BoundaryMismatchDefect(LetterDefect):
    """A multipart split by the delimiter its body really uses, not the declared one (fail closed)."""


class UnsplittableMultipartDefect(LetterDefect):
    """A declared multipart from which no part could be split; dropped (fail closed)."""


class MultipartWithoutPartsDefect(LetterDefect):
    """A multipart whose payload is not a list of parts."""


class PartUnreadableDefect(LetterDefect):
    """A part whose transfer encoding could not be decoded; dropped."""


class BinaryTextPartDefect(LetterDefect):
    """A part labelled text whose bytes are binary; handed to the attachment cleaners instead."""


class BodyTruncatedDefect(LetterDefect):
    """The body text is longer than napishy keeps; cut."""


class AttachedMessageRead(LetterDefect):
    """An attached message (a forwarded letter) was read as the letter."""


class AttachedMessageDropped(LetterDefect):
    """A delivery report, partial or external body: no letter text, dropped and counted."""


# Charsets and HTML.
class UnknownCharsetDefect(LetterDefect):
    """The declared charset is not one Python knows."""


class CharsetMismatchDefect(LetterDefect):
    """The bytes do not decode as (or read better than) the declared charset."""


class CharsetGuessedDefect(LetterDefect):
    """No usable charset was declared for non-ASCII bytes; one was guessed."""


class NulByteDefect(LetterDefect):
    """The text held NUL bytes (removed)."""


class HtmlTruncatedDefect(LetterDefect):
    """The HTML is larger than napishy parses; cut."""


class HtmlFallbackDefect(LetterDefect):
    """The HTML was too deep or large for the parser; its text was taken by a simpler reading."""


# Attachments and documents.
class TooManyAttachmentsDefect(LetterDefect):
    """More attachments than napishy cleans; the rest are dropped and counted."""


class AttachmentFailed(LetterDefect):
    """A cleaner failed on a part (the detail names the exception type); the part is dropped."""


class DocumentTextTruncatedDefect(LetterDefect):
    """The documents' text together is longer than napishy keeps; cut."""


class HiddenTextDropped(LetterDefect):
    """Text a document does not show (the detail says which kinds: white, text-box, ...) was dropped."""


class DocumentPartsNotRead(LetterDefect):
    """Headers, footers, notes or comments that hold text were not read (the detail names them)."""
