"""Pure functions that turn a raw letter into an anonymised one: bytes in, a value out."""

from anonymizer.model import AnonymizedLetter, CleanAttachment, Redaction, RedactedSpan

__all__ = ["AnonymizedLetter", "CleanAttachment", "RedactedSpan", "Redaction"]
