"""Which of be, ru, uk, pl, en a letter is written in.

Letters unique to one language decide first (ў → be; ї є ґ → uk; ą ę ł ś ż ź ń ć → pl),
because lingua alone confuses Belarusian and Russian on short texts. lingua, restricted to
the five languages and built lazily, decides the rest.
"""

from __future__ import annotations

import re
import threading
from typing import Any

_lock = threading.Lock()
_detector: Any = None
_CODES = {"BELARUSIAN": "be", "RUSSIAN": "ru", "UKRAINIAN": "uk", "POLISH": "pl", "ENGLISH": "en"}
_MARKERS = re.compile(r"\[[a-z]+\]")
_SAMPLE_CHARS = 4000  # a letter's language shows in its first pages; lingua is superlinear on one huge token
_WORD = re.compile(r"[^\W\d_]{1,40}")


def _lingua() -> Any:
    global _detector
    with _lock:
        if _detector is None:
            from lingua import Language, LanguageDetectorBuilder  # lazy: slow to build

            languages = [getattr(Language, name) for name in _CODES]
            _detector = LanguageDetectorBuilder.from_languages(*languages).build()
        return _detector


def _by_letters(text: str) -> str | None:
    lower = text.casefold()
    cyrillic = len(re.findall(r"[а-яёіўєїґ]", lower))
    latin = len(re.findall(r"[a-ząćęłńóśźż]", lower))
    if cyrillic > latin:
        counts = {ch: lower.count(ch) for ch in "ўіїєґыэъё"}
        if counts["ў"]:
            return "be"
        if counts["ї"] + counts["є"] + counts["ґ"]:
            return "uk"
        if counts["і"] and (counts["ы"] or counts["э"]):
            return "be"
        if counts["і"]:
            return "uk"
        if counts["ъ"] or counts["ё"]:
            return "ru"
        return None
    if latin and re.search(r"[ąćęłńśźż]", lower):
        return "pl"
    return None


def detect_language(text: str) -> str:
    """Two-letter code; "ru"/"en" by script when the text is too short to tell."""
    text = " ".join(_WORD.findall(_MARKERS.sub(" ", text[: _SAMPLE_CHARS * 4])))[:_SAMPLE_CHARS]
    decided = _by_letters(text)
    if decided:
        return decided
    if not re.search(r"[^\W\d_]", text):
        return "en"
    found = _lingua().detect_language_of(text)
    if found is not None:
        return _CODES.get(found.name, "en")
    return "ru" if re.search(r"[а-яё]", text.casefold()) else "en"
