"""Images on the command line and in exports: OCR status, withheld reasons, the operator's choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tesseract import need_tesseract
from tests.test_cli import env, run  # noqa: F401 - `env` is a fixture

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_status_says_whether_ocr_is_on(env: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    need_tesseract()
    monkeypatch.setenv("NAPISHY_IMPORT_MAILBOXES", "association")
    assert run(capsys, "db", "upgrade")[0] == 0  # status reads a store; it does not start one
    code, out, _ = run(capsys, "status")
    assert code == 0 and "ocr          on: tesseract 5" in out and "(bel rus ukr pol eng)" in out
    monkeypatch.setenv("NAPISHY_TESSERACT", "napishy-no-such-tesseract")
    code, out, _ = run(capsys, "status")
    assert code == 0
    assert "ocr          OFF: napishy-no-such-tesseract not found; images are published only as an operator" in out
    monkeypatch.setenv("NAPISHY_REQUIRE_OCR", "yes")
    code, out, _ = run(capsys, "status")
    assert "OFF: napishy-no-such-tesseract not found; every image is withheld" in out
