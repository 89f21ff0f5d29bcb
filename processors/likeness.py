"""How alike two anonymised letters are: a MinHash signature over word shingles, and its LSH bands.

A campaign's template, sent by many people with a line or a signature of their own, should reach
operators as one group they can decide at once. MinHash (datasketch) estimates the Jaccard
similarity of two letters' sets of three-word shingles from 128 numbers per letter; cutting those
into 16 bands of 8 gives keys two letters share when they are likely alike (at a similarity of 0.7
half of such pairs share a band, at 0.8 95 %, at 0.5 6 %), so finding a letter's look-alikes is an
index lookup, not a comparison with every letter.

Only the anonymised text goes in, the text the queue already stores in the clear: markers such as
`[name]` are words like any other, so a signature holds nothing the stored text does not, and
nothing of the sender's headers or the sealed original. Pure functions, no database.
"""

from __future__ import annotations

import functools
import hashlib
import re
from array import array
from typing import Any

PERMUTATIONS = 128
BANDS, ROWS = 16, 8  # BANDS * ROWS == PERMUTATIONS
SHINGLE_WORDS = 3
SIMILAR = 0.7  # estimated Jaccard similarity from which two letters are near-duplicates
SEED = 21  # fixed for ever: signatures stored by one version must compare with the next one's
SCHEME = "affine32"  # datasketch's, named so a new default there cannot silently change ours
_WORD = re.compile(r"\w+")
_VALUE_BYTES = 4


def shingles(text: str) -> set[bytes]:
    """The text's runs of three consecutive words, lowered; a shorter text is one shingle."""
    found = _WORD.findall(text.lower())
    if len(found) <= SHINGLE_WORDS:
        return {" ".join(found).encode()} if found else set()
    return {" ".join(found[i:i + SHINGLE_WORDS]).encode() for i in range(len(found) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes | None:
    """128 little-endian 32-bit MinHash values, or None for a text without a word (nothing to match)."""
    found = shingles(text)
    if not found:
        return None
    from datasketch import MinHash

    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(sorted(found))
    return minhash.hashvalues.astype("<u4").tobytes()


@functools.cache
def _permutations() -> Any:
    """The seeded permutations, drawn once: datasketch draws them again for each MinHash, which was
    a fifth of a letter's cost in the parent at intake. Imported here: datasketch brings numpy and
    scipy (about 0.5 s), which only intake and edits need."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations


def _values(sig: bytes) -> array:
    values = array("I")
    values.frombytes(sig)
    if values.itemsize != _VALUE_BYTES or len(values) != PERMUTATIONS:
        raise ValueError("not a likeness signature")
    return values


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of the two letters' shingles: the share of equal values."""
    return sum(x == y for x, y in zip(_values(a), _values(b), strict=True)) / PERMUTATIONS


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per band (PostgreSQL's bigint); two letters sharing a key are candidates.
    The band's number goes into its key, so equal values in different bands never collide."""
    _values(sig)
    width = ROWS * _VALUE_BYTES
    return [
        int.from_bytes(hashlib.blake2b(bytes([band]) + sig[band * width:(band + 1) * width], digest_size=8).digest(),
                       "little", signed=True)
        for band in range(BANDS)
    ]
