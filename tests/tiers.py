"""The test tiers that need a real server, and the one message each gives when it is skipped.

Every skip of a tier goes through here, so the install hint is one string, and the summary at
the end of `make test` (tests/conftest.py) can count what did not run and say why.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest


@dataclass(frozen=True)
class Tier:
    name: str
    missing: str  # what was looked for and not found
    install: str  # the Debian package(s) that bring it

    @property
    def prefix(self) -> str:
        return f"{self.name} tier skipped: "

    @property
    def message(self) -> str:
        return self.message_with(self.missing)

    def message_with(self, missing: str) -> str:
        """The message when what is missing is only known at run time (e.g. one OCR language)."""
        return f"{self.prefix}{missing}; install {self.install}"


DOVECOT = Tier("Dovecot", "dovecot not found", "dovecot-imapd")
POSTGRESQL = Tier("PostgreSQL", "initdb not found", "postgresql")
BROWSER = Tier("browser", "chromium not found", "chromium")
OCR = Tier("OCR", "tesseract not found", "tesseract-ocr tesseract-ocr-{bel,rus,ukr,pol,eng}")
PDF_RENDERING = Tier("PDF rendering", "pdftoppm not found", "poppler-utils")
TERMINAL = Tier("terminal", "tmux not found", "tmux")
TIERS = (DOVECOT, POSTGRESQL, BROWSER, OCR, PDF_RENDERING, TERMINAL)


def skip(tier: Tier) -> NoReturn:
    """Skip the calling test, unless .ci/run said every tier must run (there a skip is a silent pass)."""
    if os.environ.get("NAPISHY_REQUIRE_POSTGRES"):
        pytest.fail(f"{tier.name} tier required here (NAPISHY_REQUIRE_POSTGRES): {tier.missing}; "
                    f"install {tier.install}")
    pytest.skip(tier.message)


def chromium() -> str | None:
    """Debian's chromium, which the browser tests drive headless (Playwright uses it, never its own)."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def summary(reasons: list[str]) -> list[str]:
    """One line per tier that skipped tests, from the skip reasons of a run."""
    lines = []
    for tier in TIERS:
        hits = [reason[reason.index(tier.prefix):] for reason in reasons if tier.prefix in reason]
        if hits:
            lines.append(f"{hits[0]} ({len(hits)} {'test' if len(hits) == 1 else 'tests'})")
    return lines
