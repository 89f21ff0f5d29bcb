"""File import: mbox, Maildir, .eml folders; Python's own odd messages are processed or quarantined."""

from __future__ import annotations

import mailbox
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
import test
from sqlalchemy import select

from foundation.storage.models import Letter
from intake.files import FileSource, ImportSourceError
from napishy.app import App
from tests.conftest import EXAMPLES

PYTHON_ODD_MESSAGES = Path(os.path.dirname(test.__file__)) / "test_email" / "data"


def import_all(app: App, source: FileSource) -> Counter[str]:
    counts: Counter[str] = Counter()
    for letter in source:
        counts[app.pipeline.process(letter).result] += 1
    return counts


def test_mbox_and_maildir_and_folder_agree(app: App, tmp_path: Path) -> None:
    letters = sorted(EXAMPLES.glob("*.eml"))
    box = mailbox.mbox(tmp_path / "letters.mbox")
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    for path in letters:
        box.add(path.read_bytes())
        maildir.add(path.read_bytes())
    box.close()
    assert FileSource(tmp_path / "letters.mbox", "association").kind == "mbox"
    assert FileSource(tmp_path / "Maildir", "association").kind == "maildir"
    first = import_all(app, FileSource(tmp_path / "letters.mbox", "association"))
    assert first["stored"] == len(letters)
    # The same letters again, from a Maildir and a folder: all recognised as duplicates.
    assert import_all(app, FileSource(tmp_path / "Maildir", "association")) == Counter(duplicate=len(letters))
    assert import_all(app, FileSource(EXAMPLES, "defence")) == Counter(duplicate=len(letters))


def test_non_mail_files_in_a_folder_are_skipped_and_counted(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "01-be-znak.eml", folder / "a.EML")
    (folder / "notes.txt").write_text("not a letter")
    (folder / "sub").mkdir()
    source = FileSource(folder, "association")
    assert source.count() == 1
    assert import_all(app, source) == Counter(stored=1)
    assert source.skipped == 2


def test_a_missing_or_empty_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match="does not exist"):
        FileSource(tmp_path / "nothing", "association")
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(ImportSourceError, match="is empty"):
        FileSource(tmp_path / "empty", "association")


@pytest.mark.skipif(not PYTHON_ODD_MESSAGES.is_dir(), reason="this Python ships without its test_email data")
def test_pythons_odd_messages_are_each_processed_or_quarantined(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    for path in PYTHON_ODD_MESSAGES.glob("msg_*.txt"):
        shutil.copy(path, folder / (path.stem + ".eml"))
    counts = import_all(app, FileSource(folder, "association"))
    total = sum(counts.values())
    assert total == len(list(folder.iterdir())) and total > 40
    with app.database.session() as session:
        rows = session.scalars(select(Letter)).all()
        for row in rows:
            assert row.status in ("pending", "quarantined")
            assert row.sealed is not None
            if row.status == "quarantined":
                assert row.quarantine_reason
    assert counts["stored"] + counts["quarantined"] + counts["duplicate"] == total
