"""Sealing originals to the organisers' offline key with HPKE (RFC 9180).

Suite: hybrid KEM ML-KEM-768 + X25519, HKDF-SHA256, ChaCha20-Poly1305. The service only ever
holds the public key, so a seized server cannot open what it stored. A blob starts with the
id of the key that sealed it, so keys can be rotated and old blobs still opened.

Two blob formats: v1, one HPKE message (letters read whole); v2, for letters sealed as they are
read (oversized ones): a fresh data key sealed with HPKE, then pieces encrypted with it under the
STREAM construction (a counter and a last-piece flag in each nonce), so no piece can be dropped,
reordered or cut off unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from foundation.errors import NapishyError

SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
SUITE_NAME = "MLKEM768-X25519/HKDF-SHA256/CHACHA20-POLY1305"
MAGIC = b"NPSY\x01"
KEY_ID_BYTES = 8
_INFO = b"napishy sealed original v1"
MAGIC_STREAM = b"NPSY\x02"
_STREAM_INFO = b"napishy sealed original stream v2"
_LENGTH = struct.Struct(">I")
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


class VaultError(NapishyError):
    """Raised when a key file is missing or malformed, or a sealed blob cannot be opened."""


@dataclass(frozen=True)
class SealedBlob:
    key_id: str
    blob: bytes


def key_id_of(mlkem_public: bytes, x25519_public: bytes) -> str:
    return hashlib.sha256(mlkem_public + x25519_public).hexdigest()[: KEY_ID_BYTES * 2]


class Sealer:
    """Encrypts to one public key. Built once at start-up; refuses to exist without a key."""

    def __init__(self, public_key: hpke.MLKEM768X25519PublicKey, key_id: str) -> None:
        self._public_key = public_key
        self.key_id = key_id

    @classmethod
    def from_file(cls, path: Path | None) -> Sealer:
        if path is None:
            raise VaultError("no public key configured: set NAPISHY_PUBLIC_KEY_FILE (napishy keys generate)")
        try:
            document = json.loads(path.read_text())
            mlkem_raw = base64.b64decode(document["mlkem768"])
            x25519_raw = base64.b64decode(document["x25519"])
            if document.get("suite") != SUITE_NAME:
                raise VaultError(f"{path}: unsupported suite {document.get('suite')!r}")
            public = hpke.MLKEM768X25519PublicKey(
                mlkem.MLKEM768PublicKey.from_public_bytes(mlkem_raw),
                x25519.X25519PublicKey.from_public_bytes(x25519_raw),
            )
        except FileNotFoundError:
            raise VaultError(f"public key file {path} does not exist") from None
        except (ValueError, KeyError, TypeError) as error:
            raise VaultError(f"{path} is not a napishy public key ({type(error).__name__})") from None
        return cls(public, key_id_of(mlkem_raw, x25519_raw))

    def seal(self, data: bytes) -> SealedBlob:
        key_id = bytes.fromhex(self.key_id)
        ciphertext = SUITE.encrypt(data, self._public_key, info=_INFO + key_id)
        return SealedBlob(self.key_id, MAGIC + key_id + ciphertext)

    def seal_stream(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """The v2 sealed blob of the concatenated `pieces`, itself in pieces: a letter is sealed as
        it is read, and no more than one piece of it is ever in memory in the clear."""
        key_id = bytes.fromhex(self.key_id)
        header = MAGIC_STREAM + key_id
        data_key = ChaCha20Poly1305.generate_key()
        wrapped = SUITE.encrypt(data_key, self._public_key, info=_STREAM_INFO + key_id)
        yield header + _LENGTH.pack(len(wrapped)) + wrapped
        aead, counter, held = ChaCha20Poly1305(data_key), 0, None
        for piece in pieces:
            if held is not None:  # one piece behind: only at the end do we know which one is last
                yield _record(aead.encrypt(_nonce(counter, final=False), held, header))
                counter += 1
            held = piece
        yield _record(aead.encrypt(_nonce(counter, final=True), held or b"", header))


def _nonce(counter: int, *, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _record(sealed: bytes) -> bytes:
    return _LENGTH.pack(len(sealed)) + sealed


class Opener:
    """Opens sealed blobs with the private key; used only offline by organisers."""

    def __init__(self, private_key: hpke.MLKEM768X25519PrivateKey, key_id: str) -> None:
        self._private_key = private_key
        self.key_id = key_id

    @classmethod
    def from_file(cls, path: Path, passphrase: bytes) -> Opener:
        try:
            document = json.loads(path.read_text())
            salt = base64.b64decode(document["salt"])
            nonce = base64.b64decode(document["nonce"])
            sealed = base64.b64decode(document["ciphertext"])
        except FileNotFoundError:
            raise VaultError(f"private key file {path} does not exist") from None
        except (ValueError, KeyError, TypeError):
            raise VaultError(f"{path} is not a napishy private key") from None
        wrapping = Scrypt(salt=salt, length=32, **_SCRYPT).derive(passphrase)
        try:
            raw = ChaCha20Poly1305(wrapping).decrypt(nonce, sealed, SUITE_NAME.encode())
        except InvalidTag:
            raise VaultError("wrong passphrase for the private key") from None
        mlkem_private = mlkem.MLKEM768PrivateKey.from_seed_bytes(raw[:64])
        x25519_private = x25519.X25519PrivateKey.from_private_bytes(raw[64:96])
        private = hpke.MLKEM768X25519PrivateKey(mlkem_private, x25519_private)
        key_id = key_id_of(
            mlkem_private.public_key().public_bytes_raw(), x25519_private.public_key().public_bytes_raw()
        )
        return cls(private, key_id)

    def open(self, blob: bytes) -> bytes:
        if blob.startswith(MAGIC_STREAM) and len(blob) >= len(MAGIC_STREAM) + KEY_ID_BYTES:
            return self._open_stream(blob)
        if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + KEY_ID_BYTES:
            raise VaultError("not a napishy sealed blob")
        key_id = blob[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]
        if key_id.hex() != self.key_id:
            raise VaultError(f"sealed with key {key_id.hex()}, but this private key is {self.key_id}")
        try:
            return SUITE.decrypt(blob[len(MAGIC) + KEY_ID_BYTES :], self._private_key, info=_INFO + key_id)
        except Exception:  # the binding raises several types for a damaged ciphertext
            raise VaultError("the sealed blob is damaged or was tampered with") from None

    def _open_stream(self, blob: bytes) -> bytes:
        header = blob[: len(MAGIC_STREAM) + KEY_ID_BYTES]
        key_id = header[len(MAGIC_STREAM) :]
        if key_id.hex() != self.key_id:
            raise VaultError(f"sealed with key {key_id.hex()}, but this private key is {self.key_id}")
        try:
            wrapped, position = _read_record(blob, len(header))
            aead = ChaCha20Poly1305(SUITE.decrypt(wrapped, self._private_key, info=_STREAM_INFO + key_id))
            pieces, counter, final = [], 0, False
            while not final:
                sealed, position = _read_record(blob, position)
                final = position == len(blob)  # a blob cut after any piece fails this piece's tag
                pieces.append(aead.decrypt(_nonce(counter, final=final), sealed, header))
                counter += 1
        except Exception:  # truncated, reordered or altered: the tags or the lengths do not match
            raise VaultError("the sealed blob is damaged or was tampered with") from None
        return b"".join(pieces)


def _read_record(blob: bytes, position: int) -> tuple[bytes, int]:
    (length,) = _LENGTH.unpack_from(blob, position)
    start = position + _LENGTH.size
    if start + length > len(blob):
        raise ValueError("record past the end")
    return blob[start : start + length], start + length


def generate_keys(out_dir: Path, passphrase: bytes) -> str:
    """Write `public.key` and a passphrase-protected `private.key`; return the key id."""
    if len(passphrase) < 8:
        raise VaultError("the passphrase must be at least 8 characters")
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    public_path, private_path = out_dir / "public.key", out_dir / "private.key"
    for path in (public_path, private_path):
        if path.exists():
            raise VaultError(f"{path} already exists; refusing to overwrite a key")
    mlkem_private = mlkem.MLKEM768PrivateKey.generate()
    x25519_private = x25519.X25519PrivateKey.generate()
    mlkem_public = mlkem_private.public_key().public_bytes_raw()
    x25519_public = x25519_private.public_key().public_bytes_raw()
    key_id = key_id_of(mlkem_public, x25519_public)
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapping = Scrypt(salt=salt, length=32, **_SCRYPT).derive(passphrase)
    raw = mlkem_private.private_bytes_raw() + x25519_private.private_bytes_raw()
    private_document = {
        "format": "napishy-private-key",
        "suite": SUITE_NAME,
        "key_id": key_id,
        "kdf": {"name": "scrypt", **_SCRYPT},
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(ChaCha20Poly1305(wrapping).encrypt(nonce, raw, SUITE_NAME.encode())).decode(),
    }
    public_document = {
        "format": "napishy-public-key",
        "suite": SUITE_NAME,
        "key_id": key_id,
        "mlkem768": base64.b64encode(mlkem_public).decode(),
        "x25519": base64.b64encode(x25519_public).decode(),
    }
    _write_new(private_path, json.dumps(private_document, indent=1) + "\n", 0o600)
    _write_new(public_path, json.dumps(public_document, indent=1) + "\n", 0o644)
    return key_id


def _write_new(path: Path, content: str, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
