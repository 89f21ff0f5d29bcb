"""Fixtures every tier shares: a key pair, settings in a temp data dir, an app built from them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from foundation.settings import Settings
from foundation.storage.database import Database
from napishy.app import App
from tests import dovecot as dovecot_helper
from tests import tiers
from tests.dovecot import Dovecot
from tests.postgres import PostgresCluster, find_bin

PASSPHRASE = "test passphrase, not secret"
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"  # a copy of shared/corpus/letters
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@dataclass(frozen=True)
class KeyPair:
    public: Path
    private: Path
    passphrase: str
    key_id: str


@pytest.fixture(scope="session")
def keypair(tmp_path_factory: pytest.TempPathFactory) -> KeyPair:
    from foundation.vault import generate_keys

    folder = tmp_path_factory.mktemp("keys") / "k"
    key_id = generate_keys(folder, PASSPHRASE.encode())
    return KeyPair(folder / "public.key", folder / "private.key", PASSPHRASE, key_id)


SettingsFactory = Callable[..., Settings]


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One private Dovecot for the session; tests empty the folders they use (`dovecot.clear()`).

    Not under pytest's tmp dir: that is 0700, and the dovecot user must reach its files."""
    if not dovecot_helper.available():
        tiers.skip(tiers.DOVECOT)
    with dovecot_helper.running() as server:
        yield server


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster | None]:
    bin_dir = find_bin()
    if bin_dir is None:
        yield None
        return
    cluster = PostgresCluster(bin_dir)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, data_dir: Path) -> str:
    """Storage, intake and review tests run on both databases; CI must have PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{data_dir / 'napishy.sqlite3'}"
    cluster = request.getfixturevalue("postgres_cluster")
    if cluster is None:
        tiers.skip(tiers.POSTGRESQL)
    url = cluster.new_database()
    database = Database(url)
    database.upgrade()  # what `napishy db upgrade` does before services start on a shared database
    database.dispose()
    return url


@pytest.fixture
def make_settings(data_dir: Path, keypair: KeyPair, database_url: str) -> SettingsFactory:
    """Settings from a dict of NAPISHY_* overrides, never from the developer's own environment."""

    def build(**overrides: str) -> Settings:
        values = {
            "NAPISHY_DATA_DIR": str(data_dir),
            "NAPISHY_DATABASE_URL": database_url,
            "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public),
            "NAPISHY_KEY_PASSPHRASE": keypair.passphrase,
        }
        values.update({f"NAPISHY_{k.upper()}": v for k, v in overrides.items()})
        return Settings.from_mapping(values)

    return build


@pytest.fixture
def app(make_settings: SettingsFactory) -> Iterator[App]:
    built = App(make_settings())
    yield built
    if "database" in built.__dict__:
        built.database.dispose()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
    """After pytest's own summary: one line per tier that did not run, so a green run with the
    PostgreSQL or browser tests skipped does not read as everything tested."""
    yield
    reasons = [skip_reason(report) for report in terminalreporter.stats.get("skipped", [])]
    for line in tiers.summary(reasons):
        terminalreporter.write_line(line, yellow=True, bold=True)


def skip_reason(report: pytest.TestReport) -> str:
    """pytest keeps a skip as (file, line, 'Skipped: reason')."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)
