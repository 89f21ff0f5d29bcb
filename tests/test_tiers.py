"""`make test` says which server tiers it skipped and what to install; every skip uses one hint."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests import tiers

ROOT = Path(__file__).resolve().parents[1]
PROBE = '''
import pytest
from tests import tiers

def test_ran():
    pass

def test_pg_one():
    pytest.skip(tiers.POSTGRESQL.message)

def test_pg_two():
    pytest.skip(tiers.POSTGRESQL.message)

@pytest.mark.skipif(True, reason=tiers.BROWSER.message)
def test_browser():
    pass

def test_something_else():
    pytest.skip("not a tier")

def test_ocr():
    pytest.skip(tiers.OCR.message_with("no tesseract-ocr-bel"))
'''


def test_the_run_ends_with_one_line_per_skipped_tier(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from tests.conftest import pytest_terminal_summary  # noqa: F401\n")
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NAPISHY_REQUIRE_POSTGRES", None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider", str(tmp_path)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout
    assert lines[-4:-1] == [
        "PostgreSQL tier skipped: initdb not found; install postgresql (2 tests)",
        "browser tier skipped: chromium not found; install chromium (1 test)",
        "OCR tier skipped: no tesseract-ocr-bel; install tesseract-ocr tesseract-ocr-{bel,rus,ukr,pol,eng} (1 test)",
    ]
    assert re.fullmatch(r"1 passed, 5 skipped in [\d.]+s", lines[-1])
    assert not any(line.startswith("Dovecot tier") for line in lines)


def test_no_tier_summary_when_nothing_was_skipped() -> None:
    assert tiers.summary(["Skipped: not a tier"]) == []


def test_every_install_hint_comes_from_tiers() -> None:
    """Two tests once disagreed on what to install for the browser tier."""
    hint = re.compile(r"apt(?:-get)? install|not installed|pip install playwright")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name not in ("tiers.py", "test_tiers.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if hint.search(line) and "skip" in line
    ]
    assert offenders == []
