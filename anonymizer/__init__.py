"""Pure functions that turn a raw letter into an anonymised one: bytes in, a value out."""

from anonymizer.letter import anonymize
from anonymizer.model import AnonymizedLetter, CleanAttachment, RedactedSpan, Redaction

__all__ = ["AnonymizedLetter", "CleanAttachment", "RedactedSpan", "Redaction", "anonymize"]
