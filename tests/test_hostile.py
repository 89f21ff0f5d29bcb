"""Hostile input through the real pipeline: each letter is stored or quarantined, quickly, and the
service goes on. Bounds: 30 s and the worker's memory cap per letter."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from foundation.source import RawLetter
from foundation.storage.models import Letter
from napishy.app import App
from tests.attacks import ATTACKS, SLOW_ATTACKS
from tests.conftest import EXAMPLES
from tests.leakscan import assert_no_leaks

SECONDS_PER_LETTER = 30
PLANTED = ["attacker@evil.example", "Attacker Example", "attack@evil.example"]


@pytest.fixture(scope="module")
def attack_letters() -> dict[str, bytes]:
    return {name: make() for name, make in ATTACKS.items()}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_stored_or_quarantined_in_bounds(
    name: str, attack_letters: dict[str, bytes], make_settings: Callable, data_dir: Path, caplog
) -> None:
    app = App(make_settings(letter_timeout_seconds="25", worker_memory_mb="1024"))
    started = time.monotonic()
    outcome = app.pipeline.process(RawLetter(attack_letters[name], "association"))
    assert time.monotonic() - started < SECONDS_PER_LETTER
    assert outcome.result in ("stored", "quarantined")
    with app.database.session() as session:
        letter = session.get(Letter, outcome.letter_id)
        assert letter.sealed is not None  # even a quarantined letter keeps its original, sealed
        if letter.status == "quarantined":
            assert letter.quarantine_reason
    # The service goes on: the next, ordinary letter is processed normally.
    follow_up = app.pipeline.process(RawLetter((EXAMPLES / "01-be-znak.eml").read_bytes(), "association"))
    assert follow_up.result == "stored"
    assert_no_leaks(PLANTED, [data_dir], [caplog.text])


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_fifty_megabyte_letter(make_settings: Callable, data_dir: Path) -> None:
    app = App(make_settings())
    started = time.monotonic()
    outcome = app.pipeline.process(RawLetter(SLOW_ATTACKS["50 MB letter"](), "association"))
    assert time.monotonic() - started < 2 * SECONDS_PER_LETTER
    assert outcome.result in ("stored", "quarantined")
    with app.database.session() as session:
        assert session.scalar(select(Letter.status).where(Letter.id == outcome.letter_id))
