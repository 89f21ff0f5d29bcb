"""`napishy db upgrade` and `db copy`: a SQLite store moved to PostgreSQL intact and verified."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from foundation.source import RawLetter
from foundation.storage.copy import CopyError, copy_store
from foundation.storage.database import HEAD_REVISION, Database, DatabaseError
from foundation.storage.models import Letter
from foundation.vault import Opener
from napishy.app import App
from napishy.cli.main import main
from tests import tiers
from tests.conftest import EXAMPLES, KeyPair
from tests.postgres import PostgresCluster


@pytest.fixture
def cluster(postgres_cluster: PostgresCluster | None) -> PostgresCluster:
    if postgres_cluster is None:
        tiers.skip(tiers.POSTGRESQL)
    return postgres_cluster


def sqlite_app(make_settings, data_dir: Path) -> App:
    return App(make_settings(database_url=f"sqlite:///{data_dir / 'napishy.sqlite3'}"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_copy_to_postgresql_keeps_sealed_originals(
    make_settings, data_dir: Path, cluster: PostgresCluster, keypair: KeyPair
) -> None:
    app = sqlite_app(make_settings, data_dir)
    for path in sorted(EXAMPLES.glob("*.eml")):
        app.pipeline.process(RawLetter(path.read_bytes(), "association"))
    target_url = cluster.new_database()
    target = Database(target_url)
    copied = copy_store(app.database, target)
    assert copied["letters"] == len(list(EXAMPLES.glob("*.eml")))
    opener = Opener.from_file(keypair.private, keypair.passphrase.encode())
    originals = {p.read_bytes() for p in EXAMPLES.glob("*.eml")}
    with target.session() as session:
        opened = {opener.open(letter.sealed.blob) for letter in session.scalars(select(Letter))}
    assert opened == originals
    with pytest.raises(CopyError, match="already holds letters"):
        copy_store(app.database, target)
    target.dispose()


def test_a_shared_database_must_be_upgraded_explicitly(cluster: PostgresCluster, monkeypatch, capsys, tmp_path) -> None:
    url = cluster.new_database()
    with pytest.raises(DatabaseError, match="run `napishy db upgrade` once"):
        Database(url).require_head()
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", url)
    assert main(["--env-file", "/dev/null", "db", "upgrade"]) == 0
    assert f"schema (empty) -> {HEAD_REVISION}" in capsys.readouterr().out
    assert main(["--env-file", "/dev/null", "db", "upgrade"]) == 0
    assert f"schema already at {HEAD_REVISION}" in capsys.readouterr().out
    assert main(["--env-file", "/dev/null", "queue", "--json"]) == 0
