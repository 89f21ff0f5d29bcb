"""Password hashes of the web console's accounts: scrypt, with its parameters stored beside the hash.

Here, below both shells, because `napishy users add` (the CLI) writes hashes the web console checks.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB and ~0.1 s per attempt; stored with the hash so it can grow.
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, SCRYPT_LENGTH = 15, 8, 1, 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, log_n: int = SCRYPT_LOG_N) -> str:
    """`scrypt$logN$r$p$salt$hash`, base64; parameters travel with the hash so old hashes still verify."""
    salt = secrets.token_bytes(16)
    kdf = Scrypt(salt=salt, length=SCRYPT_LENGTH, n=2**log_n, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${log_n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(kdf.derive(password.encode()))}"


def check_password(password: str, stored: str) -> bool:
    """Constant-time comparison of `password` with a stored hash; a malformed hash never matches."""
    try:
        scheme, log_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or not 10 <= int(log_n) <= 20:
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=SCRYPT_LENGTH, n=2 ** int(log_n), r=int(r), p=int(p))
        kdf.verify(password.encode(), base64.b64decode(digest))
    except (ValueError, InvalidKey):
        return False
    return True


# Checked against when the name is unknown, so a login takes as long whether or not the account exists.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
