"""Attachments: `parts` cleans them by content family; `ocr` reads the text in images.

Lazy on purpose: `napishy status` asks `anonymizer.attachments.ocr` whether Tesseract is there,
and importing this package must not load Pillow, pypdf and the document readers for that.
`from anonymizer.attachments import clean_parts` still works.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DOCUMENT_READERS", "IMAGE_FAMILIES", "MAX_ATTACHMENTS", "MAX_ATTACHMENT_BYTES", "MAX_DOCUMENT_TEXT",
           "CleanedParts", "clean_parts"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from anonymizer.attachments import parts

        return getattr(parts, name)
    raise AttributeError(f"module 'anonymizer.attachments' has no attribute {name!r}")
