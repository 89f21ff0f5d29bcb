"""Latin-script Belarusian (Łacinka) and transliterated Russian, read back into Cyrillic.

"Dziakuj, Maksim, my z vami" and "Dorogoy Maksim, my s vami" are ordinary words that no
Latin-script dictionary knows, so the fail-closed name detector would take every capitalised
one for a name. Spelling them back into Cyrillic lets the Belarusian and Russian
dictionaries vouch for them. The spelling is approximate: it only has to hit a dictionary
word, and a name stays a name in Cyrillic too.
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache

# Longest first, so "shch" wins over "sh" and "dź" over "dz".
_BELARUSIAN = {
    "dź": "дзь", "dž": "дж", "dz": "дз", "ch": "х", "cz": "ч", "sz": "ш", "ja": "я", "je": "е", "jo": "ё", "ju": "ю",
    "ia": "я", "ie": "е", "io": "ё", "iu": "ю", "la": "ля", "le": "ле", "lo": "лё", "lu": "лю", "li": "лі",
    "ła": "ла", "łe": "ле", "ło": "ло", "łu": "лу", "ły": "лы",
    "a": "а", "b": "б", "c": "ц", "ć": "ць", "č": "ч", "d": "д", "e": "э", "f": "ф", "g": "г", "h": "г", "i": "і",
    "j": "й", "k": "к", "l": "ль", "ł": "л", "ĺ": "ль", "m": "м", "n": "н", "ń": "нь", "o": "о", "p": "п", "r": "р",
    "s": "с", "ś": "сь", "š": "ш", "t": "т", "u": "у", "ŭ": "ў", "v": "в", "w": "в", "y": "ы", "z": "з",
    "ź": "зь", "ž": "ж",
}
_RUSSIAN = {
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "tz": "ц", "ch": "ч", "sh": "ш", "ya": "я", "yu": "ю",
    "yo": "ё", "ye": "е", "ja": "я", "ju": "ю", "jo": "ё", "iy": "ий", "yy": "ый", "'": "ь",
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "й", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в",
    "x": "кс", "y": "ы", "z": "з",
}


def _compile(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))


_PATTERNS = ((_compile(_BELARUSIAN), _BELARUSIAN), (_compile(_RUSSIAN), _RUSSIAN))
_LATIN_WORD = re.compile(r"[a-zA-ZćčłĺńśšŭźžĆČŁĹŃŚŠŬŹŽ']+")


def _spell(table: dict[str, str], found: re.Match[str]) -> str:
    return table[found.group()]


@lru_cache(maxsize=16384)
def to_cyrillic(word: str) -> tuple[str, ...]:
    """Cyrillic spellings of a Latin-script word, Belarusian first; () if it has other letters."""
    if not _LATIN_WORD.fullmatch(word):
        return ()
    lower = word.lower()
    out: list[str] = []
    for pattern, table in _PATTERNS:
        spelled = _Y_AFTER_VOWEL.sub("й", pattern.sub(functools.partial(_spell, table), lower))
        if not re.search("[a-zćčłĺńśšŭźž]", spelled):
            out.append(spelled)
            if spelled[-1] in _SOFTENABLE:
                out.append(spelled + "ь")  # the soft sign transliterations drop: "derzhites" → "держитесь"
    return tuple(dict.fromkeys(out))


_Y_AFTER_VOWEL = re.compile("(?<=[аеёиоуыэюяі])ы")
_SOFTENABLE = set("тсднлзмв")
