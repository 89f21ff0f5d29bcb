"""Given names from the packaged list, matched in any case form ("Ганна" → "Ганны")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anonymizer.text.forms import fold, is_form, stem


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
            by_prefix.setdefault(stem(word)[:3], set()).add((stem(word), fold(word)))
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


def _listed(filename: str, token: str) -> bool:
    words = _word_list(filename)
    if token in words.acronyms:
        return True
    folded = fold(token)
    candidates = words.by_prefix.get(folded[:3], ())
    return any(folded == full or is_form(token, candidate, full) for candidate, full in candidates)


def is_place(token: str) -> bool:
    """A listed town or country in any case form ("Гродно", "Віцебска")."""
    return _listed("places.txt", token)


def is_capitalised_word(token: str) -> bool:
    """An ordinary word written with a capital: a day, a month, a holiday, a nationality, a brand."""
    return _listed("capitalised_words.txt", token)
