"""OCR tests need Debian's Tesseract and its five languages; CI (.ci/run) installs them and must run them."""

from __future__ import annotations

import os

import pytest

from tests import tiers


def need_tesseract() -> None:
    """Skip when Tesseract is missing on a developer's machine; fail where OCR must be tested."""
    from anonymizer.attachments.ocr import OcrConfig, unavailable_reason

    reason = unavailable_reason(OcrConfig())
    if reason is None:
        return
    if os.environ.get("NAPISHY_TEST_REQUIRE_OCR"):  # set by .ci/run
        pytest.fail(f"OCR is required here: {reason}")
    pytest.skip(tiers.OCR.message_with(reason))
