"""Retention: purged letters and their sealed originals cannot be recovered from the database files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from foundation.source import RawLetter
from foundation.storage.models import AuditEntry, Letter, SealedOriginal
from napishy.app import App
from processors.purge import purge
from tests.conftest import EXAMPLES
from tests.leakscan import database_texts


def test_purge_removes_only_old_letters_and_leaves_no_bytes(app: App, data_dir: Path) -> None:
    letters = sorted(EXAMPLES.glob("*.eml"))
    outcomes = [app.pipeline.process(RawLetter(p.read_bytes(), "association")) for p in letters]
    old_ids = [o.letter_id for o in outcomes[:3]]
    with app.database.session() as session:
        session.execute(update(Letter).where(Letter.id.in_(old_ids)).values(received_on=dt.date(2025, 1, 1)))
        blobs = [
            bytes(b) for b in session.scalars(select(SealedOriginal.blob).where(SealedOriginal.letter_id.in_(old_ids)))
        ]
        texts = [t for t in session.scalars(select(Letter.text).where(Letter.id.in_(old_ids))) if len(t) > 40]
    assert len(blobs) == 3

    assert purge(app.database, dt.date(2025, 6, 1), "tester") == 3

    with app.database.session() as session:
        remaining = set(session.scalars(select(Letter.id)))
        audit = session.scalars(select(AuditEntry.action)).all()
    assert remaining == {o.letter_id for o in outcomes[3:]}
    assert audit == ["purge"]
    # No 32-byte window of any purged ciphertext, nor a purged text, anywhere in the files.
    if app.database.is_sqlite:
        stored = b"".join(p.read_bytes() for p in data_dir.iterdir() if p.name.startswith("napishy.sqlite3"))
    else:
        stored = "\n".join(database_texts(app.settings.database_url)).encode("utf-8", "replace")
    for blob in blobs:
        for offset in range(0, len(blob) - 32, 997):
            assert blob[offset : offset + 32] not in stored
    for text in texts:
        assert text[:40].encode() not in stored


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_purge_refuses_without_confirmation_off_a_terminal(app: App, monkeypatch, capsys, data_dir: Path) -> None:
    from napishy.cli.main import main

    monkeypatch.setenv("NAPISHY_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NAPISHY_PUBLIC_KEY_FILE", str(app.settings.public_key_file))
    app.pipeline.process(RawLetter((EXAMPLES / "01-be-znak.eml").read_bytes(), "association"))
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert main(["--env-file", "/dev/null", "purge", "--before", tomorrow]) == 1
    assert capsys.readouterr().err == "napishy: purge destroys letters for good: add --yes to confirm\n"
    assert main(["--env-file", "/dev/null", "purge", "--before", tomorrow, "--yes"]) == 0
    assert "purged 1 letters" in capsys.readouterr().out
