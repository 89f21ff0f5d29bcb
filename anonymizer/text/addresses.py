"""Street addresses and postcodes: where a sender lives or works locates them exactly."""

from __future__ import annotations

import re
from functools import lru_cache

from anonymizer.text import lexicon
from anonymizer.text.contexts import HOME
from anonymizer.text.forms import mentions
from anonymizer.text.spans import CHECK, Hit

_UP = r"[A-ZА-ЯЁІЎЄЇҐŁŚŻŹĆŃÓ]"
_NAME = rf"(?:{_UP}[\w'’.-]*|\d{{1,3}}-?(?:го|е|а|я|й|га)\b)"
# Full words take any case ending ("на улице", "па вуліцы", "на проспекте"); abbreviations do not.
_CYR_WORDS = (
    r"(?:улиц|вуліц|вулиц|праспект|проспект|переул|завул|провул|бульвар|тракт|площад|плошч|площ|"
    r"набережн|микрорайон|мікрараён|мікрорайон|тупик|проезд|праезд|шоссе|шаша|ulic|alej|osiedl|plac)\w{0,4}"
)
_CYR_ABBREVIATIONS = r"вул|ул|пр-т|пр-кт|просп|пр|пер|бульв|бул|б-р|пл|наб|мкр|мкрн|туп|ul|al|os|pl"
# A part after the street: ", д. 17", ", 41-18", ", кв. 54", " m. 4", ", корп. 2".
_UNIT = r"д|дом|корп|корпус|к|кв|кварт|кватэра|квартира|лит|літ|оф|m|lok|apt|flat"
_PART = rf"(?:\s*,?\s*(?:(?:{_UNIT})\.?\s*)?\d+\w*(?:[/-]\d+\w*)?)"
_POST = rf"(?:\s*,?\s*(?:индекс|індэкс|індекс|index)?\s*\d{{6}}(?:\s+{_UP}[\w-]+)?)"
# Only the street type ignores case: the name after it must be capitalised ("Улица была пуста" is no address).
# The dot only after an abbreviation ("ул. Кирова"): after a full word it ends a sentence.
_CYR_TYPES = rf"{_CYR_WORDS}|(?:{_CYR_ABBREVIATIONS})\.?"
CYRILLIC_STREET = re.compile(rf"(?<!\w)(?i:{_CYR_TYPES})\s+{_NAME}(?:[ \u00a0]{_NAME}){{0,2}}(?i:{_PART}*{_POST}?)")
# The name before the type, as Russian and Ukrainian write it: "на Січеславській набережній, 17",
# "Садовая улица, д. 5". Only with a house number: "на Невском проспекте" names no one's door.
NAME_FIRST_STREET = re.compile(
    rf"(?<!\w){_UP}[\w'’-]+[ \u00a0]+(?i:{_CYR_WORDS})(?i:{_PART}+{_POST}?)(?![ \u00a0]+[^\W\d_A-ZА-ЯЁІЎЄЇ])")
