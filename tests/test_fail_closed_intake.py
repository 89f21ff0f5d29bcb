"""Letters the anonymiser cannot read whole are quarantined with a reason, never queued.

A multipart whose boundary holds a non-ASCII byte (RFC 2046 allows only ASCII) or that cannot be
split at all is MIME structure, headers and base64, not letter text: fail closed. Binary garbage
is not an "empty" letter that a bulk `reject --kind empty` sweeps away unseen: an organiser looks
at its sealed original. A plainly empty letter stays what it is."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from foundation.source import RawLetter
from foundation.storage.models import Letter
from foundation.vault import Opener
from napishy.app import App
from processors.retry import retry
from tests.conftest import KeyPair
from tests.leakscan import assert_no_leaks, database_texts

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
FILE_NAME = "Hanna_Koval_GPS.jpg"
JPEG_BASE64 = b"/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4R"


def multipart(boundary: bytes, declared: bytes | None = None) -> bytes:
    declared = declared or boundary
    return (b"From: Hanna Koval <hanna.koval@example.net>\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="' + declared + b'"\r\n\r\n'
            b"--" + boundary + b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Дарагі Максім! Трымайцеся.\r\n".encode()
            + b"--" + boundary + b'\r\nContent-Type: image/jpeg; name="' + FILE_NAME.encode() + b'"\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\n" + JPEG_BASE64 + b"\r\n--" + boundary + b"--\r\n")


def garbage() -> bytes:
    return random.Random(13).randbytes(6000)


CASES = {
    "non-ASCII boundary": (multipart(b"b\xe9x"), "NonAsciiBoundaryDefect"),
    "another boundary than declared": (multipart(b"real-one", declared=b"declared-other"), "BoundaryMismatchDefect"),
    "unsplittable multipart": (b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=nowhere\r\n\r\n"
                               b'Content-Type: image/jpeg; name="' + FILE_NAME.encode() + b'"\r\n\r\n'
                               + JPEG_BASE64 + b"\r\n", "UnsplittableMultipartDefect"),
    "binary garbage": (garbage(), "no readable text"),
}


@SQLITE_ONLY
@pytest.mark.parametrize("name", list(CASES))
def test_unreadable_letters_are_quarantined_with_a_reason(
    name: str, make_settings: Callable, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw, reason = CASES[name]
    app = App(make_settings())
    outcome = app.pipeline.process(RawLetter(raw, "association"))
    with app.database.session() as session:
        letter = session.get(Letter, outcome.letter_id)
        assert (outcome.result, letter.status) == ("quarantined", "quarantined"), (letter.kind, letter.defects)
        assert reason in letter.quarantine_reason and letter.sealed is not None
        assert letter.text == "" and not letter.attachments
    # its bytes never become text: not the file name, not the base64, not the sender
    assert_no_leaks([FILE_NAME, "Hanna_Koval", JPEG_BASE64.decode()[:24], "hanna.koval"], [data_dir],
                    [caplog.text, *database_texts(app.settings.database_url)])


@SQLITE_ONLY
def test_an_empty_letter_is_still_an_empty_letter(make_settings: Callable) -> None:
    app = App(make_settings())
    outcome = app.pipeline.process(RawLetter(b"Subject: hi\r\nMIME-Version: 1.0\r\n\r\n\r\n", "association"))
    with app.database.session() as session:
        letter = session.get(Letter, outcome.letter_id)
        assert (letter.status, letter.kind) == ("pending", "empty")


@SQLITE_ONLY
def test_retry_keeps_a_fail_closed_letter_quarantined(make_settings: Callable, keypair: KeyPair) -> None:
    """`retry` runs the same rule: the organiser reads the sealed original (`napishy open`) instead."""
    app = App(make_settings())
    letter_id = app.pipeline.process(RawLetter(CASES["non-ASCII boundary"][0], "association")).letter_id
    opener = Opener.from_file(keypair.private, keypair.passphrase.encode())
    status, reason = retry(app.database, opener, app.pipeline.anonymize, letter_id, operator="tester")
    assert status == "quarantined" and "NonAsciiBoundaryDefect" in reason
    with app.database.session() as session:
        assert session.get(Letter, letter_id).text == ""
