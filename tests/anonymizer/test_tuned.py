"""The tuned letters (tests/data/tuned): written to probe what the corpus lacks and then,
despite the intent, tuned on letter by letter while the phrase rules grew; a regression
guard, not a measure of letters napishy has never seen (that is tests/data/frozen).
Scored with the same rules as the campaign's scorer.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from anonymizer import anonymize

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "tuned"
ANNOTATIONS = json.loads((HELDOUT / "annotations.json").read_text()) if HELDOUT.exists() else []
SEPARATORS = re.compile(r"[\s\-().+/]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MIN_RECALL = 0.995
MIN_KEEP = 0.99


def fold(text: str) -> str:
    """Case-folded, white space collapsed: the scorer's notion of "the same text"."""
    return re.sub(r"\s+", " ", text).casefold()


def leaks(secret: str, output: str, output_digits: str, output_words: set[str], keep_words: set[str]) -> bool:
    """The scorer's leak test: substring, or its 5+ digits, or any 4+ letter word of a full name."""
    if fold(secret) in fold(output):
        return True
    digits = re.sub(r"\D", "", secret)
    if len(digits) >= 5 and digits in output_digits:
        return True
    words = re.findall(r"\w+", secret)
    capitalised = [w for w in words if w[:1].isupper() and w.isalpha()]
    if len(words) >= 2 and len(capitalised) == len(words):
        return any(len(w) >= 4 and w.casefold() in output_words and w.casefold() not in keep_words for w in capitalised)
    return False


@lru_cache(maxsize=1)
def outputs() -> dict[str, dict[str, object]]:
    """Each held-out letter anonymised once, as the CLI's JSON."""
    return {note["file"]: anonymize((HELDOUT / note["file"]).read_bytes()).to_json() for note in ANNOTATIONS}


def _output(result: dict[str, object]) -> str:
    names = "\n".join(str(a.get("name", "")) for a in result.get("attachments", []))  # type: ignore[union-attr]
    return str(result.get("text", "")) + "\n" + names


needs_heldout = pytest.mark.skipif(not ANNOTATIONS, reason="held-out letters not present")


@needs_heldout
def test_recall_and_keep() -> None:
    removed = total_remove = kept = total_keep = 0
    missed: list[str] = []
    for note in ANNOTATIONS:
        output = _output(outputs()[note["file"]])
        digits = SEPARATORS.sub("", output)
        words = {w.casefold() for w in re.findall(r"\w+", output)}
        keep_words = {w.casefold() for k in note["must_keep"] for w in re.findall(r"\w+", k)}
        for secret in note["must_remove"]:
            total_remove += 1
            if leaks(secret, output, digits, words, keep_words):
                missed.append(f"{note['file']}: leak")
            else:
                removed += 1
        for phrase in note["must_keep"]:
            total_keep += 1
            kept += fold(phrase) in fold(output)
    assert removed / total_remove >= MIN_RECALL, missed
    assert kept / total_keep >= MIN_KEEP


@needs_heldout
def test_kind_and_recipients() -> None:
    for note in ANNOTATIONS:
        result = outputs()[note["file"]]
        assert result["kind"] == note["kind"], note["file"]
        if note["kind"] == "letter":
            assert sorted(result["recipients"]) == sorted(note["recipients"]), note["file"]  # type: ignore[arg-type]


@needs_heldout
@pytest.mark.parametrize("note", ANNOTATIONS, ids=[n["file"] for n in ANNOTATIONS])
def test_no_contact_leaks(note: dict[str, object]) -> None:
    """E-mail addresses and phone numbers are the worst leaks: none may survive in any letter."""
    output = _output(outputs()[str(note["file"])])
    assert not EMAIL.search(output), "an e-mail address survived"
    digits = SEPARATORS.sub("", output)
    for secret in note["must_remove"]:  # type: ignore[union-attr]
        is_contact = "@" in secret or re.fullmatch(r"[+\d\s().-]{7,}", secret)
        if is_contact:
            assert fold(secret) not in fold(output), "a contact survived"
            if len(re.sub(r"\D", "", secret)) >= 5:
                assert re.sub(r"\D", "", secret) not in digits, "a phone number's digits survived"
