"""Sealing: the service can seal but never open; organisers open exact bytes; damage is detected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foundation.vault import Opener, Sealer, VaultError, generate_keys
from tests.conftest import KeyPair


@pytest.fixture(scope="module")
def opener(keypair: KeyPair) -> Opener:
    return Opener.from_file(keypair.private, keypair.passphrase.encode())


@pytest.mark.parametrize("original", [b"", b"x", bytes(range(256)) * 100, "Дарагі Максім!\r\n".encode() * 5000])
def test_round_trip_is_exact(keypair: KeyPair, opener: Opener, original: bytes) -> None:
    sealed = Sealer.from_file(keypair.public).seal(original)
    assert sealed.key_id == keypair.key_id
    assert len(original) < 16 or original[:64] not in sealed.blob
    assert opener.open(sealed.blob) == original


def test_two_seals_of_one_letter_differ(keypair: KeyPair) -> None:
    sealer = Sealer.from_file(keypair.public)
    assert sealer.seal(b"same").blob != sealer.seal(b"same").blob


@pytest.mark.parametrize("position", [0, 6, 20, -1])
def test_tampering_is_detected(keypair: KeyPair, opener: Opener, position: int) -> None:
    blob = bytearray(Sealer.from_file(keypair.public).seal(b"letter").blob)
    blob[position] ^= 0x01
    with pytest.raises(VaultError):
        opener.open(bytes(blob))


def test_wrong_key_says_which_key_sealed_it(keypair: KeyPair, tmp_path: Path) -> None:
    other_id = generate_keys(tmp_path / "other", b"another passphrase")
    other = Opener.from_file(tmp_path / "other" / "private.key", b"another passphrase")
    blob = Sealer.from_file(keypair.public).seal(b"letter").blob
    with pytest.raises(VaultError, match=f"sealed with key {keypair.key_id}, but this private key is {other_id}"):
        other.open(blob)


def test_wrong_passphrase(keypair: KeyPair) -> None:
    with pytest.raises(VaultError, match="wrong passphrase"):
        Opener.from_file(keypair.private, b"not the passphrase")


def test_private_key_file_is_private_and_holds_no_raw_key(tmp_path: Path) -> None:
    generate_keys(tmp_path / "k", b"long enough passphrase")
    assert (tmp_path / "k" / "private.key").stat().st_mode & 0o777 == 0o600
    document = json.loads((tmp_path / "k" / "private.key").read_text())
    assert set(document) >= {"salt", "nonce", "ciphertext", "kdf"}
    with pytest.raises(VaultError, match="refusing to overwrite"):
        generate_keys(tmp_path / "k", b"long enough passphrase")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "does not exist"), ("not json", "is not a napishy public key"), ("{}", "is not a napishy public key")],
)
def test_sealer_refuses_a_bad_public_key(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "public.key"
    if content is not None:
        path.write_text(content)
    with pytest.raises(VaultError, match=message):
        Sealer.from_file(path)


def test_sealer_refuses_to_exist_without_a_key() -> None:
    with pytest.raises(VaultError, match="NAPISHY_PUBLIC_KEY_FILE"):
        Sealer.from_file(None)


PIECE = 1024


def pieces_of(data: bytes) -> list[bytes]:
    return [data[i : i + PIECE] for i in range(0, len(data), PIECE)]


@pytest.mark.parametrize("size", [0, 1, PIECE, 3 * PIECE + 7])
def test_a_letter_sealed_in_pieces_opens_exactly(keypair: KeyPair, opener: Opener, size: int) -> None:
    original = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    blob = b"".join(Sealer.from_file(keypair.public).seal_stream(pieces_of(original)))
    assert opener.open(blob) == original
    assert size < 64 or original[:64] not in blob


def test_a_sealed_stream_cut_reordered_or_altered_is_detected(keypair: KeyPair, opener: Opener) -> None:
    """The last piece is flagged in its nonce: a blob cut after a whole piece fails too."""
    records = list(Sealer.from_file(keypair.public).seal_stream(pieces_of(b"letter " * 1000)))
    assert len(records) >= 4  # the sealed key, then the pieces
    header, *body = records
    damaged = [
        header + b"".join(body[:-1]),  # cut after a whole piece
        header + body[1] + body[0] + b"".join(body[2:]),  # reordered
        header + b"".join(body)[:-1],  # one byte short
        header + b"".join(body) + body[-1],  # a piece appended
    ]
    flipped = bytearray(header + b"".join(body))
    flipped[len(header) + 30] ^= 0x01
    damaged.append(bytes(flipped))
    for blob in damaged:
        with pytest.raises(VaultError):
            opener.open(blob)