_EN_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Square|Sq|Drive|Dr|Close|Court|Ct|Place|Pl|Terrace|Way|Grove|"
    r"Gardens|Crescent|Boulevard|Blvd|Park|Row|Hill|Walk|Mews|Parade|Highway|Hwy|Strasse|Straße|Str|"
    r"Circus|Gate|Wynd|Vale|View|Rise|Green|Yard|Quay|Wharf|Embankment|Broadway|Circle|Alley|Court|Heights"
)
ENGLISH_STREET = re.compile(
    rf"(?<![\w-])\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]+\s+){{0,3}}(?:{_EN_TYPES})\b\.?"
    r"(?:\s+(?:East|West|North|South|E|W|N|S)\b)?(?:,?\s*(?:Apt|Flat|Unit|Suite)\.?\s*\w+)?"
)
# Continental styles: "Hauptstraße 5", "Gedimino pr. 9", "Via Manzoni 12", "Rue de la Paix 3".
EUROPEAN_STREET = re.compile(
    rf"(?<!\w){_UP}[\w-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gatan|vägen|gade|vej|laan|straat|"
    r"gracht|iela|gatvė|prospektas)(?:[ \u00a0]+\d+\w*(?:[/-]\d+\w*)?)"
    rf"|(?<!\w){_UP}[\w-]+[ \u00a0]+(?:g|pr|al|str|ul)\.[ \u00a0]*\d+\w*(?:[/-]\d+\w*)?"
    r"|(?<!\w)(?:Via|Viale|Piazza|Piazzale|Corso|Largo|Rue|Avenue|Boulevard|Calle|Avenida|Plaza|Paseo|Carrer|Rua|"
    rf"Praça|Travessa|Chaussée|Quai)[ \u00a0]+(?:(?:de|del|della|di|da|do|la|le|des|du|dos|das)[ \u00a0]+)*"
    rf"{_UP}[\w'’-]+(?:[ \u00a0]+{_UP}[\w'’-]+){{0,3}},?[ \u00a0]+\d+\w*"
)
# Post-office boxes are an address too: "а/я 45", "п/я 12", "skr. poczt. 12", "P.O. Box 4471", "Postfach 10".
PO_BOX = re.compile(
    r"(?<!\w)(?:а/я|п/я|абонентск\w*\s+ящик\w*|абанен\w*\s+скрын\w*|абонентськ\w*\s+скриньк\w*|"
    r"skr\.\s*poczt\.?|skrytk\w*\s+pocztow\w*|P\.?\s?O\.?\s+Box|Post\s+Office\s+Box|Postfach)"
    r"[ \u00a0]*(?:№|No\.?|nr\.?)?[ \u00a0]*\d+",
    re.IGNORECASE,
)
POSTCODES = (
    (re.compile(r"(?<![\w-])(?:[A-Z][a-z]+\s+)?[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"), "uk postcode"),
    (re.compile(r"(?<![\w-])[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}\b"), "eircode"),
    (re.compile(rf"(?<![\w-])\d{{2}}-\d{{3}}(?![\w-])(?:\s+{_UP}[\w-]+)?"), "polish postcode"),
    (re.compile(r"(?<![\w-])2[0-4]\d{4}(?![\w-])"), "belarusian postcode"),
    (re.compile(r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b"), "us zip"),
    (re.compile(r"(?:индекс|індэкс|індекс|postcode|zip)\s*:?\s*\d{5,6}", re.IGNORECASE), "postcode"),
)
# A village or district is as good as an address: a few hundred people live there. Cities stay.
_SETTLEMENT = (
    r"деревн\w*|деревеньк\w*|вёск\w*|вёсц\w*|веск\w*|посёл\w*|поселк\w*|посел\w*|пасёл\w*|пасял\w*|пос\.|"
    r"агрогород\w*|аграгарад\w*|аг\.|хутор\w*|хутар\w*|сел[оауеі]|сяло|сяла|сяле|селищ\w*|містечк\w*|мястэчк\w*|miasteczk\w*|смт\.?|пгт\.?|г\.\s?п\.|"
    r"wie[śs]|wsi|villages?\s+of|village|gmin[aiyę]|powiat\w*|sołectw\w*"
)
# "д. Новосёлки", "в. Каменка", "с. Зелене", "п. Октябрьский": written small, these abbreviate a
# village; capital "С." before a surname is an initial ("С. Алексиевич"), so the case matters.
_SETTLEMENT_ABBREVIATIONS = r"д|дер|в|вёс|с|п|р\.\s?п|аг"
VILLAGE = re.compile(
    rf"(?<![\w.])(?:(?i:{_SETTLEMENT})|(?:{_SETTLEMENT_ABBREVIATIONS})\.)[ \u00a0]*(?<=[ \u00a0.]){_UP}[\w'’-]+"
    rf"(?:[ \u00a0]+{_UP}[\w'’-]+)?"
)
DISTRICT = re.compile(
    rf"(?<!\w){_UP}[\w-]*(?:ск|цк|зк|ськ|цьк|sk|ck)\w*[ \u00a0]+"
    r"(?i:район\w*|раён\w*|rajon\w*|rejon\w*|powiat\w*|district)\b(?![ \u00a0]+(?i:суд|sąd|court))"
    rf"|(?<!\w)(?i:район\w*|раён\w*|powiat\w*)[ \u00a0]+{_UP}[\w-]*(?:ск|цк|зк|ськ|цьк|sk|ck)\w*"
)
# "у XX в. Мінск …", "у 1990 г.": after a century or a year "в." and "г." are no village.
_CENTURY_OR_YEAR = re.compile(r"(?<!\w)(?:[IVXLC]+|\d{1,4})[ \u00a0]*$")
_PLACE_WORDS = (
    "дерев", "вёск", "вёсц", "веск", "посёл", "посел", "пасёл", "пасял", "пос.", "аг.", "агро", "аграг",
    "д.", "в.", "с.", "п.",
    "хутор", "хутар",
    "село", "села", "селе", "селу", "селі", "містечк", "мястэчк", "miasteczk",
    "сяло", "сяла", "сяле", "селищ", "смт", "пгт", "г.п", "г. п", "wieś", "wies", "wsi",
    "village", "gmin", "powiat", "sołect", "район", "раён", "rajon", "rejon", "district",
)
_STREET_WORDS = (
    "straße", "strasse", "str.", "weg ", "gasse", "platz", "allee", "damm", "ufer", "gatan", "vägen", "gade", "vej ",
    "laan", "straat", "gracht", "iela", "gatvė", "prospektas", " g.", " pr.", " al.", " ul.", "via ", "viale", "piazza",
    "corso", "largo", "rue ", "avenue", "boulevard", "calle", "avenida", "plaza", "paseo", "carrer", "rua ", "praça",
    "travessa", "chaussée", "quai",
)
_SENTENCE_END = re.compile(r"[.!?…]\s*$")


def _whole_line(text: str, hit: Hit) -> Hit:
    """In a signature-like line (short, no full stop) the rest of the line is the address too."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if len(line.split()) <= 14 and not _SENTENCE_END.search(line):
        stripped = len(line) - len(line.lstrip())
        return Hit(line_start + stripped, line_start + len(line.rstrip()), hit.kind, hit.reason)
    return hit


@lru_cache(maxsize=1)
def _spelled() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """House and flat numbers in words: "дом сорак тры, кватэра дваццаць сем", "forty-two Elm Street"."""
    words = sorted((re.escape(w) for w in lexicon.words("number_words") if w.isalpha() and w != "plus"),
                   key=len, reverse=True)
    number = rf"(?:{'|'.join(words)})(?:[\s-]+(?:{'|'.join(words)})){{0,3}}(?!\w)"
    after_street = re.compile(rf"(?:\s*,?\s*(?i:{_UNIT}|house|flat|apartment|mieszkanie|кватэра|квартира|будинок|"
                              rf"дом|хата)\.?\s+(?i:{number}))+")
    english = re.compile(rf"(?<![\w-]){number}\s+(?:[A-Z][\w'’-]+\s+){{0,3}}(?:{_EN_TYPES})\b\.?")
    return after_street, english


def _with_spelled_numbers(text: str, hits: list[Hit]) -> list[Hit]:
    after_street, english = _spelled()
    hits = hits + [Hit(m.start(), m.end(), "address", "street") for m in english.finditer(text)]
    out = []
    for hit in hits:
        more = after_street.match(text, hit.end)
        out.append(Hit(hit.start, more.end(), hit.kind, hit.reason) if more and more.end() > hit.end else hit)
    return out


STREET_WORD = re.compile(rf"(?i:{_CYR_TYPES})")


def _street(text: str, match: re.Match[str]) -> Hit:
    """A street with a house number is a door; without one ("ішла па праспекце Незалежнасці",
    "кавярня на вуліцы Савецкай") it is a street of a town, unless the writer lives on it."""
    if any(c.isdigit() for c in match.group()) or HOME.search(text, max(0, match.start() - 50), match.start()):
        return Hit(match.start(), match.end(), "address", "street")
    return Hit(match.start(), match.end(), CHECK, "street without a house number")


def find(text: str) -> list[Hit]:
    """Streets with house numbers in Cyrillic, Polish and English styles, and postcodes."""
    hits = [_street(text, m) for m in CYRILLIC_STREET.finditer(text)]
    hits += [Hit(m.start(), m.end(), "address", "street") for m in NAME_FIRST_STREET.finditer(text)]
    hits += [Hit(m.start(), m.end(), "address", "street") for m in ENGLISH_STREET.finditer(text)]
    hits = _with_spelled_numbers(text, hits)
    hits += [Hit(m.start(), m.end(), "address", "post-office box") for m in PO_BOX.finditer(text)]
    if mentions(text, _STREET_WORDS):
        hits += [Hit(m.start(), m.end(), "address", "street") for m in EUROPEAN_STREET.finditer(text)]
    if mentions(text, _PLACE_WORDS):
        hits += [Hit(m.start(), m.end(), "address", "village") for m in VILLAGE.finditer(text)
                 if not _CENTURY_OR_YEAR.search(text, max(0, m.start() - 12), m.start())]
        hits += [Hit(m.start(), m.end(), "address", "district") for m in DISTRICT.finditer(text)]
    for pattern, reason in POSTCODES:
        hits += [Hit(m.start(), m.end(), "address", reason) for m in pattern.finditer(text)]
    return [_whole_line(text, h) if any(c.isdigit() for c in text[h.start : h.end]) else h for h in hits]
