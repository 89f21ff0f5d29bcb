"""Logs cannot leak a sender: addresses and IPs are masked in every record, tracebacks dropped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from foundation import logs
from foundation.source import RawLetter
from napishy.app import App
from tests.attacks import ATTACKS
from tests.conftest import EXAMPLES


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("from ivan.petrov+x@mail.example.by", "from [email]"),
        ("client 198.51.100.23 connected", "client [ip] connected"),
        ("host 2001:db8:85a3::8a2e:370:7334 said", "host [ip] said"),
        ("fe80::1ff:fe23:4567:890a%eth0", "[ip]%eth0"),
        ("nothing to hide here", "nothing to hide here"),
    ],
)
def test_mask(message: str, masked: str) -> None:
    assert logs.mask(message) == masked


def test_filter_masks_arguments_and_drops_tracebacks(capfd: pytest.CaptureFixture[str]) -> None:
    logs.configure("DEBUG")
    log = logging.getLogger("napishy.test")
    try:
        raise ValueError("header From: Ivan <ivan@example.org> via 203.0.113.9")
    except ValueError:
        log.exception("failed for %s at %s", "ivan@example.org", "203.0.113.9")
    err = capfd.readouterr().err
    assert "failed for [email] at [ip] (ValueError)" in err
    assert "ivan@example.org" not in err and "203.0.113.9" not in err and "Traceback" not in err


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hostile_letters_leave_nothing_in_the_log(
    make_settings: Callable, data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    logs.configure("DEBUG")
    app = App(make_settings(letter_timeout_seconds="25"))
    letters = [path.read_bytes() for path in sorted(EXAMPLES.glob("*.eml"))]
    letters += [ATTACKS[name]() for name in ("invalid charset", "NUL bytes", "MIME nested 1,000 deep")]
    for raw in letters:
        app.pipeline.process(RawLetter(raw, "association"))
    output = capfd.readouterr()
    text = output.out + output.err
    for planted in ("attacker@evil.example", "ales.example@example.org", "198.51.100.23", "203.0.113.77"):
        assert planted not in text
    logging.getLogger().handlers.clear()
