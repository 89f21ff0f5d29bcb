"""Case-insensitive matching of a name and its grammatical forms in be, ru, uk, pl and en.

Letters decline names ("Максіму Знаку", "Ганны", "Pani Julio"). Rather than ship a
morphological dictionary we fold spelling variants together, cut a name to a stem and
accept the stem followed by one of a short, closed set of case endings.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLD = str.maketrans(
    {
        "і": "и", "ї": "и", "є": "е", "э": "е", "ё": "е", "ў": "в", "ґ": "г",
        "'": None, "’": None, "ʼ": None, "ъ": None,
    }
)

# Closing endings after a stem, folded. Deliberately excludes derivational suffixes
# ("-ов", "-ович", "-ская") so "Максимов" is not a form of "Максим"; the Ukrainian dative
# "-ові", "-еві" ("Остапові", "Ігореві") is one ending.
ENDINGS = frozenset(
    """
    а я у ю е и ы о ь й
    ой ей ай яй ем ом ам ям ою ею ая яя ую юю
    ого его аго ага яго ому ему аму яму ых их ым им ами ями ах ях ий ый
    ови еви
    """.split()
) | {""}
# Latin script: English possessive and Polish cases only, so "Time" is no form of "Tim".
LATIN_ENDINGS = frozenset("'s ’s a i y ę ą o u ie owi em ii io ią ię ego ej".split()) | {""}

_TRAILING = set("аяоеуыиьй")
_LATIN = re.compile(r"[a-ząćęłńóśźżčšžŭ]")
WORD = re.compile(r"[^\W\d_][\w'’ʼ]*(?:-[^\W\d_][\w'’ʼ]*)?")


def fold(word: str) -> str:
    """Lower-case and merge Belarusian/Ukrainian letters into their Russian twins."""
    return word.casefold().translate(_FOLD)


# Adjectival surnames decline like adjectives: Бродский → Бродского, Ціханоўскі → Ціханоўскага.
_ADJECTIVAL = re.compile(r"(.{3,}[сц]к)(?:ий|ой|ая|и|а)$")
# The same in Latin script: Polish "Mazowiecki" → "Mazowieckim", Łacinka "Kalinoŭski" → "Kalinoŭskaha".
_LATIN_ADJECTIVAL = re.compile(r"(.{3,}(?:sk|ck|dzk))(?:i|a)$")
_LATIN_ADJECTIVE_ENDINGS = frozenset("i a ą iego iemu im iej ie ich imi aha amu aj aja uju ich".split())


def stem(word: str) -> str:
    """Drop one final vowel or soft sign (an adjectival ending whole), keeping at least three letters."""
    folded = fold(word)
    if adjectival := _ADJECTIVAL.fullmatch(folded) or _LATIN_ADJECTIVAL.fullmatch(folded):
        return adjectival.group(1)
    if len(folded) >= 5 and folded[-2:] in ("ой", "ый"):
        return folded[:-2]  # Толстой → Толстого, Белый → Белого: no given name ends so
    if len(folded) >= 4 and (folded[-1] in _TRAILING or (folded[-1] == "a" and _LATIN.match(folded))):
        return folded[:-1]
    return folded


# Polish drops a mobile "e" before the last consonant in other cases: Marek → Marka,
# Aleksander → Aleksandra; and softens r/d/t before "-e": Piotrze, Witoldzie, Agacie.
# English possessive: folding drops the apostrophe, so strip "'s" first ("Katsiaryna's" → "Katsiaryna").
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_MOBILE_E = re.compile(r"(.*[^aeiouy])e([rkcłn])$")
_SOFTENED = {"r": ("rze",), "d": ("dzie",), "t": ("cie",), "ł": ("le",), "k": ("ku", "kiem"), "g": ("gu", "giem")}
# A final soft consonant is spelled with "i" before an ending: Staś → Stasia, Kastuś → Kastusia.
_SOFT = {"ś": "si", "ć": "ci", "ń": "ni", "ź": "zi"}


@lru_cache(maxsize=16384)
def _token_form(token: str) -> tuple[str, bool]:
    """`token` folded once, however many stems it is held against, and whether it is Latin."""
    folded = fold(_POSSESSIVE.sub("", token))
    return folded, bool(_LATIN.match(folded))


def is_form(token: str, stem_: str, full: str | None = None) -> bool:
    """True if `token` is `stem_` plus one closing case ending.

    With `full` (the folded name the stem came from), a bare stem only counts if it is the
    name itself: "Вас" is no form of "Вася".
    """
    folded, latin = _token_form(token)
    if latin and not folded.startswith(stem_):
        return _polish_form(folded, stem_)
    if not folded.startswith(stem_):
        return _mobile_e(folded, stem_)
    rest = folded[len(stem_):]
    if not rest and full is not None and folded != full:
        return False
    if not latin and rest == "зе" and stem_.endswith("д"):
        return True  # Belarusian softens д before "-е": Ліда → Лідзе, Надзя → Надзе
    if latin and rest in _LATIN_ADJECTIVE_ENDINGS and stem_.endswith(("sk", "ck", "dzk")):
        return True
    return rest in (LATIN_ENDINGS if latin else ENDINGS) or (latin and _polish_form(folded, stem_))


_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")


def _mobile_e(folded: str, stem_: str) -> bool:
    """Russian and Belarusian drop a mobile "е" in the other cases: Лев → Льва, Павел → Павла."""
    if len(stem_) < 3 or stem_[-2] != "е" or stem_[-1] not in _CONSONANTS:
        return False
    shortened = [stem_[:-2] + stem_[-1]]
    if stem_ == stem_[-3:] and stem_[0] == "л":
        shortened.append(stem_[:-2] + "ь" + stem_[-1])  # Лев → Льва; Олег never gives "Ольга"
    return any(folded.startswith(c) and folded[len(c):] in ENDINGS - {""} for c in shortened)


def index_keys(stem_: str) -> tuple[str, ...]:
    """The first three letters a form of `stem_` may start with, for prefix indexes: "лев"
    and "льв" (Льва), since the mobile "е" sits inside a short stem's key."""
    if len(stem_) == 3 and stem_[1] == "е" and stem_[2] in _CONSONANTS:
        return stem_, stem_[0] + "ь" + stem_[2], stem_[0] + stem_[2]
    if len(stem_) < 3:  # "цо" of Цой: Цоя, Цою, Цоем
        return (stem_, *sorted({stem_ + ending[:3 - len(stem_)] for ending in ENDINGS | LATIN_ENDINGS if ending}))
    return (stem_[:3],)


