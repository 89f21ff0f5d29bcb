"""Images on the command line and in exports: OCR status, withheld reasons, the operator's choice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.anonymizer.test_ocr import letter_with, render
from tests.leakscan import assert_no_leaks, database_texts
from tests.tesseract import need_tesseract
from tests.test_cli import env, run  # noqa: F401 - `env` is a fixture
from tests.test_image_review import PLANTED, SCREENSHOT, photo

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


def test_show_lists_images_and_approve_takes_image_numbers(env: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Import a letter with a screenshot of its sender's profile and a photo, through the real
    sandboxed pipeline; the screenshot is withheld with its reason, the photo published as chosen."""
    need_tesseract()
    monkeypatch.setenv("NAPISHY_IMPORT_MAILBOXES", "association")
    eml = tmp_path / "letter.eml"
    eml.write_bytes(letter_with(render(SCREENSHOT), photo()))
    assert run(capsys, "import", str(eml), "--mailbox", "association")[0] == 0
    code, out, _ = run(capsys, "queue", "--json")
    (letter_id,) = [row["id"] for row in json.loads(out)]

    code, out, _ = run(capsys, "show", letter_id)
    assert "image 1 (image-1.png, image/png): text read; WITHHELD: identifier-in-image: name, phone" in out
    assert "  | Тэлефон [phone]" in out
    assert "image 2 (image-2.jpg, image/jpeg): text read; not approved (approve --images N)" in out

    code, _, err = run(capsys, "approve", letter_id, "--images", "1")
    assert code != 0 and err.count("\n") == 1 and "image 1 (identifier-in-image: name, phone) is withheld" in err
    code, _, err = run(capsys, "approve", letter_id, "--images", "one")
    assert code != 0 and "--images takes image numbers such as 1,3" in err and "Traceback" not in err
    assert run(capsys, "approve", letter_id, "--images", "2")[0] == 0
    code, out, _ = run(capsys, "show", letter_id, "--json")
    images = json.loads(out)["attachments"]
    assert [(i["number"], i["published"]) for i in images] == [(1, False), (2, True)]

    out_dir, rel_dir = tmp_path / "pub", tmp_path / "rel"
    monkeypatch.setenv("NAPISHY_PUBLICATION_DATE", "2020-05-21")  # past: a real export, not a draft
    code, out, err = run(capsys, "export", "publication", "--out", str(out_dir))
    assert code == 0 and "(1 images)" in out, (out, err)
    assert run(capsys, "export", "relatives", "--out", str(rel_dir))[0] == 0
    (published,) = (out_dir / "images").iterdir()
    assert published.suffix == ".jpg"  # the photo; the screenshot was a PNG
    assert_no_leaks(PLANTED, [env, out_dir, rel_dir], database_texts(f"sqlite:///{env / 'napishy.sqlite3'}"))


def test_anonymize_reads_images_and_keeps_its_json_contract(env: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                                            tmp_path: Path) -> None:
    need_tesseract()
    eml = tmp_path / "letter.eml"
    eml.write_bytes(letter_with(render(SCREENSHOT)))
    code, out, _ = run(capsys, "anonymize", str(eml))
    assert code == 0 and "image-1.png (image/png): OCR read; WITHHELD: identifier-in-image: name, phone" in out
    assert "  | Тэлефон [phone]" in out and "Кавалёнак" not in out
    code, out, _ = run(capsys, "anonymize", str(eml), "--json")
    assert set(json.loads(out)["attachments"][0]) == {"name", "content_type", "sha256"}  # DESIGN.md's contract
