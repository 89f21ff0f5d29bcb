"""Given names from the packaged list, matched in any case form ("Ганна" → "Ганны")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anonymizer.text.forms import fold, index_keys, is_form, stem


@dataclass(frozen=True)
class NameIndex:
    """Stems keyed by their first three folded letters; `ambiguous` holds everyday-word names."""

    by_prefix: dict[str, tuple[tuple[str, str], ...]]  # (stem, folded full name)
    ambiguous: frozenset[str]
    short: dict[str, str]  # two-letter stem of a three-letter name ("ew" → "ewa") → its stem


@lru_cache(maxsize=1)
def index() -> NameIndex:
    """Read `data/first_names.txt` once."""
    text = resources.files("anonymizer").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    by_prefix: dict[str, set[tuple[str, str]]] = {}
    ambiguous: set[str] = set()
    short: dict[str, str] = {}
    for line in text.splitlines():
        for word in line.split("#", 1)[0].split():
            if word.startswith("?"):
                word = word[1:]
                ambiguous.add(stem(word))
            for key in index_keys(stem(word)):
                by_prefix.setdefault(key, set()).add((stem(word), fold(word)))
            folded = fold(word)
            if len(folded) == 3 and folded[-1] in "аяоaeo":
                short[folded[:2]] = stem(word)
    return NameIndex({k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in by_prefix.items()},
                     frozenset(ambiguous), short)


# Everyday words that look like a three-letter name's case form: "Яны" (be "they"), "Ані" (uk "not even").
_SHORT_FORM_WORDS = frozenset(fold(w) for w in "яны ані ани joy".split())


def first_name_stem(token: str) -> str | None:
    """The list stem `token` is a form of, or None; exact short names need an exact match."""
    folded = fold(token)
    for candidate, full in index().by_prefix.get(folded[:3], ()):
        if is_form(token, candidate, full) and (len(candidate) >= 3 or folded == candidate):
            return candidate
    # Three-letter names decline on a two-letter stem: "Ewa" → "Ewy", "Яна" → "Яну", "Аня" → "Ане".
    if (3 <= len(folded) <= 4 and folded[:2] in index().short and is_form(token, folded[:2]) and folded[2:]
            and folded not in _SHORT_FORM_WORDS):
        return index().short[folded[:2]]
    return None


def is_first_name(token: str, *, allow_ambiguous: bool = False) -> bool:
    """A capitalised token that is a form of a listed given name."""
    if not token[:1].isupper():
        return False
    found = first_name_stem(token)
    return found is not None and (allow_ambiguous or found not in index().ambiguous)


_PATRONYMIC_ENDINGS = ("ович", "евич", "овна", "евна", "ична", "ичн", "авич", "евич", "авна", "евна", "ивна", "ич")


def is_patronymic(token: str) -> bool:
    """"Сергеевич", "Пятроўна": a father's name plus a patronymic suffix (in any case)."""
    folded = fold(token)
    for ending in _PATRONYMIC_ENDINGS:
        at = folded.find(ending, 3)
        if at < 0 or len(folded) - at - len(ending) > 3:
            continue
        base = folded[:at]
        for candidate, _full in index().by_prefix.get(base[:3], ()):
            if base.startswith(candidate[:-1]) or candidate.startswith(base):
                return True
    return False


@dataclass(frozen=True)
class _WordList:
    """A word list in `data/`: stems keyed by their first three folded letters, and its acronyms,
    which decline by no stem ("НАН" must not claim "Нані") and match only as written."""

    by_prefix: dict[str, tuple[tuple[str, str], ...]]  # (stem, folded word)
    acronyms: frozenset[str]


@lru_cache(maxsize=4)
def _word_list(filename: str) -> _WordList:
    path = resources.files("anonymizer").joinpath("data", filename)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    by_prefix: dict[str, set[tuple[str, str]]] = {}
    acronyms: set[str] = set()
    for line in text.splitlines():
        for word in line.split("#", 1)[0].split():
            if word.isupper() and len(word) > 1:
                acronyms.add(word)
            else:
                by_prefix.setdefault(stem(word)[:3], set()).add((stem(word), fold(word)))
    return _WordList({k: tuple(v) for k, v in by_prefix.items()}, frozenset(acronyms))


@lru_cache(maxsize=65536)
def _listed(filename: str, token: str) -> bool:
    words = _word_list(filename)
    if token in words.acronyms:
        return True
    folded = fold(token)
    candidates = words.by_prefix.get(folded[:3], ())
    return any(folded == full or is_form(token, candidate, full) for candidate, full in candidates)


def is_place(token: str) -> bool:
    """A listed town or country in any case form ("Гродно", "Віцебска"), or one of the world's
    big cities (`world_cities.txt`, built from GeoNames by scripts/build_world_places.py)."""
    return _listed("places.txt", token) or _listed("world_cities.txt", token)


def is_big_city(token: str) -> bool:
    """One of the world's cities of a million people or more (`world_cities.txt`)."""
    return _listed("world_cities.txt", token)


def is_small_town(token: str) -> bool:
    """A listed town GeoNames counts under 100,000 people (`small_towns.txt`, built by
    scripts/build_world_places.py): where the writer lives, it narrows them down. GeoNames
    spells Latin names in plain letters ("Lomza"), so "Łomży" is asked without its diacritics."""
    return _listed("small_towns.txt", token) or _listed("small_towns.txt", _plain_latin(token))


_PLAIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d"})


def _plain_latin(token: str) -> str:
    """"Łomży" → "Lomzy": Latin letters without diacritics; Cyrillic is left as it is."""
    if not token.isascii() and all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in token):
        decomposed = unicodedata.normalize("NFKD", token.translate(_PLAIN))
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    return token


def is_capitalised_word(token: str) -> bool:
    """An ordinary word written with a capital: a day, a month, a holiday, a nationality, a brand."""
    return _listed("capitalised_words.txt", token)


_PHRASE_GAP = re.compile(r"[ \u00a0]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=1)
def _city_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The cities of several words ("Buenos Aires"), keyed by their first word."""
    path = resources.files("anonymizer").joinpath("data", "city_phrases.txt")
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    phrases: dict[str, set[tuple[str, ...]]] = {}
    for line in text.splitlines():
        words = tuple(line.split("#", 1)[0].split())
        if len(words) > 1:
            phrases.setdefault(words[0], set()).add(words)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in phrases.items()}


def city_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of the big cities named by several words ("New York", "Tel Aviv"): as a whole
    they are no person, though "York" or "Aviv" alone would be taken for one."""
    spans = []
    phrases = _city_phrases()
    for match in _WORD.finditer(text):
        for words in phrases.get(match.group(), ()):
            end = match.end()
            for word in words[1:]:
                gap = _PHRASE_GAP.match(text, end)
                if gap is None or not text.startswith(word, gap.end()):
                    break
                end = gap.end() + len(word)
            else:
                if end == len(text) or not text[end].isalnum():
                    spans.append((match.start(), end))
                    break
    return spans