def _polish_form(folded: str, stem_: str) -> bool:
    """Polish case forms that change the stem itself ("Aleksandrze", "Tomka", "Piotrze")."""
    stems = [stem_]
    if mobile := _MOBILE_E.fullmatch(stem_):
        stems.append(mobile.group(1) + mobile.group(2))
    for candidate in stems:
        if len(candidate) < 3:
            continue
        if folded.startswith(candidate) and folded[len(candidate):] in LATIN_ENDINGS - {""} and candidate != stem_:
            return True
        for ending in _SOFTENED.get(candidate[-1], ()):
            if folded == candidate[:-1] + ending:
                return True
        if (soft := _SOFT.get(candidate[-1])) and folded.startswith(candidate[:-1] + soft):
            rest = folded[len(candidate) + 1:]
            if rest and rest in LATIN_ENDINGS | {"em", "om", "aha", "u", "e"}:
                return True
    return False


def mentions(text: str, needles: tuple[str, ...]) -> bool:
    """Does lower-cased `text` contain any needle? A cheap gate before a costly regex scan."""
    lowered = text.casefold()
    return any(needle in lowered for needle in needles)


def capitalised(token: str) -> bool:
    """A proper-noun-looking token: first letter upper case, not ALL CAPS beyond two letters."""
    return token[:1].isupper() and (len(token) <= 2 or not token.isupper())


def opens_sentence(text: str, start: int) -> bool:
    """Does the word at `start` open a sentence (or a line, or follow a colon)?"""
    # A bounded look-back keeps this O(1) per token; hostile letters repeat names thousands of times.
    before = text[max(0, start - 64) : start].rstrip(" \t«\"'(—-")
    return not before or before[-1] in ".!?\n:"
