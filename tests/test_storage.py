"""Storage: migrations match the models; SQLite runs durable and private."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from foundation.fingerprint import Fingerprinter, load_or_create_key
from foundation.storage.database import HEAD_REVISION, Database
from foundation.storage.migrate import MIGRATIONS, alembic_config
from foundation.storage.models import Base, new_letter_id
from tests import tiers


def open_database(tmp_path: Path) -> Database:
    data = tmp_path / "data"
    database = Database(f"sqlite:///{data / 'napishy.sqlite3'}", data_dir=data)
    database.upgrade()
    return database


def test_models_match_the_latest_migration(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert database.current_revision() == HEAD_REVISION


def test_head_constant_names_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


CHILD_COUNTS = "SELECT (SELECT count(*) FROM sealed_originals), (SELECT count(*) FROM revisions)"


@pytest.mark.parametrize("engine_kind", ["sqlite", "postgresql"])
def test_0004_gives_existing_letters_empty_checks_and_keeps_their_originals(
    tmp_path: Path, engine_kind: str, request: pytest.FixtureRequest
) -> None:
    """A letter stored before 0004 reads back with no checks, and neither the upgrade nor the
    downgrade rebuilds `letters`: on SQLite a rebuild's DROP TABLE would cascade to the originals."""
    if engine_kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / 'napishy.sqlite3'}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        if cluster is None:
            tiers.skip(tiers.POSTGRESQL)
        url = cluster.new_database()
    database = Database(url, data_dir=tmp_path / "data")
    config = alembic_config(database.engine)
    command.upgrade(config, "0003")
    with database.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO letters (id, mailbox, status, kind, recipients, language, received_on, fingerprint,"
            " text, redactions, defects, version) VALUES ('old', 'association', 'pending', 'letter', '[\"znak\"]',"
            " 'be', '2027-05-03', 'f', 'Дарагі Максім!', '{}', '[]', 1)"))
        connection.execute(text("INSERT INTO sealed_originals VALUES ('old', 'k', :blob)"), {"blob": b"sealed"})
        connection.execute(text("INSERT INTO revisions (letter_id, number, text, author, created_on)"
                                " VALUES ('old', 1, 'Дарагі Максім!', 'napishy', '2027-05-03')"))

    database.upgrade()
    assert database.current_revision() == HEAD_REVISION
    from processors.queries import letter_detail

    detail = letter_detail(database, "old")
    assert detail is not None and detail["checks"] == [] and detail["sealed_key_id"] == "k"
    with database.engine.connect() as connection:
        assert tuple(connection.execute(text(CHILD_COUNTS)).one()) == (1, 1)

    command.downgrade(config, "0003")
    with database.engine.connect() as connection:
        assert "checks" not in {c["name"] for c in inspect(connection).get_columns("letters")}
        assert tuple(connection.execute(text(CHILD_COUNTS)).one()) == (1, 1)
    database.upgrade()
    assert letter_detail(database, "old")["checks"] == []
    database.dispose()


def test_sqlite_is_durable_and_wipes_deleted_pages(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_data_dir_and_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # even under a permissive umask
    try:
        database = open_database(tmp_path)
    finally:
        os.umask(old)
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "data" / "napishy.sqlite3").stat().st_mode & 0o777 == 0o600
    database.dispose()


def test_letter_ids_are_random_not_counters() -> None:
    ids = {new_letter_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == 12 and i.isalnum() for i in ids)


def test_fingerprint_is_keyed_and_survives_redelivery(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "fp.key")
    assert load_or_create_key(tmp_path / "fp.key") == key
    assert (tmp_path / "fp.key").stat().st_mode & 0o777 == 0o600
    letter = b"Message-ID: <a@b>\nFrom: x\n\nbody line\n"
    redelivered = b"Received: from relay\r\nMessage-ID: <a@b>\r\nFrom: x\r\n\r\nbody line\r\n"
    fingerprinter = Fingerprinter(key)
    assert fingerprinter.of(letter) == fingerprinter.of(redelivered)
    assert fingerprinter.of(letter) != Fingerprinter(b"k" * 32).of(letter)
    assert fingerprinter.of(letter) != fingerprinter.of(letter.replace(b"body", b"other"))
    assert fingerprinter.of(b"no headers at all") == fingerprinter.of(b"no headers at all\r\n")


def test_an_existing_key_in_a_read_only_folder_is_only_read(tmp_path: Path) -> None:
    """A key shared between machines may sit in /etc (read-only under systemd): never chmod its folder."""
    folder = tmp_path / "etc"
    key = load_or_create_key(folder / "fingerprint.key")
    folder.chmod(0o555)
    try:
        assert load_or_create_key(folder / "fingerprint.key") == key
        assert folder.stat().st_mode & 0o777 == 0o555
    finally:
        folder.chmod(0o755)
    assert load_or_create_key(tmp_path / "new" / "deeper" / "fp.key")  # a missing folder is created
