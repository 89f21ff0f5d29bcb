"""The commands operators and health checks run all day load no NLP, image or document library.

`napishy queue`, `show`, `status` and `audit verify` must start in under 0.2 s with 10,000 letters
(`bench/readonly.py` measures that); what they import is what decides it, and unlike a wall time
on a shared machine it can be checked exactly. Each runs as the real command in a subprocess under
`python -X importtime`, against a SQLite store filled by the real `napishy import`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, KeyPair

# Never for reading the queue: the anonymiser and what it stands on, images, documents, PDFs.
FORBIDDEN = ("natasha", "pymorphy2", "pymorphy3", "spacy", "PIL", "pillow_heif", "fpdf", "lxml", "phonenumbers",
             "morfeusz2", "hunspell", "chunspell", "pypdf", "docx", "odf", "bs4", "lingua", "anonymizer.letter",
             "anonymizer.redact", "anonymizer.attachments.parts", "datasketch", "scipy")
# On a SQLite store at the current schema the standard library reads it: importing SQLAlchemy and
# the models alone would take longer than the 0.2 s these commands may.
FORBIDDEN_ON_SQLITE = ("sqlalchemy", "alembic", "foundation.storage.models")


def napishy(cwd: Path, *argv: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "NAPISHY_ISOLATE_ANONYMIZER": "no"}
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "napishy.cli.main", "--env-file", "settings.env", *argv],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def imported(stderr: str) -> set[str]:
    """Module names from `-X importtime` lines: `import time: self | cumulative | <indent>name`."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, keypair: KeyPair) -> tuple[Path, str, str]:
    """A data dir with the example letters imported and one approved: (folder, letter id, head hash)."""
    folder = tmp_path_factory.mktemp("readonly")
    (folder / "settings.env").write_text(
        f"NAPISHY_DATA_DIR={folder / 'data'}\nNAPISHY_PUBLIC_KEY_FILE={keypair.public}\n"
        "NAPISHY_IMPORT_MAILBOXES=association\nNAPISHY_OPERATOR=tester\n")
    loaded = napishy(folder, "import", str(EXAMPLES), "--mailbox", "association")
    assert loaded.returncode == 0, loaded.stderr
    queue = napishy(folder, "queue", "--status", "pending")
    letter_id = queue.stdout.splitlines()[1].split()[0]
    approved = napishy(folder, "approve", letter_id, "--to", "znak")
    assert approved.returncode == 0, approved.stderr
    verified = napishy(folder, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    return folder, letter_id, verified.stdout.split()[-1]


@pytest.mark.parametrize("argv", [
    ["queue", "--json"], ["queue"], ["show", "{id}"], ["show", "{id}", "--json"], ["status"], ["status", "--json"],
    ["audit", "verify", "--head", "{head}"],
])
def test_read_only_commands_import_no_heavy_library(store: tuple[Path, str, str], argv: list[str]) -> None:
    folder, letter_id, head = store
    result = napishy(folder, *(a.format(id=letter_id, head=head) for a in argv), importtime=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert letter_id in result.stdout or argv[0] in ("status", "audit")
    modules = imported(result.stderr)
    assert "napishy.cli.common" in modules  # the parse found the lines: an empty set proves nothing
    heavy = sorted(m for m in modules for f in (*FORBIDDEN, *FORBIDDEN_ON_SQLITE) if m == f or m.startswith(f + "."))
    assert heavy == []


def test_the_ocr_line_still_names_tesseract_or_why_not(store: tuple[Path, str, str]) -> None:
    """`status` asks Tesseract without loading the image cleaners; the answer is unchanged."""
    folder, _, _ = store
    result = napishy(folder, "status")
    assert result.returncode == 0, result.stderr
    ocr = result.stdout.splitlines()[-1]
    assert ocr.startswith(("ocr          on: tesseract", "ocr          OFF: "))


def test_the_reader_expects_the_schema_the_migrations_make() -> None:
    """The stdlib reader checks `files.HEAD_REVISION`; a head set anywhere else would send every
    read-only command down the slow path (or past a schema it does not know)."""
    from foundation.storage import database, files

    assert database.HEAD_REVISION == files.HEAD_REVISION
