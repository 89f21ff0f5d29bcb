"""Reading the text in an image with Tesseract, so a screenshot cannot carry what a letter may not.

Debian's `tesseract` binary is run on the already re-encoded image (never the sender's file),
through stdin and stdout: no temp file holds the image. It runs in the anonymiser's child
process, so it shares that child's memory cap, and it gets its own time limit per image and a
budget per letter: a letter of a hundred screenshots costs at most the budget, and what was
not read is withheld, never published unread.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass

from anonymizer.vocabulary import OcrStatus

LANGUAGES = ("bel", "rus", "ukr", "pol", "eng")
MIN_CONFIDENCE = 60.0  # below this, Tesseract's "words" on photos are mostly texture
READ, UNAVAILABLE, TIMEOUT, FAILED, OVER_BUDGET = (OcrStatus.READ, OcrStatus.UNAVAILABLE, OcrStatus.TIMEOUT,
                                                  OcrStatus.FAILED, OcrStatus.OVER_BUDGET)
_TSV_COLUMNS = 12


@dataclass(frozen=True)
class OcrConfig:
    """How images are read. `required`: an image that could not be read because Tesseract is
    missing is withheld (NAPISHY_REQUIRE_OCR); without it the operator alone decides."""

    binary: str = "tesseract"
    languages: tuple[str, ...] = LANGUAGES
    image_timeout: float = 20.0
    letter_budget: float = 30.0
    required: bool = False


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read in one image (`status` READ), or why nothing was read. `text` holds the
    confident words (the draft); `all_text` every word, for the detectors of structured identifiers
    (a phone read at confidence 55 is still a phone)."""

    status: str
    text: str = ""
    all_text: str = ""


def unavailable_reason(config: OcrConfig) -> str | None:
    """Why OCR cannot run (no binary, missing language data), or None when it can."""
    return _probe(config.binary, config.languages)[1]


def version(config: OcrConfig) -> str | None:
    """Tesseract's version line, for `napishy status`; None when it is missing."""
    return _probe(config.binary, config.languages)[0]


@functools.cache
def _probe(binary: str, languages: tuple[str, ...]) -> tuple[str | None, str | None]:
    path = shutil.which(binary)
    if path is None:
        return None, f"{binary} not found"
    try:
        shown = subprocess.run([path, "--version"], capture_output=True, timeout=10, check=False)
        listed = subprocess.run([path, "--list-langs"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{binary} does not run ({type(error).__name__})"
    first = (shown.stdout or shown.stderr).decode("utf-8", "replace").splitlines()
    found = {line.strip() for line in listed.stdout.decode("utf-8", "replace").splitlines()[1:]}
    missing = [lang for lang in languages if lang not in found]
    if listed.returncode != 0 or missing:
        return (first[0] if first else None), f"no language data for {', '.join(missing) or 'any language'}"
    return (first[0].strip() if first else binary), None


def read_all(images: Sequence[bytes], config: OcrConfig) -> list[OcrResult]:
    """Read each image within the per-image limit and the letter's budget."""
    if not images:
        return []
    if unavailable_reason(config) is not None:
        return [OcrResult(UNAVAILABLE)] * len(images)
    deadline = time.monotonic() + config.letter_budget
    results = []
    for data in images:
        left = deadline - time.monotonic()
        if left < 1:
            results.append(OcrResult(OVER_BUDGET))
            continue
        results.append(read(data, config, min(config.image_timeout, left)))
    return results


def read(image: bytes, config: OcrConfig, timeout: float) -> OcrResult:
    """One image's words of confidence ≥ MIN_CONFIDENCE, in reading order, a line per line."""
    path = shutil.which(config.binary)
    if path is None:
        return OcrResult(UNAVAILABLE)
    # One thread: the machine's cores belong to the service, and OpenMP in a capped child
    # only adds memory. "stdin"/"stdout" keep the image and its text out of the file system.
    argv = [path, "stdin", "stdout", "-l", "+".join(config.languages), "--psm", "3", "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(argv, input=image, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return OcrResult(TIMEOUT)
    except OSError:
        return OcrResult(FAILED)
    if done.returncode != 0:
        return OcrResult(FAILED)
    tsv = done.stdout.decode("utf-8", "replace")
    return OcrResult(READ, words_from_tsv(tsv), words_from_tsv(tsv, min_confidence=0.0))


def words_from_tsv(tsv: str, min_confidence: float = MIN_CONFIDENCE) -> str:
    """Tesseract's TSV as text: words of at least `min_confidence` joined by line, a blank line
    between blocks."""
    lines: dict[tuple[str, str, str, str], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != _TSV_COLUMNS or not cells[11].strip():
            continue
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if confidence >= min_confidence:
            lines.setdefault((cells[1], cells[2], cells[3], cells[4]), []).append(cells[11].strip())
    out: list[str] = []
    previous: tuple[str, str, str] | None = None
    for (page, block, paragraph, _line), words in lines.items():
        if previous is not None and previous != (page, block, paragraph):
            out.append("")
        out.append(" ".join(words))
        previous = (page, block, paragraph)
    return "\n".join(out)
