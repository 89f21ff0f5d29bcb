"""Pure functions that turn a raw letter into an anonymised one: bytes in, a value out.

Lazy on purpose: `import anonymizer.vocabulary` (a shell's) must not load the letter pipeline,
its parsers and dictionaries; `from anonymizer import anonymize` still works.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AnonymizedLetter", "CleanAttachment", "RedactedSpan", "Redaction", "anonymize"]


def __getattr__(name: str) -> Any:
    if name == "anonymize":
        from anonymizer.letter import anonymize

        return anonymize
    if name in __all__:
        from anonymizer import model

        return getattr(model, name)
    raise AttributeError(f"module 'anonymizer' has no attribute {name!r}")
